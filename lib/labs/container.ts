/**
 * Lab `container`: `--network container:web` — a second container joins
 * web's namespace: same interfaces, same IP, same ports, talking over lo.
 * https://docs.docker.com/engine/network/#container-networks
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const containerLab = defineLab({
  id: 'container',
  title: 'Container networking: sharing a namespace',
  summary: 'web (172.17.0.2, nginx on :80) on docker0; sidecar runs with --network container:web.',
  options: [
    {
      id: 'sidecarPort',
      type: 'enum',
      label: 'Port the sidecar\'s own server binds',
      description: 'One namespace, one port space: the sidecar cannot also take :80.',
      values: [
        { value: '9113', label: ':9113 (a metrics exporter)' },
        { value: '80', label: ':80 (same as nginx)' },
      ],
      default: '9113',
    },
  ],
  flows: [
    { id: 'sidecar-to-web', label: 'sidecar → 127.0.0.1:80', description: 'Over loopback: the packet never leaves the shared namespace.', source: 'container sidecar', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'tcp', dst: '127.0.0.1', dport: 80 }) },
    {
      id: 'sidecar-binds',
      label: 'sidecar starts its server',
      description: 'bind() in web\'s namespace: fine on a free port, "address already in use" on :80.',
      source: 'container sidecar',
      showReply: false,
      packet: (built) => ({ kind: 'bind', namespace: 'host1/web', socket: { protocol: 'tcp', address: '0.0.0.0', port: Number(built.refs.sidecarPort), process: 'exporter (sidecar)' } }),
    },
    { id: 'sidecar-to-internet', label: 'sidecar fetches http://93.184.216.34', description: 'It leaves through web\'s eth0, as 172.17.0.2.', source: 'container sidecar', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
    // Named for the caption of the bind flow: in a shared namespace, whose nginx holds :80.
    ctx.listen.set('web', [{ port: 80, process: 'nginx (web)' }]);
    // The sidecar's own server is the bind flow, not part of the built state.
    docker(ctx, 'docker run -d --name web nginx', `docker run -d --name sidecar --network container:web exporter --listen :${options.sidecarPort}`);
    const sidecar = host1.container('sidecar');
    ctx.refs.sidecarPort = String(options.sidecarPort);
    ctx.notes.push(
      `sidecar shares namespace ${sidecar.namespace}: same eth0, same 172.17.0.2, same ports.`,
      'Not allowed with this mode: --publish, --dns, --hostname, --mac-address, --add-host.',
      'Kubernetes pods work this way: a pause container holds the namespace and the app containers join it.',
    );
    return finish(ctx);
  },
});
