/**
 * Lab `choosing`: the same goal — reach a web server in a container from the
 * LAN — in every mode that can do it, so the hop counts come from the engine.
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const choosing = defineLab({
  id: 'choosing',
  title: 'Choosing a network',
  summary:
    'One web server per mode: web-bridge (-p 8080:80), web-app on a user-defined bridge (-p 8082:80) and web-host on host1, web-mv (192.168.1.100) on macvlan, web-ov on host2 attached to an overlay and published with -p 8081:80 through docker_gwbridge.',
  options: [
    {
      id: 'publish',
      type: 'boolean',
      label: 'Publish the bridge and overlay servers with -p',
      description:
        'Without -p, a container behind a bridge (default, user-defined, or docker_gwbridge for an overlay) has no DNAT rule and the LAN cannot reach it; host and macvlan servers need no -p at all.',
      default: true,
    },
  ],
  flows: [
    { id: 'lan-to-bridge', label: 'bridge: laptop → 192.168.1.10:8080', description: 'Published port on the default bridge: DNAT, FORWARD, the bridge.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 8080 }) },
    { id: 'lan-to-user-bridge', label: 'user-defined bridge: laptop → 192.168.1.10:8082', description: 'Published port on a user-defined bridge: the same DNAT and FORWARD walk as the default bridge, on br-<id>.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 8082 }) },
    { id: 'lan-to-host', label: 'host: laptop → 192.168.1.10:80', description: 'Host networking: the server is in host1\'s namespace.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 80 }) },
    { id: 'lan-to-macvlan', label: 'macvlan: laptop → 192.168.1.100:80', description: 'The container is a LAN neighbour with its own MAC.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '192.168.1.100', dport: 80 }) },
    {
      id: 'lan-to-overlay',
      label: 'overlay: laptop → 192.168.1.11:8081',
      description: 'A container on an overlay, published with -p: the port is on docker_gwbridge, not on the overlay. (Swarm services publish through the ingress routing mesh instead — IPVS, not modelled here.)',
      source: 'the laptop on the LAN',
      showReply: true,
      packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host2, dport: 8081 }),
    },
  ],
  build(options) {
    const ctx = startLab();
    addDockerHost(ctx, 'host1', ADDR.host1);
    addDockerHost(ctx, 'host2', ADDR.host2);
    const flag = (hostPort: number) => (options.publish !== false ? `-p ${hostPort}:80 ` : '');
    // The nginx processes are named for their containers: web-host's shares host1's own namespace.
    for (const name of ['web-bridge', 'web-app', 'web-host', 'web-mv', 'web-ov']) ctx.listen.set(name, [{ port: 80, process: `nginx (${name})` }]);
    // One docker() call: the overlay needs the swarm the earlier lines form.
    docker(
      ctx,
      `docker run -d --name web-bridge ${flag(8080)}nginx   # on host1`,
      'docker network create app   # on host1',
      `docker run -d --name web-app --network app ${flag(8082)}nginx   # on host1`,
      'docker run -d --name web-host --network host nginx   # on host1',
      'docker network create -d macvlan --subnet 192.168.1.0/24 --gateway 192.168.1.1 --ip-range 192.168.1.96/28 -o parent=eth0 lan   # on host1',
      'docker run -d --name web-mv --network lan --ip 192.168.1.100 nginx   # on host1',
      'docker swarm init --advertise-addr 192.168.1.10   # on host1',
      'docker network create -d overlay --attachable --subnet 10.0.1.0/24 ov   # on host1',
      'docker swarm join --token … 192.168.1.10:2377   # on host2',
      `docker run -d --name web-ov --network ov ${flag(8081)}nginx   # on host2`,
    );
    ctx.notes.push('none cannot serve the LAN at all; container: mode serves through the namespace it joins.');
    return finish(ctx);
  },
});
