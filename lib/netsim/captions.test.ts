/**
 * Captions are rendered from a hop's event code and parameters, in one place: the sentences a
 * reader sees for a few events, and every hop of every lab flow re-rendered from its JSON.
 */
import { describe, expect, it } from 'vitest';
import { labs, traceFlow } from '@/lib/labs';
import { caption, event, type Trace } from './index';

describe('captions', () => {
  it('render the sentence of an event from its parameters', () => {
    expect(caption(event('arp.no-reply', { target: '172.17.0.9', sender: '172.17.0.2', dev: 'eth0' }))).toBe('ARP: who has 172.17.0.9? tell 172.17.0.2 — broadcast on eth0, no answer');
    expect(caption(event('route.local', { dst: '127.0.0.1', namespace: 'web', note: 'after-dnat' }))).toBe('route lookup (rerouted after DNAT): 127.0.0.1 is a local address of web (local table)');
    expect(caption(event('netfilter.drop', { table: 'filter', chain: 'FORWARD', decidingChain: 'FORWARD', namespace: 'host1', rule: '-P FORWARD DROP', byPolicy: true }))).toBe("dropped by the FORWARD chain (filter table) in host1: the FORWARD chain's policy is DROP");
    expect(caption(event('netfilter.verdict', { table: 'filter', chain: 'FORWARD', target: 'ACCEPT', rule: '-A DOCKER -j ACCEPT', byPolicy: false, visited: ['FORWARD', 'DOCKER'] }))).toBe('filter FORWARD: ACCEPT by `-A DOCKER -j ACCEPT` (FORWARD → DOCKER)');
    expect(caption(event('deliver.icmp-error', { namespace: 'a', error: 'host-unreachable', protocol: 'icmp', src: '10.0.0.2', sport: 1, dst: '10.1.0.7', dport: 1 }))).toBe('the kernel in a matches the quoted ICMP header (10.0.0.2:1 → 10.1.0.7:1) to the socket that sent it, which reports “No route to host”');
  });

  it('every hop of every lab flow is its event rendered: code and params, as JSON, give the caption back', () => {
    const check = (trace: Trace | undefined) => {
      for (const hop of trace?.hops ?? []) {
        const { code, params } = JSON.parse(JSON.stringify({ code: hop.code, params: hop.params })) as Parameters<typeof caption>[0];
        expect(caption({ code, params } as Parameters<typeof caption>[0])).toBe(hop.caption);
      }
    };
    let hops = 0;
    for (const lab of labs) {
      for (const flow of lab.flows) {
        const { trace } = traceFlow(lab.id, flow.id);
        check(trace);
        check(trace.reply);
        hops += trace.hops.length;
      }
    }
    expect(hops).toBeGreaterThan(500);
  });

  it('a verdict that ends at a drop gives the reason of the drop hop', () => {
    const { trace } = traceFlow('port-publishing', 'direct-to-container');
    const last = trace.hops[trace.hops.length - 1];
    expect(last?.kind).toBe('drop');
    expect(trace.verdict.reason).toBe(last?.caption);
  });
});
