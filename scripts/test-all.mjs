// `npm test`: every check the project has, stopping at the first failure.
// Ends with the time of each step, the step that failed (if one did) and one
// line counting the unit and end-to-end tests. A failed step is not a test: it
// is reported on its own line, never added to the test counts.
//
// The kernel check runs beside the steps before the build instead of between
// them: most of its time is spent waiting for the kernel (pings, captures,
// servers coming up in namespaces), about 60 % of one core on a quiet 2-core
// machine, so it overlaps the type check, lint and unit tests almost for free
// (≈100 s off the suite). Its output goes to a file, printed whole when it
// ends, so it does not interleave with theirs. The build waits for it: a
// build beside it would only slow both.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { summaryLines } from './test-summary.mjs';

const kernelStep = { name: 'kernel check', command: 'npm run -s verify:kernel' };
const beforeBuild = [
  { name: 'type check', command: 'npx tsc --noEmit' },
  { name: 'lint', command: 'npx eslint . --max-warnings 0' },
  { name: 'content lint', command: 'npm run -s lint:content' },
  {
    name: 'unit tests',
    command: 'npx vitest run --reporter=default --reporter=json --outputFile.json=test-reports/vitest.json',
  },
];
const fromBuild = [
  { name: 'static build', command: 'npm run -s build' },
  { name: 'HTML check', command: 'node scripts/check-html.mjs' },
  { name: 'browser', command: 'node scripts/ensure-chromium.mjs' },
  { name: 'end-to-end tests', command: 'npx playwright test' },
];

const KERNEL_LOG = 'test-reports/kernel-check.log';
fs.mkdirSync('test-reports', { recursive: true });
for (const file of ['test-reports/vitest.json', 'test-reports/e2e.json', KERNEL_LOG]) fs.rmSync(file, { force: true });

const startedAll = Date.now();
const timings = [];
let failed = null;
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);

/** Start the kernel check in its own process group, its output to a file; resolves with its exit status. */
function startKernelCheck() {
  console.log(`\n▶ ${kernelStep.name}: ${kernelStep.command} (beside the steps before the build; output at its end)`);
  const started = Date.now();
  const log = fs.openSync(KERNEL_LOG, 'w');
  const child = spawn(kernelStep.command, { shell: true, stdio: ['ignore', log, log], env: process.env, detached: true });
  fs.closeSync(log);
  const done = new Promise((resolve) => {
    child.on('error', (error) => resolve({ status: String(error), seconds: seconds(started) }));
    child.on('exit', (code, signal) => resolve({ status: code ?? signal, seconds: seconds(started) }));
  });
  // Its whole process group (npm, tsx, the check, its tcpdumps): the check cleans its namespaces on SIGTERM.
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // Already gone.
    }
  };
  return { done, stop };
}

function runStep(step) {
  console.log(`\n▶ ${step.name}: ${step.command}`);
  const started = Date.now();
  const result = spawnSync(step.command, { shell: true, stdio: 'inherit', env: process.env });
  timings.push(`${step.name} ${seconds(started)} s`);
  if (result.status !== 0) failed = { name: step.name, status: result.status ?? result.signal };
  return !failed;
}

const kernel = startKernelCheck();
for (const step of beforeBuild) if (!runStep(step)) break;
if (failed) kernel.stop();
const kernelResult = await kernel.done;
console.log(`\n▶ ${kernelStep.name} (ran beside the steps above, ${kernelResult.seconds} s):`);
process.stdout.write(fs.existsSync(KERNEL_LOG) ? fs.readFileSync(KERNEL_LOG, 'utf8') : '');
if (!failed) {
  timings.push(`${kernelStep.name} ${kernelResult.seconds} s (beside)`);
  if (kernelResult.status !== 0) failed = { name: kernelStep.name, status: kernelResult.status };
}
if (!failed) for (const step of fromBuild) if (!runStep(step)) break;

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
