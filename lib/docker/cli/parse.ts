/**
 * Docker command scripts: the lexer and the parser. Pure: nothing here is ever evaluated.
 *
 * Script syntax
 *  - One command per line; `#` starts a comment (at the start of a word, as in sh);
 *    a line ending in `\` continues on the next one.
 *  - Words are split on blanks; '…' and "…" quote (a backslash escapes the next character
 *    outside single quotes). An unterminated quote is an error.
 *  - A line runs on host1 unless it ends with the comment `# on HOSTNAME`; the hosts are
 *    `host1` (192.168.1.10) and `host2` (192.168.1.11).
 *  - Shell operators and expansions (`;` `|` `&` `<` `>` `(` `)` backticks `$`) are an error:
 *    a script is data, not a shell program.
 *  - `dockerd --icc=false --userland-proxy=false --iptables=false --cluster-store=consul://…`
 *    before a host's first docker command sets that host's daemon options.
 *  - Commands: `docker network create|connect|disconnect|rm`, `docker run`, `docker rm`,
 *    `docker swarm init|join`.
 *
 * Errors are `{ line, message }` with the 1-based line of the command's first physical line,
 * worded as Docker's CLI and daemon word them where they have a wording.
 */
import ipaddr from 'ipaddr.js';
import type { IpvlanMode, MacvlanMode } from '@/lib/netsim';

export interface ScriptError {
  line: number;
  message: string;
}

/** A command as written: its first line, the host it runs on, its text with continuations joined. */
export interface ScriptCommand {
  line: number;
  host: string;
  text: string;
}

export const SCRIPT_HOSTS = ['host1', 'host2'] as const;
export const MAX_SCRIPT_LINES = 10_000;
export const MAX_SCRIPT_CHARS = 200_000;

export interface PublishFlag {
  hostIp?: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

export type ParsedCommand = ScriptCommand &
  (
    | { kind: 'dockerd'; icc?: boolean; userlandProxy?: boolean; iptables?: boolean; clusterStore?: string }
    | {
        kind: 'network-create';
        name: string;
        driver: 'bridge' | 'macvlan' | 'ipvlan' | 'overlay';
        subnet?: string;
        gateway?: string;
        ipRange?: string;
        auxAddresses: Record<string, string>;
        internal: boolean;
        attachable: boolean;
        parent?: string;
        icc?: boolean;
        macvlanMode?: MacvlanMode;
        ipvlanMode?: IpvlanMode;
        encrypted: boolean;
      }
    | { kind: 'network-connect'; network: string; container: string; ip?: string; aliases: string[] }
    | { kind: 'network-disconnect'; network: string; container: string; force: boolean }
    | { kind: 'network-rm'; names: string[]; force: boolean }
    | { kind: 'run'; name?: string; network: string; publish: PublishFlag[]; ip?: string; aliases: string[]; expose: { port: number; protocol: 'tcp' | 'udp' }[]; image: string; args: string[] }
    | { kind: 'rm'; names: string[]; force: boolean }
    | { kind: 'swarm-init'; advertiseAddr?: string }
    | { kind: 'swarm-join'; token: string; manager: string }
  );

/** A command's words before they are given meaning. */
interface RawCommand extends ScriptCommand {
  words: string[];
}

class ScriptSyntaxError extends Error {}

const OPERATORS = new Set([';', '|', '&', '<', '>', '(', ')', '`']);

/**
 * Split a script into commands of words (quotes removed, comments dropped).
 * @example lexScript("docker run --name 'a b' alpine # on host2").commands[0]?.host // 'host2'
 */
export function lexScript(script: string): { commands: RawCommand[]; errors: ScriptError[] } {
  const commands: RawCommand[] = [];
  const errors: ScriptError[] = [];
  if (script.length > MAX_SCRIPT_CHARS) return { commands, errors: [{ line: 1, message: `the script is ${script.length} characters long; the limit is ${MAX_SCRIPT_CHARS}` }] };
  const lineCount = script.split('\n').length;
  if (lineCount > MAX_SCRIPT_LINES) return { commands, errors: [{ line: 1, message: `the script has ${lineCount} lines; the limit is ${MAX_SCRIPT_LINES}` }] };
  let line = 1;
  let i = 0;
  while (i < script.length) {
    const start = line;
    const startIndex = i;
    const words: string[] = [];
    let word: string | undefined;
    let comment = '';
    let failure: string | undefined;
    for (; i < script.length; i++) {
      const c = script[i] ?? '';
      if (c === '\n') break;
      if (c === '\\' && script[i + 1] === '\n') {
        i++;
        line++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        if (word !== undefined) words.push(word);
        word = undefined;
        continue;
      }
      if (c === '#' && word === undefined) {
        const end = script.indexOf('\n', i);
        comment = script.slice(i, end === -1 ? script.length : end);
        i = end === -1 ? script.length : end;
        break;
      }
      if (OPERATORS.has(c) || c === '$') {
        failure = c === '$' ? 'shell expansion ($) is not supported: nothing in a script is evaluated' : `"${c}" is a shell operator: a script runs one docker command per line and evaluates nothing`;
        break;
      }
      if (c === "'" || c === '"') {
        const close = script.indexOf(c, i + 1);
        const newline = script.indexOf('\n', i + 1);
        if (close === -1 || (newline !== -1 && newline < close)) {
          failure = `unexpected EOF while looking for matching \`${c}'`;
          break;
        }
        const quoted = script.slice(i + 1, close);
        if (c === '"' && /[$`]/.test(quoted)) {
          failure = 'shell expansion ($ or `) is not supported inside "…": nothing in a script is evaluated';
          break;
        }
        word = (word ?? '') + (c === '"' ? quoted.replace(/\\(.)/g, '$1') : quoted);
        i = close;
        continue;
      }
      if (c === '\\') {
        word = (word ?? '') + (script[i + 1] ?? '');
        i++;
        continue;
      }
      word = (word ?? '') + c;
    }
    if (failure) {
      errors.push({ line: start, message: failure });
      // Skip to the end of this (possibly continued) command.
      while (i < script.length && !(script[i] === '\n' && script[i - 1] !== '\\')) {
        if (script[i] === '\n') line++;
        i++;
      }
    } else if (word !== undefined) words.push(word);
    const text = script.slice(startIndex, i).replace(/\\\n/g, ' ').replace(/\s*#.*$/, '').trim();
    i++;
    line++;
    if (failure || words.length === 0) continue;
    const onHost = /^#\s*on\s+(\S+)\s*$/.exec(comment);
    const host = onHost?.[1] ?? 'host1';
    if (!(SCRIPT_HOSTS as readonly string[]).includes(host)) {
      errors.push({ line: start, message: `unknown host "${host}": the hosts are ${SCRIPT_HOSTS.join(' and ')}` });
      continue;
    }
    commands.push({ line: start, host, text, words });
  }
  return { commands, errors };
}

// ---- value checks ----------------------------------------------------------------

function isIpv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

function isCidr(text: string): boolean {
  const [address, prefix, extra] = text.split('/');
  return extra === undefined && address !== undefined && isIpv4(address) && prefix !== undefined && /^\d{1,2}$/.test(prefix) && Number(prefix) <= 32;
}

function port(text: string): number | undefined {
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= 65535 ? value : undefined;
}

/** Docker's rule for container and network names (daemon/names: `[a-zA-Z0-9][a-zA-Z0-9_.-]+`). */
const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
/** An image reference, loosely (lower-case repository, optional registry/path and tag). */
const IMAGE = /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?$/;

function fail(message: string): never {
  throw new ScriptSyntaxError(message);
}

// ---- flags ---------------------------------------------------------------------------

interface FlagSpec {
  long: string;
  short?: string;
  takesValue: boolean;
}

/**
 * cobra/pflag-style flag parsing: `--flag value`, `--flag=value`, `-f value`, `-abc` clusters
 * of boolean shorthands. Stops at the first positional when `interspersed` is false
 * (`docker run IMAGE CMD…`: everything after the image belongs to the container).
 */
function parseFlags(words: string[], specs: FlagSpec[], interspersed: boolean): { flags: { name: string; value: string }[]; positional: string[] } {
  const flags: { name: string; value: string }[] = [];
  const positional: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (!interspersed && positional.length > 0) {
      positional.push(word);
      continue;
    }
    if (word === '--') {
      positional.push(...words.slice(i + 1));
      break;
    }
    if (word.startsWith('--')) {
      const eq = word.indexOf('=');
      const name = word.slice(2, eq === -1 ? undefined : eq);
      const spec = specs.find((s) => s.long === name);
      if (!spec) fail(`unknown flag: --${name}`);
      if (!spec.takesValue) {
        flags.push({ name: spec.long, value: eq === -1 ? 'true' : word.slice(eq + 1) });
        continue;
      }
      const value = eq === -1 ? words[++i] : word.slice(eq + 1);
      if (value === undefined) fail(`flag needs an argument: --${name}`);
      flags.push({ name: spec.long, value });
    } else if (word.startsWith('-') && word.length > 1) {
      for (let j = 1; j < word.length; j++) {
        const letter = word[j] ?? '';
        const spec = specs.find((s) => s.short === letter);
        if (!spec) fail(`unknown shorthand flag: '${letter}' in ${word}`);
        if (!spec.takesValue) {
          flags.push({ name: spec.long, value: 'true' });
          continue;
        }
        const rest = word.slice(j + 1).replace(/^=/, '');
        const value = rest || words[++i];
        if (value === undefined) fail(`flag needs an argument: '${letter}' in -${letter}`);
        flags.push({ name: spec.long, value });
        break;
      }
    } else positional.push(word);
  }
  return { flags, positional };
}

function boolFlag(flags: { name: string; value: string }[], name: string): boolean {
  const found = flags.filter((f) => f.name === name).at(-1);
  if (!found) return false;
  if (found.value === 'true') return true;
  if (found.value === 'false') return false;
  return fail(`invalid argument "${found.value}" for "--${name}" flag: strconv.ParseBool: parsing "${found.value}": invalid syntax`);
}

function lastFlag(flags: { name: string; value: string }[], name: string): string | undefined {
  return flags.filter((f) => f.name === name).at(-1)?.value;
}

function checkName(kind: 'container' | 'network', name: string): string {
  if (!NAME.test(name) || name.length > 128) fail(kind === 'container' ? `docker: Error response from daemon: Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed.` : `Error response from daemon: invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  return name;
}

function checkIp(flag: string, value: string): string {
  if (!isIpv4(value)) fail(`invalid argument "${value}" for "${flag}" flag: invalid string being converted to IP address: ${value}`);
  return value;
}

function checkCidr(flag: string, value: string): string {
  if (!isCidr(value)) fail(`invalid argument "${value}" for "${flag}" flag: invalid CIDR address: ${value}`);
  const [address = '', prefix = '32'] = value.split('/');
  // Docker keeps the address as written; the model wants the network address itself.
  const mask = Number(prefix) === 0 ? 0 : (0xffffffff << (32 - Number(prefix))) >>> 0;
  const bytes = address.split('.').map(Number);
  const value32 = ((((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) & mask) >>> 0;
  return `${[24, 16, 8, 0].map((s) => (value32 >>> s) & 255).join('.')}/${prefix}`;
}

/** `-p [IP:]HOST:CONTAINER[/udp]` (Docker also accepts `CONTAINER` alone, meaning a random host port; not modelled). */
function parsePublish(value: string): PublishFlag {
  const invalid = () => fail(`invalid argument "${value}" for "-p, --publish" flag: Invalid port format: ${value}`);
  const [spec = '', protocolText = 'tcp', extra] = value.split('/');
  if (extra !== undefined || (protocolText !== 'tcp' && protocolText !== 'udp')) return invalid();
  const parts = spec.split(':');
  if (parts.length < 2 || parts.length > 3) {
    if (parts.length === 1 && port(spec)) fail(`-p ${value}: a random host port (-p CONTAINER) is not modelled; give HOST:CONTAINER`);
    return invalid();
  }
  const [hostIp, hostText, containerText] = parts.length === 3 ? parts : [undefined, parts[0], parts[1]];
  if (hostIp !== undefined && !isIpv4(hostIp)) return invalid();
  const hostPort = port(hostText ?? '');
  const containerPort = port(containerText ?? '');
  if (!hostPort || !containerPort) return invalid();
  return { ...(hostIp ? { hostIp } : {}), hostPort, containerPort, protocol: protocolText };
}

// ---- commands ------------------------------------------------------------------------

const NETWORK_CREATE_FLAGS: FlagSpec[] = [
  { long: 'driver', short: 'd', takesValue: true },
  { long: 'subnet', takesValue: true },
  { long: 'gateway', takesValue: true },
  { long: 'ip-range', takesValue: true },
  { long: 'aux-address', takesValue: true },
  { long: 'internal', takesValue: false },
  { long: 'attachable', takesValue: false },
  { long: 'opt', short: 'o', takesValue: true },
];

function networkCreate(raw: RawCommand, words: string[]): ParsedCommand {
  const { flags, positional } = parseFlags(words, NETWORK_CREATE_FLAGS, true);
  if (positional.length !== 1) fail(`"docker network create" requires exactly 1 argument.`);
  const name = checkName('network', positional[0] ?? '');
  const driver = lastFlag(flags, 'driver') ?? 'bridge';
  if (driver !== 'bridge' && driver !== 'macvlan' && driver !== 'ipvlan' && driver !== 'overlay') fail(`Error response from daemon: plugin "${driver}" not found`);
  if (flags.filter((f) => f.name === 'subnet').length > 1) fail('multiple subnets are not modelled: give one --subnet');
  const subnetText = lastFlag(flags, 'subnet');
  const subnet = subnetText === undefined ? undefined : checkCidr('--subnet', subnetText);
  const gatewayText = lastFlag(flags, 'gateway');
  const ipRangeText = lastFlag(flags, 'ip-range');
  if ((gatewayText !== undefined || ipRangeText !== undefined) && !subnet) fail('Error response from daemon: invalid pool request: gateway or ip-range given without a --subnet');
  const gateway = gatewayText === undefined ? undefined : checkIp('--gateway', gatewayText);
  const ipRange = ipRangeText === undefined ? undefined : checkCidr('--ip-range', ipRangeText);
  const inSubnet = (address: string) => {
    if (!subnet) return false;
    const [base = '', prefix = '32'] = subnet.split('/');
    return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parse(base), Number(prefix));
  };
  if (gateway && !inSubnet(gateway)) fail(`Error response from daemon: no matching subnet for gateway ${gateway}`);
  if (ipRange && (!inSubnet(ipRange.split('/')[0] ?? '') || Number(ipRange.split('/')[1]) < Number(subnet?.split('/')[1]))) fail(`Error response from daemon: no matching subnet for range ${ipRange}`);
  const auxAddresses: Record<string, string> = {};
  for (const aux of flags.filter((f) => f.name === 'aux-address')) {
    const [auxName, auxIp, extra] = aux.value.split('=');
    if (!auxName || auxIp === undefined || extra !== undefined) fail(`invalid argument "${aux.value}" for "--aux-address" flag: bad format for aux-address: ${aux.value} (want name=IP)`);
    checkIp('--aux-address', auxIp);
    if (!subnet) fail('Error response from daemon: invalid pool request: --aux-address given without a --subnet');
    if (!inSubnet(auxIp)) fail(`Error response from daemon: no matching subnet for aux-address ${auxIp}`);
    auxAddresses[auxName] = auxIp;
  }
  let parent: string | undefined;
  let icc: boolean | undefined;
  let macvlanMode: MacvlanMode | undefined;
  let ipvlanMode: IpvlanMode | undefined;
  let encrypted = false;
  for (const opt of flags.filter((f) => f.name === 'opt')) {
    const eq = opt.value.indexOf('=');
    const key = eq === -1 ? opt.value : opt.value.slice(0, eq);
    const value = eq === -1 ? '' : opt.value.slice(eq + 1);
    if (key === 'parent' && (driver === 'macvlan' || driver === 'ipvlan')) {
      const dotted = /^[a-z][a-z0-9]{0,14}(?:\.(\d{1,4}))?$/.exec(value);
      if (!dotted || (dotted[1] !== undefined && (Number(dotted[1]) < 1 || Number(dotted[1]) > 4094))) fail(`Error response from daemon: -o parent interface was not found on the host: ${value}`);
      parent = value;
    } else if (key === 'com.docker.network.bridge.enable_icc' && driver === 'bridge') {
      if (value !== 'true' && value !== 'false') fail(`Error response from daemon: invalid value "${value}" for com.docker.network.bridge.enable_icc: want true or false`);
      icc = value === 'true';
    } else if (key === 'macvlan_mode' && driver === 'macvlan') {
      if (value !== 'bridge' && value !== 'private' && value !== 'vepa' && value !== 'passthru') fail(`Error response from daemon: requested macvlan mode '${value}' is not valid, 'bridge' mode is the macvlan driver default`);
      macvlanMode = value;
    } else if (key === 'ipvlan_mode' && driver === 'ipvlan') {
      if (value !== 'l2' && value !== 'l3') fail(`Error response from daemon: requested ipvlan mode '${value}' is not valid, 'l2' mode is the ipvlan driver default`);
      ipvlanMode = value;
    } else if (key === 'encrypted' && driver === 'overlay') encrypted = value === '' || value === 'true';
    else fail(`-o ${opt.value}: this option of the ${driver} driver is not modelled`);
  }
  if ((driver === 'macvlan' || driver === 'ipvlan') && !subnet) fail(`the ${driver} network needs --subnet here (Docker would pick a pool that is not on the LAN)`);
  if ((driver === 'macvlan' || driver === 'ipvlan') && !parent) fail(`-o parent=… is needed here (Docker would make a dummy interface that is not on the LAN)`);
  if (driver !== 'bridge' && raw.words.includes('--internal')) fail(`--internal is only modelled for bridge networks`);
  return {
    ...commandOf(raw),
    kind: 'network-create',
    name,
    driver,
    ...(subnet ? { subnet } : {}),
    ...(gateway ? { gateway } : {}),
    ...(ipRange ? { ipRange } : {}),
    auxAddresses,
    internal: boolFlag(flags, 'internal'),
    attachable: boolFlag(flags, 'attachable'),
    ...(parent ? { parent } : {}),
    ...(icc !== undefined ? { icc } : {}),
    ...(macvlanMode ? { macvlanMode } : {}),
    ...(ipvlanMode ? { ipvlanMode } : {}),
    encrypted,
  };
}

const RUN_FLAGS: FlagSpec[] = [
  { long: 'detach', short: 'd', takesValue: false },
  { long: 'rm', takesValue: false },
  { long: 'interactive', short: 'i', takesValue: false },
  { long: 'tty', short: 't', takesValue: false },
  { long: 'name', takesValue: true },
  { long: 'network', takesValue: true },
  { long: 'net', takesValue: true },
  { long: 'publish', short: 'p', takesValue: true },
  { long: 'ip', takesValue: true },
  { long: 'network-alias', takesValue: true },
  { long: 'expose', takesValue: true },
];

function run(raw: RawCommand, words: string[]): ParsedCommand {
  const { flags, positional } = parseFlags(words, RUN_FLAGS, false);
  const [image, ...args] = positional;
  if (image === undefined) fail('"docker run" requires at least 1 argument.');
  if (!IMAGE.test(image) || image.length > 255) fail('docker: invalid reference format.');
  const nameText = lastFlag(flags, 'name');
  const network = lastFlag(flags, 'network') ?? lastFlag(flags, 'net') ?? 'bridge';
  if (flags.filter((f) => f.name === 'network' || f.name === 'net').length > 1) fail('docker: conflicting options: cannot attach to more than one network at run time here; use docker network connect');
  if (network.startsWith('container:')) checkName('container', network.slice('container:'.length));
  else checkName('network', network);
  const ipText = lastFlag(flags, 'ip');
  const expose = flags.filter((f) => f.name === 'expose').map((f) => {
    const [p = '', protocol = 'tcp'] = f.value.split('/');
    const value = port(p);
    if (!value || (protocol !== 'tcp' && protocol !== 'udp')) fail(`invalid argument "${f.value}" for "--expose" flag: invalid range format for --expose: ${f.value}`);
    return { port: value, protocol: protocol as 'tcp' | 'udp' };
  });
  const aliases = flags.filter((f) => f.name === 'network-alias').map((f) => checkName('network', f.value));
  return {
    ...commandOf(raw),
    kind: 'run',
    ...(nameText !== undefined ? { name: checkName('container', nameText) } : {}),
    network,
    publish: flags.filter((f) => f.name === 'publish').map((f) => parsePublish(f.value)),
    ...(ipText !== undefined ? { ip: checkIp('--ip', ipText) } : {}),
    aliases,
    expose,
    image,
    args,
  };
}

function commandOf(raw: RawCommand): ScriptCommand {
  return { line: raw.line, host: raw.host, text: raw.text };
}

function parseCommand(raw: RawCommand): ParsedCommand {
  const [program, ...rest] = raw.words;
  if (program === 'dockerd') {
    const { flags, positional } = parseFlags(rest, [
      { long: 'icc', takesValue: false },
      { long: 'userland-proxy', takesValue: false },
      { long: 'iptables', takesValue: false },
      { long: 'cluster-store', takesValue: true },
      { long: 'cluster-advertise', takesValue: true },
    ], true);
    if (positional.length) fail(`dockerd: unexpected argument "${positional[0]}"`);
    const has = (name: string) => flags.some((f) => f.name === name);
    const clusterStore = lastFlag(flags, 'cluster-store');
    if (lastFlag(flags, 'cluster-advertise') !== undefined && clusterStore === undefined) fail('invalid cluster configuration. --cluster-advertise must be accompanied by --cluster-store configuration');
    if (clusterStore !== undefined && !/^(consul|etcd|zk):\/\/[\w.-]+(:\d{1,5})?\/?$/.test(clusterStore)) fail(`dockerd: invalid --cluster-store "${clusterStore}": want consul://HOST:PORT, etcd://… or zk://…`);
    return {
      ...commandOf(raw),
      kind: 'dockerd',
      ...(has('icc') ? { icc: boolFlag(flags, 'icc') } : {}),
      ...(has('userland-proxy') ? { userlandProxy: boolFlag(flags, 'userland-proxy') } : {}),
      ...(has('iptables') ? { iptables: boolFlag(flags, 'iptables') } : {}),
      ...(clusterStore !== undefined ? { clusterStore } : {}),
    };
  }
  if (program !== 'docker') fail(`${program}: command not found (a script holds docker and dockerd commands)`);
  const [command, sub, ...args] = rest;
  if (command === 'network') {
    if (sub === 'create') return networkCreate(raw, args);
    if (sub === 'connect' || sub === 'disconnect') {
      const { flags, positional } = parseFlags(args, sub === 'connect' ? [{ long: 'ip', takesValue: true }, { long: 'alias', takesValue: true }] : [{ long: 'force', short: 'f', takesValue: false }], true);
      if (positional.length !== 2) fail(`"docker network ${sub}" requires exactly 2 arguments.`);
      const network = checkName('network', positional[0] ?? '');
      const container = checkName('container', positional[1] ?? '');
      if (sub === 'disconnect') return { ...commandOf(raw), kind: 'network-disconnect', network, container, force: boolFlag(flags, 'force') };
      const ip = lastFlag(flags, 'ip');
      return { ...commandOf(raw), kind: 'network-connect', network, container, ...(ip !== undefined ? { ip: checkIp('--ip', ip) } : {}), aliases: flags.filter((f) => f.name === 'alias').map((f) => checkName('network', f.value)) };
    }
    if (sub === 'rm' || sub === 'remove') {
      const { flags, positional } = parseFlags(args, [{ long: 'force', short: 'f', takesValue: false }], true);
      if (positional.length === 0) fail('"docker network rm" requires at least 1 argument.');
      return { ...commandOf(raw), kind: 'network-rm', names: positional.map((n) => checkName('network', n)), force: boolFlag(flags, 'force') };
    }
    fail(`unknown command "${sub ?? ''}" for "docker network"`);
  }
  if (command === 'run' || (command === 'container' && sub === 'run')) return run(raw, command === 'run' ? [sub, ...args].filter((w): w is string => w !== undefined) : args);
  if (command === 'rm') {
    const { flags, positional } = parseFlags([sub, ...args].filter((w): w is string => w !== undefined), [{ long: 'force', short: 'f', takesValue: false }], true);
    if (positional.length === 0) fail('"docker rm" requires at least 1 argument.');
    return { ...commandOf(raw), kind: 'rm', names: positional.map((n) => checkName('container', n)), force: boolFlag(flags, 'force') };
  }
  if (command === 'swarm') {
    if (sub === 'init') {
      const { flags, positional } = parseFlags(args, [{ long: 'advertise-addr', takesValue: true }], true);
      if (positional.length) fail('"docker swarm init" accepts no arguments.');
      const addr = lastFlag(flags, 'advertise-addr');
      return { ...commandOf(raw), kind: 'swarm-init', ...(addr !== undefined ? { advertiseAddr: checkIp('--advertise-addr', addr.replace(/:2377$/, '')) } : {}) };
    }
    if (sub === 'join') {
      const { flags, positional } = parseFlags(args, [{ long: 'token', takesValue: true }], true);
      if (positional.length !== 1) fail('"docker swarm join" requires exactly 1 argument.');
      const token = lastFlag(flags, 'token');
      if (token === undefined) fail('Error response from daemon: --token is required when joining a swarm');
      const [manager = '', managerPort = '2377'] = (positional[0] ?? '').split(':');
      if (!isIpv4(manager) || managerPort !== '2377') fail(`Error response from daemon: invalid remote address ${positional[0]}: want MANAGER_IP:2377`);
      return { ...commandOf(raw), kind: 'swarm-join', token, manager };
    }
    fail(`unknown command "${sub ?? ''}" for "docker swarm"`);
  }
  fail(`docker: '${command ?? ''}' is not a docker command.`);
}

/**
 * Parse a Docker command script. Every line is checked, so all syntax errors are listed.
 * @example parseDockerScript('docker network create --internal app\ndocker run -d --name web --network app nginx').commands.map((c) => c.kind) // ['network-create', 'run']
 * @example parseDockerScript('docker network create').errors // [{ line: 1, message: '"docker network create" requires exactly 1 argument.' }]
 */
export function parseDockerScript(script: string): { commands: ParsedCommand[]; errors: ScriptError[] } {
  const lexed = lexScript(script);
  const commands: ParsedCommand[] = [];
  const errors = [...lexed.errors];
  for (const raw of lexed.commands) {
    try {
      commands.push(parseCommand(raw));
    } catch (error) {
      if (!(error instanceof ScriptSyntaxError)) throw error;
      errors.push({ line: raw.line, message: error.message });
    }
  }
  errors.sort((a, b) => a.line - b.line);
  return { commands, errors };
}
