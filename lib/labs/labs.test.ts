/**
 * Every flow of every lab: the verdict, the rewrites that matter, and how each
 * option changes the outcome. A snapshot pins the full hop sequence of every
 * flow under every single-option change, so any change to a path shows up in review.
 */
import { describe, expect, it } from 'vitest';
import type { EventParams, Header, Hop, Trace } from '@/lib/netsim';
import { tracePacket } from '@/lib/netsim';
import { labs, getLab, traceFlow, listLabs, resolveOptions, LabInputError, buildLab } from './index';

const CURRICULUM = ['foundations', 'default-bridge', 'port-publishing', 'host', 'none', 'user-defined-bridge', 'container', 'overlay', 'macvlan', 'ipvlan', 'macvlan-trunk', 'choosing'];

function layer<L extends Header['layer']>(hop: Hop | undefined, name: L, outer = false): Extract<Header, { layer: L }> | undefined {
  const found = (hop?.packet ?? []).filter((h) => h.layer === name);
  return (outer ? found[0] : found[found.length - 1]) as Extract<Header, { layer: L }> | undefined;
}

/** The event the walk ended with (its last hop's): where a verdict's reason comes from. */
const ending = (trace: Trace | undefined): Partial<Pick<Hop, 'code' | 'params'>> => ({ code: trace?.hops.at(-1)?.code, params: trace?.hops.at(-1)?.params });

function hopsOf(trace: Trace, kind: Hop['kind']): Hop[] {
  return trace.hops.filter((h) => h.kind === kind);
}

function path(trace: Trace): string[] {
  return trace.hops.map((h) => `${h.kind}@${h.namespace}${h.interface ? `:${h.interface.slice(h.interface.lastIndexOf(':') + 1)}` : ''}`);
}

describe('registry', () => {
  it('has one lab per curriculum section, in order', () => {
    expect(labs.map((l) => l.id)).toEqual(CURRICULUM);
  });

  it('lists labs in the --list --json shape', () => {
    const list = listLabs();
    const bridge = list.labs.find((l) => l.id === 'default-bridge');
    expect(bridge?.options).toContainEqual({ id: 'publish', values: [true, false], default: false });
    expect(bridge?.flows.map((f) => f.id)).toEqual(['container-to-container', 'container-to-internet', 'lan-to-published', 'by-name']);
  });

  it('rejects unknown options and values, listing the valid ones', () => {
    const lab = getLab('overlay');
    if (!lab) throw new Error('no overlay lab');
    expect(() => resolveOptions(lab, { nope: 'x' })).toThrow(LabInputError);
    expect(() => resolveOptions(lab, { controlPlane: 'etcd' })).toThrow(/Valid choices: swarm, kv-store/);
    expect(() => traceFlow('overlay', 'c9')).toThrow(/Valid choices: c1-to-c2, c1-to-internet, resolve-c2/);
  });
});

describe('every flow of every lab traces to a verdict, with every single option changed', () => {
  for (const lab of labs) {
    const variants: Record<string, string | boolean>[] = [{}];
    for (const option of lab.options) {
      const values = option.type === 'boolean' ? [!option.default] : option.values.map((v) => v.value).filter((v) => v !== option.default);
      for (const value of values) variants.push({ [option.id]: value });
    }
    for (const flow of lab.flows) {
      it(`${lab.id} / ${flow.id}`, () => {
        const sequences: Record<string, string[]> = {};
        for (const options of variants) {
          const result = traceFlow(lab.id, flow.id, options);
          expect(result.trace.verdict.reason.length).toBeGreaterThan(10);
          expect(result.trace.hops.length).toBeGreaterThan(0);
          for (const hop of result.trace.hops) expect(hop.caption).not.toMatch(/undefined|\[object/);
          const key = Object.entries(options).map(([k, v]) => `${k}=${String(v)}`).join(',') || 'defaults';
          sequences[key] = [...path(result.trace), `=> ${result.trace.verdict.code}`, ...(result.trace.reply ? ['reply:', ...path(result.trace.reply), `=> ${result.trace.reply.verdict.code}`] : [])];
        }
        expect(sequences).toMatchSnapshot();
      });
    }
  }
});

describe('foundations: each step unlocks a flow, with an honest reason before', () => {
  const all = { veth: true, bridge: true, addresses: true, forwarding: true, masquerade: true };
  it('pinging the bridge needs veth, bridge and addresses', () => {
    expect(ending(traceFlow('foundations', 'ping-bridge').trace)).toEqual({ code: 'route.unreachable-local', params: { namespace: 'ns1', dst: '10.0.0.1' } });
    expect(traceFlow('foundations', 'ping-bridge', { veth: true, bridge: true, addresses: true }).outcome.ok).toBe(true);
  });
  it('without the bridge, nobody on the veth answers ARP', () => {
    const r = traceFlow('foundations', 'ping-other', { veth: true, addresses: true });
    expect(r.trace.verdict.code).toBe('no-arp-reply');
    expect(traceFlow('foundations', 'ping-other', { veth: true, bridge: true, addresses: true }).outcome.ok).toBe(true);
  });
  it('the internet needs forwarding, then MASQUERADE for the reply to find its way back', () => {
    expect(traceFlow('foundations', 'reach-internet', { ...all, forwarding: false, masquerade: false }).trace.verdict.code).toBe('not-forwarding');
    const noMasq = traceFlow('foundations', 'reach-internet', { ...all, masquerade: false });
    expect(noMasq.trace.verdict.outcome).toBe('delivered');
    expect(ending(noMasq.trace.reply)).toEqual({ code: 'route.unreachable', params: { namespace: 'router', dst: '10.0.0.2' } });
    // That answer rests on the model's router having no default route: the lab says so.
    expect(noMasq.built.topology.namespaces.find((n) => n.id === 'router')?.routes.some((r) => r.destination === 'default')).toBe(false);
    expect(noMasq.built.notes.join(' ')).toMatch(/router has no default route.*rp_filter/);
    const full = traceFlow('foundations', 'reach-internet', all);
    expect(full.built.notes.join(' ')).not.toContain('rp_filter');
    expect(full.outcome.ok).toBe(true);
    const masq = hopsOf(full.trace, 'nat').find((h) => h.namespace === 'host1');
    expect(masq?.detail?.rule?.text).toBe('-A POSTROUTING -s 10.0.0.0/24 ! -o br0 -j MASQUERADE');
    expect(layer(masq, 'ipv4')?.src).toBe('192.168.1.10');
  });
});

describe('default-bridge', () => {
  it('container → container: ARP, then docker0 forwards by its FDB', () => {
    const { trace } = traceFlow('default-bridge', 'container-to-container');
    expect(trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'host1/web' });
    const arp = trace.hops.find((h) => h.detail?.arp?.how === 'arp');
    expect(arp?.detail?.arp).toMatchObject({ targetIp: '172.17.0.2', senderIp: '172.17.0.3' });
    const bridge = hopsOf(trace, 'bridge')[0];
    expect(bridge?.namespace).toBe('host1');
    expect(bridge?.detail?.fdb?.how).toBe('hit');
    expect(hopsOf(trace, 'route').every((h) => h.namespace !== 'host1')).toBe(true);
  });

  it('ICC off drops container → container in DOCKER-FORWARD', () => {
    const { trace } = traceFlow('default-bridge', 'container-to-container', { icc: false });
    expect(trace.verdict).toMatchObject({ outcome: 'dropped', code: 'filtered' });
    expect(ending(trace)).toMatchObject({ code: 'netfilter.drop', params: { table: 'filter', chain: 'FORWARD', decidingChain: 'DOCKER-FORWARD', rule: '-A DOCKER-FORWARD -i docker0 -o docker0 -j DROP', byPolicy: false } });
  });

  it('container → internet: MASQUERADE -s 172.17.0.0/16 ! -o docker0, reply un-NATed by conntrack', () => {
    const { trace } = traceFlow('default-bridge', 'container-to-internet');
    const masq = hopsOf(trace, 'nat').find((h) => h.namespace === 'host1');
    expect(masq?.detail?.rule?.text).toBe('-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE');
    expect(layer(masq, 'ipv4')?.src).toBe('192.168.1.10');
    expect(masq?.changed).toContain('ipv4.src');
    const route = hopsOf(trace, 'route')[0];
    expect(route?.detail?.route).toBe('default via 172.17.0.1 dev eth0');
    const undo = trace.reply?.hops.find((h) => h.kind === 'conntrack' && h.namespace === 'host1');
    expect(layer(undo, 'ipv4')?.dst).toBe('172.17.0.3');
    expect(trace.reply?.verdict.namespace).toBe('host1/client');
  });

  it('publishing turns LAN → container from dropped into delivered, via DNAT to 172.17.0.2:80', () => {
    const off = traceFlow('default-bridge', 'lan-to-published');
    expect(off.trace.verdict).toMatchObject({ outcome: 'dropped', code: 'refused' });
    // The refusal is a packet: host1's TCP reset walks back to the laptop.
    expect(off.outcome.ok).toBe(false);
    expect(layer(off.trace.reply?.hops[0], 'tcp')).toMatchObject({ srcPort: 8080, dstPort: 43512, flags: 'RST' });
    expect(off.trace.reply?.verdict).toMatchObject({ outcome: 'dropped', code: 'refused', namespace: 'laptop' });
    const on = traceFlow('default-bridge', 'lan-to-published', { publish: true });
    expect(on.trace.verdict.outcome).toBe('delivered');
    const dnat = hopsOf(on.trace, 'nat')[0];
    expect(dnat?.namespace).toBe('host1');
    expect(dnat).toMatchObject({ code: 'nat.destination', params: { chain: 'PREROUTING', target: 'DNAT' } });
    expect(dnat?.detail?.rule).toMatchObject({ chain: 'DOCKER', text: '-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80' });
    expect(layer(dnat, 'ipv4')?.dst).toBe('172.17.0.2');
    expect(layer(dnat, 'tcp')?.dstPort).toBe(80);
    const forward = on.trace.hops.find((h) => h.detail?.rule?.chain === 'DOCKER' && h.kind === 'netfilter');
    expect(forward?.detail?.rule?.text).toBe('-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT');
    const undo = on.trace.reply?.hops.find((h) => h.kind === 'conntrack');
    expect(layer(undo, 'ipv4')?.src).toBe('192.168.1.10');
    expect(layer(undo, 'tcp')?.srcPort).toBe(8080);
  });

  it('by name fails: no embedded DNS, the router answers NXDOMAIN', () => {
    const r = traceFlow('default-bridge', 'by-name');
    expect(r.trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'router' });
    expect(r.outcome).toEqual({ ok: false, summary: 'web: name not found (NXDOMAIN)' });
  });
});

describe('port-publishing', () => {
  it('LAN → published: raw, nat PREROUTING → DOCKER → DNAT, FORWARD via DOCKER-USER … DOCKER', () => {
    const { trace } = traceFlow('port-publishing', 'lan-to-published');
    const forward = trace.hops.find((h) => h.kind === 'netfilter' && h.detail?.rule?.verdict === 'ACCEPT');
    expect(forward).toMatchObject({ code: 'netfilter.verdict', params: { chain: 'FORWARD', visited: ['FORWARD', 'DOCKER-USER', 'DOCKER-FORWARD', 'DOCKER-CT', 'DOCKER-INTERNAL', 'DOCKER-BRIDGE', 'DOCKER'] } });
  });

  it('binding to 127.0.0.1 keeps the LAN out', () => {
    expect(traceFlow('port-publishing', 'lan-to-published', { bindAddress: '127.0.0.1' }).trace.verdict.code).toBe('refused');
  });

  it('localhost goes through docker-proxy with the proxy, through DNAT + route_localnet + MASQUERADE without', () => {
    const proxy = traceFlow('port-publishing', 'localhost-to-published').trace;
    expect(hopsOf(proxy, 'proxy')[0]).toMatchObject({ code: 'proxy.connect', params: { process: 'docker-proxy', address: '172.17.0.2', port: 80 } });
    expect(proxy.verdict.namespace).toBe('host1/web');
    expect(proxy.reply?.verdict.namespace).toBe('host1');
    const noProxy = traceFlow('port-publishing', 'localhost-to-published', { userlandProxy: false }).trace;
    expect(hopsOf(noProxy, 'proxy')).toHaveLength(0);
    const [dnat, masq] = hopsOf(noProxy, 'nat');
    expect(dnat).toMatchObject({ code: 'nat.destination', params: { chain: 'OUTPUT', target: 'DNAT', dst: '127.0.0.1', dport: 8080, to: '172.17.0.2', toPort: 80 } });
    expect(masq?.detail?.rule?.text).toBe('-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE');
    expect(layer(masq, 'ipv4')?.src).toBe('172.17.0.1');
    expect(noProxy.verdict.outcome).toBe('delivered');
  });

  it('hairpin: docker-proxy relays with the proxy; without it, DNAT and br_netfilter un-NAT the bridged reply', () => {
    const proxy = traceFlow('port-publishing', 'hairpin').trace;
    expect(hopsOf(proxy, 'proxy')).toHaveLength(1);
    const noProxy = traceFlow('port-publishing', 'hairpin', { userlandProxy: false });
    expect(noProxy.outcome.ok).toBe(true);
    const undo = noProxy.trace.reply?.hops.find((h) => h.kind === 'conntrack');
    expect(layer(undo, 'ipv4')?.src).toBe('192.168.1.10');
  });

  it('web → its own published port: docker-proxy with the proxy; without it, DNAT and MASQUERADE back out of web\'s own bridge port (hairpin)', () => {
    const proxied = traceFlow('port-publishing', 'self-hairpin');
    expect(proxied.outcome.ok).toBe(true);
    expect(hopsOf(proxied.trace, 'proxy').length).toBeGreaterThan(0);
    const direct = traceFlow('port-publishing', 'self-hairpin', { userlandProxy: false });
    expect(direct.outcome.ok).toBe(true);
    expect(hopsOf(direct.trace, 'proxy')).toHaveLength(0);
    expect(hopsOf(direct.trace, 'nat').map((h) => h.detail?.rule?.text)).toEqual(['-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80', '-A POSTROUTING -s 172.17.0.2/32 -d 172.17.0.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE']);
    const back = direct.trace.hops.find((h) => h.code === 'bridge.forward' && (h.params as EventParams['bridge.forward']).hairpin);
    expect(back?.detail?.fdb?.port).toBe(direct.trace.hops.find((h) => h.kind === 'receive' && h.namespace === 'host1')?.interface);
    expect(direct.trace.verdict.namespace).toBe('host1/web');
  });
  it('the raw table drops direct access to the container address', () => {
    const { trace } = traceFlow('port-publishing', 'direct-to-container');
    expect(ending(trace)).toEqual({ code: 'netfilter.drop', params: { table: 'raw', chain: 'PREROUTING', decidingChain: 'PREROUTING', namespace: 'host1', rule: '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP', byPolicy: false } });
  });
});

describe('host', () => {
  it('LAN → 192.168.1.10:80 reaches nginx in host1 itself, in fewer hops than the bridge path', () => {
    const host = traceFlow('host', 'lan-to-web').trace;
    expect(host.verdict).toMatchObject({ outcome: 'delivered', namespace: 'host1', process: 'nginx (web)' });
    expect(hopsOf(host, 'nat')).toHaveLength(0);
    expect(host.hops.length).toBeLessThan(traceFlow('default-bridge', 'lan-to-published', { publish: true }).trace.hops.length);
  });
  it('-p is discarded with a warning', () => {
    const r = traceFlow('host', 'lan-to-8080', { publish: true });
    expect(r.trace.verdict.code).toBe('refused');
    expect(r.built.notes).toContain('WARNING: Published ports are discarded when using host network mode');
  });
  it('a second server on :80 fails with "address already in use"', () => {
    expect(traceFlow('host', 'second-web-binds-80').trace.verdict).toMatchObject({ code: 'address-in-use' });
  });
  it('no isolation: the container reaches the host\'s loopback-only postgres', () => {
    expect(traceFlow('host', 'web-to-host-localhost').trace.verdict.process).toContain('postgres');
  });
  it('nginx bound to 127.0.0.1 is out of the LAN\'s reach: the kernel refuses the SYN', () => {
    const loopbackOnly = traceFlow('host', 'lan-to-web', { listen: '127.0.0.1' }).trace;
    expect(loopbackOnly.verdict).toMatchObject({ outcome: 'dropped', code: 'refused', namespace: 'host1' });
    expect(ending(loopbackOnly)).toEqual({ code: 'deliver.refused', params: { protocol: 'tcp', namespace: 'host1', dst: '192.168.1.10', port: 80 } });
  });
});

describe('none', () => {
  it('loopback works, anything else is unreachable until you plug it in', () => {
    expect(traceFlow('none', 'loopback').outcome.ok).toBe(true);
    expect(ending(traceFlow('none', 'to-internet').trace)).toEqual({ code: 'route.unreachable-local', params: { namespace: 'box', dst: '93.184.216.34' } });
    const plugged = traceFlow('none', 'to-internet', { plugIn: true });
    expect(plugged.outcome.ok).toBe(true);
    expect(hopsOf(plugged.trace, 'nat')[0]?.detail?.rule?.text).toBe('-A POSTROUTING -s 10.22.0.0/24 ! -o cni0 -j MASQUERADE');
  });
});

describe('user-defined-bridge', () => {
  it('web resolves db through 127.0.0.11, DNATed to dockerd inside web\'s namespace', () => {
    const r = traceFlow('user-defined-bridge', 'resolve-db');
    expect(r.outcome).toEqual({ ok: true, summary: 'db resolves to 172.18.0.3' });
    const dnat = hopsOf(r.trace, 'nat')[0];
    expect(dnat?.namespace).toBe('host1/web');
    expect(dnat?.detail?.rule?.chain).toBe('DOCKER_OUTPUT');
    expect(layer(dnat, 'ipv4')?.dst).toBe('127.0.0.11');
    expect(layer(dnat, 'udp')?.dstPort).not.toBe(53);
    expect(r.trace.verdict.process).toBe('dockerd (embedded DNS)');
    const last = r.trace.reply?.hops[r.trace.reply.hops.length - 1];
    expect(layer(last, 'udp')?.srcPort).toBe(53);
    expect(layer(last, 'dns')).toMatchObject({ question: 'db', answers: ['172.18.0.3'], rcode: 'NOERROR' });
  });
  it('web → db on the same bridge; ICC off drops it', () => {
    expect(traceFlow('user-defined-bridge', 'web-to-db').outcome.ok).toBe(true);
    expect(traceFlow('user-defined-bridge', 'web-to-db', { icc: false }).trace.verdict.code).toBe('filtered');
  });
  it('another network is isolated (raw PREROUTING drops it before routing), until docker network connect', () => {
    const isolated = traceFlow('user-defined-bridge', 'other-to-db').trace;
    expect(ending(isolated)).toMatchObject({ code: 'netfilter.drop', params: { table: 'raw', chain: 'PREROUTING', namespace: 'host1', rule: expect.stringMatching(/^-A PREROUTING -d 172\.18\.0\.3\/32 ! -i br-[0-9a-f]{12} -j DROP$/) } });
    expect(isolated.hops.some((h) => h.kind === 'route' && h.namespace === 'host1')).toBe(false);
    // An --internal app has no raw rule: there the DOCKER-INTERNAL fence drops it in FORWARD.
    const internal = traceFlow('user-defined-bridge', 'other-to-db', { internal: true }).trace;
    expect(ending(internal)).toMatchObject({ code: 'netfilter.drop', params: { table: 'filter', decidingChain: 'DOCKER-INTERNAL' } });
    const connected = traceFlow('user-defined-bridge', 'other-to-db', { connect: true }).trace;
    expect(connected.verdict.outcome).toBe('delivered');
    expect(connected.hops[1]?.interface).toBe('host1/tester:eth1');
  });
  it('docker network connect app tester moves tester\'s default route to app\'s gateway, 172.18.0.1', () => {
    const alone = traceFlow('user-defined-bridge', 'tester-to-internet').trace;
    expect(alone.hops[1]?.detail?.route).toBe('default via 172.19.0.1 dev eth0');
    const connected = traceFlow('user-defined-bridge', 'tester-to-internet', { connect: true }).trace;
    expect(connected.hops[1]?.detail?.route).toBe('default via 172.18.0.1 dev eth1');
    expect(layer(connected.hops[0], 'ipv4')?.src).toBe('172.18.0.4');
    expect(hopsOf(connected, 'nat')[0]?.detail?.rule?.text).toBe('-A POSTROUTING -s 172.18.0.0/16 ! -o br-6d0b7ed2cd2a -j MASQUERADE');
    expect(connected.verdict.outcome).toBe('delivered');
  });
  it('--internal removes the route out', () => {
    expect(traceFlow('user-defined-bridge', 'web-to-internet', { internal: true }).trace.verdict.code).toBe('unreachable');
  });
});

describe('container', () => {
  it('the sidecar talks to nginx over lo; the packet never leaves the namespace', () => {
    const { trace } = traceFlow('container', 'sidecar-to-web');
    expect(new Set(trace.hops.map((h) => h.namespace))).toEqual(new Set(['host1/web']));
    expect(trace.hops.find((h) => h.kind === 'transmit')?.interface).toBe('host1/web:lo');
  });
  it('one port space: :80 is taken', () => {
    expect(traceFlow('container', 'sidecar-binds').trace.verdict.outcome).toBe('delivered');
    expect(traceFlow('container', 'sidecar-binds', { sidecarPort: '80' }).trace.verdict.code).toBe('address-in-use');
  });
  it('the sidecar leaves as 172.17.0.2', () => {
    const { trace } = traceFlow('container', 'sidecar-to-internet');
    expect(layer(trace.hops[0], 'ipv4')?.src).toBe('172.17.0.2');
  });
});

describe('overlay', () => {
  it('c1 → c2: VXLAN VNI 4097 over UDP 4789 from 192.168.1.10 to 192.168.1.11, inner frame unchanged', () => {
    const { trace } = traceFlow('overlay', 'c1-to-c2');
    const encap = hopsOf(trace, 'encapsulate')[0];
    expect(encap?.namespace).toBe('host1/ov-ov');
    expect(encap?.interface).toBe('host1/ov-ov:vxlan0');
    expect(layer(encap, 'vxlan')?.vni).toBe(4097);
    expect(layer(encap, 'udp', true)?.dstPort).toBe(4789);
    expect(layer(encap, 'ipv4', true)).toMatchObject({ src: '192.168.1.10', dst: '192.168.1.11' });
    const onWire = trace.hops.find((h) => h.kind === 'transmit' && h.namespace === 'host1');
    expect(onWire?.packet.map((h) => h.layer)).toEqual(['ethernet', 'ipv4', 'udp', 'vxlan', 'ethernet', 'ipv4', 'tcp']);
    const decap = hopsOf(trace, 'decapsulate')[0];
    expect(decap?.namespace).toBe('host2/ov-ov');
    expect(decap?.packet).toEqual(encap?.packet.slice(3));
    expect(layer(decap, 'ipv4')).toMatchObject({ src: '10.0.1.2', dst: '10.0.1.3' });
    expect(trace.hops.find((h) => h.detail?.arp?.how === 'proxy-arp')).toMatchObject({ code: 'arp.proxy-reply', params: { source: expect.stringContaining('swarm gossip') } });
  });
  it('the key-value store fills the same tables (VNI from the 1.9-era range)', () => {
    const { trace } = traceFlow('overlay', 'c1-to-c2', { controlPlane: 'kv-store' });
    expect(trace.verdict.outcome).toBe('delivered');
    const encap = hopsOf(trace, 'encapsulate')[0];
    expect(encap?.detail?.vxlan).toMatchObject({ vni: 256, source: 'the external key-value store (--cluster-store)' });
  });
  it('an encrypted overlay wraps the VXLAN UDP packet in ESP (IP protocol 50)', () => {
    const { trace } = traceFlow('overlay', 'c1-to-c2', { encrypted: true });
    const onWire = trace.hops.find((h) => h.kind === 'transmit' && h.namespace === 'host1');
    expect(onWire?.packet.map((h) => h.layer)).toEqual(['ethernet', 'ipv4', 'esp', 'udp', 'vxlan', 'ethernet', 'ipv4', 'tcp']);
    expect(layer(onWire, 'ipv4', true)?.protocol).toBe('esp');
    expect(trace.verdict.outcome).toBe('delivered');
  });
  it('c1 → internet leaves through docker_gwbridge and MASQUERADE, not the overlay', () => {
    const { trace } = traceFlow('overlay', 'c1-to-internet');
    expect(hopsOf(trace, 'encapsulate')).toHaveLength(0);
    expect(trace.hops[1]?.detail?.route).toBe('default via 172.18.0.1 dev eth1');
    const masq = hopsOf(trace, 'nat').find((h) => h.namespace === 'host1');
    expect(masq?.detail?.rule?.text).toBe('-A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE');
  });
  it('embedded DNS knows c2 on the other host', () => {
    expect(traceFlow('overlay', 'resolve-c2').outcome.summary).toBe('c2 resolves to 10.0.1.3');
  });
});

describe('macvlan', () => {
  it('LAN → container straight across the switch, no NAT', () => {
    const { trace } = traceFlow('macvlan', 'lan-to-container');
    expect(hopsOf(trace, 'nat')).toHaveLength(0);
    expect(hopsOf(trace, 'macvlan')[0]?.interface).toBe('host1/m1:eth0');
    expect(trace.verdict.namespace).toBe('host1/m1');
  });
  it('siblings switch inside the driver in bridge mode; private and vepa (without hairpin) cannot', () => {
    const bridge = traceFlow('macvlan', 'container-to-container').trace;
    expect(hopsOf(bridge, 'macvlan')[0]?.code).toBe('macvlan.bridge-sibling');
    expect(ending(traceFlow('macvlan', 'container-to-container', { mode: 'private' }).trace).code).toBe('arp.macvlan-private');
    expect(ending(traceFlow('macvlan', 'container-to-container', { mode: 'vepa' }).trace)).toMatchObject({ code: 'arp.macvlan-no-hairpin', params: { mode: 'vepa' } });
  });
  it('vepa works when the switch hairpins; private filters the reflected ARP broadcast', () => {
    const vepa = traceFlow('macvlan', 'container-to-container', { mode: 'vepa', switchHairpin: true }).trace;
    expect(vepa.verdict.outcome).toBe('delivered');
    expect(vepa.hops.some((h) => h.namespace === 'switch')).toBe(true);
    const priv = traceFlow('macvlan', 'container-to-container', { mode: 'private', switchHairpin: true }).trace;
    expect(priv.verdict).toMatchObject({ code: 'no-arp-reply', namespace: 'host1/m2' });
    expect(ending(priv).code).toBe('arp.macvlan-private');
  });
  it('the host cannot reach its own macvlan container, until a shim makes it a sibling', () => {
    expect(ending(traceFlow('macvlan', 'host-to-container').trace).code).toBe('arp.macvlan-parent');
    const shim = traceFlow('macvlan', 'host-to-container', { shim: true }).trace;
    expect(shim.verdict.outcome).toBe('delivered');
    expect(layer(shim.hops[0], 'ipv4')?.src).toBe('192.168.1.99');
  });
});

describe('ipvlan', () => {
  it('L2: every child has host1\'s MAC; an ARP reply for a container carries it, and eth0 picks the container by IP', () => {
    const { trace, built, outcome } = traceFlow('ipvlan', 'laptop-to-container');
    const host1Mac = built.topology.interfaces.find((i) => i.id === 'host1:eth0')?.mac;
    expect(built.topology.interfaces.filter((i) => i.kind === 'ipvlan').map((i) => i.mac)).toEqual([host1Mac, host1Mac]);
    expect(trace.hops.find((h) => h.code === 'arp.reply')?.detail?.arp).toMatchObject({ targetIp: '192.168.1.100', targetMac: host1Mac });
    expect(hopsOf(trace, 'ipvlan')[0]).toMatchObject({ code: 'ipvlan.receive', interface: 'host1/c1:eth0', params: { mode: 'L2', dst: '192.168.1.100' } });
    expect(outcome.ok).toBe(true);
  });
  it('the switch sees one source MAC from host1, whichever container sends', () => {
    const host1Mac = buildLab('ipvlan').topology.interfaces.find((i) => i.id === 'host1:eth0')?.mac;
    for (const flow of ['container-to-laptop', 'laptop-to-container']) {
      const { trace } = traceFlow('ipvlan', flow);
      const fromHost1 = trace.hops.concat(trace.reply?.hops ?? []).filter((h) => h.code === 'link.receive' && h.interface === 'switch:swp3');
      expect(fromHost1.length).toBeGreaterThan(0);
      for (const hop of fromHost1) expect(layer(hop, 'ethernet')?.src).toBe(host1Mac);
    }
  });
  it('children of one parent reach each other inside the driver, in both modes', () => {
    for (const mode of ['l2', 'l3']) {
      const { trace } = traceFlow('ipvlan', 'container-to-container', { mode });
      expect(trace.verdict.outcome).toBe('delivered');
      expect(hopsOf(trace, 'ipvlan')[0]?.code).toBe('ipvlan.sibling');
      expect(trace.hops.some((h) => h.namespace === 'switch')).toBe(false);
    }
  });
  it('the host cannot reach its own L2 children: its ARP goes out to the wire', () => {
    expect(ending(traceFlow('ipvlan', 'host-to-container').trace)).toMatchObject({ code: 'arp.ipvlan-parent', params: { target: '192.168.1.100', parent: 'eth0' } });
  });
  it('L3: no ARP from the child; host1 routes its packet out of eth0', () => {
    const { trace } = traceFlow('ipvlan', 'container-to-laptop', { mode: 'l3', routerRoute: 'via-host' });
    expect(trace.hops[1]?.detail?.route).toBe('default dev eth0');
    expect(trace.hops.find((h) => h.namespace === 'host1/c1' && h.kind === 'neighbour')?.code).toBe('arp.noarp');
    expect(hopsOf(trace, 'ipvlan').map((h) => h.code)).toEqual(['ipvlan.l3-route']);
    expect(trace.hops.find((h) => h.code === 'arp.reply')?.detail?.arp?.senderIp).toBe('192.168.1.10');
  });
  it('L3: the LAN reaches the containers only through a route via host1; ARP for them gets no answer', () => {
    expect(ending(traceFlow('ipvlan', 'laptop-to-container', { mode: 'l3' }).trace)).toMatchObject({ code: 'route.unreachable', params: { namespace: 'router', dst: '192.168.50.100' } });
    expect(ending(traceFlow('ipvlan', 'laptop-to-container', { mode: 'l3', routerRoute: 'on-link' }).trace)).toMatchObject({ code: 'arp.ipvlan-l3', params: { target: '192.168.50.100', parentNamespace: 'host1' } });
    const routed = traceFlow('ipvlan', 'laptop-to-container', { mode: 'l3', routerRoute: 'via-host' });
    expect(routed.outcome.ok).toBe(true);
    expect(hopsOf(routed.trace, 'ipvlan')[0]).toMatchObject({ code: 'ipvlan.receive', params: { mode: 'L3' } });
    // Without the route, c1's ping reaches the laptop but the reply dies at the router.
    expect(traceFlow('ipvlan', 'container-to-laptop', { mode: 'l3' }).outcome.summary).toMatch(/^the request arrived, but the reply was lost: no route to host: router/);
  });
  it('an L2 child cannot reach its host either: its ARP broadcast never goes up the parent\'s stack', () => {
    const trace = tracePacket(buildLab('ipvlan').topology, { from: 'host1/c1', protocol: 'icmp', dst: '192.168.1.10' });
    expect(ending(trace)).toMatchObject({ code: 'arp.ipvlan-host', params: { target: '192.168.1.10', parent: 'eth0', parentNamespace: 'host1' } });
  });
  it('Docker\'s commands: l2 is the default mode; l3 names it and takes no gateway', () => {
    expect(buildLab('ipvlan').commands).toContain('docker network create -d ipvlan --subnet 192.168.1.0/24 --gateway 192.168.1.1 --ip-range 192.168.1.96/28 -o parent=eth0 lan');
    expect(buildLab('ipvlan', { mode: 'l3' }).commands).toContain('docker network create -d ipvlan --subnet 192.168.50.0/24 -o parent=eth0 -o ipvlan_mode=l3 lan');
  });
});

describe('macvlan-trunk', () => {
  it('VLAN 10 is tagged on the trunk and untagged inside the container and on the access port', () => {
    const { trace } = traceFlow('macvlan-trunk', 'vlan10-to-server');
    expect(trace.verdict.namespace).toBe('server10');
    const push = hopsOf(trace, 'vlan-push')[0];
    expect(push?.interface).toBe('host1:eth0.10');
    expect(layer(push, '802.1q')?.vid).toBe(10);
    const onTrunk = trace.hops.find((h) => h.kind === 'transmit' && h.interface === 'host1:eth0');
    expect(layer(onTrunk, '802.1q')?.vid).toBe(10);
    const intoServer = trace.hops.find((h) => h.kind === 'receive' && h.namespace === 'server10');
    expect(layer(intoServer, '802.1q')).toBeUndefined();
    expect(layer(trace.hops.find((h) => h.kind === 'neighbour' && h.namespace === 'host1/c10'), '802.1q')).toBeUndefined();
  });
  it('VLAN 10 → VLAN 20 is routed by the router: tag 10 in, tag 20 out', () => {
    const { trace } = traceFlow('macvlan-trunk', 'vlan10-to-vlan20');
    expect(trace.verdict.namespace).toBe('host1/c20');
    const routerHops = trace.hops.filter((h) => h.namespace === 'router');
    expect(routerHops.find((h) => h.kind === 'vlan-pop')?.detail?.vlan?.vid).toBe(10);
    expect(routerHops.find((h) => h.kind === 'vlan-push')?.detail?.vlan?.vid).toBe(20);
  });
  it('an access port drops the tagged frames', () => {
    const { trace } = traceFlow('macvlan-trunk', 'vlan10-to-server', { hostPort: 'access' });
    expect(ending(trace)).toMatchObject({ code: 'arp.vlan-dropped', params: { vid: 10, pvid: 1, vids: [1] } });
  });
});

describe('choosing', () => {
  it('every mode reaches its web server from the LAN; host and macvlan take fewer steps than a bridge', () => {
    for (const flow of ['lan-to-bridge', 'lan-to-user-bridge', 'lan-to-host', 'lan-to-macvlan', 'lan-to-overlay']) expect(traceFlow('choosing', flow).outcome.ok).toBe(true);
    const hops = (flow: string) => traceFlow('choosing', flow).trace.hops.length;
    expect(hops('lan-to-host')).toBeLessThan(hops('lan-to-bridge'));
    expect(hops('lan-to-macvlan')).toBeLessThan(hops('lan-to-bridge'));
    expect(hops('lan-to-user-bridge')).toBe(hops('lan-to-bridge'));
  });
  it('without -p only host and macvlan servers stay reachable from the LAN', () => {
    const reachable = (flow: string) => traceFlow('choosing', flow, { publish: false }).outcome.ok;
    expect(['lan-to-bridge', 'lan-to-user-bridge', 'lan-to-overlay'].map(reachable)).toEqual([false, false, false]);
    expect(['lan-to-host', 'lan-to-macvlan'].map(reachable)).toEqual([true, true]);
    expect(traceFlow('choosing', 'lan-to-bridge', { publish: false }).trace.verdict.code).toBe('refused');
  });
});

describe('overlay details that match the driver', () => {
  it('container MACs on an overlay are derived from the IP (02:42 + address bytes)', () => {
    const { trace } = traceFlow('overlay', 'c1-to-c2');
    const framed = trace.hops.find((hop) => hop.kind === 'neighbour' && hop.changed.includes('+ethernet'));
    expect(framed?.packet[0]).toMatchObject({ layer: 'ethernet', src: '02:42:0a:00:01:02', dst: '02:42:0a:00:01:03' });
  });
  it('an encrypted overlay has MTU 1424, a plain one 1450', () => {
    const mtuOf = (encrypted: boolean) => buildLab('overlay', { encrypted }).topology.interfaces.find((i) => i.id === 'host1/c1:eth0')?.mtu;
    expect(mtuOf(false)).toBe(1450);
    expect(mtuOf(true)).toBe(1424);
  });
  it('on a swarm node the ingress sandbox holds docker_gwbridge .2, so the first container gets .3', () => {
    const eth1 = (controlPlane: string) =>
      buildLab('overlay', { controlPlane }).topology.interfaces.find((i) => i.id === 'host1/c1:eth1')?.addresses[0]?.address;
    expect(eth1('swarm')).toBe('172.18.0.3');
    expect(eth1('kv-store')).toBe('172.18.0.2');
  });
});

describe('shell-script export of lab topologies', () => {
  it('overlay: VXLAN created in the host namespace, moved into the overlay namespace, with FDB and ARP entries', async () => {
    const { toShellScript } = await import('@/lib/netsim');
    const { buildLab } = await import('./index');
    const { setup } = toShellScript(buildLab('overlay').topology, { prefix: 'pw1-' });
    expect(setup).toMatch(/ip -n pw1-host1 link add pwvx\d+ type vxlan id 4097 dstport 4789 local 192\.168\.1\.10 proxy$/m);
    expect(setup).toMatch(/ip -n pw1-host1 link set pwvx\d+ netns pw1-host1-ov-ov/);
    expect(setup).toMatch(/ip -n pw1-host1-ov-ov link set pwvx\d+ name vxlan0/);
    expect(setup).toMatch(/bridge -n pw1-host1-ov-ov fdb append [0-9a-f:]{17} dev vxlan0 dst 192\.168\.1\.11/);
    expect(setup).toMatch(/ip -n pw1-host1-ov-ov neigh add 10\.0\.1\.3 lladdr [0-9a-f:]{17} dev vxlan0 nud permanent/);
    expect(setup).toContain('ip -n pw1-host1-ov-ov link set dev vxlan0 mtu 1450');
    expect(setup).toContain('ip netns exec pw1-host1 iptables -t nat -A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE');
    expect(setup).toContain('ip -n pw1-lanswitch link add br0 type bridge\n');
  });

  it('encrypted overlay: xfrm states in both directions and an outbound policy for UDP 4789', async () => {
    const { toShellScript } = await import('@/lib/netsim');
    const { buildLab } = await import('./index');
    const { setup } = toShellScript(buildLab('overlay', { encrypted: true }).topology, { prefix: 'pw1-' });
    expect(setup).toMatch(/ip -n pw1-host1 xfrm state add src 192\.168\.1\.10 dst 192\.168\.1\.11 proto esp spi 0x[0-9a-f]{8} mode transport/);
    expect(setup).toContain('ip -n pw1-host1 xfrm policy add src 192.168.1.10 dst 192.168.1.11 proto udp dport 4789 dir out tmpl src 192.168.1.10 dst 192.168.1.11 proto esp mode transport');
  });

  it('ipvlan: children created on eth0 with their mode and moved into the containers, their MAC left alone', async () => {
    const { toShellScript } = await import('@/lib/netsim');
    const { setup } = toShellScript(buildLab('ipvlan', { mode: 'l3' }).topology, { prefix: 'pw1-' });
    expect(setup).toMatch(/ip -n pw1-host1 link add pwiv\d+ link eth0 type ipvlan mode l3/);
    expect(setup).toMatch(/ip -n pw1-host1 link set pwiv\d+ netns pw1-host1-c1/);
    expect(setup).not.toMatch(/pw1-host1-c1 link set dev eth0 address/);
  });

  it('macvlan-trunk: VLAN sub-interfaces, macvlan children moved into containers, a VLAN-aware switch', async () => {
    const { toShellScript } = await import('@/lib/netsim');
    const { buildLab } = await import('./index');
    const { setup } = toShellScript(buildLab('macvlan-trunk').topology, { prefix: 'pw1-' });
    expect(setup).toContain('ip -n pw1-host1 link add link eth0 name eth0.10 type vlan id 10');
    expect(setup).toMatch(/ip -n pw1-host1 link add pwmv\d+ link eth0\.10 type macvlan mode bridge/);
    expect(setup).toContain('ip -n pw1-lanswitch link add br0 type bridge vlan_filtering 1');
    expect(setup).toMatch(/bridge -n pw1-lanswitch vlan add dev swp\d+ vid 10\n/);
    expect(setup).toMatch(/bridge -n pw1-lanswitch vlan add dev swp\d+ vid 10 pvid untagged/);
  });
});

describe('trace ↔ topology ids (what the diagram relies on)', () => {
  it('every hop names a namespace, interface and link that exist in the topology', () => {
    for (const lab of labs) {
      for (const flow of lab.flows) {
        const { trace, built } = traceFlow(lab.id, flow.id);
        const namespaces = new Set(built.topology.namespaces.map((n) => n.id));
        const interfaces = new Set(built.topology.interfaces.map((i) => i.id));
        const links = new Set(built.topology.links.map((l) => l.id));
        for (const t of [trace, trace.reply].filter((x): x is Trace => x !== undefined)) {
          for (const hop of t.hops) {
            expect(namespaces.has(hop.namespace), `${lab.id}/${flow.id} hop ${hop.step} namespace ${hop.namespace}`).toBe(true);
            if (hop.interface) expect(interfaces.has(hop.interface), `${lab.id}/${flow.id} hop ${hop.step} interface ${hop.interface}`).toBe(true);
            if (hop.link) expect(links.has(hop.link), `${lab.id}/${flow.id} hop ${hop.step} link ${hop.link}`).toBe(true);
          }
        }
      }
    }
  });

  it('the overlay walk names the VXLAN tunnel between the two VTEPs', () => {
    const { trace, built } = traceFlow('overlay', 'c1-to-c2');
    const tunnel = built.topology.links.find((l) => l.kind === 'vxlan-tunnel');
    expect(tunnel?.label).toBe('VXLAN VNI 4097, UDP 4789');
    expect(hopsOf(trace, 'encapsulate')[0]?.link).toBe(tunnel?.id);
    expect(hopsOf(trace, 'decapsulate')[0]?.link).toBe(tunnel?.id);
  });
});
