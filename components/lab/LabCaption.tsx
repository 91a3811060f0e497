/**
 * What is happening now, in words: the step, where it happens, the engine's
 * caption, the packet as the token stands for it, the header fields this step
 * changed and, at the end, the verdict. In present mode this is the strip
 * beside the diagram, so a room reads it without scrolling.
 */
import type { Verdict } from '@/lib/netsim';
import { HOP_KIND_TEXT } from '@/lib/diagram/hop-kinds';
import { describeChanges, type TokenLabel } from '@/lib/diagram/packet-view';
import type { DeviceStep, FlowHop, Timeline } from '@/lib/diagram/timeline';

interface CaptionProps {
  captionId: string;
  hop: FlowHop | undefined;
  group: DeviceStep | undefined;
  timeline: Timeline;
  step: number;
  count: number;
  where: string | undefined;
  label: TokenLabel | undefined;
  verdict: Verdict | undefined;
}

function packetText(label: TokenLabel): string {
  const outer = `${label.vlan !== undefined ? `802.1Q VLAN ${label.vlan} · ` : ''}${label.addresses}${label.protocol ? ` · ${label.protocol}` : ''}`;
  if (!label.inner) return outer;
  const tunnel = label.inner.encrypted ? 'ESP' : `VXLAN VNI ${label.inner.vni ?? ''}`.trim();
  return `${outer}, carrying (${tunnel}) ${label.inner.addresses} · ${label.inner.protocol}`;
}

export function LabCaption({ captionId, hop, group, timeline, step, count, where, label, verdict }: CaptionProps) {
  if (!hop) return null;
  const kind = HOP_KIND_TEXT[hop.kind];
  const hops = group ? timeline.hops.slice(group.first, group.last + 1) : [hop];
  const changed = [...new Set(hops.flatMap((h) => describeChanges(h.changed)))];
  return (
    <div className="pw-caption" id={captionId}>
      {group ? (
        <span className="pw-caption__step">
          Device {step + 1} of {count}
          {group.phase === 'reply' ? ' (reply)' : ''} · {group.where} · {hops.length} {hops.length === 1 ? 'step' : 'steps'}
        </span>
      ) : (
        <span className="pw-caption__step">
          Step {step + 1} of {count}
          {hop.phase === 'reply' ? ' (reply)' : ''} · <span aria-hidden="true">{kind.icon} </span>
          {kind.text} · {where}
        </span>
      )}
      {group && hops.length > 1 ? (
        <ol className="pw-caption__folded">
          {hops.map((h, i) => (
            <li key={i}>
              <span aria-hidden="true">{HOP_KIND_TEXT[h.kind].icon} </span>
              {h.caption}
            </li>
          ))}
        </ol>
      ) : (
        <span className="pw-caption__text">{hop.caption}</span>
      )}
      {label && (
        <span className="pw-caption__packet">
          <span className="pw-caption__term">Packet:</span> <code>{packetText(label)}</code>
        </span>
      )}
      {changed.length > 0 && (
        <span className="pw-caption__changes">
          <span className="pw-caption__term">Changed here:</span> {changed.join(', ')}
        </span>
      )}
      {verdict && (
        <span className={`pw-caption__verdict pw-caption__verdict--${verdict.outcome}`}>
          {verdict.outcome === 'delivered' ? '✓ Delivered' : '✕ Dropped'}: {verdict.reason}
        </span>
      )}
    </div>
  );
}
