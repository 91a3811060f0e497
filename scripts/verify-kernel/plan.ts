/**
 * Which cases the kernel check runs: every lab with its defaults and with each
 * option changed one at a time (every other value of an enum), times every
 * flow. Pure.
 */
import type { Lab } from '@/lib/labs';

/** One lab configuration: the options that differ from the defaults. */
export interface Configuration {
  lab: string;
  /** Changed options only; empty for the defaults. */
  overrides: Record<string, string | boolean>;
  /** `defaults` or `option=value`. */
  label: string;
}

/**
 * The defaults, then each option changed one at a time.
 * @example configurations(getLab('default-bridge')!).map((c) => c.label) // ['defaults', 'publish=true', 'icc=false']
 */
export function configurations(lab: Lab): Configuration[] {
  const list: Configuration[] = [{ lab: lab.id, overrides: {}, label: 'defaults' }];
  for (const option of lab.options) {
    const values = option.type === 'boolean' ? [!option.default] : option.values.map((v) => v.value).filter((v) => v !== option.default);
    for (const value of values) list.push({ lab: lab.id, overrides: { [option.id]: value }, label: `${option.id}=${String(value)}` });
  }
  return list;
}
