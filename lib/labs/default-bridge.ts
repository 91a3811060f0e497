/**
 * Lab `default-bridge`: docker0 (172.17.0.1/16), two containers, and what
 * happens between them, to the internet and from the LAN.
 * https://docs.docker.com/engine/network/drivers/bridge/
 */
import { ADDR, addDockerHost, docker, finish, ref, startLab } from './common';
import { defineLab } from './define';

export const defaultBridge = defineLab({
  id: 'default-bridge',
  title: 'The default bridge, docker0',
  summary: 'Containers web (172.17.0.2) and client (172.17.0.3) on docker0 on host1.',
  options: [
    { id: 'publish', type: 'boolean', label: 'Publish web\'s port 80 as 8080 (-p 8080:80)', description: 'Adds a DNAT rule in nat/DOCKER, an ACCEPT in filter/DOCKER, and starts docker-proxy on :8080.', default: false },
    { id: 'icc', type: 'boolean', label: 'Inter-container communication (--icc)', description: 'dockerd --icc=false makes DOCKER-FORWARD drop traffic between containers on docker0.', default: true },
  ],
  flows: [
    { id: 'container-to-container', label: 'client pings web (172.17.0.3 → 172.17.0.2)', description: 'Layer 2 through docker0: ARP first, then the bridge forwards by its FDB.', source: 'container client', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/client', protocol: 'icmp', dst: '172.17.0.2' }) },
    { id: 'container-to-internet', label: 'client fetches http://93.184.216.34', description: 'Routed via 172.17.0.1, FORWARD, MASQUERADE to 192.168.1.10; the reply is un-NATed by conntrack.', source: 'container client', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/client', protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
    { id: 'lan-to-published', label: 'laptop connects to 192.168.1.10:8080', description: 'Only works when the port is published: nat PREROUTING → DOCKER → DNAT to 172.17.0.2:80, then FORWARD accepts it.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 8080 }) },
    { id: 'by-name', label: 'client looks up "web" by name', description: 'The default bridge has no embedded DNS: the query goes to the host\'s resolver (the router), which has never heard of "web".', source: 'container client', showReply: true, packet: (built) => ({ kind: 'packet', from: 'host1/client', protocol: 'udp', dst: ref(built, 'clientNameserver'), dport: 53, dnsQuery: 'web' }) },
  ],
  build(options) {
    const ctx = startLab();
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1, { icc: options.icc });
    docker(ctx, `docker run -d --name web ${options.publish ? '-p 8080:80 ' : ''}nginx`, 'docker run -d --name client alpine sleep infinity');
    const client = host1.container('client');
    ctx.refs.clientNameserver = client.nameservers[0] ?? ADDR.router;
    ctx.notes.push(
      'Docker sets the host\'s FORWARD policy to DROP when it turns on IP forwarding itself; only its own chains let container traffic through.',
      'DOCKER-USER runs first in FORWARD and is yours: Docker never adds rules to it.',
      'With the userland proxy on (the default), docker-proxy also listens on :8080 to serve connections that no DNAT rule catches, such as those to 127.0.0.1.',
      'Since Engine 28, container MAC addresses are random, not 02:42:ac:11:…',
    );
    return finish(ctx);
  },
});
