/**
 * Lab `macvlan-trunk`: macvlan networks on 802.1Q sub-interfaces
 * (`-o parent=eth0.10`), a trunk to the switch, and routing between VLANs.
 * https://docs.docker.com/engine/network/drivers/macvlan/#8021q-trunk-bridge-mode
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { accessPort, trunkPort } from './world';
import { defineLab } from './define';

export const macvlanTrunk = defineLab({
  id: 'macvlan-trunk',
  title: 'Macvlan with 802.1Q trunks',
  summary: 'c10 (192.168.10.2) on VLAN 10 and c20 (192.168.20.2, nginx) on VLAN 20 through host1\'s eth0.10 / eth0.20; server10 (192.168.10.50) on a VLAN 10 access port; the router routes between VLANs.',
  options: [
    {
      id: 'hostPort',
      type: 'enum',
      label: 'host1\'s switch port',
      description: 'A trunk carries VLANs 10 and 20 tagged; an access port only carries untagged VLAN 1 and drops tagged frames.',
      values: [
        { value: 'trunk', label: 'trunk (VLAN 1 untagged, 10 and 20 tagged)' },
        { value: 'access', label: 'access port (VLAN 1 only)' },
      ],
      default: 'trunk',
    },
  ],
  flows: [
    { id: 'vlan10-to-server', label: 'c10 → server10:80 (same VLAN)', description: 'Tagged VID 10 between host1 and the switch, untagged inside the container and on server10\'s access port.', source: 'container c10', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c10', protocol: 'tcp', dst: '192.168.10.50', dport: 80 }) },
    { id: 'vlan10-to-vlan20', label: 'c10 → c20:80 (another VLAN)', description: 'Different VLANs are different networks: the frame goes to the router (tag 10) and comes back routed (tag 20).', source: 'container c10', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c10', protocol: 'tcp', dst: '192.168.20.2', dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab({ routerPort: trunkPort([10, 20]) });
    const { net } = ctx;
    // Router-on-a-stick: one trunk port, a VLAN sub-interface per VLAN.
    const r10 = net.addVlan('router', 'eth0.10', 'router:eth0', 10);
    net.addAddress(r10.id, '192.168.10.1/24');
    const r20 = net.addVlan('router', 'eth0.20', 'router:eth0', 20);
    net.addAddress(r20.id, '192.168.20.1/24');
    ctx.commands.push('ip link add link eth0 name eth0.10 type vlan id 10 && ip addr add 192.168.10.1/24 dev eth0.10   # on the router', 'ip link add link eth0 name eth0.20 type vlan id 20 && ip addr add 192.168.20.1/24 dev eth0.20   # on the router');

    net.addMachine('server10', 'server10', 'lan-host');
    net.addNamespace({ id: 'server10', label: 'server10', role: 'lan-host', machine: 'server10' });
    const s10 = net.addPhysical('server10', 'eth0');
    net.addAddress(s10.id, '192.168.10.50/24');
    net.addRoute('server10', { destination: 'default', via: '192.168.10.1', dev: s10.id });
    net.addSocket('server10', { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'web server (server10)' });
    ctx.world.plug(s10, accessPort(10));

    addDockerHost(ctx, 'host1', ADDR.host1, {}, options.hostPort === 'trunk' ? trunkPort([10, 20]) : accessPort(1));
    docker(
      ctx,
      'docker network create -d macvlan --subnet 192.168.10.0/24 --gateway 192.168.10.1 -o parent=eth0.10 vlan10',
      'docker network create -d macvlan --subnet 192.168.20.0/24 --gateway 192.168.20.1 -o parent=eth0.20 vlan20',
      'docker run -d --name c10 --network vlan10 alpine sleep infinity',
      'docker run -d --name c20 --network vlan20 nginx',
    );
    ctx.notes.push(
      'Docker created eth0.10 and eth0.20 (VID 1–4094) because the parents did not exist, and removes them with the networks.',
      options.hostPort === 'trunk' ? 'host1\'s switch port is a trunk: VLAN 1 untagged, 10 and 20 tagged.' : 'host1\'s switch port is an access port in VLAN 1: tagged frames from eth0.10/eth0.20 are dropped at the switch.',
      'ipvlan is the relative that shares the parent\'s MAC address instead of creating new ones.',
    );
    return finish(ctx);
  },
});
