// Stand-in processes for the kernel check, run inside a network namespace with
// `ip netns exec <ns> node agent.mjs <mode> <json>`. Plain JavaScript (no tsx)
// because it is started many times and Node alone starts in a few tens of ms.
//
//   serve  {sockets:[…]}                  TCP listeners, a UDP DNS responder answering from the
//                                         model's zones, and a TCP forwarder standing in for
//                                         docker-proxy. Prints {"event":"ready"} once every
//                                         socket is bound, then one JSON line per event.
//   tcp    {dst,dport,sport,timeoutMs}    connect() from a fixed source port; prints the result.
//   dns    {dst,dport,sport,name,timeoutMs} one A query over a connected UDP socket.
//   bind   {protocol,address,port}        try to bind(); prints bound or in-use.
//
// Connections are closed with a TCP reset (no TIME_WAIT), so the same 4-tuple can be
// used again by a later flow in the same namespaces.
import net from 'node:net';
import dgram from 'node:dgram';

const [mode, raw] = process.argv.slice(2);
const spec = JSON.parse(raw ?? '{}');
const print = (obj) => process.stdout.write(`${JSON.stringify(obj)}\n`);

/** Error code of a failed socket call, mapped to what the check compares. */
function outcomeOf(error) {
  const code = error && error.code;
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENETUNREACH' || code === 'EHOSTUNREACH') return 'unreachable';
  return `error:${code ?? String(error)}`;
}

function reset(socket) {
  if (typeof socket.resetAndDestroy === 'function' && !socket.destroyed) socket.resetAndDestroy();
  else socket.destroy();
}

/** A DNS A query for `name` with id `id`. */
function dnsQuery(id, name) {
  const labels = name.split('.').filter(Boolean);
  const parts = [Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])];
  for (const label of labels) parts.push(Buffer.from([label.length]), Buffer.from(label, 'ascii'));
  parts.push(Buffer.from([0, 0, 1, 0, 1]));
  return Buffer.concat(parts);
}

/** The question name and where the question ends, in a DNS message. */
function readQuestion(msg) {
  const labels = [];
  let at = 12;
  while (at < msg.length && msg[at] !== 0) {
    const len = msg[at];
    labels.push(msg.subarray(at + 1, at + 1 + len).toString('ascii'));
    at += 1 + len;
  }
  return { name: labels.join('.'), end: at + 5 };
}

/** An answer to `query` from the model's zone records (`records`: name → IPv4). */
function dnsAnswer(query, records) {
  const { name, end } = readQuestion(query);
  const address = records[name];
  const header = Buffer.from(query.subarray(0, 12));
  header[2] = 0x81; // QR, RD
  header[3] = address ? 0x80 : 0x83; // RA; rcode 0 or 3 (NXDOMAIN)
  header.writeUInt16BE(address ? 1 : 0, 6);
  header.writeUInt16BE(0, 8);
  header.writeUInt16BE(0, 10);
  const parts = [header, query.subarray(12, end)];
  if (address) {
    const rr = Buffer.alloc(16);
    rr.writeUInt16BE(0xc00c, 0);
    rr.writeUInt16BE(1, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(600, 6);
    rr.writeUInt16BE(4, 10);
    address.split('.').forEach((octet, i) => rr.writeUInt8(Number(octet), 12 + i));
    parts.push(rr);
  }
  return { name, reply: Buffer.concat(parts) };
}

/** Parse a DNS response: rcode and A answers. */
function parseAnswer(msg) {
  const rcode = msg[3] & 15;
  const count = msg.readUInt16BE(6);
  let at = readQuestion(msg).end;
  const answers = [];
  for (let i = 0; i < count && at < msg.length; i++) {
    if ((msg[at] & 0xc0) === 0xc0) at += 2;
    else {
      while (at < msg.length && msg[at] !== 0) at += 1 + msg[at];
      at += 1;
    }
    const type = msg.readUInt16BE(at);
    const len = msg.readUInt16BE(at + 8);
    if (type === 1 && len === 4) answers.push([...msg.subarray(at + 10, at + 14)].join('.'));
    at += 10 + len;
  }
  return { rcode: rcode === 0 ? 'NOERROR' : rcode === 3 ? 'NXDOMAIN' : `rcode ${rcode}`, answers };
}

async function serve() {
  const pending = [];
  for (const s of spec.sockets ?? []) {
    const label = { port: s.port, address: s.address, protocol: s.protocol, process: s.process };
    if (s.protocol === 'udp') {
      const socket = dgram.createSocket('udp4');
      socket.on('message', (msg, rinfo) => {
        const isDns = Boolean(s.records);
        if (!isDns) return print({ event: 'udp', ...label, peer: `${rinfo.address}:${rinfo.port}` });
        const { name, reply } = dnsAnswer(msg, s.records);
        print({ event: 'dns', ...label, peer: `${rinfo.address}:${rinfo.port}`, question: name });
        socket.send(reply, rinfo.port, rinfo.address);
      });
      pending.push(
        new Promise((resolve) => {
          socket.once('error', (error) => {
            print({ event: 'bind-error', ...label, error: error.code });
            resolve();
          });
          socket.bind(s.port, s.address, resolve);
        }),
      );
      continue;
    }
    const server = net.createServer((conn) => {
      print({ event: 'accept', ...label, peer: `${conn.remoteAddress}:${conn.remotePort}`, local: `${conn.localAddress}:${conn.localPort}` });
      conn.on('error', () => {});
      if (!s.proxyTo) {
        conn.on('end', () => reset(conn));
        conn.on('close', () => {});
        return;
      }
      // docker-proxy stand-in: a second connection to the container, from the source port the model uses.
      const upstream = net.connect({ host: s.proxyTo.address, port: s.proxyTo.port, localPort: s.proxyTo.sourcePort });
      upstream.on('connect', () => print({ event: 'proxy-connect', ...label, to: `${s.proxyTo.address}:${s.proxyTo.port}` }));
      upstream.on('error', (error) => {
        print({ event: 'proxy-error', ...label, error: outcomeOf(error) });
        reset(conn);
      });
      conn.on('close', () => reset(upstream));
      upstream.on('close', () => reset(conn));
    });
    server.on('error', () => {});
    pending.push(
      new Promise((resolve) => {
        server.once('error', (error) => {
          print({ event: 'bind-error', ...label, error: error.code });
          resolve();
        });
        server.listen({ port: s.port, host: s.address, backlog: 16 }, resolve);
      }),
    );
  }
  await Promise.all(pending);
  print({ event: 'ready' });
  // Runs until the check kills it (or its parent dies and stdin closes).
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}

function tcp() {
  const socket = net.connect({ host: spec.dst, port: spec.dport, localPort: spec.sport });
  const timer = setTimeout(() => {
    print({ result: 'timeout' });
    socket.destroy();
    process.exit(0);
  }, spec.timeoutMs);
  socket.on('connect', () => {
    clearTimeout(timer);
    print({ result: 'connected', local: `${socket.localAddress}:${socket.localPort}` });
    // Give the handshake's last ACK a moment, then reset (no TIME_WAIT).
    setTimeout(() => {
      reset(socket);
      setTimeout(() => process.exit(0), 20);
    }, 50);
  });
  socket.on('error', (error) => {
    clearTimeout(timer);
    print({ result: outcomeOf(error) });
    process.exit(0);
  });
}

function dns() {
  const socket = dgram.createSocket('udp4');
  const timer = setTimeout(() => {
    print({ result: 'timeout' });
    process.exit(0);
  }, spec.timeoutMs);
  socket.on('error', (error) => {
    clearTimeout(timer);
    print({ result: outcomeOf(error) });
    process.exit(0);
  });
  socket.on('message', (msg) => {
    clearTimeout(timer);
    print({ result: 'answered', ...parseAnswer(msg) });
    process.exit(0);
  });
  socket.bind(spec.sport, () => {
    socket.connect(spec.dport, spec.dst, (error) => {
      if (error) {
        clearTimeout(timer);
        print({ result: outcomeOf(error) });
        process.exit(0);
      }
      socket.send(dnsQuery(0x5057, spec.name));
    });
  });
}

function bind() {
  const done = (result, error) => {
    print(error ? { result, error } : { result });
    process.exit(0);
  };
  if (spec.protocol === 'udp') {
    const socket = dgram.createSocket('udp4');
    socket.once('error', (error) => done(error.code === 'EADDRINUSE' ? 'in-use' : 'error', error.code));
    socket.bind(spec.port, spec.address, () => done('bound'));
    return;
  }
  const server = net.createServer();
  server.once('error', (error) => done(error.code === 'EADDRINUSE' ? 'in-use' : 'error', error.code));
  server.listen({ port: spec.port, host: spec.address }, () => done('bound'));
}

if (mode === 'serve') void serve();
else if (mode === 'tcp') tcp();
else if (mode === 'dns') dns();
else if (mode === 'bind') bind();
else {
  print({ result: `error:unknown mode ${mode}` });
  process.exit(2);
}
