/**
 * `<Lab id="…" />` in a lesson. A server component: at build time it builds
 * the lab with its default options, traces the default flow and lays out the
 * diagram, so the static HTML already holds the whole diagram and the hop
 * list, and the browser needs no engine for the first paint.
 */
import { computeLabView, describeLab, stateSchema } from '@/lib/diagram/lab-view';
import { defaultLabState } from '@/lib/diagram/url-state';
import { LabClient } from './Lab.client';

interface LabProps {
  /** A lab id from lib/labs (checked when the lesson compiles). */
  id: string;
  /**
   * URL namespace for this instance; needed only when one page shows the same
   * lab twice, so the two keep separate state. Defaults to the lab id.
   */
  instance?: string;
}

export function Lab({ id, instance }: LabProps) {
  const lab = describeLab(id);
  const schema = stateSchema(lab);
  const defaults = defaultLabState(schema);
  const initialView = computeLabView(id, defaults.flow, defaults.options);
  return <LabClient lab={lab} schema={schema} labKey={instance ?? id} initialView={initialView} />;
}
