/**
 * `defineLab`: a lab declares its options once, and its `build` gets them typed — a boolean
 * option as a boolean, an enum option as the union of its values — with no casts in the lab.
 * The URL schema (`lib/diagram/url-state.ts`) is derived from the same declarations.
 */
import type { BooleanOption, BuiltLab, EnumOption, FlowDefinition, Lab, LabOption, OptionValues } from './types';

/** The value type of one declared option. */
type ValueOf<O extends LabOption> = O extends BooleanOption ? boolean : O extends EnumOption ? O['values'][number]['value'] : never;

/** The option values `build` gets for declared options `O`, by id. */
export type OptionValuesOf<O extends readonly LabOption[]> = { [K in O[number] as K['id']]: ValueOf<K> };

/** A lab as written in its file: options declared with their literal ids and values. */
export interface LabDefinition<O extends readonly LabOption[]> {
  id: string;
  title: string;
  summary: string;
  options: O;
  flows: FlowDefinition[];
  build: (options: OptionValuesOf<O>) => BuiltLab;
}

/**
 * Declare a lab; its `build` receives its options typed from their declarations.
 * @example
 * export const demo = defineLab({ id: 'demo', title: 'Demo', summary: '…', flows: [],
 *   options: [{ id: 'icc', type: 'boolean', label: 'ICC', description: '…', default: true }],
 *   build: (options) => build(options.icc) }); // options.icc: boolean
 */
export function defineLab<const O extends readonly LabOption[]>(definition: LabDefinition<O>): Lab {
  return {
    ...definition,
    options: [...definition.options],
    // The registry resolves every value against these same declarations (resolveOptions)
    // before it builds, so the values it passes have the declared types.
    build: (options: OptionValues) => definition.build(options as OptionValuesOf<O>),
  };
}

/** One option as the URL schema knows it: id, kind, allowed values, default. */
export type UrlOption = { id: string; type: 'boolean'; default: boolean } | { id: string; type: 'enum'; values: readonly string[]; default: string };

/**
 * The URL schema of a lab's options, derived from their declarations.
 * @example urlOptionsOf(getLab('overlay')!.options) // [{ id: 'controlPlane', type: 'enum', values: ['swarm', 'kv-store'], default: 'swarm' }, …]
 */
export function urlOptionsOf(options: readonly LabOption[]): UrlOption[] {
  return options.map((o) => (o.type === 'boolean' ? { id: o.id, type: 'boolean', default: o.default } : { id: o.id, type: 'enum', values: o.values.map((v) => v.value), default: o.default }));
}
