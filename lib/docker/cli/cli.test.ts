import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { NetworkBuilder } from '@/lib/netsim';
import { DockerHost, OverlayNetwork, type DaemonOptions } from '@/lib/docker';
import { applyDockerScript, parseDockerScript } from './index';

const LAN: Record<string, string> = { host1: '192.168.1.10', host2: '192.168.1.11' };

function target() {
  const net = new NetworkBuilder();
  const hosts = new Map<string, DockerHost>();
  return {
    net,
    hosts,
    host(id: string, daemon?: DaemonOptions) {
      const host = new DockerHost(net, { id, lanAddress: `${LAN[id]}/24`, ...(daemon ? { daemon } : {}) });
      hosts.set(id, host);
      return host;
    },
  };
}

describe('parseDockerScript', () => {
  it('joins continuations, drops comments and picks the host from "# on host2"', () => {
    const { commands, errors } = parseDockerScript('# a comment\ndocker network create \\\n  --internal app\ndocker run -d --name web --network app nginx # on host2');
    expect(errors).toEqual([]);
    expect(commands.map((c) => [c.line, c.host, c.kind])).toEqual([[2, 'host1', 'network-create'], [4, 'host2', 'run']]);
    expect(commands[0]?.text).toBe('docker network create    --internal app');
  });

  it.each([
    ['docker network create', '"docker network create" requires exactly 1 argument.'],
    ['docker run --foo alpine', 'unknown flag: --foo'],
    ['docker run --name web -p 99999:80 nginx', 'invalid argument "99999:80" for "-p, --publish" flag: Invalid port format: 99999:80'],
    ["docker run --name 'web alpine", "unexpected EOF while looking for matching `''"],
    ['docker run --name a alpine; rm -rf /', '";" is a shell operator: a script runs one docker command per line and evaluates nothing'],
    ['docker network create --subnet 10.0.0.0/33 x', 'invalid argument "10.0.0.0/33" for "--subnet" flag: invalid CIDR address: 10.0.0.0/33'],
    ['docker run --name x alpine # on host3', 'unknown host "host3": the hosts are host1 and host2'],
  ])('%s → %s', (script, message) => {
    expect(parseDockerScript(`docker network create ok\n${script}`).errors).toEqual([{ line: 2, message }]);
  });
});

describe('applyDockerScript', () => {
  it('refuses a bridge subnet that overlaps another bridge network, either way round, but not a macvlan on the LAN', () => {
    expect(applyDockerScript('docker network create --subnet 172.17.5.0/24 inner', target()).errors).toEqual([{ line: 1, message: 'Error response from daemon: invalid pool request: Pool overlaps with other one on this address space' }]);
    expect(applyDockerScript('docker network create --subnet 172.16.0.0/12 outer', target()).errors[0]?.message).toMatch(/Pool overlaps/);
    expect(applyDockerScript('docker network create --subnet 172.18.0.0/16 next', target()).errors).toEqual([]);
    expect(applyDockerScript('docker network create -d macvlan --subnet 192.168.1.0/24 -o parent=eth0 lan\ndocker network create -d macvlan --subnet 192.168.1.0/24 -o parent=eth0 lan2', target()).errors).toEqual([]);
  });

  it('a named container appears with the right address, honouring --ip-range and --aux-address', () => {
    const t = target();
    const { errors } = applyDockerScript('docker network create --subnet 172.30.0.0/24 --ip-range 172.30.0.8/29 --aux-address router=172.30.0.8 app\ndocker run -d --name web --network app nginx\ndocker run -d --name db --network app --ip 172.30.0.50 postgres', t);
    expect(errors).toEqual([]);
    const host1 = t.hosts.get('host1');
    expect(host1?.container('web').endpoints[0]?.address).toBe('172.30.0.9');
    expect(host1?.container('db').endpoints[0]?.address).toBe('172.30.0.50');
  });

  it("stops at the first error with Docker's wording; the lines before still build", () => {
    const t = target();
    const { applied, errors } = applyDockerScript('docker network create app\ndocker network create app\ndocker run --name never --network app alpine', t);
    expect(applied.map((c) => c.line)).toEqual([1]);
    expect(errors).toEqual([{ line: 2, message: 'Error response from daemon: network with name app already exists' }]);
    expect(t.hosts.get('host1')?.containers.has('never')).toBe(false);
  });

  it.each([
    ['docker run --name web --network app nginx', 'docker: Error response from daemon: network app not found'],
    ['docker run --name web nginx\ndocker run --name web nginx', 'docker: Error response from daemon: Conflict. The container name "/web" is already in use'],
    ['docker run --name b alpine\ndocker run --name c --network container:b -p 80:80 alpine', 'docker: Error response from daemon: conflicting options: port publishing and the container type network mode'],
    ['docker network create -d overlay ov', 'Error response from daemon: This node is not a swarm manager.'],
  ])('%s', (script, message) => {
    const { errors } = applyDockerScript(script, target());
    expect(errors[0]?.message.startsWith(message)).toBe(true);
  });
});

describe('the 2017 key-value store control plane', () => {
  const kv = 'dockerd --cluster-store=consul://kv:8500 --cluster-advertise=eth0:2376   # on host1\ndockerd --cluster-store=consul://kv:8500 --cluster-advertise=eth0:2376   # on host2\n';

  it('a dockerd --cluster-store line per host puts both in one cluster: an overlay created on host1 reaches host2, attachable, VNI 256', () => {
    const t = target();
    const { errors } = applyDockerScript(`${kv}docker network create -d overlay --subnet 10.0.1.0/24 ov\ndocker run -d --name c1 --network ov alpine   # on host1\ndocker run -d --name c2 --network ov nginx   # on host2`, t);
    expect(errors).toEqual([]);
    expect(t.hosts.get('host2')?.container('c2').endpoints.find((e) => e.network === 'ov')?.address).toBe('10.0.1.3');
    const ov = t.hosts.get('host2')?.networks.get('ov');
    expect(ov?.driver === 'overlay' && ov.overlay instanceof OverlayNetwork && ov.overlay.vni).toBe(256);
  });

  it('a host without the store is not in the cluster', () => {
    const { errors } = applyDockerScript(`dockerd --cluster-store=consul://kv:8500 --cluster-advertise=eth0:2376   # on host1\ndocker network create -d overlay ov\ndocker run -d --name c2 --network ov nginx   # on host2`, target());
    expect(errors).toEqual([{ line: 3, message: 'docker: Error response from daemon: network ov not found' }]);
  });

  it('--cluster-advertise needs --cluster-store, as dockerd says', () => {
    expect(parseDockerScript('dockerd --cluster-advertise=eth0:2376').errors).toEqual([{ line: 1, message: 'invalid cluster configuration. --cluster-advertise must be accompanied by --cluster-store configuration' }]);
  });

  it('swarm mode refuses a daemon with a cluster store', () => {
    expect(applyDockerScript(`${kv}docker swarm init --advertise-addr 192.168.1.10`, target()).errors).toEqual([{ line: 3, message: 'Error response from daemon: --cluster-store and --cluster-advertise daemon configurations are incompatible with swarm mode' }]);
  });
});

describe('dockerd --iptables=false', () => {
  const rulesIn = (t: ReturnType<typeof target>, ns: string) => {
    const netfilter = t.net.build().namespaces.find((n) => n.id === ns)?.netfilter;
    return Object.entries(netfilter ?? {}).flatMap(([table, chains]) => Object.values(chains).flatMap((c) => c.rules.map((r) => `${table} ${c.name} ${r.target.kind}`)));
  };

  it('writes no rule in the host, leaves FORWARD at ACCEPT, and still relays -p through docker-proxy', () => {
    const t = target();
    expect(applyDockerScript('dockerd --iptables=false\ndocker network create app\ndocker network create --internal backend\ndocker run -d --name web --network app -p 8080:80 nginx', t).errors).toEqual([]);
    const host1 = t.net.build().namespaces.find((n) => n.id === 'host1');
    expect(rulesIn(t, 'host1')).toEqual([]);
    expect(host1?.netfilter.filter.FORWARD?.policy ?? 'ACCEPT').toBe('ACCEPT');
    expect(host1?.ipForward).toBe(true);
    expect(host1?.sockets).toContainEqual(expect.objectContaining({ port: 8080, process: 'docker-proxy', proxyTo: { address: '172.18.0.2', port: 80 } }));
    // The embedded DNS server's NAT rules inside the container are Docker's too, and stay.
    expect(rulesIn(t, 'host1/web')).toEqual(expect.arrayContaining(['nat OUTPUT JUMP', 'nat DOCKER_OUTPUT DNAT', 'nat DOCKER_POSTROUTING SNAT']));
  });

  it('the default daemon, for contrast, has its chains, MASQUERADE and the FORWARD DROP policy', () => {
    const t = target();
    expect(applyDockerScript('docker run -d --name web -p 8080:80 nginx', t).errors).toEqual([]);
    expect(rulesIn(t, 'host1')).toEqual(expect.arrayContaining(['filter FORWARD JUMP', 'nat POSTROUTING MASQUERADE', 'nat DOCKER DNAT', 'raw PREROUTING DROP']));
    expect(t.net.build().namespaces.find((n) => n.id === 'host1')?.netfilter.filter.FORWARD?.policy).toBe('DROP');
  });

  it.each([
    ['dockerd --iptables=false --icc=false', 1],
    ['dockerd --icc=false\ndockerd --iptables=false', 2],
  ])('refuses %j with dockerd\'s own words', (script, line) => {
    expect(applyDockerScript(`${script}\ndocker run -d --name a alpine`, target()).errors).toEqual([{ line, message: 'You specified --iptables=false with --icc=false. ICC=false uses iptables to function. Please set --icc or --iptables to true' }]);
  });

  it('-p with neither iptables nor the proxy says what is not modelled', () => {
    expect(applyDockerScript('dockerd --iptables=false --userland-proxy=false\ndocker run -d --name web -p 8080:80 nginx', target()).errors).toEqual([{ line: 2, message: '-p 8080:80 with --iptables=false and --userland-proxy=false is not modelled: dockerd binds host port 8080 but nothing forwards it (no DNAT rule, no docker-proxy)' }]);
  });
});

describe('ScriptTarget.listeners', () => {
  it('replaces what an image listens on (a config file the script cannot say), and the run line still applies', () => {
    const t = target();
    const seen: string[] = [];
    const { errors } = applyDockerScript('docker run -d --name web --network host nginx', {
      host: (id, daemon) => t.host(id, daemon),
      listeners: (host, container, image, defaults) => {
        seen.push(`${host}/${container} ${image} ${defaults.map((d) => d.port).join(',')}`);
        return [{ port: 80, address: '127.0.0.1', process: 'nginx (web)' }];
      },
    });
    expect(errors).toEqual([]);
    expect(seen).toEqual(['host1/web nginx 80']);
    expect(t.net.build().namespaces.find((n) => n.id === 'host1')?.sockets).toContainEqual(expect.objectContaining({ port: 80, address: '127.0.0.1', process: 'nginx (web)' }));
  });
});

describe('removal', () => {
  const swarm = ['docker swarm init --advertise-addr 192.168.1.10', 'docker network create -d overlay --attachable ov', 'docker run -d --name c1 --network ov alpine'].join('\n');

  it.each([
    [`${swarm}\ndocker rm -f c1`, 'c1 is on the overlay network ov: taking an overlay endpoint away is not modelled yet'],
    [`${swarm}\ndocker network disconnect ov c1`, 'c1 is on the overlay network ov: taking an overlay endpoint away is not modelled yet'],
    [`${swarm}\ndocker network rm ov`, 'docker network rm ov: removing an overlay network is not modelled yet'],
    ['docker run -d --name n --network none alpine\ndocker network disconnect none n', 'docker network disconnect none n: the endpoint on the none network is not modelled'],
    ['docker run -d --name h --network host nginx\ndocker network disconnect host h', 'Error response from daemon: container cannot be disconnected from host network or connected to host network'],
    ['docker run -d --name a alpine\ndocker network disconnect -f nope a', /^Error response from daemon: container [0-9a-f]{64} is not connected to the network nope$/],
    ['docker network create app\ndocker network disconnect -f app ghost', 'docker network disconnect -f: there is no container ghost, and stale endpoints (what -f cleans up) are not modelled'],
    ['docker network rm host none', 'Error response from daemon: host is a pre-defined network and cannot be removed\nError response from daemon: none is a pre-defined network and cannot be removed'],
  ])('%s', (script, message) => {
    const { errors } = applyDockerScript(script, target());
    expect(errors).toHaveLength(1);
    expect(errors[0]?.line).toBe(script.split('\n').length);
    if (typeof message === 'string') expect(errors[0]?.message).toBe(message);
    else expect(errors[0]?.message).toMatch(message);
  });

  it('-f skips what does not exist, as the CLI does', () => {
    expect(applyDockerScript('docker network create app\ndocker network rm -f nope app\ndocker rm -f ghost', target()).errors).toEqual([]);
  });

  it('the run conflict names the container id, and the name is free after rm -f', () => {
    const t = target();
    expect(applyDockerScript('docker run -d --name a alpine\ndocker run -d --name a alpine', t).errors[0]?.message).toMatch(/already in use by container "[0-9a-f]{64}"/);
    expect(applyDockerScript('docker run -d --name a alpine\ndocker rm -f a\ndocker run -d --name a alpine', target()).errors).toEqual([]);
  });
});

/** A small deterministic PRNG so the corpus is the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) / 2 ** 32);
}

describe('hostile corpus', () => {
  const pieces = ['docker', 'dockerd', 'network', 'create', 'run', 'rm', 'connect', 'swarm', 'init', 'join', '-d', '--driver', 'overlay', 'macvlan', 'ipvlan', 'bridge', '--subnet', '10.0.0.0/8', '999.1.1.1/99', '--ip', '--name', 'web', '-p', '8080:80', '99999999999999999999:1', '-o', 'parent=eth0.4095', '--internal', '--foo', '"unterminated', "'x", '$(touch /tmp/pwned)', '`id`', '&&', '|', '>', '/tmp/x', ';', '<script>alert(1)</script>', 'ñ', '🐳', '\\', '#', '# on host2', '# on host9', 'nginx', 'alpine', '--network', 'container:web', 'host', 'none', '--ip-range', '--aux-address', 'a=1.2.3.4', '--gateway', '-1', 'NaN', '\t', '-dit', '--rm', '--expose', '70000', '--cluster-store=consul://kv:8500', '--icc=false', '--iptables=false', 'disconnect', 'remove', '-f', '--force', 'app', 'docker_gwbridge', 'rm -f web', 'network rm app', 'network disconnect app web'];
  const random = prng(14);
  const scripts: string[] = [];
  for (let n = 0; n < 520; n++) {
    const lines: string[] = [];
    const count = 1 + Math.floor(random() * 8);
    for (let l = 0; l < count; l++) {
      const words = Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)] ?? '');
      lines.push((random() < 0.6 ? ['docker', 'network', 'create'].slice(0, 1 + Math.floor(random() * 3)) : []).concat(words).join(' '));
    }
    scripts.push(lines.join(random() < 0.1 ? '\\\n' : '\n'));
  }
  scripts.push(Array.from({ length: 10_001 }, () => 'docker run --name a alpine').join('\n'));
  scripts.push('x'.repeat(200_001));
  scripts.push('docker run --name pwn alpine $(touch /tmp/pwned-packet-walk)');

  it(`${scripts.length} scripts: no exceptions, every error on a line of its script, nothing executed`, () => {
    for (const script of scripts) {
      const lineCount = script.split('\n').length;
      const { errors } = applyDockerScript(script, target());
      for (const error of errors) {
        expect(error.line).toBeGreaterThanOrEqual(1);
        expect(error.line).toBeLessThanOrEqual(lineCount);
        expect(typeof error.message).toBe('string');
      }
      for (const error of parseDockerScript(script).errors) expect(error.line).toBeLessThanOrEqual(lineCount);
    }
    expect(existsSync('/tmp/pwned')).toBe(false);
    expect(existsSync('/tmp/pwned-packet-walk')).toBe(false);
  });

  it('caps: a script over 10,000 lines is refused on line 1', () => {
    expect(parseDockerScript(Array.from({ length: 10_001 }, () => '').join('\n')).errors).toEqual([{ line: 1, message: 'the script has 10001 lines; the limit is 10000' }]);
  });
});
