/**
 * The lab's controls: the transport bar docked under the diagram (so on a
 * phone the diagram and the buttons that step it share one screen), and the
 * flow, options, speed and link controls beside or below it.
 */
import { memo } from 'react';
import type { LabDescriptor, LabView } from '@/lib/diagram/lab-view';
import type { DetailLevel, LabState } from '@/lib/diagram/url-state';

export const SHORTCUTS: [string, string][] = [
  ['Space', 'play / pause'],
  ['→', 'next step'],
  ['←', 'previous step'],
  ['Home', 'back to the first step'],
  ['W', 'follow the packet / show the whole network'],
  ['D', 'step by device / every step'],
  ['F', 'present mode (full screen) on / off'],
  ['L', 'hop list on / off (present mode)'],
  ['Esc', 'leave present mode, close this list'],
  ['?', 'show / hide these shortcuts'],
];

const SPEEDS = [
  { value: '0.5', label: '0.5×' },
  { value: '1', label: '1×' },
  { value: '2', label: '2×' },
] as const;

interface TransportProps {
  step: number;
  count: number;
  detail: DetailLevel;
  playing: boolean;
  inert: boolean;
  isLast: boolean;
  onRestart: () => void;
  onBack: () => void;
  onToggle: () => void;
  onNext: () => void;
  onDetail: (detail: DetailLevel) => void;
}

/** Restart, back, play, next, where we are, and the level of detail; with the key hint. */
export function LabTransport({ step, count, detail, playing, inert, isLast, onRestart, onBack, onToggle, onNext, onDetail }: TransportProps) {
  return (
    <div className="pw-transport pw-needs-js" role="group" aria-label="Step through the walk">
      <div className="pw-transport__buttons">
        <button type="button" className="pw-button" onClick={onRestart} disabled={inert} aria-label="Restart">
          <span aria-hidden="true">↺</span>
          <span className="pw-transport__text" aria-hidden="true"> Restart</span>
        </button>
        <button type="button" className="pw-button" onClick={onBack} disabled={inert || step === 0}>
          <span aria-hidden="true">◀ </span>Back
        </button>
        <button type="button" className="pw-button pw-button--primary" onClick={onToggle} disabled={inert} data-control="play">
          <span aria-hidden="true">{playing ? '∥ ' : '▶ '}</span>
          {playing ? 'Pause' : 'Play'}
        </button>
        <button type="button" className="pw-button" onClick={onNext} disabled={inert || isLast} data-control="next">
          Next<span aria-hidden="true"> ▶</span>
        </button>
        <span className="pw-transport__count" data-testid="step-count">
          {detail === 'device' ? 'Device' : 'Step'} {step + 1} / {count}
        </span>
      </div>
      <div className="pw-transport__detail" role="radiogroup" aria-label="Level of detail">
        <button type="button" role="radio" aria-checked={detail === 'device'} className="pw-segment" onClick={() => onDetail('device')} disabled={inert} data-control="detail-device">
          By device
        </button>
        <button type="button" role="radio" aria-checked={detail === 'step'} className="pw-segment" onClick={() => onDetail('step')} disabled={inert} data-control="detail-step">
          Every step
        </button>
      </div>
      <p className="pw-keys-hint" aria-hidden="true">
        Keys: <kbd>Space</kbd> play · <kbd>←</kbd> <kbd>→</kbd> step · <kbd>W</kbd> follow · <kbd>D</kbd> detail · <kbd>F</kbd> present · <kbd>?</kbd> all keys
      </p>
    </div>
  );
}

interface ControlsProps {
  lab: LabDescriptor;
  view: LabView;
  detail: DetailLevel;
  inert: boolean;
  hydrated: boolean;
  busy: boolean;
  status: string;
  speed: string;
  onSpeed: (speed: string) => void;
  onCopyLink: () => void;
  onState: (next: LabState) => void;
  /** This state's script and walk in the playground (labs built from docker commands). */
  playgroundHref?: string;
  /** Show or hide the `<iframe>` snippet of this state (not on an embed or the playground). */
  onEmbed?: () => void;
  embedOpen?: boolean;
  /** Download this walk as a pcapng capture (none: no walk to write). */
  onDownloadPcap?: () => void;
}

/** Flow, options, speed and "copy link". */
/** Memoised: its props do not change while the walk steps, so a step does not re-render the options. */
export const LabControls = memo(function LabControls({ lab, view, detail, inert, hydrated, busy, status, speed, onSpeed, onCopyLink, onState, playgroundHref, onEmbed, embedOpen, onDownloadPcap }: ControlsProps) {
  return (
    <div className="pw-controls pw-needs-js" role="group" aria-label="Lab controls">
      <div className="pw-controls__row" hidden={lab.flows.length < 2}>
        <label className="pw-field-label">
          <span>Flow</span>
          <select value={view.flow} onChange={(e) => onState({ flow: e.target.value, step: 0, options: view.options, detail })} className="pw-select" data-control="flow" disabled={inert}>
            {lab.flows.map((flow) => (
              <option key={flow.id} value={flow.id}>
                {flow.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {lab.options.length > 0 && (
        <fieldset className="pw-options">
          <legend>Options</legend>
          {lab.options.map((option) =>
            option.type === 'boolean' ? (
              <label key={option.id} className="pw-check" title={option.description}>
                <input
                  type="checkbox"
                  checked={view.options[option.id] === true}
                  data-option={option.id}
                  disabled={inert}
                  onChange={(e) => onState({ flow: view.flow, step: 0, options: { ...view.options, [option.id]: e.target.checked }, detail })}
                />
                <span>{option.label}</span>
              </label>
            ) : (
              <label key={option.id} className="pw-field-label" title={option.description}>
                <span>{option.label}</span>
                <select
                  className="pw-select"
                  value={String(view.options[option.id])}
                  data-option={option.id}
                  disabled={inert}
                  onChange={(e) => onState({ flow: view.flow, step: 0, options: { ...view.options, [option.id]: e.target.value }, detail })}
                >
                  {option.values.map((value) => (
                    <option key={value.value} value={value.value}>
                      {value.label}
                    </option>
                  ))}
                </select>
              </label>
            ),
          )}
        </fieldset>
      )}
      <div className="pw-controls__row">
        <label className="pw-field-label pw-field-label--inline">
          <span>Speed</span>
          <select className="pw-select" value={speed} onChange={(e) => onSpeed(e.target.value)} disabled={!hydrated}>
            {SPEEDS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="pw-button" onClick={onCopyLink} disabled={!hydrated}>
          <span aria-hidden="true">↗ </span>Copy link to this step
        </button>
        {onEmbed && (
          <button type="button" className="pw-button" onClick={onEmbed} aria-expanded={embedOpen} disabled={!hydrated} data-control="embed">
            <span aria-hidden="true">&lt;/&gt; </span>Embed
          </button>
        )}
        {playgroundHref && (
          <a className="pw-button" href={playgroundHref} data-control="open-playground">
            <span aria-hidden="true">✎ </span>Open in playground
          </a>
        )}
        {onDownloadPcap && (
          <button type="button" className="pw-button" onClick={onDownloadPcap} disabled={!hydrated} data-control="download-pcap" title="This walk, and its reply, as a packet capture for Wireshark">
            <span aria-hidden="true">⤓ </span>Download .pcapng
          </button>
        )}
      </div>
      <p className="pw-status" role="status">
        {busy ? 'Working out the new path…' : status}
      </p>
    </div>
  );
});
