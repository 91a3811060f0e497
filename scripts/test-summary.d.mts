export interface VitestReport {
  numPassedTests?: number;
  numFailedTests?: number;
  numPendingTests?: number;
  numTodoTests?: number;
}
export interface PlaywrightReport {
  stats?: { expected?: number; unexpected?: number; flaky?: number; skipped?: number };
}
export declare function summaryLines(input: {
  unit: VitestReport | null;
  e2e: PlaywrightReport | null;
  failed: { name: string; status: number | string | null } | null;
}): string[];
