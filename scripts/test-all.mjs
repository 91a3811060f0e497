// `npm test`: every check the project has, in order, stopping at the first
// failure. Ends with one line counting the unit and end-to-end tests.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

const steps = [
  { name: 'type check', command: 'npx tsc --noEmit' },
  { name: 'lint', command: 'npx eslint . --max-warnings 0' },
  { name: 'content lint', command: 'npm run -s lint:content' },
  {
    name: 'unit tests',
    command: 'npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json',
  },
  { name: 'kernel check', command: 'npm run -s verify:kernel' },
  { name: 'static build', command: 'npx next build' },
  { name: 'browser', command: 'node scripts/ensure-chromium.mjs' },
  { name: 'end-to-end tests', command: 'npx playwright test' },
];

fs.mkdirSync('test-reports', { recursive: true });
for (const file of ['test-reports/vitest.json', 'test-reports/e2e.json']) fs.rmSync(file, { force: true });

const timings = [];
let failed = null;
for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.command}`);
  const started = Date.now();
  const result = spawnSync(step.command, { shell: true, stdio: 'inherit', env: process.env });
  timings.push(`${step.name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failed = step.name;
    break;
  }
}

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const unit = readJson('test-reports/vitest.json');
const e2e = readJson('test-reports/e2e.json');
const passed = (unit?.numPassedTests ?? 0) + (e2e?.stats?.expected ?? 0) + (e2e?.stats?.flaky ?? 0);
const failures = (unit?.numFailedTests ?? 0) + (e2e?.stats?.unexpected ?? 0) + (failed ? 1 : 0);
const skipped = (unit?.numPendingTests ?? 0) + (unit?.numTodoTests ?? 0) + (e2e?.stats?.skipped ?? 0);

console.log(`\n${timings.join(' · ')}`);
if (failed) console.log(`✗ stopped at: ${failed}`);
console.log(`tests: ${passed} passed, ${failures} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
