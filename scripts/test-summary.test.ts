import { describe, expect, it } from 'vitest';
import { summaryLines } from './test-summary.mjs';

describe('summaryLines (the closing lines of npm test)', () => {
  it('counts four failed end-to-end tests as four, and names the failed step on its own line', () => {
    expect(
      summaryLines({
        unit: { numPassedTests: 300, numFailedTests: 0 },
        e2e: { stats: { expected: 60, unexpected: 4, skipped: 1 } },
        failed: { name: 'end-to-end tests', status: 1 },
      }),
    ).toEqual(['✗ step failed: end-to-end tests (exit 1); later steps did not run', 'tests: 360 passed, 4 failed, 1 skipped']);
  });

  it('reports a step that failed without running tests (a type error) as 0 failed tests and a failed step', () => {
    expect(summaryLines({ unit: null, e2e: null, failed: { name: 'type check', status: 2 } })).toEqual([
      '✗ step failed: type check (exit 2); later steps did not run',
      'tests: 0 passed, 0 failed, 0 skipped',
    ]);
  });

  it('ends a green run with the counts alone, flaky tests among the passed', () => {
    expect(summaryLines({ unit: { numPassedTests: 5, numTodoTests: 1 }, e2e: { stats: { expected: 2, flaky: 1 } }, failed: null })).toEqual([
      'tests: 8 passed, 0 failed, 1 skipped',
    ]);
  });
});
