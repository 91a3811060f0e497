/**
 * Lab `overlay`: an overlay network across host1 and host2 — VXLAN VNI 4097
 * on UDP 4789, MTU 1450 — and the two control planes that fill its
 * forwarding tables. https://docs.docker.com/engine/network/drivers/overlay/
 */
import { EMBEDDED_DNS, OverlayNetwork } from '@/lib/docker';
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const overlay = defineLab({
  id: 'overlay',
  title: 'Overlay networks: VXLAN across hosts',
  summary: 'c1 on host1 (10.0.1.2) and c2 on host2 (10.0.1.3, nginx) share the overlay ov (10.0.1.0/24).',
  options: [
    {
      id: 'controlPlane',
      type: 'enum',
      label: 'Control plane',
      description: 'Who tells each host where the other containers are. Docker 1.9 to 20.10: an external key-value store (--cluster-store; names resolved through /etc/hosts in 1.9 and through the embedded DNS server from 1.10; removed in Engine 23.0). Today: swarm managers (Raft, 2377/tcp) and NetworkDB gossip (7946/tcp+udp).',
      values: [
        { value: 'swarm', label: 'swarm (today)' },
        { value: 'kv-store', label: 'key-value store (Docker 1.9–20.10)' },
      ],
      default: 'swarm',
    },
    { id: 'encrypted', type: 'boolean', label: 'Encrypted overlay (--opt encrypted)', description: 'IPsec ESP (IP protocol 50) around the VXLAN UDP packets between hosts. Swarm mode only.', default: false },
  ],
  flows: [
    { id: 'c1-to-c2', label: 'c1 → c2:80 across hosts', description: 'The inner frame is unchanged end to end; host1\'s vxlan0 adds outer Ethernet/IP 192.168.1.10 → 192.168.1.11/UDP 4789/VXLAN, host2\'s removes them.', source: 'container c1 on host1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c1', protocol: 'tcp', dst: '10.0.1.3', dport: 80 }) },
    { id: 'c1-to-internet', label: 'c1 fetches http://93.184.216.34', description: 'Not through the overlay: out of eth1 into docker_gwbridge and MASQUERADE on host1.', source: 'container c1 on host1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c1', protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
    { id: 'resolve-c2', label: 'c1 resolves "c2" by name', description: 'The embedded DNS server knows every container on the overlay, on any host.', source: 'container c1 on host1', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/c1', protocol: 'udp', dst: EMBEDDED_DNS, dport: 53, dnsQuery: 'c2' }) },
  ],
  build(options) {
    const ctx = startLab();
    const controlPlane = options.controlPlane;
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
    addDockerHost(ctx, 'host2', ADDR.host2);
    const runLines = ['docker run -d --name c1 --network ov alpine sleep infinity   # on host1', 'docker run -d --name c2 --network ov nginx   # on host2'];
    // One docker() call: swarm membership, or the shared cluster store, is state of the script.
    if (controlPlane === 'swarm') {
      docker(ctx, 'docker swarm init --advertise-addr 192.168.1.10   # on host1', 'docker swarm join --token … 192.168.1.10:2377   # on host2', `docker network create -d overlay --attachable${options.encrypted ? ' --opt encrypted' : ''} --subnet 10.0.1.0/24 ov`, ...runLines);
    } else {
      ctx.commands.push('consul agent -server -bootstrap …   # the key-value store');
      const dockerd = 'dockerd --cluster-store=consul://kv:8500 --cluster-advertise=eth0:2376';
      docker(ctx, `${dockerd}   # on host1`, `${dockerd}   # on host2`, 'docker network create -d overlay --subnet 10.0.1.0/24 ov', ...runLines);
      if (options.encrypted) ctx.notes.push('--opt encrypted needs swarm mode: with the key-value store it has no effect here.');
    }
    const record = host1.networks.get('ov');
    if (record?.driver !== 'overlay' || !(record.overlay instanceof OverlayNetwork)) throw new Error('ov is not an overlay network');
    const ov = record.overlay;
    ctx.notes.push(
      `VNI ${ov.vni}, UDP 4789, MTU 1450 (1500 minus 50 bytes of VXLAN headers). Forwarding entries come from ${ov.source}.`,
      'Never expose UDP 4789 to untrusted networks: VXLAN has no authentication.',
      `docker_gwbridge on each host is ${host1.gwbridge().subnet}: the next free local pool, created with ICC off.`,
    );
    return finish(ctx);
  },
});
