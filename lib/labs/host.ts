/**
 * Lab `host`: `--network host` — the container's processes live in host1's
 * own namespace: no veth, no NAT, no address of its own, no isolation.
 * https://docs.docker.com/engine/network/drivers/host/
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const hostLab = defineLab({
  id: 'host',
  title: 'Host networking',
  summary: 'web runs nginx with --network host on host1; host1 itself runs postgres on 127.0.0.1:5432.',
  options: [
    { id: 'publish', type: 'boolean', label: 'Also pass -p 8080:80', description: 'Docker discards published ports in host mode and prints a warning: nothing listens on 8080.', default: false },
    {
      id: 'listen',
      type: 'enum',
      label: 'nginx listens on',
      description:
        'In host mode the process\'s own bind address is the only access control Docker leaves: bound to 127.0.0.1, nginx is reachable from host1 only, never from the LAN.',
      values: [
        { value: '0.0.0.0', label: '0.0.0.0 (every address of host1)' },
        { value: '127.0.0.1', label: '127.0.0.1 (loopback only)' },
      ],
      default: '0.0.0.0',
    },
  ],
  flows: [
    { id: 'lan-to-web', label: 'laptop → 192.168.1.10:80', description: 'Straight to nginx in host1\'s namespace: no bridge, no DNAT, no FORWARD.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 80 }) },
    { id: 'lan-to-8080', label: 'laptop → 192.168.1.10:8080', description: 'The "published" port: refused, because -p is ignored in host mode.', source: 'the laptop on the LAN', showReply: false, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 8080 }) },
    { id: 'web-to-host-localhost', label: 'web → 127.0.0.1:5432 (host1\'s postgres)', description: 'No isolation: the container reaches services the host bound to loopback only.', source: 'container web', showReply: true, packet: () => ({ kind: 'packet', from: 'host1', protocol: 'tcp', dst: '127.0.0.1', dport: 5432 }) },
    {
      id: 'second-web-binds-80',
      label: 'a second host-mode container starts nginx on :80',
      description: 'Both containers share host1\'s port space: the second bind() fails.',
      source: 'container web2',
      showReply: false,
      packet: () => ({ kind: 'bind', namespace: 'host1', socket: { protocol: 'tcp', address: '0.0.0.0', port: 80, process: 'nginx (web2)' } }),
    },
  ],
  build(options) {
    const ctx = startLab();
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
    ctx.net.addSocket('host1', { protocol: 'tcp', address: '127.0.0.1', port: 5432, process: 'postgres (on host1, loopback only)' });
    const listenAddress = String(options.listen);
    // nginx.conf is a file in the image, not a docker line: the lab says what it binds.
    ctx.listen.set('web', [{ port: 80, address: listenAddress, process: 'nginx (web)' }]);
    docker(ctx, `docker run -d --name web --network host ${options.publish ? '-p 8080:80 ' : ''}nginx`);
    if (listenAddress !== '0.0.0.0') ctx.commands.push(`# nginx.conf in web: listen ${listenAddress}:80;`);
    const web = host1.container('web');
    ctx.notes.push(...web.warnings, 'web has no IP address of its own: it uses host1\'s 192.168.1.10.', 'docker run --network host web2 with nginx would fail: bind() to 0.0.0.0:80: address already in use.');
    // Not built: the flow "a second host-mode container" is this bind, and it fails.
    ctx.commands.push('# docker run -d --name web2 --network host nginx   → exits: bind() to 0.0.0.0:80: address already in use');
    return finish(ctx);
  },
});
