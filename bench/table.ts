/** What the benches print: plain-text tables and their command-line flags. */

/**
 * Rows as a plain-text table: a header line from the first row's keys, a rule, then one padded line per row.
 * @example table([{ lesson: 'overlay', steps: 12 }]) // 'lesson   steps\n-------  -----\noverlay  12   '
 */
export function table(rows: Record<string, string | number>[]): string {
  if (!rows.length) return '(none)';
  const headers = Object.keys(rows[0] as object);
  const widths = headers.map((h) => Math.max(h.length, ...rows.map((r) => String(r[h]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] as number)).join('  ');
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map((r) => line(headers.map((h) => String(r[h]))))].join('\n');
}

/**
 * Every value given to `--name` on the command line, in order (the flag may repeat).
 * @example argValues('lesson', ['--lesson', 'overlay', '--lesson', 'host']) // ['overlay', 'host']
 */
export function argValues(name: string, args: readonly string[] = process.argv.slice(2)): string[] {
  return args.flatMap((arg, i) => (arg === `--${name}` && args[i + 1] ? [args[i + 1] as string] : []));
}
