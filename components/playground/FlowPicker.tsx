'use client';
/**
 * The packet to walk: from any container, host or the laptop, to a name or an IP, a protocol and
 * a port. Names resolve as the sender would resolve them (Docker's embedded DNS on a shared
 * user-defined network, the LAN's names otherwise). The three "to" fields are written as one
 * target, `NAME|IP[:PORT]/PROTOCOL`, the form of the URL and of `npm run trace`.
 */
import { useEffect, useId, useState } from 'react';
import type { PlaygroundFlow, PlaygroundView } from '@/lib/diagram/playground-view';

interface FlowPickerProps {
  flow: PlaygroundFlow;
  endpoints: PlaygroundView['endpoints'];
  error?: string;
  disabled: boolean;
  onFlow: (flow: PlaygroundFlow) => void;
}

type Protocol = 'tcp' | 'udp' | 'icmp';

/** Split `web:80/tcp` into its fields (a partial or odd target keeps what it can). */
function splitTarget(to: string): { where: string; port: string; protocol: Protocol } {
  const match = /^([^:/]*)(?::(\d*))?(?:\/(tcp|udp|icmp))?$/.exec(to);
  const protocol = (match?.[3] as Protocol | undefined) ?? (match?.[2] ? 'tcp' : 'icmp');
  return { where: match?.[1] ?? to, port: match?.[2] ?? '', protocol };
}

function joinTarget(where: string, port: string, protocol: Protocol): string {
  return `${where.trim()}${protocol !== 'icmp' && port.trim() ? `:${port.trim()}` : ''}/${protocol}`;
}

/** How long typing in the target must pause before the walk is redone. */
const RETRACE_AFTER_MS = 250;

export function FlowPicker({ flow, endpoints, error, disabled, onFlow }: FlowPickerProps) {
  const id = useId();
  const initial = splitTarget(flow.to);
  const [where, setWhere] = useState(initial.where);
  const [port, setPort] = useState(initial.port);
  const [protocol, setProtocol] = useState<Protocol>(initial.protocol);

  // A new flow from outside (a link, an example) replaces the fields.
  const [shownTo, setShownTo] = useState(flow.to);
  if (flow.to !== shownTo) {
    const next = splitTarget(flow.to);
    setShownTo(flow.to);
    setWhere(next.where);
    setPort(next.port);
    setProtocol(next.protocol);
  }

  const to = joinTarget(where, port, protocol);
  useEffect(() => {
    if (to === flow.to) return;
    const timer = window.setTimeout(() => onFlow({ from: flow.from, to }), RETRACE_AFTER_MS);
    return () => window.clearTimeout(timer);
  }, [to, flow, onFlow]);

  const senders = endpoints.filter((e) => e.id !== 'internet' && e.id !== 'router');
  // What the target may name: containers (by name and address), hosts and the LAN's names.
  const suggestions = [
    ...endpoints.filter((e) => e.kind === 'container').flatMap((e) => [e.id.split('/').at(-1) ?? e.id, e.address]),
    ...endpoints.filter((e) => e.kind === 'host').map((e) => e.id),
    'laptop',
    'example.com',
    'router',
  ].filter((s, i, all): s is string => !!s && all.indexOf(s) === i);

  return (
    <section className="pw-pg__panel pw-pg__flow" aria-labelledby={`${id}-flow`}>
      <h2 id={`${id}-flow`} className="pw-pg__heading">
        Packet to walk
      </h2>
      <div className="pw-pg__fields">
        <label className="pw-field-label">
          <span>From</span>
          <select className="pw-select" value={flow.from} onChange={(e) => onFlow({ from: e.target.value, to })} disabled={disabled} data-control="pg-from">
            {senders.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label}
              </option>
            ))}
          </select>
        </label>
        <label className="pw-field-label">
          <span>To (a name or an IP)</span>
          <input className="pw-input" value={where} onChange={(e) => setWhere(e.target.value)} list={`${id}-names`} disabled={disabled} spellCheck={false} autoCapitalize="off" autoComplete="off" data-control="pg-to" />
          <datalist id={`${id}-names`}>
            {suggestions.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
        </label>
        <div className="pw-pg__row">
          <label className="pw-field-label">
            <span>Protocol</span>
            <select className="pw-select" value={protocol} onChange={(e) => setProtocol(e.target.value as Protocol)} disabled={disabled} data-control="pg-protocol">
              <option value="icmp">ICMP (ping)</option>
              <option value="tcp">TCP</option>
              <option value="udp">UDP</option>
            </select>
          </label>
          <label className="pw-field-label">
            <span>Port</span>
            <input className="pw-input pw-input--port" value={protocol === 'icmp' ? '' : port} onChange={(e) => setPort(e.target.value.replace(/\D/g, '').slice(0, 5))} inputMode="numeric" disabled={disabled || protocol === 'icmp'} placeholder={protocol === 'icmp' ? 'none' : '80'} data-control="pg-port" />
          </label>
        </div>
      </div>
      <p className="pw-pg__target">
        <code data-testid="pg-flow">
          {flow.from} → {flow.to}
        </code>
      </p>
      {error && (
        <p className="pw-pg__error" role="alert">
          <span aria-hidden="true">✖ </span>
          {error}
        </p>
      )}
      <p className="pw-pg__muted">Names resolve as the sender would: Docker’s embedded DNS on a user-defined network both share, otherwise the LAN’s names (host1, host2, laptop, router, example.com).</p>
    </section>
  );
}
