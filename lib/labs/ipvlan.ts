/**
 * Lab `ipvlan`: containers c1 (nginx) and c2 as ipvlan children of host1's eth0 — they share
 * eth0's MAC address, and the parent picks a child by IP address.
 * https://docs.docker.com/engine/network/drivers/ipvlan/ and
 * https://docs.kernel.org/networking/ipvlan.html
 *
 * L2 mode: the containers are on the LAN's subnet and do their own ARP; an ARP reply for a
 * container carries host1's MAC. L3 mode: the containers are on their own subnet
 * (192.168.50.0/24), host1 routes for them, nothing on the LAN can ARP for them, and the router
 * needs a route to their subnet via host1.
 */
import { ADDR, addDockerHost, docker, finish, ref, startLab } from './common';
import { defineLab } from './define';

/** The containers' addresses in each mode: the LAN's subnet in L2, a subnet of their own in L3. */
const ADDRESSES = {
  l2: { subnet: ADDR.lan, c1: '192.168.1.100', c2: '192.168.1.101' },
  l3: { subnet: '192.168.50.0/24', c1: '192.168.50.100', c2: '192.168.50.101' },
} as const;

export const ipvlan = defineLab({
  id: 'ipvlan',
  title: 'Ipvlan, L2 and L3 mode',
  summary: 'c1 (nginx) and c2 are ipvlan children of host1\'s eth0: one MAC address, host1\'s, for all of them.',
  options: [
    {
      id: 'mode',
      type: 'enum',
      label: 'ipvlan mode',
      description: 'L2: the containers are on the LAN (192.168.1.100, .101) and answer ARP with host1\'s MAC. L3: they are on 192.168.50.0/24, host1 routes for them, and nobody can ARP for them.',
      values: [
        { value: 'l2', label: 'L2' },
        { value: 'l3', label: 'L3' },
      ],
      default: 'l2',
    },
    {
      id: 'routerRoute',
      type: 'enum',
      label: 'Router\'s route to 192.168.50.0/24 (L3 mode)',
      description: 'In L3 mode the LAN must route to the containers\' subnet through host1. A route "on the LAN" (dev eth0) makes the router ARP for them, and nothing answers.',
      values: [
        { value: 'none', label: 'none' },
        { value: 'via-host', label: 'via host1 (192.168.1.10)' },
        { value: 'on-link', label: 'on the LAN (dev eth0)' },
      ],
      default: 'none',
    },
  ],
  flows: [
    { id: 'container-to-laptop', label: 'c1 pings the laptop', description: 'L2: c1 does its own ARP through eth0, with host1\'s MAC. L3: host1 routes c1\'s packet; the reply needs the router\'s route back.', source: 'container c1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c1', protocol: 'icmp', dst: ADDR.laptop }) },
    { id: 'laptop-to-container', label: 'laptop → c1:80', description: 'L2: the ARP reply for c1 carries host1\'s MAC, and eth0 hands the packet to c1 by its IP address. L3: only through the router, with a route via host1.', source: 'the laptop on the LAN', showReply: true, packet: (built) => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ref(built, 'c1'), dport: 80 }) },
    { id: 'container-to-container', label: 'c2 pings c1', description: 'Two children of one parent: the driver passes the packet from one to the other inside host1, in both modes.', source: 'container c2', showReply: true, packet: (built) => ({ kind: 'packet', from: 'host1/c2', protocol: 'icmp', dst: ref(built, 'c1') }) },
    { id: 'host-to-container', label: 'host1 → c1:80', description: 'The parent cannot reach its own children directly, as with macvlan: in L2 its ARP fails; in L3 the packet goes to the router, and only a route there via host1 brings it back to c1.', source: 'a process on host1', showReply: true, packet: (built) => ({ kind: 'packet', from: 'host1', protocol: 'tcp', dst: ref(built, 'c1'), dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const mode = options.mode;
    const addresses = ADDRESSES[mode];
    addDockerHost(ctx, 'host1', ADDR.host1, {}, undefined);
    if (mode === 'l2') {
      docker(ctx, `docker network create -d ipvlan --subnet ${addresses.subnet} --gateway ${ADDR.router} --ip-range 192.168.1.96/28 -o parent=eth0 lan`);
    } else {
      docker(ctx, `docker network create -d ipvlan --subnet ${addresses.subnet} -o parent=eth0 -o ipvlan_mode=l3 lan`);
    }
    docker(ctx, `docker run -d --name c1 --network lan --ip ${addresses.c1} nginx`, `docker run -d --name c2 --network lan --ip ${addresses.c2} alpine sleep infinity`);
    ctx.refs.c1 = addresses.c1;
    if (mode === 'l3' && options.routerRoute !== 'none') {
      const viaHost = options.routerRoute === 'via-host';
      ctx.commands.push(`ip route add ${addresses.subnet} ${viaHost ? `via ${ADDR.host1}` : 'dev eth0'}   # on the router`);
      ctx.net.addRoute('router', { destination: addresses.subnet, dev: 'router:eth0', ...(viaHost ? { via: ADDR.host1 } : {}) });
    }
    ctx.notes.push('c1 and c2 have host1\'s MAC address: the switch learns one MAC on host1\'s port however many containers there are, so ipvlan works where a port or a NIC allows only one MAC (port security, many Wi-Fi and cloud networks).');
    if (mode === 'l2') ctx.notes.push('L2 mode: an ARP reply for 192.168.1.100 carries host1\'s MAC, and host1\'s eth0 hands each packet to the container with its destination IP address.');
    else ctx.notes.push('L3 mode: the containers\' default route is `default dev eth0`; host1 routes for them, with no ARP and no broadcast. The LAN reaches 192.168.50.0/24 only through a route via host1 (192.168.1.10).');
    ctx.notes.push('Docker\'s ipvlan driver has no DHCP: addresses come from --subnet/--ip-range, so keep them out of the LAN\'s DHCP pool.');
    return finish(ctx);
  },
});
