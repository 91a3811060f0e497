/**
 * The server's render of a lab: the whole lab, static, in its default state,
 * computed at build time. Only `LabIsland` calls it, and only on the server
 * (behind `typeof window === 'undefined'`, which the bundler resolves, so
 * neither this module nor the engine it runs reaches the browser's first
 * load).
 */
import { computeLabView, describeLab, stateSchema } from '@/lib/diagram/lab-view';
import { defaultLabState } from '@/lib/diagram/url-state';
import { LabClient, type LabEmbed } from './Lab.client';

export function renderStaticLab(labId: string, labKey: string, embed?: LabEmbed) {
  const lab = describeLab(labId);
  const schema = stateSchema(lab);
  const defaults = defaultLabState(schema);
  const view = computeLabView(labId, defaults.flow, defaults.options);
  return <LabClient lab={lab} schema={schema} labKey={labKey} defaultView={view} initialView={view} initialState={defaults} staticRender {...(embed ? { embed } : {})} />;
}
