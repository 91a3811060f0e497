/**
 * The rules lib/docker installs, compared line by line with Docker Engine 29's
 * own generated dumps (moby/moby integration/network/bridge/iptablesdoc).
 */
import { describe, expect, it } from 'vitest';
import { NetworkBuilder, iptablesRules, tracePacket } from '@/lib/netsim';
import { DockerHost, OverlayNetwork } from './index';

function host(daemon: { icc?: boolean; userlandProxy?: boolean } = {}): { net: NetworkBuilder; docker: DockerHost } {
  const net = new NetworkBuilder();
  const docker = new DockerHost(net, { id: 'h', lanAddress: '192.168.1.10/24', gateway: '192.168.1.1', daemon });
  return { net, docker };
}

describe('a new daemon (new-daemon.md)', () => {
  it('installs the Engine 29 filter and nat chains for docker0', () => {
    const { net, docker } = host();
    const ns = net.namespace('h');
    expect(iptablesRules(ns.netfilter, 'filter')).toEqual([
      '-A FORWARD -j DOCKER-USER',
      '-A FORWARD -j DOCKER-FORWARD',
      '-A DOCKER ! -i docker0 -o docker0 -j DROP',
      '-A DOCKER-BRIDGE -o docker0 -j DOCKER',
      '-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A DOCKER-FORWARD -j DOCKER-CT',
      '-A DOCKER-FORWARD -j DOCKER-INTERNAL',
      '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
      '-A DOCKER-FORWARD -i docker0 -j ACCEPT',
    ]);
    expect(iptablesRules(ns.netfilter, 'nat')).toEqual([
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    ]);
    expect(Object.keys(ns.netfilter.filter)).not.toContain('DOCKER-ISOLATION-STAGE-1');
    expect(ns.netfilter.filter.FORWARD?.policy).toBe('DROP');
    expect(ns.ipForward).toBe(true);
    expect(docker.networkLs()).toEqual(['host', 'none', 'bridge']);
  });
});

describe('a user-defined network with a published port', () => {
  function portmap(daemon: { userlandProxy?: boolean } = {}, icc = true) {
    const { net, docker } = host(daemon);
    docker.createBridge('bridge1', { bridgeName: 'bridge1', subnet: '192.0.2.0/24', gateway: '192.0.2.1', icc });
    docker.run('c1', { network: 'bridge1', publish: [{ hostPort: 8080, containerPort: 80 }] });
    return net.namespace('h');
  }

  it('matches usernet-portmap.md', () => {
    const ns = portmap();
    expect(iptablesRules(ns.netfilter, 'filter')).toEqual([
      '-A FORWARD -j DOCKER-USER',
      '-A FORWARD -j DOCKER-FORWARD',
      '-A DOCKER -d 192.0.2.2/32 ! -i bridge1 -o bridge1 -p tcp -m tcp --dport 80 -j ACCEPT',
      '-A DOCKER ! -i docker0 -o docker0 -j DROP',
      '-A DOCKER ! -i bridge1 -o bridge1 -j DROP',
      '-A DOCKER-BRIDGE -o docker0 -j DOCKER',
      '-A DOCKER-BRIDGE -o bridge1 -j DOCKER',
      '-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A DOCKER-CT -o bridge1 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A DOCKER-FORWARD -j DOCKER-CT',
      '-A DOCKER-FORWARD -j DOCKER-INTERNAL',
      '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
      '-A DOCKER-FORWARD -i docker0 -j ACCEPT',
      '-A DOCKER-FORWARD -i bridge1 -j ACCEPT',
    ]);
    expect(iptablesRules(ns.netfilter, 'nat')).toEqual([
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -s 192.0.2.0/24 ! -o bridge1 -j MASQUERADE',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
      '-A DOCKER ! -i bridge1 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80',
    ]);
    expect(iptablesRules(ns.netfilter, 'raw')).toEqual(['-A PREROUTING -d 192.0.2.2/32 ! -i bridge1 -j DROP']);
    expect(ns.sockets).toContainEqual({ protocol: 'tcp', address: '0.0.0.0', port: 8080, process: 'docker-proxy', proxyTo: { address: '192.0.2.2', port: 80 } });
  });

  it('matches usernet-portmap-noproxy.md without the userland proxy', () => {
    const ns = portmap({ userlandProxy: false });
    expect(iptablesRules(ns.netfilter, 'nat')).toEqual([
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -o bridge1 -m addrtype --src-type LOCAL -j MASQUERADE',
      '-A POSTROUTING -s 192.0.2.0/24 ! -o bridge1 -j MASQUERADE',
      '-A POSTROUTING -o docker0 -m addrtype --src-type LOCAL -j MASQUERADE',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
      '-A POSTROUTING -s 192.0.2.2/32 -d 192.0.2.2/32 -p tcp -m tcp --dport 80 -j MASQUERADE',
      '-A DOCKER -p tcp -m tcp --dport 8080 -j DNAT --to-destination 192.0.2.2:80',
    ]);
    expect(ns.sockets.some((s) => s.process === 'docker-proxy')).toBe(false);
    expect(ns.routeLocalnet).toContain('h:bridge1');
  });

  it('puts every container\'s bridge port in hairpin mode without the userland proxy, and none with it', () => {
    // moby daemon/libnetwork/drivers/bridge/bridge_linux.go: if !d.config.EnableProxy { setHairpinMode(…) }
    for (const userlandProxy of [false, true]) {
      const { net, docker } = host({ userlandProxy });
      docker.run('web', { network: 'bridge', publish: [{ hostPort: 8080, containerPort: 80 }] });
      docker.run('client', { network: 'bridge' });
      const ports = ['web', 'client'].map((name) => net.iface(docker.container(name).endpoints[0]?.hostIface ?? ''));
      expect(ports.map((p) => p.hairpin === true)).toEqual([!userlandProxy, !userlandProxy]);
    }
  });

  it('matches usernet-portmap-noicc.md with ICC off, and turns on br_netfilter', () => {
    const ns = portmap({}, false);
    const forward = iptablesRules(ns.netfilter, 'filter').filter((r) => r.startsWith('-A DOCKER-FORWARD'));
    expect(forward).toEqual([
      '-A DOCKER-FORWARD -j DOCKER-CT',
      '-A DOCKER-FORWARD -j DOCKER-INTERNAL',
      '-A DOCKER-FORWARD -j DOCKER-BRIDGE',
      '-A DOCKER-FORWARD -i docker0 -j ACCEPT',
      '-A DOCKER-FORWARD -i bridge1 -o bridge1 -j DROP',
      '-A DOCKER-FORWARD -i bridge1 ! -o bridge1 -j ACCEPT',
    ]);
    expect(ns.bridgeNfCallIptables).toBe(true);
  });
});

describe('direct-access protection in the raw table (Engine 28.2.0+)', () => {
  // moby daemon/libnetwork/drivers/bridge/internal/iptabler/endpoint.go: AddEndpoint → filterDirectAccess,
  // for every endpoint of a non-internal bridge network, whether or not it publishes a port.
  it('drops packets for every container address that do not come from its bridge, published or not', () => {
    const { net, docker } = host();
    docker.run('web', { network: 'bridge', publish: [{ hostPort: 8080, containerPort: 80 }] });
    docker.run('client', { network: 'bridge' });
    const app = docker.createBridge('app', { subnet: '172.18.0.0/16' });
    docker.run('db', { network: 'app' });
    const br = net.iface(app.bridge).name;
    expect(iptablesRules(net.namespace('h').netfilter, 'raw')).toEqual([
      '-A PREROUTING -d 172.17.0.2/32 ! -i docker0 -j DROP',
      '-A PREROUTING -d 172.17.0.3/32 ! -i docker0 -j DROP',
      `-A PREROUTING -d 172.18.0.2/32 ! -i ${br} -j DROP`,
    ]);
  });

  it('adds none for a container on an --internal network', () => {
    const { net, docker } = host();
    docker.createBridge('backend', { subnet: '172.18.0.0/16', internal: true });
    docker.run('db', { network: 'backend' });
    expect(iptablesRules(net.namespace('h').netfilter, 'raw')).toEqual([]);
  });
});

describe('the default route of a multi-homed container', () => {
  // moby daemon/libnetwork/sandbox.go: the gateway endpoint is re-selected on every join,
  // in Endpoint.Less order: gw-priority, then not docker_gwbridge, then not internal, then network name.
  function defaultRoute(net: NetworkBuilder, ns: string) {
    const route = net.namespace(ns).routes.filter((r) => r.destination === 'default');
    return route.map((r) => `default via ${r.via} dev ${net.iface(r.dev).name}`);
  }

  it('moves to the network that sorts first when the container joins it', () => {
    const { net, docker } = host();
    docker.createBridge('app', { subnet: '172.18.0.0/16' });
    docker.createBridge('other', { subnet: '172.19.0.0/16' });
    docker.run('tester', { network: 'other' });
    expect(defaultRoute(net, 'h/tester')).toEqual(['default via 172.19.0.1 dev eth0']);
    docker.connect('app', 'tester');
    expect(defaultRoute(net, 'h/tester')).toEqual(['default via 172.18.0.1 dev eth1']);
  });

  it('stays when the new network sorts later or is --internal', () => {
    const { net, docker } = host();
    docker.createBridge('app', { subnet: '172.18.0.0/16' });
    docker.createBridge('zeta', { subnet: '172.19.0.0/16' });
    docker.createBridge('aaa-internal', { subnet: '172.20.0.0/16', internal: true });
    docker.run('tester', { network: 'app' });
    docker.connect('zeta', 'tester');
    docker.connect('aaa-internal', 'tester');
    expect(defaultRoute(net, 'h/tester')).toEqual(['default via 172.18.0.1 dev eth0']);
  });
});

describe('--internal networks (usernet-internal.md)', () => {
  it('fences the subnet in DOCKER-INTERNAL and adds no MASQUERADE', () => {
    const { net, docker } = host();
    docker.createBridge('bridge1', { bridgeName: 'bridgeICC', subnet: '192.0.2.0/24', internal: true });
    docker.createBridge('bridge2', { bridgeName: 'bridgeNoICC', subnet: '198.51.100.0/24', internal: true, icc: false });
    const ns = net.namespace('h');
    const rules = iptablesRules(ns.netfilter, 'filter');
    expect(rules.filter((r) => r.startsWith('-A DOCKER-INTERNAL'))).toEqual([
      '-A DOCKER-INTERNAL ! -s 198.51.100.0/24 -o bridgeNoICC -j DROP',
      '-A DOCKER-INTERNAL ! -d 198.51.100.0/24 -i bridgeNoICC -j DROP',
      '-A DOCKER-INTERNAL ! -s 192.0.2.0/24 -o bridgeICC -j DROP',
      '-A DOCKER-INTERNAL ! -d 192.0.2.0/24 -i bridgeICC -j DROP',
    ]);
    expect(rules).toContain('-A DOCKER-FORWARD -i bridgeICC -o bridgeICC -j ACCEPT');
    expect(rules).toContain('-A DOCKER-FORWARD -i bridgeNoICC -o bridgeNoICC -j DROP');
    expect(iptablesRules(ns.netfilter, 'nat')).toEqual([
      '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
      '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    ]);
  });
});

describe('docker network create / run', () => {
  it('names bridges br-<12 hex> and takes the next pool, 172.18.0.0/16', () => {
    const { net, docker } = host();
    const app = docker.createBridge('app');
    expect(app.subnet).toBe('172.18.0.0/16');
    expect(net.iface(app.bridge).name).toMatch(/^br-[0-9a-f]{12}$/);
    expect(docker.createBridge('other').subnet).toBe('172.19.0.0/16');
  });

  it('gives containers .2, .3 … with veth host ends named veth + 7 hex', () => {
    const { net, docker } = host();
    const a = docker.run('a', { network: 'bridge' });
    const b = docker.run('b', { network: 'bridge' });
    expect(a.endpoints[0]?.address).toBe('172.17.0.2');
    expect(b.endpoints[0]?.address).toBe('172.17.0.3');
    expect(net.iface(a.endpoints[0]?.hostIface ?? '').name).toMatch(/^veth[0-9a-f]{7}$/);
    expect(a.endpoints[0]?.mac).not.toMatch(/^02:42:ac:11/);
  });

  it('installs embedded DNS (127.0.0.11) only on user-defined networks', () => {
    const { net, docker } = host();
    docker.createBridge('app');
    const onApp = docker.run('web', { network: 'app' });
    const onDefault = docker.run('old', { network: 'bridge' });
    expect(onApp.nameservers).toEqual(['127.0.0.11']);
    expect(onDefault.nameservers).toEqual(['192.168.1.1']);
    const rules = iptablesRules(net.namespace(onApp.namespace).netfilter, 'nat');
    expect(rules[0]).toBe('-A OUTPUT -d 127.0.0.11/32 -j DOCKER_OUTPUT');
    expect(rules.some((r) => /^-A DOCKER_OUTPUT -d 127\.0\.0\.11\/32 -p udp -m udp --dport 53 -j DNAT --to-destination 127\.0\.0\.11:\d+$/.test(r))).toBe(true);
    expect(rules.some((r) => /^-A DOCKER_POSTROUTING -s 127\.0\.0\.11\/32 -p udp -m udp --sport \d+ -j SNAT --to-source :53$/.test(r))).toBe(true);
  });

  it('warns that -p is discarded with --network host, and rejects -p with container:', () => {
    const { docker } = host();
    expect(docker.run('h1', { network: 'host', publish: [{ hostPort: 80, containerPort: 80 }] }).warnings).toEqual(['WARNING: Published ports are discarded when using host network mode']);
    docker.run('web', { network: 'bridge' });
    expect(() => docker.run('side', { network: 'container:web', publish: [{ hostPort: 81, containerPort: 81 }] })).toThrow(/conflicting options: port publishing and the container type network mode/);
  });

  it('creates the 802.1Q sub-interface for a dotted macvlan parent', () => {
    const { net, docker } = host();
    const vlan10 = docker.createMacvlan('vlan10', { subnet: '192.168.10.0/24', gateway: '192.168.10.1', parent: 'eth0.10' });
    expect(vlan10.createdParent).toBe(true);
    expect(net.iface('h:eth0.10')).toMatchObject({ kind: 'vlan', vlanId: 10, parent: 'h:eth0' });
    expect(() => docker.createMacvlan('bad', { subnet: '10.1.0.0/24', gateway: '10.1.0.1', parent: 'eth9' })).toThrow(/parent interface was not found on the host: eth9/);
  });

  it('ipvlan: l2 by default with the subnet\'s first address as gateway; l3 gives the container `default dev eth0`', () => {
    const { net, docker } = host();
    const l2 = docker.createIpvlan('l2net', { subnet: '192.168.1.0/24', parent: 'eth0' });
    expect(l2).toMatchObject({ driver: 'ipvlan', ipvlanMode: 'l2', gateway: '192.168.1.1', createdParent: false });
    docker.run('a', { network: 'l2net', ip: '192.168.1.100' });
    expect(net.iface('h/a:eth0')).toMatchObject({ kind: 'ipvlan', ipvlanMode: 'l2', parent: 'h:eth0', mac: net.iface('h:eth0').mac });
    expect(net.build().namespaces.find((n) => n.id === 'h/a')?.routes.find((r) => r.destination === 'default')).toMatchObject({ via: '192.168.1.1', dev: 'h/a:eth0' });
  });

  it('ipvlan l3 on a dotted parent: Docker creates eth0.20; the default route has no gateway', () => {
    const { net, docker } = host();
    expect(docker.createIpvlan('l3net', { subnet: '10.20.0.0/24', parent: 'eth0.20', mode: 'l3' }).createdParent).toBe(true);
    expect(net.iface('h:eth0.20')).toMatchObject({ kind: 'vlan', vlanId: 20 });
    docker.run('b', { network: 'l3net' });
    const route = net.build().namespaces.find((n) => n.id === 'h/b')?.routes.find((r) => r.destination === 'default');
    expect(route).toMatchObject({ dev: 'h/b:eth0' });
    expect(route?.via).toBeUndefined();
  });
});

describe('overlay', () => {
  function cluster(controlPlane: 'swarm' | 'kv-store') {
    const net = new NetworkBuilder();
    const h1 = new DockerHost(net, { id: 'h1', lanAddress: '192.168.1.10/24' });
    const h2 = new DockerHost(net, { id: 'h2', lanAddress: '192.168.1.11/24' });
    const ov = OverlayNetwork.create([h1, h2], 'ov', { controlPlane });
    const c1 = h1.run('c1', { network: 'ov' });
    const c2 = h2.run('c2', { network: 'ov', listen: [{ port: 80, process: 'nginx' }] });
    return { net, ov, c1, c2 };
  }

  it('builds br0 + vxlan0 (VNI 4097, UDP 4789, MTU 1450) per host and fills the remote entries', () => {
    const { net, c2 } = cluster('swarm');
    const vxlan0 = net.iface('h1/ov-ov:vxlan0');
    expect(vxlan0.vxlan).toMatchObject({ vni: 4097, dstPort: 4789, local: '192.168.1.10', underlayNamespace: 'h1', proxyArp: true });
    expect(vxlan0.mtu).toBe(1450);
    expect(vxlan0.vxlan?.fdb).toContainEqual({ mac: c2.endpoints.find((e) => e.network === 'ov')?.mac, remote: '192.168.1.11', source: expect.stringContaining('NetworkDB') });
    expect(net.namespace('h1/ov-ov').neighbours).toContainEqual(expect.objectContaining({ address: '10.0.1.3', dev: 'h1/ov-ov:vxlan0' }));
    expect(net.iface('h1:docker_gwbridge').addresses).toEqual([{ address: '172.18.0.1', prefixLength: 16 }]);
  });

  it('uses the 1.9-era VNI range with the key-value store', () => {
    expect(cluster('kv-store').ov.vni).toBe(256);
  });

  it('carries the inner frame unchanged between hosts that can reach each other', () => {
    const { net } = cluster('swarm');
    // Wire h1 and h2 back to back for this unit test (the labs use the LAN switch).
    const topology = net.build();
    const a = topology.interfaces.find((i) => i.id === 'h1:eth0');
    const b = topology.interfaces.find((i) => i.id === 'h2:eth0');
    if (!a || !b) throw new Error('missing NICs');
    a.peer = b.id;
    b.peer = a.id;
    const trace = tracePacket(topology, { from: 'h1/c1', protocol: 'tcp', dst: '10.0.1.3', dport: 80 });
    expect(trace.verdict.outcome).toBe('delivered');
    const encap = trace.hops.find((h) => h.kind === 'encapsulate');
    const decap = trace.hops.find((h) => h.kind === 'decapsulate');
    const innerBefore = encap?.packet.slice(3);
    expect(decap?.packet).toEqual(innerBefore);
  });
});

describe('docker_gwbridge (swarm-portmap.md)', () => {
  it('is a bridge network with ICC off and a MASQUERADE for local sources, on the next free pool', () => {
    const net = new NetworkBuilder();
    const h1 = new DockerHost(net, { id: 'h1', lanAddress: '192.168.1.10/24' });
    OverlayNetwork.create([h1], 'ov');
    h1.run('c1', { network: 'ov' });
    const ns = net.namespace('h1');
    const filter = iptablesRules(ns.netfilter, 'filter');
    for (const rule of [
      '-A DOCKER ! -i docker_gwbridge -o docker_gwbridge -j DROP',
      '-A DOCKER-BRIDGE -o docker_gwbridge -j DOCKER',
      '-A DOCKER-CT -o docker_gwbridge -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A DOCKER-FORWARD -i docker_gwbridge -o docker_gwbridge -j DROP',
      '-A DOCKER-FORWARD -i docker_gwbridge ! -o docker_gwbridge -j ACCEPT',
    ]) expect(filter).toContain(rule);
    expect(iptablesRules(ns.netfilter, 'nat').filter((r) => r.startsWith('-A POSTROUTING'))).toEqual([
      '-A POSTROUTING -o docker_gwbridge -m addrtype --src-type LOCAL -j MASQUERADE',
      '-A POSTROUTING -s 172.18.0.0/16 ! -o docker_gwbridge -j MASQUERADE',
      '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    ]);
  });
});

describe('error replies are packets too', () => {
  /** h (a Docker host) cabled to a LAN server s, 192.168.1.20, which listens on nothing. */
  function withServer() {
    const net = new NetworkBuilder();
    const docker = new DockerHost(net, { id: 'h', lanAddress: '192.168.1.10/24' });
    net.addMachine('s', 's', 'lan-host');
    net.addNamespace({ id: 's', label: 's', role: 'lan-host', machine: 's' });
    const nic = net.addPhysical('s', 'eth0');
    net.addAddress(nic.id, '192.168.1.20/24');
    net.connectCable(docker.eth0.id, nic.id);
    return { net, docker };
  }

  it('a closed UDP port answers with ICMP port unreachable, RELATED to the masqueraded flow: un-NATed, quoted header too, and DOCKER-CT lets it in', () => {
    const { net, docker } = withServer();
    docker.run('client', { network: 'bridge' });
    const trace = tracePacket(net.build(), { from: 'h/client', protocol: 'udp', dst: '192.168.1.20', dport: 9, withReply: true });
    expect(trace.verdict).toMatchObject({ outcome: 'dropped', code: 'refused', namespace: 's' });
    const reply = trace.reply;
    expect(reply?.hops[0]).toMatchObject({ code: 'send.icmp-error', params: { error: 'port-unreachable', dst: '192.168.1.20', dport: 9 } });
    const related = reply?.hops.find((h) => h.kind === 'conntrack' && h.namespace === 'h');
    expect(related).toMatchObject({ code: 'conntrack.unsnat', params: { related: true } });
    expect(reply?.hops.find((h) => h.kind === 'netfilter' && h.namespace === 'h')?.detail?.rule?.text).toBe('-A DOCKER-CT -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
    const last = reply?.hops[reply.hops.length - 1];
    expect(reply?.verdict).toMatchObject({ outcome: 'dropped', code: 'refused', namespace: 'h/client' });
    const icmp = last?.packet.find((x) => x.layer === 'icmp');
    expect(icmp).toMatchObject({ type: 'unreachable', code: 'port-unreachable', quotedSrc: '172.17.0.2', quotedDst: '192.168.1.20', quotedDstPort: 9 });
    expect(last?.packet.find((x) => x.layer === 'ipv4')).toMatchObject({ src: '192.168.1.20', dst: '172.17.0.2' });
  });

  it('a published port with nothing listening in the container: the reset comes back through the same DNAT, from 192.168.1.10:8080', () => {
    const { net, docker } = withServer();
    docker.run('web', { network: 'bridge', publish: [{ hostPort: 8080, containerPort: 80 }] });
    const trace = tracePacket(net.build(), { from: 's', protocol: 'tcp', dst: '192.168.1.10', dport: 8080, withReply: true });
    expect(trace.verdict).toMatchObject({ code: 'refused', namespace: 'h/web' });
    const reply = trace.reply;
    expect(reply?.hops[0]?.packet.find((x) => x.layer === 'tcp')).toMatchObject({ flags: 'RST', srcPort: 80 });
    const last = reply?.hops[reply.hops.length - 1];
    expect(last?.packet.find((x) => x.layer === 'ipv4')).toMatchObject({ src: '192.168.1.10', dst: '192.168.1.20' });
    expect(last?.packet.find((x) => x.layer === 'tcp')).toMatchObject({ srcPort: 8080, flags: 'RST' });
    expect(last).toMatchObject({ code: 'deliver.reset' });
  });
});


describe('taking things away (docker rm -f, network disconnect, network rm)', () => {
  const state = (net: NetworkBuilder) => ({ rules: (['raw', 'nat', 'filter'] as const).map((t) => iptablesRules(net.namespace('h').netfilter, t)), routeLocalnet: [...net.namespace('h').routeLocalnet], sockets: [...net.namespace('h').sockets], routes: [...net.namespace('h').routes], interfaces: [...net.namespace('h').interfaces] });

  it('docker rm -f of a published container gives back exactly the host it found: rules, docker-proxy, veth', () => {
    for (const userlandProxy of [true, false]) {
      const { net, docker } = host({ userlandProxy });
      docker.createBridge('app', { subnet: '192.0.2.0/24' });
      const before = state(net);
      docker.run('c1', { network: 'app', publish: [{ hostPort: 8080, containerPort: 80 }, { hostIp: '127.0.0.1', hostPort: 8081, containerPort: 81 }], listen: [{ port: 80, process: 'nginx' }] });
      expect(state(net)).not.toEqual(before);
      docker.remove('c1', { force: true });
      expect(state(net)).toEqual(before);
      expect(net.hasNamespace('h/c1')).toBe(false);
      expect(net.dnsRecord(docker.networks.get('app')?.dnsZone ?? '', 'c1')).toBeUndefined();
    }
  });

  it('docker network rm gives back the daemon it found, and frees the subnet', () => {
    const { net, docker } = host();
    const before = state(net);
    docker.createBridge('app', { internal: true, icc: false });
    docker.createBridge('app2');
    docker.removeNetwork('app');
    docker.removeNetwork('app2');
    expect(state(net)).toEqual(before);
    expect(docker.allocateLocalSubnet()).toBe('172.18.0.0/16');
    // A name used again is a new network: a new id and a new br-<12 hex>.
    const first = docker.createBridge('app');
    docker.removeNetwork('app');
    const second = docker.createBridge('app');
    expect(second.id).not.toBe(first.id);
  });

  it('a macvlan network takes the VLAN sub-interface Docker made for it; a parent it found stays', () => {
    const { net, docker } = host();
    docker.createMacvlan('vlan10', { subnet: '192.168.10.0/24', gateway: '192.168.10.1', parent: 'eth0.10' });
    docker.run('m1', { network: 'vlan10' });
    expect(() => docker.removeNetwork('vlan10')).toThrow(/has active endpoints \(name:"m1" id:"[0-9a-f]{12}"\)/);
    docker.remove('m1', { force: true });
    docker.removeNetwork('vlan10');
    expect(net.findInterface('h', 'eth0.10')).toBeUndefined();
    expect(net.findInterface('h', 'eth0')).toBeDefined();
  });

  it('an alias two containers share answers with the one left when the newer goes', () => {
    const { net, docker } = host();
    docker.createBridge('app');
    docker.run('a', { network: 'app' });
    docker.run('b', { network: 'app' });
    docker.addAlias('app', 'a', 'db');
    docker.addAlias('app', 'b', 'db');
    const zone = docker.networks.get('app')?.dnsZone ?? '';
    expect(net.dnsRecord(zone, 'db')).toBe('172.18.0.3');
    docker.disconnect('app', 'b');
    expect(net.dnsRecord(zone, 'db')).toBe('172.18.0.2');
    expect(net.dnsRecord(zone, 'b')).toBeUndefined();
  });

  it('disconnect re-selects the default route from the endpoints left; an overlay endpoint is refused as not modelled', () => {
    const { net, docker } = host();
    docker.createBridge('app');
    docker.run('t', { network: 'bridge' });
    docker.connect('app', 't');
    expect(net.namespace('h/t').routes.find((r) => r.destination === 'default')?.via).toBe('172.18.0.1');
    docker.disconnect('app', 't');
    expect(net.namespace('h/t').routes.find((r) => r.destination === 'default')?.via).toBe('172.17.0.1');
    docker.disconnect('bridge', 't');
    expect(docker.hasDefaultRoute('h/t')).toBe(false);
    expect(net.namespace('h/t').interfaces).toEqual(['h/t:lo']);
  });
});
