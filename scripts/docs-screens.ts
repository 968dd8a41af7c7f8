/**
 * Regenerates the README's screenshots (docs/screens/*.png) from the last
 * end-to-end run (test-results/screens, written by test/ui/gui-flow.spec.ts):
 * each chosen screen is scaled to 640 px wide by Chromium itself (no image
 * library) and cut to at most 900 px tall. `npm run docs:screens` runs the
 * end-to-end test first.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FROM = join(ROOT, 'test-results', 'screens');
const TO = join(ROOT, 'docs', 'screens');
const WIDTH = 640;
const MAX_HEIGHT = 900;
const CHOSEN: Record<string, string> = {
  '01-create-vault': 'onboarding',
  '02-recovery-key': 'recovery-key',
  '04-data': 'data',
  '05-consent-prompt': 'consent-prompt',
  '07-lease-active': 'leases',
  '08-training-running': 'training-running',
  '09-training-review': 'training-review',
  '14-audit': 'audit-log',
};

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  mkdirSync(TO, { recursive: true });
  const page = await browser.newPage({ viewport: { width: WIDTH, height: MAX_HEIGHT }, deviceScaleFactor: 1 });
  for (const [from, to] of Object.entries(CHOSEN)) {
    const src = join(FROM, `${from}.png`);
    if (!existsSync(src)) throw new Error(`${src} is missing: run the end-to-end test first (npx playwright test)`);
    const data = readFileSync(src).toString('base64');
    await page.setContent(`<body style="margin:0"><img id="i" style="width:${WIDTH}px;display:block" src="data:image/png;base64,${data}"></body>`);
    await page.locator('#i').waitFor();
    const height = await page.evaluate('document.getElementById("i").getBoundingClientRect().height');
    await page.screenshot({ path: join(TO, `${to}.png`), clip: { x: 0, y: 0, width: WIDTH, height: Math.min(MAX_HEIGHT, Math.ceil(Number(height))) } });
    console.log(`docs/screens/${to}.png`);
  }
} finally {
  await browser.close();
}
