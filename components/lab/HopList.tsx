/**
 * The hop list: the whole walk as text, one item per hop, ending in the
 * verdict. It carries everything the animation shows, so a reader who cannot
 * see (or does not want) the animation loses nothing.
 */
import { memo, useEffect, useRef, type KeyboardEvent } from 'react';
import { useHydrated } from '@/components/hooks/useMedia';
import { HOP_KIND_TEXT } from '@/lib/diagram/hop-kinds';
import type { DeviceStep, FlowHop, Timeline } from '@/lib/diagram/timeline';

export { HOP_KIND_TEXT };

interface HopListProps {
  labKey: string;
  timeline: Timeline;
  /** The current step: a hop index, or a device-step index when `groups` is given. */
  step: number;
  /** The walk by device: one row per device, its kernel steps folded inside. */
  groups?: DeviceStep[] | undefined;
  onJump: (step: number) => void;
}

export function HopList({ labKey, timeline, step, groups, onJump }: HopListProps) {
  // A hop is a button (jump to it) only once the lab runs: the server's HTML,
  // all a reader without JavaScript gets, shows each hop as plain text.
  const interactive = useHydrated();
  const listRef = useRef<HTMLOListElement>(null);
  // Keep the current hop in view inside the list's own scroll box, without scrolling the page.
  useEffect(() => {
    const list = listRef.current;
    const current = list?.querySelector<HTMLElement>('[aria-current="step"]');
    if (!list || !current) return;
    // The list is the item's offset parent (position: relative), so offsetTop is inside the list.
    const top = current.offsetTop;
    if (top < list.scrollTop || top + current.offsetHeight > list.scrollTop + list.clientHeight) {
      list.scrollTop = Math.max(0, top - list.clientHeight / 3);
    }
  }, [step]);

  // One tab stop for the whole list (the current hop); ↑/↓ move through it.
  const focusCurrent = useRef(false);
  useEffect(() => {
    if (!focusCurrent.current) return;
    focusCurrent.current = false;
    listRef.current?.querySelector<HTMLElement>('[aria-current="step"] button')?.focus({ preventScroll: true });
  }, [step]);
  const onListKeyDown = (event: KeyboardEvent<HTMLOListElement>) => {
    const delta = event.key === 'ArrowDown' ? 1 : event.key === 'ArrowUp' ? -1 : 0;
    const target = step + delta;
    if (!delta || target < 0 || target >= (groups ? groups.length : timeline.hops.length)) return;
    event.preventDefault();
    event.stopPropagation();
    focusCurrent.current = true;
    onJump(target);
  };

  const headingId = `${labKey}-hops`;
  return (
    <section className="pw-hops" aria-labelledby={headingId}>
      <h3 id={headingId} className="pw-panel-title">
        Packet path
      </h3>
      {/* The list scrolls: without buttons in it (no JavaScript yet) it takes focus itself, so a keyboard can scroll it. */}
      <ol ref={listRef} aria-label="Packet path" className="pw-hops__list" onKeyDown={onListKeyDown} tabIndex={interactive ? undefined : 0} data-detail={groups ? 'device' : 'step'}>
        {groups ? <DeviceRows timeline={timeline} groups={groups} step={step} onJump={onJump} /> : timeline.hops.map((hop, i) => {
          const verdict = timeline.verdicts.find((v) => v.afterHop === i);
          const firstReply = hop.phase === 'reply' && timeline.hops[i - 1]?.phase !== 'reply';
          return [
            firstReply ? (
              <li key={`reply-${i}`} className="pw-hops__phase" aria-hidden="true">
                The reply
              </li>
            ) : null,
            <HopRow key={i} hop={hop} index={i} where={timeline.steps[i]?.where} current={i === step} interactive={interactive} onJump={onJump} />,
            verdict ? <VerdictRow key={`verdict-${verdict.phase}`} verdict={verdict} several={timeline.verdicts.length > 1} /> : null,
          ];
        })}
      </ol>
    </section>
  );
}

/**
 * One hop. Memoised: a step re-renders only the row that stops being
 * current and the one that becomes current, not all of them.
 */
const HopRow = memo(function HopRow({ hop, index, where, current, interactive, onJump }: { hop: FlowHop; index: number; where: string | undefined; current: boolean; interactive: boolean; onJump: (step: number) => void }) {
  const kind = HOP_KIND_TEXT[hop.kind];
  const hopText = (
    <>
      <span className="pw-hops__num">{index + 1}</span>
      <span className="pw-hops__kind">
        <span aria-hidden="true">{kind.icon} </span>
        {kind.text}
      </span>
      <span className="pw-hops__where">{where}</span>
      <span className="pw-hops__caption">{hop.caption}</span>
    </>
  );
  return (
    <li aria-current={current ? 'step' : undefined} className="pw-hops__item" data-hop-kind={hop.kind} data-phase={hop.phase}>
      {interactive ? (
        <button type="button" onClick={() => onJump(index)} className="pw-hops__button" tabIndex={current ? 0 : -1}>
          {hopText}
        </button>
      ) : (
        <div className="pw-hops__button pw-hops__button--static">{hopText}</div>
      )}
    </li>
  );
});

/** The walk by device: a row per device, the kernel steps inside it listed under it. */
function DeviceRows({ timeline, groups, step, onJump }: { timeline: Timeline; groups: DeviceStep[]; step: number; onJump: (step: number) => void }) {
  return (
    <>
      {groups.map((group, i) => {
        const verdict = timeline.verdicts.find((v) => v.afterHop >= group.first && v.afterHop <= group.last);
        const firstReply = group.phase === 'reply' && groups[i - 1]?.phase !== 'reply';
        return [
          firstReply ? (
            <li key={`reply-${i}`} className="pw-hops__phase" aria-hidden="true">
              The reply
            </li>
          ) : null,
          <DeviceRow key={i} group={group} hops={timeline.hops} index={i} current={i === step} onJump={onJump} />,
          verdict ? <VerdictRow key={`verdict-${verdict.phase}`} verdict={verdict} several={timeline.verdicts.length > 1} /> : null,
        ];
      })}
    </>
  );
}

/** One device step, its kernel steps folded inside. Memoised like {@link HopRow}. */
const DeviceRow = memo(function DeviceRow({ group, hops: allHops, index, current, onJump }: { group: DeviceStep; hops: readonly FlowHop[]; index: number; current: boolean; onJump: (step: number) => void }) {
  const hops = allHops.slice(group.first, group.last + 1);
  return (
    <li aria-current={current ? 'step' : undefined} className="pw-hops__item pw-hops__item--device" data-phase={group.phase}>
      <button type="button" onClick={() => onJump(index)} className="pw-hops__button" tabIndex={current ? 0 : -1}>
        <span className="pw-hops__num">{index + 1}</span>
        <span className="pw-hops__kind">{group.where}</span>
        <span className="pw-hops__where">
          {hops.length} {hops.length === 1 ? 'step' : 'steps'}: {hops.map((h) => HOP_KIND_TEXT[h.kind].text).join(' → ')}
        </span>
        <span className="pw-hops__caption">
          <ol className="pw-hops__folded">
            {hops.map((h, j) => (
              <li key={j}>{h.caption}</li>
            ))}
          </ol>
        </span>
      </button>
    </li>
  );
});

/** The row after a walk's last hop: delivered or dropped, and why. */
function VerdictRow({ verdict, several }: { verdict: Timeline['verdicts'][number]; several: boolean }) {
  const delivered = verdict.verdict.outcome === 'delivered';
  return (
    <li className={`pw-hops__verdict pw-hops__verdict--${verdict.verdict.outcome}`} data-verdict={verdict.verdict.outcome}>
      <strong>
        <span aria-hidden="true">{delivered ? '✓ ' : '✕ '}</span>
        {verdict.phase === 'reply' ? 'Reply ' : several ? 'Request ' : ''}
        {delivered ? 'delivered' : `dropped (${verdict.verdict.code})`}:
      </strong>{' '}
      {verdict.verdict.reason}
    </li>
  );
}
