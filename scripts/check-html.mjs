// `node scripts/check-html.mjs [dir]`: runs the W3C Nu HTML checker (the
// vnu-jar package, on a Java runtime) over every .html file of the static
// export (out/ unless a directory is given). Prints each page with its error
// count, then each distinct error with the lines it occurs on, and exits 1 on
// any error. Warnings are not counted: the checker's info messages are advice.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(process.argv[2] ?? 'out');
const require = createRequire(import.meta.url);
const vnuJar = String(require('vnu-jar'));

function htmlFiles(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return htmlFiles(full);
      return entry.name.endsWith('.html') ? [full] : [];
    })
    .sort();
}

if (!fs.existsSync(root)) {
  console.error(`HTML check: ${path.relative(process.cwd(), root) || root} does not exist: run \`npm run build\` first.`);
  process.exit(1);
}
const files = htmlFiles(root);
if (files.length === 0) {
  console.error(`HTML check: no .html files under ${root}.`);
  process.exit(1);
}

const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
if (java.error || java.status !== 0) {
  console.error('HTML check: needs a Java runtime for the Nu HTML checker (Debian: apt-get install default-jre-headless).');
  process.exit(1);
}

// --exit-zero-always: the exit status is decided here, from the JSON, so a
// checker that crashed (no JSON) is told apart from a page with errors.
const run = spawnSync('java', ['-Xss4m', '-jar', vnuJar, '--errors-only', '--format', 'json', '--exit-zero-always', ...files], {
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
let report;
try {
  // The checker writes its JSON report to standard error, after anything the JVM says first
  // (e.g. "Picked up JAVA_TOOL_OPTIONS").
  const output = run.stderr || run.stdout || '';
  report = JSON.parse(output.slice(output.indexOf('{')));
} catch {
  console.error(`HTML check: the Nu HTML checker did not report (exit ${run.status}):\n${run.stderr || run.stdout || run.error}`);
  process.exit(1);
}

const relative = (file) => path.relative(process.cwd(), file) || file;
const byFile = new Map(files.map((file) => [file, []]));
for (const message of report.messages) {
  if (message.type !== 'error' && !(message.type === 'non-document-error')) continue;
  const file = message.url ? decodeURIComponent(new URL(message.url).pathname) : '(checker)';
  if (!byFile.has(file)) byFile.set(file, []);
  byFile.get(file).push(message);
}

let total = 0;
let pagesWithErrors = 0;
for (const [file, messages] of byFile) {
  total += messages.length;
  if (messages.length === 0) {
    console.log(`✓ ${relative(file)}: 0 errors`);
    continue;
  }
  pagesWithErrors += 1;
  console.log(`✗ ${relative(file)}: ${messages.length} error${messages.length === 1 ? '' : 's'}`);
  // One line per distinct message, with the lines where it occurs.
  const grouped = new Map();
  for (const message of messages) {
    const key = message.message;
    if (!grouped.has(key)) grouped.set(key, { lines: [], extract: message.extract });
    grouped.get(key).lines.push(`${message.lastLine ?? message.firstLine ?? '?'}:${message.firstColumn ?? message.lastColumn ?? '?'}`);
  }
  for (const [text, { lines, extract }] of grouped) {
    const where = lines.length > 6 ? `${lines.slice(0, 6).join(', ')} and ${lines.length - 6} more` : lines.join(', ');
    console.log(`    ${lines.length}× ${text}`);
    console.log(`       at ${relative(file)}:${where}`);
    if (extract) console.log(`       e.g. ${extract.replace(/\s+/g, ' ').trim().slice(0, 160)}`);
  }
}
console.log(
  total
    ? `HTML check: ${total} error(s) on ${pagesWithErrors} of ${files.length} pages`
    : `HTML check: ${files.length} pages, 0 errors`,
);
process.exit(total ? 1 : 0);
