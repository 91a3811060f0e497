/**
 * Lab `none`: `--network none` gives a namespace with only `lo`. Plugging it
 * in by hand (what a CNI plugin or an Open vSwitch script does) makes it work.
 * https://docs.docker.com/engine/network/drivers/none/
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const noneLab = defineLab({
  id: 'none',
  title: 'None: a namespace with only loopback',
  summary: 'box runs with --network none on host1.',
  options: [
    {
      id: 'plugIn',
      type: 'boolean',
      label: 'Plug it in yourself',
      description: 'Create bridge cni0 (10.22.0.1/24), a veth into box\'s namespace, an address, a default route, FORWARD accepts and a MASQUERADE rule — by hand, like a CNI bridge plugin.',
      default: false,
    },
  ],
  flows: [
    { id: 'loopback', label: 'box pings 127.0.0.1', description: 'lo always works: the packet never leaves the namespace.', source: 'container box', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/box', protocol: 'icmp', dst: '127.0.0.1' }) },
    { id: 'to-internet', label: 'box fetches http://93.184.216.34', description: 'No interface, no route: "Network is unreachable" — until you plug it in.', source: 'container box', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/box', protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
    docker(ctx, 'docker run -d --name box --network none alpine sleep infinity');
    const box = host1.container('box');
    if (options.plugIn) {
      const { net } = ctx;
      ctx.commands.push(
        'pid=$(docker inspect -f {{.State.Pid}} box)',
        'ip link add cni0 type bridge && ip addr add 10.22.0.1/24 dev cni0 && ip link set cni0 up',
        'ip link add vethbox0 type veth peer name eth0 netns $pid',
        'ip link set vethbox0 master cni0 && ip link set vethbox0 up',
        'nsenter -t $pid -n ip addr add 10.22.0.2/24 dev eth0',
        'nsenter -t $pid -n ip route add default via 10.22.0.1',
        'iptables -A FORWARD -i cni0 -j ACCEPT',
        'iptables -A FORWARD -o cni0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
        'iptables -t nat -A POSTROUTING -s 10.22.0.0/24 ! -o cni0 -j MASQUERADE',
      );
      const cni0 = net.addBridge('host1', 'cni0', { description: 'a bridge you made yourself' });
      net.addAddress(cni0.id, '10.22.0.1/24');
      const [hostEnd, eth0] = net.addVethPair('host1', 'vethbox0', box.namespace, 'eth0');
      net.setMaster(hostEnd.id, cni0.id);
      net.addAddress(eth0.id, '10.22.0.2/24');
      net.addRoute(box.namespace, { destination: 'default', via: '10.22.0.1', dev: eth0.id });
      // Appended after Docker's jumps: DOCKER-FORWARD ignores cni0, so these decide (the policy is DROP).
      net.appendRule('host1', 'filter', 'FORWARD', { match: { inInterface: { value: 'cni0' } }, target: { kind: 'ACCEPT' } });
      net.appendRule('host1', 'filter', 'FORWARD', { match: { outInterface: { value: 'cni0' }, ctState: ['RELATED', 'ESTABLISHED'] }, target: { kind: 'ACCEPT' } });
      net.appendRule('host1', 'nat', 'POSTROUTING', { match: { source: { value: '10.22.0.0/24' }, outInterface: { value: 'cni0', negate: true } }, target: { kind: 'MASQUERADE' } });
    }
    return finish(ctx);
  },
});
