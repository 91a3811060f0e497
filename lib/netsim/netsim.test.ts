import { describe, expect, it } from 'vitest';
import { NetworkBuilder, tracePacket, traceBind, toShellScript, walkChain, ruleToText, diffPackets, macFromSeed, cidrContains, nthAddress, type Topology } from './index';

/** Two namespaces on one bridge, and a router namespace in between to a third. */
function smallLan(): Topology {
  const net = new NetworkBuilder();
  net.addMachine('m', 'm', 'server');
  net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm', ipForward: true });
  for (const name of ['a', 'b']) {
    net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
    const [host, inner] = net.addVethPair('root', `veth-${name}`, name, 'eth0');
    void host;
    net.addAddress(inner.id, `10.0.0.${name === 'a' ? 2 : 3}/24`);
    net.addRoute(name, { destination: 'default', via: '10.0.0.1', dev: inner.id });
  }
  const br = net.addBridge('root', 'br0');
  net.setMaster('root:veth-a', br.id);
  net.setMaster('root:veth-b', br.id);
  net.addAddress(br.id, '10.0.0.1/24');
  net.addSocket('b', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'web' });
  return net.build();
}

describe('NetworkBuilder rejects impossible networks with a clear message', () => {
  it('a duplicate address in one subnet', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    const br = net.addBridge('root', 'br0');
    for (const name of ['a', 'b']) {
      net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
      const [host, inner] = net.addVethPair('root', `veth-${name}`, name, 'eth0');
      net.setMaster(host.id, br.id);
      net.addAddress(inner.id, '10.0.0.2/24');
    }
    expect(() => net.build()).toThrow(/duplicate address 10\.0\.0\.2 in one subnet: both a:eth0 and b:eth0 have it/);
  });

  it('the same address twice in one namespace', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    const a = net.addPhysical('root', 'eth0');
    const b = net.addPhysical('root', 'eth1');
    net.addAddress(a.id, '192.168.1.10/24');
    expect(() => net.addAddress(b.id, '192.168.1.10/24')).toThrow(/duplicate address 192\.168\.1\.10 in namespace root/);
  });

  it('a veth without a peer', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    net.addInterface({ namespace: 'root', name: 'veth0', kind: 'veth' });
    expect(() => net.build()).toThrow('veth root:veth0 has no peer: a veth pair always has two ends');
  });

  it('a macvlan without a parent', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    expect(() => net.addMacvlan('root', 'mac0', undefined, 'bridge')).toThrow(/macvlan root:mac0 needs a parent interface/);
    net.addInterface({ namespace: 'root', name: 'mac1', kind: 'macvlan', macvlanMode: 'bridge' });
    expect(() => net.build()).toThrow('macvlan root:mac1 has no parent interface');
  });

  it('an ipvlan on a bridge, next to a macvlan, or in a second mode on one parent', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    const eth0 = net.addPhysical('root', 'eth0');
    const eth1 = net.addPhysical('root', 'eth1');
    const br = net.addBridge('root', 'br0');
    expect(() => net.addIpvlan('root', 'ipv0', br.id, 'l2')).toThrow('ipvlan parent root:br0 must be a NIC or VLAN sub-interface, not a bridge');
    const child = net.addIpvlan('root', 'ipv1', eth0.id, 'l2');
    expect(child.mac).toBe(eth0.mac);
    expect(() => net.addIpvlan('root', 'ipv2', eth0.id, 'l3')).toThrow("root:eth0's ipvlan children are in l2 mode: the mode belongs to the parent, so root:ipv2 cannot be l3");
    expect(() => net.addMacvlan('root', 'mac0', eth0.id, 'bridge')).toThrow(/already has ipvlan children/);
    net.addMacvlan('root', 'mac1', eth1.id, 'bridge');
    expect(() => net.addIpvlan('root', 'ipv3', eth1.id, 'l2')).toThrow(/already has macvlan children/);
    net.addInterface({ namespace: 'root', name: 'ipv4', kind: 'ipvlan', parent: eth0.id });
    expect(() => net.build()).toThrow('ipvlan root:ipv4 has no mode (l2 or l3)');
  });

  it('a VLAN id outside 1–4094', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    const eth0 = net.addPhysical('root', 'eth0');
    expect(() => net.addVlan('root', 'eth0.4095', eth0.id, 4095)).toThrow('VLAN id 4095 on root:eth0.4095 is outside 1–4094');
    expect(() => net.addVlan('root', 'eth0.0', eth0.id, 0)).toThrow(/outside 1–4094/);
  });

  it('interface names longer than IFNAMSIZ allows', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    expect(() => net.addPhysical('root', 'a-very-long-name0')).toThrow(/must be 1–15 characters/);
  });

  it('a second listener on a taken port', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    net.addSocket('root', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'nginx' });
    expect(() => net.addSocket('root', { protocol: 'tcp', address: '127.0.0.1', port: 80, process: 'apache' })).toThrow(/address already in use \(by nginx\)/);
  });
});

describe('addresses and ids', () => {
  it('does CIDR maths through ipaddr.js', () => {
    expect(cidrContains('172.17.0.0/16', '172.17.200.3')).toBe(true);
    expect(cidrContains('172.17.0.0/16', '172.18.0.3')).toBe(false);
    expect(nthAddress('172.18.0.0/16', 2)).toBe('172.18.0.2');
  });

  it('makes random-looking, stable, locally administered MACs (never 02:42:ac:11:…)', () => {
    const mac = macFromSeed('host1/web:eth0');
    expect(mac).toBe(macFromSeed('host1/web:eth0'));
    expect(mac).toMatch(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    expect(parseInt(mac.slice(0, 2), 16) & 0x03).toBe(0x02);
    expect(mac.startsWith('02:42')).toBe(false);
  });
});

describe('netfilter', () => {
  it('walks jumps and returns in order, and prints rules like iptables -S', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'n', label: 'n', role: 'root', machine: 'm' });
    net.appendRule('n', 'filter', 'FORWARD', { match: {}, target: { kind: 'JUMP', chain: 'USER' } });
    net.appendRule('n', 'filter', 'USER', { match: { protocol: 'tcp', destinationPort: 22 }, target: { kind: 'RETURN' } });
    net.appendRule('n', 'filter', 'FORWARD', { match: { inInterface: { value: 'eth0', negate: true } }, target: { kind: 'DROP' } });
    const ns = net.namespace('n');
    const walk = walkChain(ns.netfilter, 'filter', 'FORWARD', { inInterface: 'br0', src: '10.0.0.2', dst: '1.1.1.1', protocol: 'tcp', sourcePort: 1, destinationPort: 22, ctState: 'NEW', isLocal: () => false });
    expect(walk.target.kind).toBe('DROP');
    expect(walk.visited).toEqual(['FORWARD', 'USER']);
    expect(walk.text).toBe('-A FORWARD ! -i eth0 -j DROP');
    expect(ruleToText('DOCKER', { match: { destination: { value: '172.17.0.2' }, inInterface: { value: 'docker0', negate: true }, outInterface: { value: 'docker0' }, protocol: 'tcp', destinationPort: 80 }, target: { kind: 'ACCEPT' } })).toBe(
      '-A DOCKER -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
    );
  });
});

describe('engine', () => {
  it('switches on a bridge: ARP first, then an FDB hit, and the reply comes back', () => {
    const trace = tracePacket(smallLan(), { from: 'a', protocol: 'tcp', dst: '10.0.0.3', dport: 80, withReply: true });
    expect(trace.verdict).toMatchObject({ outcome: 'delivered', namespace: 'b', process: 'web' });
    expect(trace.hops.map((h) => h.kind)).toEqual(['send', 'route', 'neighbour', 'neighbour', 'transmit', 'receive', 'bridge', 'transmit', 'receive', 'route', 'deliver']);
    expect(trace.hops[2]?.detail?.arp).toMatchObject({ targetIp: '10.0.0.3', how: 'arp' });
    expect(trace.hops[6]?.detail?.fdb).toMatchObject({ how: 'hit', port: 'root:veth-b' });
    expect(trace.reply?.verdict.outcome).toBe('delivered');
    const synAck = trace.reply?.hops[0]?.packet.find((h) => h.layer === 'tcp');
    expect(synAck).toMatchObject({ srcPort: 80, dstPort: 43512, flags: 'SYN-ACK' });
  });

  it('reports the fields each hop changed', () => {
    expect(diffPackets([{ layer: 'ipv4', src: 'a', dst: 'b', ttl: 64, protocol: 'tcp' }], [{ layer: 'ipv4', src: 'a', dst: 'c', ttl: 63, protocol: 'tcp' }])).toEqual(['ipv4.dst', 'ipv4.ttl']);
    const inner = [{ layer: 'ipv4' as const, src: 'a', dst: 'b', ttl: 64, protocol: 'tcp' as const }];
    expect(diffPackets(inner, [{ layer: 'vxlan', vni: 1 }, ...inner])).toEqual(['+vxlan']);
  });

  it('refuses a TCP connection nobody listens for, and says so', () => {
    const trace = tracePacket(smallLan(), { from: 'a', protocol: 'tcp', dst: '10.0.0.3', dport: 81 });
    expect(trace.verdict).toMatchObject({ outcome: 'dropped', code: 'refused' });
    expect(trace.hops[trace.hops.length - 1]).toMatchObject({ code: 'deliver.refused', params: { protocol: 'tcp', namespace: 'b', dst: '10.0.0.3', port: 81 } });
  });

  it('says "Network is unreachable" when there is no route', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'lonely', label: 'lonely', role: 'container', machine: 'm' });
    const trace = tracePacket(net.build(), { from: 'lonely', protocol: 'icmp', dst: '8.8.8.8' });
    expect(trace.verdict).toMatchObject({ outcome: 'dropped', code: 'unreachable' });
    expect(trace.hops[trace.hops.length - 1]).toMatchObject({ code: 'route.unreachable-local', params: { namespace: 'lonely', dst: '8.8.8.8' } });
  });

  it('ends a routing loop with a verdict instead of hanging', () => {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    for (const id of ['r1', 'r2']) net.addNamespace({ id, label: id, role: 'router', machine: 'm', ipForward: true });
    const [x, y] = net.addVethPair('r1', 'to-r2', 'r2', 'to-r1');
    net.addAddress(x.id, '10.9.0.1/30');
    net.addAddress(y.id, '10.9.0.2/30');
    // Each router thinks the other one knows the way to 203.0.113.0/24.
    net.addRoute('r1', { destination: '203.0.113.0/24', via: '10.9.0.2', dev: x.id });
    net.addRoute('r2', { destination: '203.0.113.0/24', via: '10.9.0.1', dev: y.id });
    const trace = tracePacket(net.build(), { from: 'r1', protocol: 'icmp', dst: '203.0.113.7' });
    expect(trace.verdict).toMatchObject({ outcome: 'dropped', code: 'ttl-exceeded' });
    expect(trace.hops.length).toBeLessThanOrEqual(400);
  });

  it('traces bind() conflicts', () => {
    const topology = smallLan();
    expect(traceBind(topology, 'b', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'apache' }).verdict).toMatchObject({ outcome: 'dropped', code: 'address-in-use' });
    expect(traceBind(topology, 'b', { protocol: 'tcp', address: '0.0.0.0', port: 8080, process: 'apache' }).verdict.outcome).toBe('delivered');
  });
});

/** m1 and m2: macvlan children of h's eth0 in one mode, cabled to a switch port with hairpin on. */
function macvlanSiblings(mode: 'private' | 'vepa' | 'bridge', staticNeighbours = false): Topology {
  const net = new NetworkBuilder();
  net.addMachine('m', 'm', 'server');
  net.addNamespace({ id: 'h', label: 'h', role: 'root', machine: 'm' });
  net.addNamespace({ id: 'sw', label: 'sw', role: 'switch', machine: 'm' });
  const eth0 = net.addPhysical('h', 'eth0');
  const port = net.addPhysical('sw', 'swp1');
  net.connectCable(eth0.id, port.id);
  const br = net.addBridge('sw', 'br0');
  net.setMaster(port.id, br.id, { hairpin: true });
  const kids = (['m1', 'm2'] as const).map((name, i) => {
    net.addNamespace({ id: name, label: name, role: 'container', machine: 'm' });
    const iface = net.addMacvlan(name, 'eth0', eth0.id, mode);
    net.addAddress(iface.id, `192.168.1.${100 + i}/24`);
    return iface;
  });
  const [m1, m2] = kids as [typeof kids[0], typeof kids[0]];
  if (staticNeighbours) {
    net.addNeighbour('m2', { address: '192.168.1.100', mac: m1.mac, dev: m2.id, source: 'ip neigh add' });
    net.addNeighbour('m1', { address: '192.168.1.101', mac: m2.mac, dev: m1.id, source: 'ip neigh add' });
  }
  return net.build();
}

describe('macvlan modes (drivers/net/macvlan.c, macvlan_handle_frame)', () => {
  it('private mode filters a sibling\'s broadcasts, even when the switch sends them back: the ARP gets no answer', () => {
    const trace = tracePacket(macvlanSiblings('private'), { from: 'm2', protocol: 'icmp', dst: '192.168.1.100', withReply: true });
    expect(trace.verdict.code).toBe('no-arp-reply');
    expect(trace.hops[trace.hops.length - 1]?.code).toBe('arp.macvlan-private');
  });

  it('private mode delivers unicast by destination MAC: with static neighbour entries the ping passes through a hairpin switch', () => {
    const trace = tracePacket(macvlanSiblings('private', true), { from: 'm2', protocol: 'icmp', dst: '192.168.1.100', withReply: true });
    expect(trace.verdict.outcome).toBe('delivered');
    expect(trace.hops.some((h) => h.namespace === 'sw')).toBe(true);
    expect(trace.reply?.verdict.outcome).toBe('delivered');
  });

  it('vepa siblings hear each other\'s broadcasts through a hairpin switch', () => {
    expect(tracePacket(macvlanSiblings('vepa'), { from: 'm2', protocol: 'icmp', dst: '192.168.1.100' }).verdict.outcome).toBe('delivered');
  });
});

describe('a router\'s errors are packets: ICMP net and host unreachable walk back to the sender', () => {
  /** a (10.0.0.2) → router r (10.0.0.1, forwarding; 10.1.0.1/24 on an empty segment, no default route). */
  function routed(): Topology {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'r', label: 'r', role: 'router', machine: 'm', ipForward: true });
    net.addNamespace({ id: 'a', label: 'a', role: 'lan-host', machine: 'm' });
    const [rIf, aIf] = net.addVethPair('r', 'lan0', 'a', 'eth0');
    net.addAddress(rIf.id, '10.0.0.1/24');
    net.addAddress(aIf.id, '10.0.0.2/24');
    net.addRoute('a', { destination: 'default', via: '10.0.0.1', dev: aIf.id });
    const empty = net.addPhysical('r', 'lan1');
    net.addAddress(empty.id, '10.1.0.1/24');
    return net.build();
  }

  it('no route: the router answers with ICMP net unreachable from its address towards the sender', () => {
    const trace = tracePacket(routed(), { from: 'a', protocol: 'tcp', dst: '10.9.9.9', dport: 80, withReply: true });
    expect(trace.verdict).toMatchObject({ code: 'unreachable', namespace: 'r' });
    const last = trace.reply?.hops[trace.reply.hops.length - 1];
    expect(last?.packet.find((h) => h.layer === 'ipv4')).toMatchObject({ src: '10.0.0.1', dst: '10.0.0.2', protocol: 'icmp' });
    expect(last?.packet.find((h) => h.layer === 'icmp')).toMatchObject({ type: 'unreachable', code: 'net-unreachable', quotedSrc: '10.0.0.2', quotedDst: '10.9.9.9', quotedDstPort: 80 });
    expect(trace.reply?.verdict).toMatchObject({ outcome: 'dropped', code: 'unreachable', namespace: 'a' });
    expect(last).toMatchObject({ code: 'deliver.icmp-error', params: { error: 'net-unreachable', dst: '10.9.9.9', dport: 80 } });
  });

  it('no ARP answer on the next hop: the router answers with ICMP host unreachable; the sender\'s own failed ARP sends nothing', () => {
    const trace = tracePacket(routed(), { from: 'a', protocol: 'icmp', dst: '10.1.0.7', withReply: true });
    expect(trace.verdict).toMatchObject({ code: 'no-arp-reply', namespace: 'r' });
    expect(trace.reply?.hops[trace.reply.hops.length - 1]?.packet.find((h) => h.layer === 'icmp')).toMatchObject({ code: 'host-unreachable', quotedProtocol: 'icmp' });
    expect(trace.reply?.hops[trace.reply.hops.length - 1]).toMatchObject({ code: 'deliver.icmp-error', params: { error: 'host-unreachable', protocol: 'icmp' } });
    const local = tracePacket(routed(), { from: 'a', protocol: 'icmp', dst: '10.0.0.77', withReply: true });
    expect(local.verdict).toMatchObject({ code: 'no-arp-reply', namespace: 'a' });
    expect(local.reply).toBeUndefined();
  });
});

describe('toShellScript', () => {
  it('writes runnable ip commands with prefixed namespaces and a matching teardown', () => {
    const { setup, teardown, netns } = toShellScript(smallLan(), { prefix: 'pw7-' });
    expect(netns).toEqual({ root: 'pw7-root', a: 'pw7-a', b: 'pw7-b' });
    expect(setup).toContain('ip netns add pw7-a\n');
    expect(setup).toContain('ip -n pw7-root link add veth-a type veth peer name eth0 netns pw7-a');
    expect(setup).toContain('ip -n pw7-root link add br0 type bridge');
    expect(setup).toContain('ip -n pw7-root link set veth-a master br0');
    expect(setup).toContain('ip -n pw7-a addr add 10.0.0.2/24 dev eth0');
    expect(setup).toContain('ip -n pw7-a route add default via 10.0.0.1 dev eth0');
    expect(setup).toContain('ip netns exec pw7-root sysctl -qw net.ipv4.ip_forward=1');
    expect(setup).not.toMatch(/route add 10\.0\.0\.0\/24/); // connected routes come with the address
    expect(teardown.trim().split('\n').slice(2)).toEqual(['ip netns del pw7-b 2>/dev/null || true', 'ip netns del pw7-a 2>/dev/null || true', 'ip netns del pw7-root 2>/dev/null || true']);
    for (const line of setup.split('\n')) {
      const name = /link add (\S+) /.exec(line)?.[1];
      if (name) expect(name.length).toBeLessThanOrEqual(15);
    }
  });

  it('rejects a prefix that is not a safe name', () => {
    expect(() => toShellScript(smallLan(), { prefix: 'a b;' })).toThrow(/prefix/);
  });
});

describe('NetworkBuilder deletes as ip link del / ip netns del / iptables -D do', () => {
  function lan() {
    const net = new NetworkBuilder();
    net.addMachine('m', 'm', 'server');
    net.addNamespace({ id: 'root', label: 'root', role: 'root', machine: 'm' });
    net.addNamespace({ id: 'a', label: 'a', role: 'container', machine: 'm' });
    const eth0 = net.addPhysical('root', 'eth0');
    const [host, inner] = net.addVethPair('root', 'veth-a', 'a', 'eth0');
    const br = net.addBridge('root', 'br0');
    net.setMaster(host.id, br.id, { hairpin: true });
    net.addAddress(inner.id, '10.0.0.2/24');
    net.addRoute('a', { destination: 'default', via: '10.0.0.1', dev: inner.id });
    net.addVlan('root', 'eth0.10', eth0.id, 10);
    net.addMacvlan('root', 'mv0', 'root:eth0.10', 'bridge');
    return net;
  }

  it('a veth takes its peer, the peer\'s routes go with it; a parent takes its VLAN and macvlan children', () => {
    const net = lan();
    net.deleteInterface('a:eth0');
    expect(net.findInterface('root', 'veth-a')).toBeUndefined();
    expect(net.namespace('a').routes).toEqual([]);
    net.deleteInterface('root:eth0.10');
    expect(net.findInterface('root', 'mv0')).toBeUndefined();
    expect(net.findInterface('root', 'eth0')).toBeDefined();
    expect(() => net.deleteInterface('a:lo')).toThrow(/loopback/);
    expect(() => net.build()).not.toThrow();
  });

  it('a deleted bridge releases its ports; a deleted namespace takes the veth end outside it', () => {
    const net = lan();
    net.deleteInterface('root:br0');
    expect(net.iface('root:veth-a')).not.toHaveProperty('master');
    expect(net.iface('root:veth-a')).not.toHaveProperty('hairpin');
    net.deleteNamespace('a');
    expect(net.hasNamespace('a')).toBe(false);
    expect(net.findInterface('root', 'veth-a')).toBeUndefined();
    expect(net.build().machines[0]?.namespaces).toEqual(['root']);
  });

  it('iptables -D deletes the rule given (or the first equal one) and refuses one that is not there; sockets and DNS names go too', () => {
    const net = lan();
    const rule = { match: { protocol: 'tcp' as const, destinationPort: 80 }, target: { kind: 'ACCEPT' as const } };
    net.appendRule('root', 'filter', 'INPUT', rule);
    net.appendRule('root', 'filter', 'INPUT', { ...rule });
    net.deleteRule('root', 'filter', 'INPUT', { match: { protocol: 'tcp', destinationPort: 80 }, target: { kind: 'ACCEPT' } });
    net.deleteRule('root', 'filter', 'INPUT', rule);
    expect(net.namespace('root').netfilter.filter.INPUT?.rules).toEqual([]);
    expect(() => net.deleteRule('root', 'filter', 'INPUT', rule)).toThrow(/Bad rule/);
    const socket = { protocol: 'tcp' as const, address: '0.0.0.0', port: 80, process: 'web' };
    net.addSocket('a', socket);
    net.removeSocket('a', socket);
    expect(() => net.removeSocket('a', socket)).toThrow(/no socket/);
    net.addDnsRecord('z', 'web', '10.0.0.2');
    net.deleteDnsRecord('z', 'web');
    expect(net.dnsRecord('z', 'web')).toBeUndefined();
  });
});
