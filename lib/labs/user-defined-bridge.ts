/**
 * Lab `user-defined-bridge`: `docker network create app` — its own bridge
 * (br-<12 hex>), the next pool subnet (172.18.0.0/16), embedded DNS at
 * 127.0.0.11, and isolation from other networks.
 * https://docs.docker.com/engine/network/drivers/bridge/#differences-between-user-defined-bridges-and-the-default-bridge
 */
import { EMBEDDED_DNS } from '@/lib/docker';
import { ADDR, addDockerHost, docker, finish, startLab } from './common';
import { defineLab } from './define';

export const userDefinedBridge = defineLab({
  id: 'user-defined-bridge',
  title: 'User-defined bridges',
  summary: 'web (172.18.0.2) and db (172.18.0.3) on network app; tester (172.19.0.2) on network other.',
  options: [
    { id: 'connect', type: 'boolean', label: 'docker network connect app tester', description: 'Gives tester a second interface, eth1, on app: it can now reach db directly.', default: false },
    { id: 'internal', type: 'boolean', label: 'Create app with --internal', description: 'No default route, no MASQUERADE, DOCKER-INTERNAL drops anything leaving the subnet.', default: false },
    { id: 'icc', type: 'boolean', label: 'Inter-container communication on app', description: '-o com.docker.network.bridge.enable_icc=false drops traffic between containers of app.', default: true },
  ],
  flows: [
    { id: 'resolve-db', label: 'web resolves "db" by name', description: 'Query to 127.0.0.11:53, DNATed inside web\'s namespace to dockerd\'s resolver, which answers 172.18.0.3.', source: 'container web', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'udp', dst: EMBEDDED_DNS, dport: 53, dnsQuery: 'db' }) },
    { id: 'web-to-db', label: 'web → db:5432 (172.18.0.3)', description: 'Same bridge: ARP and the FDB, no routing.', source: 'container web', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'tcp', dst: '172.18.0.3', dport: 5432 }) },
    { id: 'other-to-db', label: 'tester (network other) → db:5432', description: 'Sent to host1 from another bridge: raw PREROUTING drops it before routing (only app\'s bridge may send to 172.18.0.3) — unless tester is connected to app.', source: 'container tester', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/tester', protocol: 'tcp', dst: '172.18.0.3', dport: 5432 }) },
    { id: 'tester-to-internet', label: 'tester fetches http://93.184.216.34', description: 'Out through tester\'s default route: 172.19.0.1 on other — after docker network connect app tester, 172.18.0.1 on app, the network that sorts first.', source: 'container tester', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/tester', protocol: 'tcp', dst: ADDR.internet, dport: 80, sport: 43612 }) },
    { id: 'web-to-internet', label: 'web fetches http://93.184.216.34', description: 'Out through MASQUERADE — impossible on an --internal network.', source: 'container web', showReply: true, packet: () => ({ kind: 'packet', from: 'host1/web', protocol: 'tcp', dst: ADDR.internet, dport: 80 }) },
  ],
  build(options) {
    const ctx = startLab();
    const host1 = addDockerHost(ctx, 'host1', ADDR.host1);
    const flags = [options.internal ? '--internal' : '', options.icc ? '' : '-o com.docker.network.bridge.enable_icc=false'].filter(Boolean).join(' ');
    docker(ctx, `docker network create ${flags ? `${flags} ` : ''}app`, 'docker network create other');
    docker(ctx, 'docker run -d --name web --network app nginx', 'docker run -d --name db --network app postgres', 'docker run -d --name tester --network other alpine sleep infinity');
    if (options.connect) docker(ctx, 'docker network connect app tester');
    const app = host1.networks.get('app');
    if (app?.driver !== 'bridge') throw new Error('app is not a bridge network');
    ctx.notes.push(`app's bridge is ${host1.net.iface(app.bridge).name} with subnet ${app.subnet}: the next free pool after docker0's 172.17.0.0/16.`, 'Containers on user-defined networks use the embedded DNS server at 127.0.0.11 (resolv.conf), which knows every container name on their networks.');
    return finish(ctx);
  },
});
