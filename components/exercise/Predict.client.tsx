'use client';

import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useMedia } from '@/components/hooks/useMedia';
import type { PredictionSpec, WalkStep, WalkSummary } from '@/lib/content/exercises';

const STEP_MS = 350;


function StepList({ steps, shown, label }: { steps: WalkStep[]; shown: number; label: string }) {
  return (
    <ol aria-label={label} className="space-y-1 text-sm">
      {steps.slice(0, shown).map((step, index) => (
        <li key={index} className="flex gap-2">
          <span className="w-6 shrink-0 text-right font-mono text-xs leading-5 text-[var(--muted-fg)]">{index + 1}</span>
          <span>
            <span className="font-semibold">{step.where}</span> — {step.caption}
          </span>
        </li>
      ))}
    </ol>
  );
}

let exercises: Promise<typeof import('@/lib/content/exercises')> | null = null;
/** The engine's walk for an exercise, computed in the browser (the engine loads once, shared with the labs). */
async function computeWalk(spec: PredictionSpec): Promise<WalkSummary> {
  exercises ??= import('@/lib/content/exercises');
  exercises.catch(() => {
    exercises = null;
  });
  const { checkPrediction, summariseWalk } = await exercises;
  return summariseWalk(checkPrediction(spec));
}

/**
 * The interactive part of a prediction exercise: choose, reveal, watch the
 * walk step in, read the explanation. The choice is kept while the page is open.
 */
export function PredictClient({
  question,
  choices,
  explanation,
  spec,
}: {
  question: ReactNode;
  choices: { content: ReactNode; correct: boolean }[];
  explanation: ReactNode;
  /** The exercise's lab and flow: the walk is computed from them when the reader chooses. */
  spec: PredictionSpec;
}) {
  const id = useId();
  const [choice, setChoice] = useState<number | null>(null);
  const [revealed, setRevealed] = useState(false);
  const [stepped, setStepped] = useState(0);
  const [walk, setWalk] = useState<WalkSummary | null>(null);
  const [walkFailed, setWalkFailed] = useState(false);
  const reducedMotion = useMedia('(prefers-reduced-motion: reduce)');
  const total = walk ? walk.steps.length + walk.replySteps.length : 0;

  /** Starts computing the walk (once): on the first choice, so it is there by the time the reader checks. */
  const walkStarted = useRef(false);
  const prepareWalk = () => {
    if (walkStarted.current) return;
    walkStarted.current = true;
    setWalkFailed(false);
    computeWalk(spec).then(setWalk, () => {
      walkStarted.current = false;
      setWalkFailed(true);
    });
  };
  const resultRef = useRef<HTMLDivElement>(null);

  // Under reduced motion the whole walk appears at once; otherwise it steps in.
  const shown = reducedMotion ? total : stepped;

  useEffect(() => {
    if (!revealed || reducedMotion || total === 0) return;
    const timer = window.setInterval(() => {
      setStepped((count) => {
        if (count + 1 >= total) window.clearInterval(timer);
        return Math.min(count + 1, total);
      });
    }, STEP_MS);
    return () => window.clearInterval(timer);
  }, [revealed, reducedMotion, total]);

  const finished = revealed && shown >= total;
  const correct = choice !== null && choices[choice]?.correct;

  return (
    <section aria-labelledby={`${id}-title ${id}-question`} className="not-prose my-8 rounded-xl border-2 border-[var(--border)] p-5" data-predict>
      <h3 id={`${id}-title`} className="mb-1 text-sm font-semibold tracking-wider text-[var(--muted-fg)] uppercase">
        Predict, then watch
      </h3>
      <fieldset disabled={revealed}>
        <legend id={`${id}-question`} className="mb-3 text-base font-medium text-[var(--page-fg)]">
          {question}
        </legend>
        <div className="space-y-2">
          {choices.map((option, index) => {
            const mark = revealed ? (option.correct ? '✓ Correct answer' : index === choice ? '✗ Your answer' : '') : '';
            return (
              <label
                key={index}
                className={`flex cursor-pointer items-start gap-3 rounded-lg border p-3 ${
                  revealed && option.correct
                    ? 'border-emerald-700 bg-emerald-50 dark:border-emerald-400 dark:bg-emerald-950/40'
                    : revealed && index === choice
                      ? 'border-rose-700 bg-rose-50 dark:border-rose-400 dark:bg-rose-950/40'
                      : 'border-[var(--border)]'
                }`}
              >
                <input
                  type="radio"
                  name={`${id}-choice`}
                  className="mt-1"
                  checked={choice === index}
                  onChange={() => {
                    setChoice(index);
                    prepareWalk();
                  }}
                />
                <span className="flex-1">
                  {option.content}
                  {mark && <span className="ml-2 text-sm font-semibold whitespace-nowrap">{mark}</span>}
                </span>
              </label>
            );
          })}
        </div>
      </fieldset>
      {!revealed && (
        <button
          type="button"
          disabled={choice === null}
          onClick={() => {
            setRevealed(true);
            prepareWalk();
            resultRef.current?.focus();
          }}
          className="mt-4 rounded-lg bg-accent-700 px-4 py-2 font-semibold text-white disabled:cursor-not-allowed disabled:opacity-60 dark:bg-accent-300 dark:text-zinc-900"
        >
          {choice === null ? 'Choose an answer first' : 'Check: watch the packet'}
        </button>
      )}
      <div ref={resultRef} tabIndex={-1} className="mt-4 outline-none">
        {revealed && !walk && walkFailed && (
          <p className="mb-3 font-semibold" role="status">
            The walk did not load (are you offline?).{' '}
            <button type="button" onClick={prepareWalk} className="font-normal underline">
              Try again
            </button>
          </p>
        )}
        {revealed && walk && (
          <>
            <p className="mb-3 font-semibold" role="status">
              {correct ? 'Right.' : 'Not quite.'} Here is the walk the model computes: {walk.title}.
            </p>
            <div className="max-h-96 overflow-y-auto rounded-lg bg-zinc-50 p-3 dark:bg-zinc-900" tabIndex={0} role="region" aria-label="The packet's walk">
              <StepList steps={walk.steps} shown={Math.min(shown, walk.steps.length)} label="Request" />
              {walk.replySteps.length > 0 && shown > walk.steps.length && (
                <>
                  <p className="mt-3 mb-1 text-xs font-semibold tracking-wider text-[var(--muted-fg)] uppercase">The reply</p>
                  <StepList steps={walk.replySteps} shown={shown - walk.steps.length} label="Reply" />
                </>
              )}
            </div>
            {finished && (
              <>
                <p className="mt-3 font-semibold">
                  {walk.ok ? '✓ It works: ' : '✗ It fails: '}
                  <span className="font-normal">{walk.verdict}</span>
                </p>
                <div className="prose prose-zinc mt-3 max-w-none dark:prose-invert">{explanation}</div>
              </>
            )}
            {!finished && (
              <button type="button" onClick={() => setStepped(total)} className="mt-3 text-sm underline">
                Show the whole walk now
              </button>
            )}
          </>
        )}
      </div>
    </section>
  );
}
