/**
 * Lab `port-publishing`: the chain walk behind `-p`, from the LAN, from the
 * host itself, from a container on the same bridge (hairpin), and from a LAN
 * neighbour that tries to skip the published port.
 * https://docs.docker.com/engine/network/port-publishing/ and
 * https://docs.docker.com/engine/network/packet-filtering-firewalls/
 *
 * Chain names by Engine version: ≤ 27 FORWARD jumped to DOCKER-ISOLATION-STAGE-1/2
 * and DOCKER directly; 28.0.1+ uses DOCKER-FORWARD → DOCKER-CT / DOCKER-BRIDGE /
 * DOCKER and adds the raw-table protection; 29 adds DOCKER-INTERNAL and drops the
 * isolation chains.
 */
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const portPublishing = defineLab({
  id: 'port-publishing',
  title: 'Publishing ports: what -p really does',
  summary: 'web (172.17.0.2) publishes port 80 as 8080 on host1; client (172.17.0.3) shares docker0.',
  options: [
    {
      id: 'bindAddress',
      type: 'enum',
      label: 'Host address the port is bound to',
      description: '-p 8080:80 binds every host address; -p 127.0.0.1:8080:80 only loopback (and Engine 28+ drops LAN packets aimed at it in the raw table).',
      values: [
        { value: '0.0.0.0', label: '0.0.0.0 (all addresses)' },
        { value: '127.0.0.1', label: '127.0.0.1 (this host only)' },
      ],
      default: '0.0.0.0',
    },
    { id: 'userlandProxy', type: 'boolean', label: 'Userland proxy (docker-proxy)', description: 'dockerd --userland-proxy=false replaces docker-proxy with more NAT rules: DNAT for loopback, route_localnet, hairpin MASQUERADE.', default: true },
  ],
  flows: [
    { id: 'lan-to-published', label: 'laptop → 192.168.1.10:8080', description: 'raw PREROUTING, nat PREROUTING (dst-type LOCAL) → DOCKER → DNAT, filter FORWARD → DOCKER-USER → DOCKER-FORWARD → … → ACCEPT.', source: 'the laptop on the LAN', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: ADDR.host1, dport: 8080 }) },
    { id: 'localhost-to-published', label: 'host1 → 127.0.0.1:8080', description: 'With the proxy: docker-proxy answers on loopback and opens its own connection. Without: DNAT in nat OUTPUT, then MASQUERADE of the 127.0.0.1 source.', source: 'a process on host1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1', protocol: 'tcp', dst: '127.0.0.1', dport: 8080 }) },
    { id: 'hairpin', label: 'client → 192.168.1.10:8080 (hairpin)', description: 'A container reaching a port published on its own host: docker-proxy with the proxy on, DNAT back out of docker0 without it.', source: 'container client', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/client', protocol: 'tcp', dst: ADDR.host1, dport: 8080 }) },
    { id: 'self-hairpin', label: 'web → 192.168.1.10:8080 (its own port, hairpin)', description: 'A container reaching its own published port: docker-proxy with the proxy on; without it, DNAT sends the SYN back out of the bridge port it came in on, which Docker put in hairpin mode.', source: 'container web', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'tcp', dst: ADDR.host1, dport: 8080, sport: 43612 }) },
    { id: 'direct-to-container', label: 'laptop → 172.17.0.2:80 directly', description: 'A LAN neighbour with a route to 172.17.0.0/16 via host1 tries to bypass the published port; the raw-table rule drops it.', source: 'the laptop (with a sneaky route)', showReply: true, packet: () => ({ kind: 'packet', from: 'laptop', protocol: 'tcp', dst: '172.17.0.2', dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const proxy = options.userlandProxy;
    const bind = options.bindAddress;
    addDockerHost(ctx, 'host1', ADDR.host1, { userlandProxy: proxy });
    const hostIp = bind === '0.0.0.0' ? undefined : bind;
    docker(ctx, `docker run -d --name web -p ${hostIp ? `${hostIp}:` : ''}8080:80 nginx`, 'docker run -d --name client alpine sleep infinity');
    ctx.commands.push('ip route add 172.17.0.0/16 via 192.168.1.10   # on the laptop: a shortcut straight to the containers');
    ctx.net.addRoute('laptop', { destination: '172.17.0.0/16', via: ADDR.host1, dev: 'laptop:eth0' });
    ctx.notes.push(
      'Chain names by Engine version: up to 27, FORWARD jumped to DOCKER-USER, DOCKER-ISOLATION-STAGE-1 (→ STAGE-2) and per-bridge DOCKER rules; 28.0.1 introduced DOCKER-FORWARD, DOCKER-CT and DOCKER-BRIDGE; 29 adds DOCKER-INTERNAL and has no isolation chains.',
      'raw PREROUTING drops packets for 172.17.0.2 (and for 172.17.0.3: Engine 28.2.0+ adds the rule for every container on a non-internal bridge) that did not come from docker0, so the only way in is the published port.',
      proxy ? 'docker-proxy listens on the published port and relays whatever the DNAT rules do not catch (loopback, hairpin).' : 'Without docker-proxy, NAT rules cover loopback (route_localnet on docker0) and hairpin traffic, and br_netfilter is enabled so bridged replies are un-NATed.',
    );
    return finish(ctx);
  },
});
