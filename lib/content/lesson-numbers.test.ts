import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceFlow } from '@/lib/labs';
import { iptablesRules, type EventParams } from '@/lib/netsim';
import { countWalk } from './exercises';

/**
 * A few lessons quote the engine's numbers in prose or in a table (the host
 * lesson compares hop counts with the bridge path). These tests tie each
 * quoted number to the engine, so a change to the model that moves a number
 * fails here instead of leaving the lesson silently wrong.
 */
const lesson = (slug: string) => fs.readFileSync(path.join(__dirname, '../../content/lessons', `${slug}.mdx`), 'utf8');

function counts(lab: string, flow: string) {
  const { trace } = traceFlow(lab, flow);
  return { ...countWalk(trace), replySteps: trace.reply?.hops.length ?? 0 };
}

describe('numbers the lessons quote come from the engine', () => {
  // The built pages show them (e2e/lesson-numbers.spec.ts); here: the claims
  // around them still hold, and no lesson types them in by hand.
  it('host mode is shorter than bridge + -p, with no rewrites, and so is macvlan', () => {
    const host = counts('host', 'lan-to-web');
    const bridge = counts('port-publishing', 'lan-to-published');
    const macvlan = counts('macvlan', 'lan-to-container');
    expect(host.rewrites).toBe(0);
    expect(macvlan.rewrites).toBe(0);
    expect(bridge.rewrites).toBe(1);
    expect(host.steps).toBeLessThan(bridge.steps);
    expect(host.replySteps).toBeLessThan(bridge.replySteps);
    expect(macvlan.steps).toBe(host.steps);
  });

  it('VLAN 10 → VLAN 20 through the router takes twice the steps of the same-VLAN request', () => {
    expect(counts('macvlan-trunk', 'vlan10-to-vlan20').steps).toBe(2 * counts('macvlan-trunk', 'vlan10-to-server').steps);
  });

  it('the counts are <EngineCount>s, not digits typed into the sentences', () => {
    expect(lesson('host')).toContain('| host mode, `192.168.1.10:80` | <EngineCount lab="host" flow="lan-to-web" of="steps" /> |');
    expect(lesson('host')).not.toMatch(/\d+ steps and no rewrites|\d+ steps instead of \d+/);
    expect(lesson('macvlan')).not.toMatch(/counts \d+ steps|needs \d+ steps|hop, \d+ steps/);
    expect(lesson('macvlan-trunk')).not.toMatch(/counts \d+ steps/);
  });
});

/** The correct answer of the lesson's `<Predict>` for one flow. */
function correctChoice(text: string, flow: string): string {
  const start = text.indexOf(`flow="${flow}"`);
  const block = text.slice(start, text.indexOf('</Predict>', start));
  return /<Choice correct>(.*)<\/Choice>/.exec(block)?.[1] ?? '';
}

describe('drops the lessons name are where the engine drops', () => {
  it('user-defined-bridge: tester → db dies in raw PREROUTING, by the rule the lesson lists', () => {
    const { trace } = traceFlow('user-defined-bridge', 'other-to-db');
    const rule = trace.hops[trace.hops.length - 1]?.detail?.rule;
    expect(rule).toMatchObject({ table: 'raw', chain: 'PREROUTING' });
    const text = lesson('user-defined-bridge');
    expect(text).toContain(rule?.text ?? '(no rule)');
    expect(correctChoice(text, 'other-to-db')).toContain(`${rule?.table} ${rule?.chain}`);
  });

  it('default-bridge: a LAN neighbour with a route to the container is dropped by the raw rule the lesson quotes', () => {
    const { trace } = traceFlow('port-publishing', 'direct-to-container');
    const rule = trace.hops[trace.hops.length - 1]?.detail?.rule;
    expect(rule).toMatchObject({ table: 'raw', chain: 'PREROUTING' });
    expect(lesson('default-bridge')).toContain(`would be dropped on arrival, in raw \`PREROUTING\`, by \`${rule?.text}\``);
  });
});

describe('history the port publishing lesson tells about the raw rule', () => {
  it('28.0.0 dropped per published port; the engine’s port-less rule is dated 28.2.0', () => {
    const text = lesson('port-publishing');
    const { trace } = traceFlow('port-publishing', 'direct-to-container');
    const today = trace.hops[trace.hops.length - 1]?.detail?.rule?.text ?? '(no rule)';
    expect(today).not.toContain('--dport');
    expect(text).toContain('28.0.0\'s rule was per published port, `-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -p tcp -m tcp --dport 80 -j DROP`');
    expect(text).toContain('The port-less form, one rule per container whether it publishes or not, came with 28.2.0');
    expect(text).not.toMatch(/28\.0\.0 added `-A PREROUTING -d 172\.17\.0\.2\/32 ! -i docker0 -j DROP`/);
  });
});

describe('leaving the default bridge (moby DisconnectFromNetwork refuses only the host network)', () => {
  it('no lesson says a container must be recreated to leave it, and both name the command and the source', () => {
    for (const slug of ['default-bridge', 'user-defined-bridge']) {
      const text = lesson(slug);
      expect(text).not.toMatch(/No connect on the fly|Leaving the default bridge means recreating the container\.|you recreate the container/);
      expect(text).toContain('docker network disconnect bridge web');
      expect(text).toContain('https://github.com/moby/moby/blob/master/daemon/container_operations.go');
    }
  });
});

describe('the port publishing lesson on `! -i docker0` in the DNAT rule', () => {
  it('dates it to 17.06 with the proxy on, and the RETURN rules to ≤ 28.x; the engine has no RETURN in nat DOCKER', () => {
    const { built } = traceFlow('port-publishing', 'lan-to-published');
    const nat = iptablesRules(built.topology.namespaces.find((n) => n.id === 'host1')?.netfilter ?? { raw: {}, nat: {}, filter: {} }, 'nat');
    expect(nat.filter((r) => r.startsWith('-A DOCKER ') && r.endsWith('-j RETURN'))).toEqual([]);
    expect(nat).toContain('-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80');
    const text = lesson('port-publishing');
    expect(text).not.toContain('Today the DNAT rule carries `! -i docker0` itself');
    expect(text).toContain('with the proxy on, the DNAT rule already carried `! -i docker0` as well');
    expect(text).toContain('lasted through Engine 28.x. Engine 29 has none');
  });
});

describe('the overlay lesson on oversized outer packets', () => {
  it('says Linux VXLAN leaves DF clear, so a too-big outer packet is fragmented, and names the real risk', () => {
    const text = lesson('overlay');
    expect(text).not.toContain('Otherwise large packets vanish');
    expect(text).toContain('leaves the DF (don\'t fragment) bit clear on the outer packet');
    expect(text).toContain('is fragmented, not lost');
    expect(text).toContain('What bites is a smaller MTU further along the path');
  });
});

describe('published ports and INPUT', () => {
  it('the docker-proxy paths end at a local socket in host1, before any FORWARD, and the lessons name that exception', () => {
    for (const flow of ['localhost-to-published', 'hairpin']) {
      const { trace } = traceFlow('port-publishing', flow);
      const atProxy = trace.hops.findIndex((h) => h.kind === 'deliver' && h.namespace === 'host1' && h.detail?.socket?.process === 'docker-proxy');
      expect(atProxy).toBeGreaterThan(0);
      expect(trace.hops.slice(0, atProxy).some((h) => h.detail?.rule?.chain === 'FORWARD' || (h.code === 'netfilter.verdict' && (h.params as EventParams['netfilter.verdict']).chain === 'FORWARD'))).toBe(false);
    }
    expect(lesson('port-publishing')).toContain('The exception is every path that ends at `docker-proxy`');
    expect(lesson('default-bridge')).toContain('The exception is whatever `docker-proxy` serves');
    expect(lesson('foundations')).toContain('The labs in this course model IPv4 only.');
  });
});

describe('default-bridge on br_netfilter', () => {
  it('says the module is often loaded already, and that the engine turns it on for an ICC-off network', async () => {
    const { NetworkBuilder } = await import('@/lib/netsim');
    const { DockerHost } = await import('@/lib/docker');
    const net = new NetworkBuilder();
    const host = new DockerHost(net, { id: 'h', lanAddress: '192.168.1.10/24' });
    expect(net.namespace('h').bridgeNfCallIptables).toBe(false);
    host.createBridge('quiet', { icc: false });
    expect(net.namespace('h').bridgeNfCallIptables).toBe(true);
    const text = lesson('default-bridge');
    expect(text).toContain('Many hosts have it loaded already, though: Kubernetes nodes need it, and Docker loads it itself as soon as any network is created with ICC off');
  });
});

describe('error replies the default-bridge lesson describes', () => {
  it('the lab walks the reset back to the laptop, and the lesson says how RELATED errors come in', () => {
    const { trace } = traceFlow('default-bridge', 'lan-to-published');
    expect(trace.verdict.code).toBe('refused');
    const reset = trace.reply?.hops[0]?.packet.find((h) => h.layer === 'tcp');
    expect(reset).toMatchObject({ flags: 'RST' });
    expect(trace.reply?.verdict.namespace).toBe('laptop');
    const text = lesson('default-bridge');
    expect(text).toContain('the reply walk carries that reset back to the laptop');
    expect(text).toContain('marks the error `RELATED` to it');
  });
});
