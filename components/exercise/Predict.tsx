import { Children, isValidElement, type ReactElement, type ReactNode } from 'react';
import { checkPrediction } from '@/lib/content/exercises';
import { Choice, Explain, Question } from './parts';
import { PredictClient } from './Predict.client';

type PartProps = { children?: ReactNode; correct?: boolean };

/**
 * "Predict, then watch": the reader picks an answer, then the engine's walk of
 * that flow plays and the explanation follows. The walk is computed at build
 * time from the lab, and the build checks that `expect` is what the engine
 * computes, so the exercise cannot teach a wrong answer. The browser computes
 * the walk again when the reader needs it, from the same engine: the page's
 * data carries only the exercise's lab and flow (a walk is 1–1.5 KB gzip,
 * issue 12).
 */
export function Predict({
  lab,
  flow,
  set,
  expect,
  children,
}: {
  lab: string;
  flow: string;
  set?: string;
  expect: string;
  children: ReactNode;
}) {
  const spec = { lab, flow, expect, ...(set !== undefined ? { set } : {}) };
  checkPrediction(spec);
  const parts = Children.toArray(children).filter((child): child is ReactElement<PartProps> => isValidElement(child));
  const question = parts.find((part) => part.type === Question)?.props.children;
  const explanation = parts.find((part) => part.type === Explain)?.props.children;
  const choices = parts
    .filter((part) => part.type === Choice)
    .map((part) => ({ content: part.props.children, correct: part.props.correct === true }));
  return <PredictClient question={question} choices={choices} explanation={explanation} spec={spec} />;
}
