import { describe, expect, it } from 'vitest';
import { buildPlayground, parsePlaygroundTarget, playgroundScriptOf, tracePlayground } from './playground';

describe('playground', () => {
  it('a named container appears as an endpoint with its address', () => {
    const build = buildPlayground('docker network create app\ndocker run -d --name web --network app nginx');
    expect(build.errors).toEqual([]);
    expect(build.endpoints).toContainEqual({ id: 'host1/web', label: 'web on host1 (172.18.0.2)', kind: 'container', address: '172.18.0.2' });
  });

  it('the laptop reaches a published port; --internal stops it', () => {
    expect(tracePlayground('docker run -d --name web -p 8080:80 nginx', 'laptop', '192.168.1.10:8080').trace?.verdict.outcome).toBe('delivered');
    const internal = tracePlayground('docker network create --internal app\ndocker run -d --name web --network app -p 8080:80 nginx', 'laptop', '192.168.1.10:8080');
    expect(internal.error).toBeUndefined();
    expect(internal.trace?.verdict.outcome).not.toBe('delivered');
  });

  it('names resolve as the embedded DNS would', () => {
    const result = tracePlayground('docker network create app\ndocker run -d --name db --network app redis\ndocker run -d --name api --network app alpine', 'host1/api', 'db:6379');
    expect(result.trace?.verdict.outcome).toBe('delivered');
    expect(tracePlayground('docker run -d --name db redis\ndocker run -d --name api alpine', 'host1/api', 'db:6379').error).toMatch(/cannot resolve "db"/);
  });

  it('a bare container name is a sender when only one host has it', () => {
    const script = 'docker network create app\ndocker run -d --name db --network app redis\ndocker run -d --name api --network app alpine';
    expect(tracePlayground(script, 'api', 'db:6379').trace?.verdict.outcome).toBe('delivered');
    expect(tracePlayground(script, 'nobody', 'db:6379').error).toMatch(/unknown sender "nobody"/);
  });

  it('swarm + overlay across two hosts: the walk crosses VXLAN', () => {
    const script = ['docker swarm init --advertise-addr 192.168.1.10', 'docker swarm join --token SWMTKN-1-x 192.168.1.10:2377 # on host2', 'docker network create -d overlay --attachable ov', 'docker run -d --name c1 --network ov alpine', 'docker run -d --name c2 --network ov nginx # on host2'].join('\n');
    const result = tracePlayground(script, 'host1/c1', 'c2:80');
    expect(result.error).toBeUndefined();
    expect(result.trace?.verdict.outcome).toBe('delivered');
    expect(result.trace?.hops.some((h) => /vxlan/i.test(`${h.caption} ${h.interface ?? ''}`))).toBe(true);
  });

  it('playgroundScriptOf keeps dockerd lines with their host, drops ip lines and comments, and is empty for a lab without docker', () => {
    const dockerd = 'dockerd --cluster-store=consul://kv:8500 --cluster-advertise=eth0:2376';
    expect(playgroundScriptOf(['# host1 (192.168.1.10): dockerd', 'consul agent -server -bootstrap …   # the key-value store', `${dockerd}   # on host1`, `${dockerd}   # on host2`, 'docker network create -d overlay ov   # why', '# docker run -d --name web2 nginx'])).toBe(`${dockerd} # on host1\n${dockerd} # on host2\ndocker network create -d overlay ov`);
    expect(playgroundScriptOf(['ip netns add ns1', 'sysctl -w net.ipv4.ip_forward=1'])).toBe('');
  });

  it('a bare name is still one sender when a --network container: sidecar shares its namespace', () => {
    expect(tracePlayground('docker run -d --name a alpine\ndocker run -d --name side --network container:a alpine', 'a', '93.184.216.34/icmp').error).toBeUndefined();
  });

  it('reports the bad line', () => {
    expect(tracePlayground('docker network create app\ndocker network create app', 'laptop', 'example.com:80').error).toBe('line 2: Error response from daemon: network with name app already exists');
  });

  it.each([
    ['web:80', { name: 'web', port: 80, protocol: 'tcp' }],
    ['10.0.0.2/icmp', { ip: '10.0.0.2', protocol: 'icmp' }],
    ['dns:53/udp', { name: 'dns', port: 53, protocol: 'udp' }],
    ['web:70000', { error: 'port 70000 is out of range (1–65535)' }],
    ['$(x)', { error: '"$(x)" is not NAME|IP[:PORT][/tcp|/udp|/icmp]' }],
  ])('parsePlaygroundTarget(%s)', (to, expected) => {
    expect(parsePlaygroundTarget(to)).toEqual(expected);
  });
});

describe('playground endpoints', () => {
  it('lists a namespace shared with --network container: once, named for both containers', () => {
    const { endpoints } = buildPlayground('docker run -d --name web nginx\ndocker run -d --name sidecar --network container:web alpine sleep infinity');
    const web = endpoints.filter((e) => e.id === 'host1/web');
    expect(web).toHaveLength(1);
    expect(web[0]?.label).toMatch(/^web \+ sidecar on host1/);
  });
});

describe('playground: taking things away', () => {
  const web = 'docker network create app\ndocker run -d --name web --network app -p 8080:80 nginx\ndocker run -d --name api --network app alpine';

  it('after docker rm -f web, its old address answers nobody, its name is gone and the published port no longer DNATs', () => {
    expect(tracePlayground(web, 'host1/api', '172.18.0.2:80').trace?.verdict.outcome).toBe('delivered');
    const script = `${web}\ndocker rm -f web`;
    const toOldIp = tracePlayground(script, 'host1/api', '172.18.0.2:80');
    expect(toOldIp.error).toBeUndefined();
    expect(toOldIp.trace?.verdict).toMatchObject({ outcome: 'dropped', code: 'no-arp-reply' });
    expect(tracePlayground(script, 'host1/api', 'web:80').error).toMatch(/cannot resolve "web"/);
    const published = tracePlayground(script, 'laptop', '192.168.1.10:8080');
    expect(published.trace?.verdict).toMatchObject({ outcome: 'dropped', code: 'refused' });
    const topology = published.build.built.topology;
    expect(topology.namespaces.some((n) => n.id === 'host1/web')).toBe(false);
    expect(topology.interfaces.filter((i) => i.namespace === 'host1' && i.kind === 'veth')).toHaveLength(1);
    expect(JSON.stringify(topology.namespaces.find((n) => n.id === 'host1')?.netfilter)).not.toContain('172.18.0.2');
    expect(topology.namespaces.find((n) => n.id === 'host1')?.sockets.some((s) => s.process === 'docker-proxy')).toBe(false);
    expect(Object.values(topology.dnsZones).some((zone) => 'web' in zone)).toBe(false);
  });

  it('the next docker run gets the freed address: a local network hands out its lowest free one', () => {
    const build = buildPlayground(`${web}\ndocker rm -f web\ndocker run -d --name web2 --network app nginx\ndocker run -d --name web3 --network app nginx`);
    expect(build.errors).toEqual([]);
    expect(build.endpoints).toContainEqual({ id: 'host1/web2', label: 'web2 on host1 (172.18.0.2)', kind: 'container', address: '172.18.0.2' });
    expect(build.endpoints).toContainEqual({ id: 'host1/web3', label: 'web3 on host1 (172.18.0.4)', kind: 'container', address: '172.18.0.4' });
  });

  it('a name is free again after docker rm -f, and the new container is a new one', () => {
    const result = tracePlayground(`${web}\ndocker rm -f web\ndocker run -d --name web --network app -p 8080:80 nginx`, 'laptop', '192.168.1.10:8080');
    expect(result.error).toBeUndefined();
    expect(result.trace?.verdict.outcome).toBe('delivered');
  });

  it('after docker network disconnect, the container cannot reach that network but still reaches the others', () => {
    const script = ['docker network create app', 'docker network create other', 'docker run -d --name db --network app redis', 'docker run -d --name web --network other nginx', 'docker run -d --name api --network app alpine', 'docker network connect other api'].join('\n');
    expect(tracePlayground(script, 'host1/api', 'db:6379').trace?.verdict.outcome).toBe('delivered');
    const cut = `${script}\ndocker network disconnect app api`;
    expect(tracePlayground(cut, 'host1/api', 'db:6379').error).toMatch(/cannot resolve "db"/);
    expect(tracePlayground(cut, 'host1/api', '172.18.0.2:6379').trace?.verdict.outcome).not.toBe('delivered');
    expect(tracePlayground(cut, 'host1/api', 'web:80').trace?.verdict.outcome).toBe('delivered');
    // Its default route moved to "other", so it still reaches the internet.
    expect(tracePlayground(cut, 'host1/api', '93.184.216.34/icmp').trace?.verdict.outcome).toBe('delivered');
    // libnetwork never reuses an interface number: joining app again gives eth2.
    const again = buildPlayground(`${cut}\ndocker network connect app api`);
    expect(again.errors).toEqual([]);
    expect(again.built.topology.namespaces.find((n) => n.id === 'host1/api')?.interfaces).toEqual(['host1/api:lo', 'host1/api:eth1', 'host1/api:eth2']);
  });

  it('after docker network rm the bridge is gone and a network on the same subnet can be created', () => {
    const build = buildPlayground('docker network create --subnet 10.5.0.0/24 app\ndocker network rm app\ndocker network create --subnet 10.5.0.0/24 app2\ndocker network create --subnet 10.5.0.0/24 app');
    expect(build.errors).toEqual([{ line: 4, message: 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space' }]);
    const bridges = build.built.topology.interfaces.filter((i) => i.kind === 'bridge' && i.namespace === 'host1').map((i) => i.description);
    expect(bridges).toEqual(['the default bridge network', 'bridge of network "app2"']);
    const rules = JSON.stringify(build.built.topology.namespaces.find((n) => n.id === 'host1')?.netfilter);
    expect(rules.match(/10\.5\.0\.0\/24/g)).toHaveLength(1);
  });

  it('a --network container: joiner keeps the namespace when its owner goes, with only lo left; it goes with the last one', () => {
    const script = 'docker run -d --name a nginx\ndocker run -d --name side --network container:a alpine\ndocker rm -f a';
    const result = tracePlayground(script, 'host1/a', '93.184.216.34/icmp');
    expect(result.error).toBeUndefined();
    expect(result.trace?.verdict.outcome).not.toBe('delivered');
    expect(result.build.built.topology.namespaces.find((n) => n.id === 'host1/a')?.interfaces).toEqual(['host1/a:lo']);
    expect(buildPlayground(`${script}\ndocker rm -f side`).built.topology.namespaces.some((n) => n.id === 'host1/a')).toBe(false);
  });

  it.each([
    ['docker rm web', `${web}\ndocker rm web`, 4, 'Error response from daemon: cannot remove container "/web": container is running: stop the container before removing or force remove'],
    ['docker rm nope', `${web}\ndocker rm nope`, 4, 'Error response from daemon: No such container: nope'],
    ['docker network rm app', `${web}\ndocker network rm app`, 4, /^Error response from daemon: error while removing network: network app has active endpoints \(name:"web" id:"[0-9a-f]{12}", name:"api" id:"[0-9a-f]{12}"\)$/],
    ['docker network rm bridge', `${web}\ndocker network rm bridge`, 4, 'Error response from daemon: bridge is a pre-defined network and cannot be removed'],
    ['docker network rm nope', `${web}\ndocker network rm nope`, 4, 'Error response from daemon: network nope not found'],
    ['docker network disconnect bridge api', `${web}\ndocker network disconnect bridge api`, 4, /^Error response from daemon: container [0-9a-f]{64} is not connected to network bridge$/],
    ['docker network disconnect nope api', `${web}\ndocker network disconnect nope api`, 4, 'Error response from daemon: network nope not found'],
    ['docker network disconnect app nope', `${web}\ndocker network disconnect app nope`, 4, 'Error response from daemon: No such container: nope'],
    ['docker rm -f web nope api', `${web}\ndocker rm -f web nope api\ndocker run -d --name x alpine`, 0, ''],
  ])('%s', (_name, script, line, message) => {
    const build = buildPlayground(script);
    if (line === 0) return expect(build.errors).toEqual([]);
    expect(build.errors).toHaveLength(1);
    expect(build.errors[0]?.line).toBe(line);
    if (typeof message === 'string') expect(build.errors[0]?.message).toBe(message);
    else expect(build.errors[0]?.message).toMatch(message);
    // The lines before the error built.
    expect(build.endpoints.map((e) => e.id)).toEqual(expect.arrayContaining(['host1/web', 'host1/api']));
  });

  it('docker rm -f goes on after a failure and reports every error at the end', () => {
    const build = buildPlayground('docker network create ov2\ndocker run -d --name a alpine\ndocker rm a nope');
    expect(build.errors).toEqual([{ line: 3, message: 'Error response from daemon: cannot remove container "/a": container is running: stop the container before removing or force remove\nError response from daemon: No such container: nope' }]);
  });
});

describe('playground: dockerd --iptables=false', () => {
  const script = 'docker network create app\ndocker network create db\ndocker run -d --name web --network app -p 8080:80 nginx\ndocker run -d --name cache --network db redis';
  const hopKinds = (t: ReturnType<typeof tracePlayground>['trace']) => (t?.hops ?? []).map((h) => h.kind);

  it('networks are no longer isolated: web reaches cache on another bridge, where Docker\'s raw DROP stops it by default', () => {
    const isolated = tracePlayground(script, 'web', '172.19.0.2:6379').trace;
    expect(isolated?.verdict).toMatchObject({ outcome: 'dropped', code: 'filtered' });
    expect(isolated?.verdict.reason).toMatch(/PREROUTING chain \(raw table\)/);
    const open = tracePlayground(`dockerd --iptables=false\n${script}`, 'web', '172.19.0.2:6379').trace;
    expect(open?.verdict.outcome).toBe('delivered');
    expect(open?.reply?.verdict.outcome).toBe('delivered');
  });

  it('a published port still works, through docker-proxy instead of DNAT', () => {
    const walk = tracePlayground(`dockerd --iptables=false\n${script}`, 'laptop', '192.168.1.10:8080').trace;
    expect(walk?.verdict.outcome).toBe('delivered');
    expect(hopKinds(walk)).toContain('proxy');
    expect(hopKinds(walk)).not.toContain('nat');
  });

  it('without MASQUERADE the container\'s own address leaves the host, and the reply finds no way back', () => {
    const walk = tracePlayground(`dockerd --iptables=false\n${script}`, 'web', 'example.com:80').trace;
    const leaving = walk?.hops.find((h) => h.namespace === 'host1' && h.kind === 'transmit' && h.interface === 'host1:eth0');
    expect(leaving?.packet.find((l) => l.layer === 'ipv4')).toMatchObject({ src: '172.18.0.2' });
    expect(walk?.reply?.verdict).toMatchObject({ code: 'unreachable', namespace: 'router' });
  });
});
