// CI gate: runs @doyensec/electronegativity (offline) on electron/ and
// renderer/ and fails on any HIGH or MEDIUM finding that the checked-in
// allow-list (security/electronegativity-allow.json) does not name with a
// reason. Electronegativity's own CLI always exits 0, so this reads its report.
//
// Usage: node scripts/electronegativity-gate.mjs [--allow <file>] [dir…]
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const args = process.argv.slice(2);
let allowFile = join(root, 'security/electronegativity-allow.json');
const dirs = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--allow') allowFile = resolve(args[++i]);
  else dirs.push(resolve(args[i]));
}
// By default: ONE scan of the app's sources (electron/ and renderer/src, not built
// output), staged together, so project-wide checks (navigation limits, permission
// handler, CSP) see the main process and the renderer as one app. Scanned apart,
// the renderer alone always "misses" what electron/main does for it.
let staged = null;
const scanned = dirs.length ? dirs.map((d) => relative(root, d) || '.') : [];
if (!dirs.length) {
  staged = mkdtempSync(join(tmpdir(), 'dw-electronegativity-'));
  for (const d of ['electron', join('renderer', 'src')]) {
    if (!existsSync(join(root, d))) continue;
    cpSync(join(root, d), join(staged, d), { recursive: true });
    scanned.push(d);
  }
  dirs.push(staged);
}
/** Where a finding's file path is taken relative to: the staged copy mirrors the repository. */
const baseOf = (dir) => (dir === staged ? staged : root);

const allow = JSON.parse(readFileSync(allowFile, 'utf8')).allow;
const bad = allow.filter((a) => typeof a.check !== 'string' || typeof a.file !== 'string' || typeof a.reason !== 'string' || a.reason.trim().length < 20);
if (bad.length) {
  console.error(`allow-list entries without a check, file or a real reason: ${JSON.stringify(bad)}`);
  process.exit(1);
}

// Quiet its progress and "no connectivity" chatter; keep our own output.
const log = console.log;
const warn = console.warn;
console.log = () => {};
console.warn = () => {};
const run = require('@doyensec/electronegativity');
const electronVersion = require('electron/package.json').version;
const findings = [];
let parseErrors = 0;
try {
  for (const dir of dirs) {
    const report = await (run.default ?? run)(
      { input: dir, customScan: [], excludeFromScan: [], electronVersionOverride: electronVersion, parserPlugins: [] },
      false,
    );
    parseErrors += report.errors.filter((e) => !e.tolerable).length;
    for (const issue of report.issues) findings.push({ ...issue, dir });
  }
} finally {
  console.log = log;
  console.warn = warn;
  if (staged) rmSync(staged, { recursive: true, force: true });
}

const used = new Set();
const failures = [];
for (const f of findings) {
  const severity = f.severity?.name ?? String(f.severity);
  if (severity !== 'HIGH' && severity !== 'MEDIUM') continue;
  const file = f.file && f.file !== 'N/A' ? relative(baseOf(f.dir), resolve(f.dir, f.file)) : '*';
  const entry = allow.find((a) => a.check === f.id && (a.file === '*' || a.file === file));
  const where = `${f.id} ${severity} ${file}${f.location?.line ? `:${f.location.line}` : ''}`;
  if (entry) {
    used.add(entry);
    console.log(`allowed  ${where} — ${entry.reason.slice(0, 80)}…`);
  } else {
    failures.push(where);
    console.log(`FAIL     ${where}${f.description ? ` — ${f.description}` : ''}`);
  }
}
for (const a of allow) if (!used.has(a)) console.log(`note: allow-list entry ${a.check} ${a.file} matched nothing; remove it if it is stale`);
if (parseErrors) console.log(`note: ${parseErrors} file(s) could not be parsed by Electronegativity`);
console.log(`${findings.length} finding(s) in ${scanned.join(', ')}; ${failures.length} not allowed`);
process.exit(failures.length ? 1 : 0);
