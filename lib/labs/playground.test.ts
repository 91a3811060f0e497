import { describe, expect, it } from 'vitest';
import { buildPlayground, parsePlaygroundTarget, playgroundScriptOf, tracePlayground } from './playground';

describe('playground', () => {
  it('a named container appears as an endpoint with its address', () => {
    const build = buildPlayground('docker network create app\ndocker run -d --name web --network app nginx');
    expect(build.errors).toEqual([]);
    expect(build.endpoints).toContainEqual({ id: 'host1/web', label: 'web on host1 (172.18.0.2)', kind: 'container' });
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
