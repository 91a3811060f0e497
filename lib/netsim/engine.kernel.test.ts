/**
 * Engine behaviours found wrong by `npm run verify:kernel` (the model walked a
 * packet differently from the real kernel) and fixed. Each test builds the
 * smallest topology that shows the difference.
 */
import { describe, expect, it } from 'vitest';
import { NetworkBuilder, tracePacket, type EventParams, type Packet, type Topology } from './index';

/** Bridge br0 (10.0.0.1/24) in `h` with br_netfilter on; `a` 10.0.0.2, `b` 10.0.0.3 (web on :80); `c` 192.0.2.2 routed via h. */
function bridgedHost(): Topology {
  const net = new NetworkBuilder();
  net.addMachine('m', 'm', 'server');
  net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm', ipForward: true });
  const br = net.addBridge('h', 'br0');
  net.addAddress(br.id, '10.0.0.1/24');
  for (const [name, ip] of [['a', '10.0.0.2'], ['b', '10.0.0.3']] as const) {
    net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
    const [host, inner] = net.addVethPair('h', `veth-${name}`, name, 'eth0');
    net.setMaster(host.id, br.id);
    net.addAddress(inner.id, `${ip}/24`);
    net.addRoute(name, { destination: 'default', via: '10.0.0.1', dev: inner.id });
  }
  net.addSocket('b', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'web' });
  net.addNamespace({ id: 'c', label: 'c', role: 'lan-host', machine: 'm' });
  const [up, cEth] = net.addVethPair('h', 'uplink', 'c', 'eth0');
  net.addAddress(up.id, '192.0.2.1/24');
  net.addAddress(cEth.id, '192.0.2.2/24');
  net.addRoute('c', { destination: 'default', via: '192.0.2.1', dev: cEth.id });
  net.setBridgeNfCallIptables('h', true);
  // A published port on the bridge address, and MASQUERADE for whatever leaves into the bridge.
  net.appendRule('h', 'nat', 'PREROUTING', { match: { destination: { value: '10.0.0.1' }, protocol: 'tcp', destinationPort: 8080 }, target: { kind: 'DNAT', toAddress: '10.0.0.3', toPort: 80 } });
  net.appendRule('h', 'nat', 'POSTROUTING', { match: { outInterface: { value: 'br0' }, source: { value: '192.0.2.0/24' } }, target: { kind: 'MASQUERADE' } });
  return net.build();
}

function eth(packet: Packet) {
  const first = packet[0];
  return first?.layer === 'ethernet' ? first : undefined;
}

function ip(packet: Packet) {
  const found = packet.find((h) => h.layer === 'ipv4');
  return found?.layer === 'ipv4' ? found : undefined;
}

describe('engine against the kernel (cases found by verify:kernel)', () => {
  it('br_netfilter bridges a DNAT back out of the same bridge: TTL and source MAC stay (br_nf_pre_routing_finish_bridge)', () => {
    const topology = bridgedHost();
    const aMac = topology.interfaces.find((i) => i.id === 'a:eth0')?.mac;
    const trace = tracePacket(topology, { from: 'a', protocol: 'tcp', dst: '10.0.0.1', dport: 8080, withReply: true });
    expect(trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'b' });
    const arrival = trace.hops.find((h) => h.kind === 'receive' && h.interface === 'b:eth0');
    expect(arrival && eth(arrival.packet)?.src).toBe(aMac);
    expect(arrival && ip(arrival.packet)).toMatchObject({ dst: '10.0.0.3', ttl: 64 });
    // Not routed: no "forwards it" hop, and no TTL decrement anywhere.
    expect(trace.hops.some((h) => h.code === 'route.forward')).toBe(false);
    // The first packet waited for ARP, so it was seen on br0 itself with br0's MAC.
    const onBridge = trace.hops.find((h) => h.interface === 'h:br0' && h.code === 'br-netfilter.frame' && (h.params as EventParams['br-netfilter.frame']).via === 'arp');
    expect(onBridge && eth(onBridge.packet)?.src).toBe(topology.interfaces.find((i) => i.id === 'h:br0')?.mac);
    expect(trace.reply?.verdict.outcome).toBe('delivered');
  });

  it('br_netfilter runs PREROUTING at the bridge port: a reply is un-masqueraded before it reaches the bridge device', () => {
    const trace = tracePacket(bridgedHost(), { from: 'c', protocol: 'tcp', dst: '10.0.0.3', dport: 80, withReply: true });
    expect(trace.verdict.outcome).toBe('delivered');
    const reply = trace.reply;
    expect(reply?.verdict.outcome).toBe('delivered');
    const up = reply?.hops.find((h) => h.kind === 'bridge' && h.detail?.fdb?.how === 'local');
    // tcpdump on br0 sees the destination conntrack restored, not the masqueraded 10.0.0.1.
    expect(up && ip(up.packet)?.dst).toBe('192.0.2.2');
    const restore = reply?.hops.findIndex((h) => h.kind === 'conntrack') ?? -1;
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(restore).toBeLessThan(reply?.hops.indexOf(up as NonNullable<typeof up>) ?? -1);
  });

  it('raw PREROUTING sees a reply before conntrack restores its masqueraded destination (raw -300, nat -100)', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm', ipForward: true });
    const br = net.addBridge('h', 'br0');
    net.addAddress(br.id, '10.0.0.1/24');
    net.addNamespace({ id: 'b', label: 'b', role: 'container', machine: 'm' });
    const [port, bEth] = net.addVethPair('h', 'veth-b', 'b', 'eth0');
    net.setMaster(port.id, br.id);
    net.addAddress(bEth.id, '10.0.0.3/24');
    net.addRoute('b', { destination: 'default', via: '10.0.0.1', dev: bEth.id });
    net.addNamespace({ id: 'c', label: 'c', role: 'lan-host', machine: 'm' });
    const [up, cEth] = net.addVethPair('h', 'uplink', 'c', 'eth0');
    net.addAddress(up.id, '192.0.2.1/24');
    net.addAddress(cEth.id, '192.0.2.2/24');
    net.addRoute('c', { destination: '10.0.0.0/24', via: '192.0.2.1', dev: cEth.id });
    net.appendRule('h', 'nat', 'POSTROUTING', { match: { source: { value: '10.0.0.0/24' }, outInterface: { value: 'br0', negate: true } }, target: { kind: 'MASQUERADE' } });
    // Docker's direct-access protection for a container with a published port.
    net.appendRule('h', 'raw', 'PREROUTING', { match: { destination: { value: '10.0.0.3' }, inInterface: { value: 'br0', negate: true } }, target: { kind: 'DROP' } });
    const trace = tracePacket(net.build(), { from: 'b', protocol: 'icmp', dst: '192.0.2.2', withReply: true });
    expect(trace.verdict.outcome).toBe('delivered');
    expect(trace.reply?.verdict).toMatchObject({ outcome: 'delivered', namespace: 'b' });
    // Still dropped when the packet really is addressed to the container from outside.
    const direct = tracePacket(net.build(), { from: 'c', protocol: 'icmp', dst: '10.0.0.3' });
    expect(direct.verdict).toMatchObject({ outcome: 'dropped', code: 'filtered' });
  });

  it('a looped-back packet passes nat POSTROUTING too, and MASQUERADE out of lo takes the first global address', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm', ipForward: true });
    const eth0 = net.addPhysical('h', 'eth0');
    net.addAddress(eth0.id, '192.168.1.10/24');
    const br = net.addBridge('h', 'docker0');
    net.addAddress(br.id, '172.17.0.1/16');
    net.appendRule('h', 'nat', 'POSTROUTING', { match: { source: { value: '172.17.0.0/16' }, outInterface: { value: 'docker0', negate: true } }, target: { kind: 'MASQUERADE' } });
    const trace = tracePacket(net.build(), { from: 'h', protocol: 'icmp', dst: '172.17.0.1', withReply: true });
    const onLo = trace.hops.find((h) => h.kind === 'transmit' && h.interface === 'h:lo');
    expect(onLo && ip(onLo.packet)).toMatchObject({ src: '192.168.1.10', dst: '172.17.0.1' });
    expect(trace.reply?.verdict.outcome).toBe('delivered');
    const replyOnLo = trace.reply?.hops.find((h) => h.kind === 'transmit' && h.interface === 'h:lo');
    // conntrack turns the reply back towards the original source: 172.17.0.1 → 172.17.0.1.
    expect(replyOnLo && ip(replyOnLo.packet)).toMatchObject({ src: '172.17.0.1', dst: '172.17.0.1' });
  });

  it('macvlan bridge mode: a frame between siblings passes the parent\'s receive path (tcpdump on the parent sees it) but not the cable', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm' });
    const eth0 = net.addPhysical('h', 'eth0');
    for (const [name, ip4] of [['m1', '192.168.1.100'], ['m2', '192.168.1.101']] as const) {
      net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
      const mv = net.addMacvlan(name, 'eth0', eth0.id, 'bridge');
      net.addAddress(mv.id, `${ip4}/24`);
    }
    const trace = tracePacket(net.build(), { from: 'm2', protocol: 'icmp', dst: '192.168.1.100', withReply: true });
    expect(trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'm1' });
    const where = trace.hops.filter((h) => h.kind === 'receive').map((h) => h.interface);
    expect(where).toEqual(['h:eth0', 'm1:eth0']);
    expect(trace.hops.some((h) => h.kind === 'transmit' && h.interface === 'h:eth0')).toBe(false);
  });

  it('a container DNATed back to itself (hairpin): the STALE neighbour sends it through br0 before FORWARD and MASQUERADE', () => {
    // b → 10.0.0.1:8080 → DNAT to b itself, masqueraded as in Docker without the userland proxy;
    // b's port is in hairpin mode. h only learned b's MAC from b's own ARP request (STALE), so
    // br_nf_pre_routing_finish_bridge takes the neighbour output: tcpdump on br0 sees the frame
    // with br0's MAC and the source not yet masqueraded.
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm', ipForward: true });
    const br = net.addBridge('h', 'br0');
    net.addAddress(br.id, '10.0.0.1/24');
    net.addNamespace({ id: 'b', label: 'b', role: 'container', machine: 'm' });
    const [port, bEth] = net.addVethPair('h', 'veth-b', 'b', 'eth0');
    net.setMaster(port.id, br.id, { hairpin: true });
    net.addAddress(bEth.id, '10.0.0.3/24');
    net.addRoute('b', { destination: 'default', via: '10.0.0.1', dev: bEth.id });
    net.addSocket('b', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'web' });
    net.setBridgeNfCallIptables('h', true);
    net.appendRule('h', 'nat', 'PREROUTING', { match: { destination: { value: '10.0.0.1' }, protocol: 'tcp', destinationPort: 8080 }, target: { kind: 'DNAT', toAddress: '10.0.0.3', toPort: 80 } });
    net.appendRule('h', 'nat', 'POSTROUTING', { match: { source: { value: '10.0.0.3' }, destination: { value: '10.0.0.3' }, protocol: 'tcp', destinationPort: 80 }, target: { kind: 'MASQUERADE' } });
    const topology = net.build();
    const trace = tracePacket(topology, { from: 'b', protocol: 'tcp', dst: '10.0.0.1', dport: 8080, withReply: true });
    expect(trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'b' });
    const onBridge = trace.hops.findIndex((h) => h.kind === 'neighbour' && h.interface === 'h:br0');
    const hop = trace.hops[onBridge];
    expect(hop && eth(hop.packet)?.src).toBe(br.mac);
    expect(hop && ip(hop.packet)).toMatchObject({ src: '10.0.0.3', dst: '10.0.0.3' });
    const masquerade = trace.hops.findIndex((h) => h.kind === 'nat' && h.detail?.rule?.verdict === 'MASQUERADE');
    expect(masquerade).toBeGreaterThan(onBridge);
    const arrival = trace.hops.find((h) => h.kind === 'receive' && h.interface === 'b:eth0');
    expect(arrival && ip(arrival.packet)).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.3', ttl: 64 });
    // The reply is bridged back the same way (conntrack restoring its destination counts as a DNAT).
    expect(trace.reply?.verdict).toMatchObject({ outcome: 'delivered', namespace: 'b' });
    expect(trace.reply?.hops.some((h) => h.code === 'route.forward')).toBe(false);
    expect(trace.reply?.hops.some((h) => h.kind === 'neighbour' && h.interface === 'h:br0')).toBe(true);
  });

  it('br_netfilter runs raw PREROUTING and nat POSTROUTING for a bridged frame too, with the bridge as the interface', () => {
    const build = (rule: 'raw' | 'snat') => {
      const net = new NetworkBuilder();
      net.addMachine('m', 'm', 'server');
      net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm' });
      const br = net.addBridge('h', 'br0');
      for (const [name, ip4] of [['a', '10.0.0.2'], ['b', '10.0.0.3']] as const) {
        net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
        const [port, inner] = net.addVethPair('h', `veth-${name}`, name, 'eth0');
        net.setMaster(port.id, br.id);
        net.addAddress(inner.id, `${ip4}/24`);
      }
      net.setBridgeNfCallIptables('h', true);
      if (rule === 'raw') net.appendRule('h', 'raw', 'PREROUTING', { match: { inInterface: { value: 'br0' }, source: { value: '10.0.0.2' } }, target: { kind: 'DROP' } });
      else net.appendRule('h', 'nat', 'POSTROUTING', { match: { outInterface: { value: 'br0' }, source: { value: '10.0.0.2' } }, target: { kind: 'SNAT', toAddress: '10.0.0.9' } });
      return net.build();
    };
    const dropped = tracePacket(build('raw'), { from: 'a', protocol: 'icmp', dst: '10.0.0.3' });
    expect(dropped.verdict).toMatchObject({ outcome: 'dropped', code: 'filtered', namespace: 'h' });
    expect(dropped.hops[dropped.hops.length - 1]).toMatchObject({ code: 'netfilter.drop', params: { table: 'raw', chain: 'PREROUTING' } });
    const snat = tracePacket(build('snat'), { from: 'a', protocol: 'icmp', dst: '10.0.0.3' });
    const arrival = snat.hops.find((h) => h.kind === 'receive' && h.interface === 'b:eth0');
    expect(arrival && ip(arrival.packet)?.src).toBe('10.0.0.9');
  });
});
