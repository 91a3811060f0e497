/**
 * Lab `macvlan`: containers with their own MAC and LAN address on host1's
 * eth0 — no bridge, no NAT. https://docs.docker.com/engine/network/drivers/macvlan/
 * The kernel never passes frames between a macvlan lower device and its own
 * children (ip-link(8), MACVLAN modes), hence the "shim" trick.
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const macvlan = defineLab({
  id: 'macvlan',
  title: 'Macvlan, bridge mode',
  summary: 'm1 (192.168.1.100, nginx) and m2 (192.168.1.101) sit directly on the LAN through host1\'s eth0.',
  options: [
    {
      id: 'mode',
      type: 'enum',
      label: 'macvlan mode',
      description: 'bridge: siblings talk inside the driver. private: no broadcasts between siblings, so their ARP fails. vepa: only through the switch, which must send frames back out the port they came in (hairpin).',
      values: [
        { value: 'bridge', label: 'bridge' },
        { value: 'private', label: 'private' },
        { value: 'vepa', label: 'vepa' },
      ],
      default: 'bridge',
    },
    { id: 'shim', type: 'boolean', label: 'Add a macvlan "shim" on host1', description: 'ip link add mac0 link eth0 type macvlan mode bridge + 192.168.1.99/32 + a route to 192.168.1.96/28: the host talks to its containers as a sibling.', default: false },
    { id: 'switchHairpin', type: 'boolean', label: 'Switch port hairpin (reflective relay)', description: 'The LAN switch sends frames back out of host1\'s port — what vepa needs.', default: false },
  ],
  flows: [
    { id: 'lan-to-container', label: 'laptop → 192.168.1.100:80 (m1)', description: 'Straight across the LAN switch to m1\'s own MAC: no NAT, no host routing.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '192.168.1.100', dport: 80 }) },
    { id: 'container-to-container', label: 'm2 pings m1', description: 'Two children of one parent: switched inside the macvlan driver in bridge mode.', source: 'container m2', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/m2', protocol: 'icmp', dst: '192.168.1.100' }) },
    { id: 'host-to-container', label: 'host1 → 192.168.1.100:80', description: 'The parent cannot reach its own children — unless a shim interface makes the host a sibling.', source: 'a process on host1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1', protocol: 'tcp', dst: '192.168.1.100', dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const mode = options.mode;
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1, {}, undefined);
    if (options.switchHairpin) {
      const port = ctx.net.iface(host1.eth0.peer ?? '');
      port.hairpin = true;
      ctx.commands.push(`bridge link set dev ${port.name} hairpin on   # on the switch`);
    }
    // --ip-range and --aux-address are now modelled: IPAM would hand out 192.168.1.96–111 minus .99.
    docker(ctx, `docker network create -d macvlan --subnet 192.168.1.0/24 --gateway 192.168.1.1 --ip-range 192.168.1.96/28 --aux-address host=192.168.1.99 -o parent=eth0${mode !== 'bridge' ? ` -o macvlan_mode=${mode}` : ''} lan`);
    docker(ctx, 'docker run -d --name m1 --network lan --ip 192.168.1.100 nginx', 'docker run -d --name m2 --network lan --ip 192.168.1.101 alpine sleep infinity');
    if (options.shim) {
      ctx.commands.push('ip link add mac0 link eth0 type macvlan mode bridge', 'ip addr add 192.168.1.99/32 dev mac0', 'ip link set mac0 up', 'ip route add 192.168.1.96/28 dev mac0');
      const mac0 = ctx.net.addMacvlan('host1', 'mac0', host1.eth0.id, 'bridge', { description: 'the shim: host1 as a macvlan sibling' });
      ctx.net.addAddress(mac0.id, '192.168.1.99/32');
      ctx.net.addRoute('host1', { destination: '192.168.1.96/28', dev: mac0.id, src: '192.168.1.99' });
    }
    ctx.notes.push('Each container adds a MAC address to host1\'s switch port: port security may block it, most clouds and Wi-Fi access points refuse it, and Docker Desktop does not support macvlan.');
    return finish(ctx);
  },
});
