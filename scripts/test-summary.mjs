// The closing lines of `npm test`, from the unit and end-to-end JSON reports
// and the step that failed, if any. Kept apart from scripts/test-all.mjs so a
// unit test can pin the counting.

/**
 * The closing lines: the failed step (if any) on a line of its own, then the
 * test counts. A failed step is not a test and is never counted as one.
 *
 * @example
 * summaryLines({ unit: { numPassedTests: 3, numFailedTests: 0 }, e2e: { stats: { expected: 2, unexpected: 4 } }, failed: { name: 'end-to-end tests', status: 1 } });
 * // ['✗ step failed: end-to-end tests (exit 1); later steps did not run', 'tests: 5 passed, 4 failed, 0 skipped']
 */
export function summaryLines({ unit, e2e, failed }) {
  const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (e2e?.stats?.flaky ?? 0);
  const failures = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0);
  const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0);
  const lines = [];
  if (failed) lines.push(`✗ step failed: ${failed.name} (exit ${failed.status}); later steps did not run`);
  lines.push(`tests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
  return lines;
}
