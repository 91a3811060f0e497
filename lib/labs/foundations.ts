/**
 * Lab `foundations`: build a bridge network by hand, the way Docker does it,
 * one `ip`/`iptables` command at a time. Every step is an option; each flow
 * fails with the honest reason until the step it needs is switched on.
 */
import { ADDR, finish, startLab } from './common';
import { defineLab } from './define';

const HOST = 'host1';
const NS1 = 'host1/ns1';
const NS2 = 'host1/ns2';

export const foundations = defineLab({
  id: 'foundations',
  title: 'Foundations: namespaces, veth pairs and bridges',
  summary: 'Two network namespaces on host1, wired to a bridge by hand: the same pieces Docker assembles for every bridge network.',
  options: [
    { id: 'veth', type: 'boolean', label: 'Create veth pairs', description: 'ip link add veth-ns1 type veth peer name eth0 netns ns1 (and the same for ns2): a virtual cable from each namespace to the host.', default: false },
    { id: 'bridge', type: 'boolean', label: 'Create a bridge and plug the veths in', description: 'ip link add br0 type bridge; ip link set veth-ns1 master br0: the host ends of the cables go into one virtual switch.', default: false },
    { id: 'addresses', type: 'boolean', label: 'Add addresses and a default route', description: 'ns1 10.0.0.2/24, ns2 10.0.0.3/24, br0 10.0.0.1/24; in each namespace: ip route add default via 10.0.0.1.', default: false },
    { id: 'forwarding', type: 'boolean', label: 'Turn on IP forwarding', description: 'sysctl -w net.ipv4.ip_forward=1: host1 may now route packets between br0 and eth0.', default: false },
    { id: 'masquerade', type: 'boolean', label: 'Add a MASQUERADE rule', description: 'iptables -t nat -A POSTROUTING -s 10.0.0.0/24 ! -o br0 -j MASQUERADE: packets leaving for the LAN take host1\'s address, so replies can find their way back.', default: false },
  ],
  flows: [
    { id: 'ping-bridge', label: 'ns1 pings the bridge (10.0.0.1)', description: 'Needs the veth pair, the bridge and the addresses.', source: 'namespace ns1', showReply: true, packet: () => ({ kind: 'packet', from: NS1, protocol: 'icmp', dst: '10.0.0.1' }) },
    { id: 'ping-other', label: 'ns1 pings ns2 (10.0.0.3)', description: 'Layer 2 through the bridge: needs veths, bridge and addresses — but no forwarding.', source: 'namespace ns1', showReply: true, packet: () => ({ kind: 'packet', from: NS1, protocol: 'icmp', dst: '10.0.0.3' }) },
    { id: 'reach-internet', label: 'ns1 fetches http://93.184.216.34', description: 'Leaves host1 through eth0: needs every step, including forwarding and MASQUERADE.', source: 'namespace ns1', showReply: true, packet: () => ({ kind: 'packet', from: NS1, protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const { net, commands, notes } = ctx;
    net.addMachine(HOST, 'host1', 'server');
    net.addNamespace({ id: HOST, label: 'host1', role: 'root', machine: HOST });
    const eth0 = net.addPhysical(HOST, 'eth0', { description: 'the host NIC on the LAN' });
    net.addAddress(eth0.id, `${ADDR.host1}/24`);
    net.addRoute(HOST, { destination: 'default', via: ADDR.router, dev: eth0.id });
    ctx.world.plug(eth0);
    notes.push('On a machine with Docker, `docker network ls` would already show three networks: bridge, host and none. This lab builds the first one by hand.');

    commands.push('ip netns add ns1', 'ip netns add ns2');
    net.addNamespace({ id: NS1, label: 'ns1', role: 'container', machine: HOST, netnsName: 'ns1' });
    net.addNamespace({ id: NS2, label: 'ns2', role: 'container', machine: HOST, netnsName: 'ns2' });

    if (options.veth) {
      commands.push('ip link add veth-ns1 type veth peer name eth0 netns ns1', 'ip link add veth-ns2 type veth peer name eth0 netns ns2');
      net.addVethPair(HOST, 'veth-ns1', NS1, 'eth0');
      net.addVethPair(HOST, 'veth-ns2', NS2, 'eth0');
    }
    if (options.bridge) {
      commands.push('ip link add br0 type bridge');
      const br0 = net.addBridge(HOST, 'br0');
      if (options.veth) {
        commands.push('ip link set veth-ns1 master br0', 'ip link set veth-ns2 master br0');
        net.setMaster(`${HOST}:veth-ns1`, br0.id);
        net.setMaster(`${HOST}:veth-ns2`, br0.id);
      }
    }
    if (options.addresses) {
      if (options.bridge) {
        commands.push('ip addr add 10.0.0.1/24 dev br0');
        net.addAddress(`${HOST}:br0`, '10.0.0.1/24');
      }
      if (options.veth) {
        commands.push('ip -n ns1 addr add 10.0.0.2/24 dev eth0', 'ip -n ns2 addr add 10.0.0.3/24 dev eth0', 'ip -n ns1 route add default via 10.0.0.1', 'ip -n ns2 route add default via 10.0.0.1');
        net.addAddress(`${NS1}:eth0`, '10.0.0.2/24');
        net.addAddress(`${NS2}:eth0`, '10.0.0.3/24');
        net.addRoute(NS1, { destination: 'default', via: '10.0.0.1', dev: `${NS1}:eth0` });
        net.addRoute(NS2, { destination: 'default', via: '10.0.0.1', dev: `${NS2}:eth0` });
      } else {
        notes.push('There is no eth0 in ns1 or ns2 yet to put an address on: create the veth pairs first.');
      }
    }
    if (options.forwarding) {
      commands.push('sysctl -w net.ipv4.ip_forward=1');
      net.setForwarding(HOST, true);
    }
    if (options.forwarding && !options.masquerade) {
      notes.push(
        'An assumption of this lab: its router has no default route (the internet is drawn one hop away), so the SYN-ACK for 10.0.0.2 dies there for want of a route. A real home router has a default route to its ISP and would send that reply upstream, where it is lost; many routers already drop the SYN, by reverse-path filtering (rp_filter), because 10.0.0.0/24 is not reachable through the port it came in on.',
      );
    }
    if (options.masquerade) {
      commands.push('iptables -t nat -A POSTROUTING -s 10.0.0.0/24 ! -o br0 -j MASQUERADE');
      net.appendRule(HOST, 'nat', 'POSTROUTING', { match: { source: { value: '10.0.0.0/24' }, outInterface: { value: 'br0', negate: true } }, target: { kind: 'MASQUERADE' } });
    }
    return finish(ctx);
  },
});
