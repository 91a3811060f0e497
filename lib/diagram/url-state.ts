/**
 * A lab's state in the query string, namespaced by the lab instance so several
 * labs on one page keep separate state:
 *
 *   ?default-bridge.flow=lan-to-published&default-bridge.step=3&default-bridge.publish=on
 *
 * Reading never fails: a missing, unknown, stale or malformed parameter falls
 * back to that part of the default state. Writing leaves other labs' (and the
 * page's own) parameters alone and omits values equal to the defaults, so the
 * default state is the bare URL.
 */

import type { UrlOption } from '@/lib/labs';

/** What the URL may hold for one lab: its flows and options (ids, value sets, defaults; the options derived from the lab's `defineLab` declarations by `urlOptionsOf`). */
export interface LabStateSchema {
  flows: readonly string[];
  defaultFlow: string;
  options: readonly UrlOption[];
}

/** How finely the walk is stepped: every kernel step, or one step per device or namespace crossed. */
export type DetailLevel = 'step' | 'device';

/**
 * The state a reader can link to. `step` is 0-based: a hop index at detail
 * `step`, a device-step index at detail `device`.
 */
export interface LabState {
  flow: string;
  step: number;
  options: Record<string, boolean | string>;
  detail: DetailLevel;
}

/** Longest walk a URL may point into; the engine stops far earlier. */
const MAX_STEP = 999;

const TRUE_WORDS = new Set(['on', 'true', '1', 'yes']);
const FALSE_WORDS = new Set(['off', 'false', '0', 'no']);

/**
 * The default state of a lab.
 * @example defaultLabState(schema) // { flow: 'c1-to-c2', step: 0, options: { publish: false, icc: true } }
 */
export function defaultLabState(schema: LabStateSchema): LabState {
  return { flow: schema.defaultFlow, step: 0, options: Object.fromEntries(schema.options.map((o) => [o.id, o.default])), detail: 'step' };
}

/**
 * Read one lab's state from the query string; anything invalid falls back to its default.
 *
 * @example
 * parseLabState(new URLSearchParams('?default-bridge.publish=on&default-bridge.step=x'), 'default-bridge', schema)
 * // { flow: <default>, step: 0, options: { publish: true, … }, detail: 'step' }
 */
export function parseLabState(params: URLSearchParams, key: string, schema: LabStateSchema): LabState {
  const state = defaultLabState(schema);
  const flow = params.get(`${key}.flow`);
  if (flow !== null && schema.flows.includes(flow)) state.flow = flow;
  const step = params.get(`${key}.step`);
  if (step !== null && /^\d{1,4}$/.test(step)) {
    const value = Number(step);
    if (value <= MAX_STEP) state.step = value;
  }
  if (params.get(`${key}.detail`) === 'device') state.detail = 'device';
  for (const option of schema.options) {
    const raw = params.get(`${key}.${option.id}`);
    if (raw === null) continue;
    if (option.type === 'boolean') {
      const word = raw.toLowerCase();
      if (TRUE_WORDS.has(word)) state.options[option.id] = true;
      else if (FALSE_WORDS.has(word)) state.options[option.id] = false;
    } else if (option.values.includes(raw)) {
      state.options[option.id] = raw;
    }
  }
  return state;
}

/**
 * Write one lab's state into a copy of `params`: this lab's old keys are
 * removed, values equal to the default are left out, everything else kept.
 *
 * @example
 * writeLabState(new URLSearchParams('other.step=2'), 'default-bridge', { flow: 'f', step: 3, options: { publish: true }, detail: 'step' }, schema).toString()
 * // 'other.step=2&default-bridge.flow=f&default-bridge.step=3&default-bridge.publish=on'
 */
export function writeLabState(params: URLSearchParams, key: string, state: LabState, schema: LabStateSchema): URLSearchParams {
  const next = new URLSearchParams();
  const prefix = `${key}.`;
  for (const [name, value] of params) if (!name.startsWith(prefix)) next.append(name, value);
  if (state.flow !== schema.defaultFlow) next.set(`${key}.flow`, state.flow);
  if (state.step > 0) next.set(`${key}.step`, String(state.step));
  if (state.detail === 'device') next.set(`${key}.detail`, 'device');
  for (const option of schema.options) {
    const value = state.options[option.id];
    if (value === undefined || value === option.default) continue;
    next.set(`${key}.${option.id}`, typeof value === 'boolean' ? (value ? 'on' : 'off') : value);
  }
  return next;
}

/**
 * Whether a state needs the engine (anything but the default flow and options),
 * i.e. cannot be shown from the build-time default alone.
 * @example needsEngine({ flow: 'a', step: 5, options: { x: true } }, schema) // false when 'a' and x=true are the defaults
 */
export function needsEngine(state: LabState, schema: LabStateSchema): boolean {
  return state.flow !== schema.defaultFlow || schema.options.some((o) => state.options[o.id] !== o.default);
}
