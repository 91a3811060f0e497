/**
 * The hop list: the whole walk as text, one item per hop, ending in the
 * verdict. It carries everything the animation shows, so a reader who cannot
 * see (or does not want) the animation loses nothing.
 */
import { useEffect, useRef, useSyncExternalStore, type KeyboardEvent } from 'react';
import { HOP_KIND_TEXT } from '@/lib/diagram/hop-kinds';
import type { DeviceStep, Timeline } from '@/lib/diagram/timeline';

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

const subscribeNever = () => () => {};

export function HopList({ labKey, timeline, step, groups, onJump }: HopListProps) {
  // A hop is a button (jump to it) only once the lab runs: the server's HTML,
  // all a reader without JavaScript gets, shows each hop as plain text.
  const interactive = useSyncExternalStore(subscribeNever, () => true, () => false);
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
          const kind = HOP_KIND_TEXT[hop.kind];
          const verdict = timeline.verdicts.find((v) => v.afterHop === i);
          const firstReply = hop.phase === 'reply' && timeline.hops[i - 1]?.phase !== 'reply';
          const hopText = (
            <>
              <span className="pw-hops__num">{i + 1}</span>
              <span className="pw-hops__kind">
                <span aria-hidden="true">{kind.icon} </span>
                {kind.text}
              </span>
              <span className="pw-hops__where">{timeline.steps[i]?.where}</span>
              <span className="pw-hops__caption">{hop.caption}</span>
            </>
          );
          return [
            firstReply ? (
              <li key={`reply-${i}`} className="pw-hops__phase" aria-hidden="true">
                The reply
              </li>
            ) : null,
            <li key={i} aria-current={i === step ? 'step' : undefined} className="pw-hops__item" data-hop-kind={hop.kind} data-phase={hop.phase}>
              {interactive ? (
                <button type="button" onClick={() => onJump(i)} className="pw-hops__button" tabIndex={i === step ? 0 : -1}>
                  {hopText}
                </button>
              ) : (
                <div className="pw-hops__button pw-hops__button--static">{hopText}</div>
              )}
            </li>,
            verdict ? <VerdictRow key={`verdict-${verdict.phase}`} verdict={verdict} several={timeline.verdicts.length > 1} /> : null,
          ];
        })}
      </ol>
    </section>
  );
}

/** The walk by device: a row per device, the kernel steps inside it listed under it. */
function DeviceRows({ timeline, groups, step, onJump }: { timeline: Timeline; groups: DeviceStep[]; step: number; onJump: (step: number) => void }) {
  return (
    <>
      {groups.map((group, i) => {
        const hops = timeline.hops.slice(group.first, group.last + 1);
        const verdict = timeline.verdicts.find((v) => v.afterHop >= group.first && v.afterHop <= group.last);
        const firstReply = group.phase === 'reply' && groups[i - 1]?.phase !== 'reply';
        return [
          firstReply ? (
            <li key={`reply-${i}`} className="pw-hops__phase" aria-hidden="true">
              The reply
            </li>
          ) : null,
          <li key={i} aria-current={i === step ? 'step' : undefined} className="pw-hops__item pw-hops__item--device" data-phase={group.phase}>
            <button type="button" onClick={() => onJump(i)} className="pw-hops__button" tabIndex={i === step ? 0 : -1}>
              <span className="pw-hops__num">{i + 1}</span>
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
          </li>,
          verdict ? <VerdictRow key={`verdict-${verdict.phase}`} verdict={verdict} several={timeline.verdicts.length > 1} /> : null,
        ];
      })}
    </>
  );
}

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
