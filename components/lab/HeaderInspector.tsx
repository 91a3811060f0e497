/**
 * The header inspector: the whole header stack at the current hop, outermost
 * first, an encapsulated packet drawn inside its carrier; the fields this hop
 * changed are highlighted and also named in text.
 */
import { describeChanges, headerStack, type HeaderView } from '@/lib/diagram/packet-view';
import type { FlowHop } from '@/lib/diagram/timeline';

interface HeaderInspectorProps {
  labKey: string;
  hop: FlowHop | undefined;
}

function HeaderBlock({ header }: { header: HeaderView }) {
  return (
    <div className={`pw-header${header.added ? ' pw-header--added' : ''}`} data-layer={header.key}>
      <div className="pw-header__title">
        {header.title}
        {header.added && <span className="pw-changed-tag"> added here</span>}
      </div>
      <dl className="pw-header__fields">
        {header.fields.map((field) => (
          <div key={field.key} className={field.changed ? 'pw-field pw-field--changed' : 'pw-field'} data-field={field.key}>
            <dt>{field.label}</dt>
            <dd>
              {field.changed ? <mark>{field.value}</mark> : field.value}
              {field.changed && <span className="pw-changed-tag"> changed</span>}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

/** Nest headers by depth: what follows a VXLAN/ESP header is drawn inside the outer packet. */
function Nested({ headers, depth }: { headers: HeaderView[]; depth: number }) {
  const own = headers.filter((h) => h.depth === depth);
  const inner = headers.filter((h) => h.depth > depth);
  return (
    <div className={depth === 0 ? 'pw-stack' : 'pw-stack pw-stack--inner'}>
      {depth > 0 && <div className="pw-stack__caption">carried inside: the original packet</div>}
      {own.map((header) => (
        <HeaderBlock key={header.key} header={header} />
      ))}
      {inner.length > 0 && <Nested headers={inner} depth={depth + 1} />}
    </div>
  );
}

function detailLines(hop: FlowHop): string[] {
  const d = hop.detail;
  if (!d) return [];
  const lines: string[] = [];
  if (d.route) lines.push(`route: ${d.route}`);
  if (d.rule) lines.push(`${d.rule.table}/${d.rule.chain}: ${d.rule.text} → ${d.rule.verdict}`);
  if (d.arp) lines.push(`ARP (${d.arp.how}): ${d.arp.targetIp} is at ${d.arp.targetMac ?? '?'}`);
  if (d.fdb) lines.push(`FDB ${d.fdb.how}: ${d.fdb.mac}${d.fdb.port ? ` → ${d.fdb.port.split(':').pop()}` : ''}`);
  if (d.vxlan) lines.push(`VXLAN VNI ${d.vxlan.vni}${d.vxlan.local ? ` from ${d.vxlan.local}` : ''}${d.vxlan.remote ? ` to ${d.vxlan.remote}` : ''}${d.vxlan.source ? ` (${d.vxlan.source})` : ''}`);
  if (d.vlan) lines.push(`802.1Q VLAN ${d.vlan.vid}`);
  if (d.socket) lines.push(`socket: ${d.socket.process} on ${d.socket.address}:${d.socket.port}/${d.socket.protocol}`);
  return lines;
}

export function HeaderInspector({ labKey, hop }: HeaderInspectorProps) {
  const headingId = `${labKey}-inspector`;
  const headers = hop ? headerStack(hop.packet, hop.changed) : [];
  const changes = hop ? describeChanges(hop.changed) : [];
  const details = hop ? detailLines(hop) : [];
  return (
    <section className="pw-inspector" aria-labelledby={headingId}>
      <h3 id={headingId} className="pw-panel-title">
        Headers at hop {hop ? hop.index + 1 : '–'}
      </h3>
      <p className="pw-inspector__changes">
        {changes.length ? <>Changed at this hop: {changes.join(', ')}.</> : 'No header changed at this hop.'}
      </p>
      {details.length > 0 && (
        <ul className="pw-inspector__details">
          {details.map((line) => (
            <li key={line}>
              <code>{line}</code>
            </li>
          ))}
        </ul>
      )}
      {headers.length ? <Nested headers={headers} depth={0} /> : <p className="pw-muted">No packet: this step is a socket operation.</p>}
    </section>
  );
}
