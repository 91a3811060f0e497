// `npm test`: every check the project has, in order, stopping at the first
// failure. Ends with the time of each step, the step that failed (if one did)
// and one line counting the unit and end-to-end tests. A failed step is not a
// test: it is reported on its own line, never added to the test counts.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { summaryLines } from './test-summary.mjs';

const steps = [
  { name: 'type check', command: 'npx tsc --noEmit' },
  { name: 'lint', command: 'npx eslint . --max-warnings 0' },
  { name: 'content lint', command: 'npm run -s lint:content' },
  {
    name: 'unit tests',
    command: 'npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json',
  },
  { name: 'kernel check', command: 'npm run -s verify:kernel' },
  { name: 'static build', command: 'npm run -s build' },
  { name: 'HTML check', command: 'node scripts/check-html.mjs' },
  { name: 'browser', command: 'node scripts/ensure-chromium.mjs' },
  { name: 'end-to-end tests', command: 'npx playwright test' },
];

fs.mkdirSync('test-reports', { recursive: true });
for (const file of ['test-reports/vitest.json', 'test-reports/e2e.json']) fs.rmSync(file, { force: true });

const startedAll = Date.now();
const timings = [];
let failed = null;
for (const step of steps) {
  console.log(`\n▶ ${step.name}: ${step.command}`);
  const started = Date.now();
  const result = spawnSync(step.command, { shell: true, stdio: 'inherit', env: process.env });
  timings.push(`${step.name} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    failed = { name: step.name, status: result.status ?? result.signal };
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

const total = (Date.now() - startedAll) / 1000;
console.log(`\n${timings.join(' · ')} · total ${(total / 60).toFixed(1)} min`);
for (const line of summaryLines({ unit: readJson('test-reports/vitest.json'), e2e: readJson('test-reports/e2e.json'), failed })) console.log(line);
process.exit(failed ? 1 : 0);
