/**
 * The kernel check's report: one row per lab × options × flow. Pure.
 */

/** The result of one case. */
export interface CaseResult {
  lab: string;
  /** `defaults` or the one option changed, e.g. `publish=true`. */
  options: string;
  flow: string;
  result: 'match' | 'mismatch' | 'not-checkable';
  /** Mismatch: each difference (naming the hop and the field). Not checkable: what is missing. */
  reasons: string[];
  /** Processes played by a stand-in for this flow (Docker's embedded DNS, docker-proxy, servers). */
  standIns: string[];
  seconds: number;
  /** Seconds the runner waited after the sender was done until the promised packets and deliveries were all seen. */
  waitedAfterSender?: number;
  /** Interfaces where the trace says the packet appears (compared field by field). */
  capturePoints?: number;
  /** Interfaces captured to check that the packet does not appear there. */
  silentPoints?: number;
  /** The model's verdict and what the sender saw. */
  verdict?: string;
}

const MARK: Record<CaseResult['result'], string> = { match: 'match', mismatch: 'MISMATCH', 'not-checkable': 'not checkable here' };

/**
 * Format results as a fixed-width table; mismatches and not-checkable cases carry their reasons.
 * @example formatTable([{ lab: 'none', options: 'defaults', flow: 'loopback', result: 'match', reasons: [], standIns: [], seconds: 0.4 }])
 */
export function formatTable(results: readonly CaseResult[]): string {
  // The stand-in column names the processes a stand-in played (the part before " in <namespace>").
  const short = (s: string) => s.split(' in ')[0] ?? s;
  const rows = results.map((r) => [r.lab, r.options, r.flow, MARK[r.result], r.capturePoints !== undefined ? `${r.capturePoints}/${r.silentPoints ?? 0}` : '', [...new Set(r.standIns.map(short))].join(', ')]);
  const head = ['lab', 'options', 'flow', 'result', 'seen/quiet', 'stand-ins'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  const out = [line(head), line(widths.map((w) => '-'.repeat(w)))];
  results.forEach((r, i) => {
    out.push(line(rows[i] ?? []));
    if (r.result !== 'match') for (const reason of r.reasons) out.push(`      ↳ ${reason}`);
  });
  out.push('', 'seen/quiet: interfaces where the trace puts the packet (each compared field by field) / interfaces captured to show the packet never gets there.');
  const standIns = [...new Set(results.flatMap((r) => r.standIns))];
  if (standIns.length) out.push('', 'stand-in processes used (user-space parts played by a small Node process in the right namespace):', ...standIns.map((s) => `  - ${s}`));
  return out.join('\n');
}
