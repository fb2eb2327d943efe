// End-to-end flows of the web UI in a real headless Chromium (Debian's), against a running platform:
//   BASE_URL      the platform (the JUnit test WebUiBrowserTest starts one with a worker and the test engine)
//   OUT_DIR       where screenshots go (one per flow, and failure-*.png when one fails)
//   ADMIN_TOKEN   the first admin's token: the flows sign in with the first start's link (/login?token=...)
//   FIXTURES      a folder with train-images/train-labels/test-images/test-labels IDX files to upload
//   ENGINE        the engine the slow runs use (default "test": the platform's test engine, whose step delay
//                 the JUnit test sets per seed: SLOW_SEED trains for ~10 s, STUCK_SEED for minutes)
// Exits 0 when every flow passed, 1 otherwise; its last line is "N passed, M failed".
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from './browser.mjs';

const BASE = must('BASE_URL');
const OUT = process.env.OUT_DIR ?? 'target/e2e';
const FIXTURES = must('FIXTURES');
const ADMIN_TOKEN = must('ADMIN_TOKEN');
const ENGINE = process.env.ENGINE ?? 'test';
const SLOW_SEED = process.env.SLOW_SEED ?? '777';
const STUCK_SEED = process.env.STUCK_SEED ?? '778';
mkdirSync(OUT, { recursive: true });

function must(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`e2e: set ${name}`);
    process.exit(2);
  }
  return v;
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

const SPEC = {
  name: 'e2e-mlp',
  input: [1, 28, 28],
  layers: [{ type: 'flatten' }, { type: 'linear', out: 64 }, { type: 'relu' }, { type: 'linear', out: 4 }],
  loss: 'cross_entropy',
};
const BAD_SPEC = { ...SPEC, layers: [{ type: 'flatten' }, { type: 'linear', out: -3 }, { type: 'relu' }, { type: 'linear', out: 4 }] };

const state = {};
// What the platform offers (as the app reads it): flows that need an endpoint it lacks are skipped, saying so.
const apiDocs = await fetch(`${BASE}/v3/api-docs`, { headers: { Authorization: `Bearer ${ADMIN_TOKEN}` } }).then(
  (r) => (r.ok ? r.json() : {}),
  () => ({}),
);
console.log(`platform: sweeps ${'/api/sweeps' in (apiDocs.paths ?? {}) ? 'present' : 'absent'} in /v3/api-docs`);
const apiPaths = apiDocs.paths ?? {};
const hasSweeps = '/api/sweeps' in apiPaths;
const hasFilterLanguage = (apiPaths['/api/runs']?.get?.parameters ?? []).some((p) => p.name === 'filter');
const skipped = [];
const skip = (why) => {
  const e = new Error(why);
  e.skip = true;
  throw e;
};
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
const page = await context.newPage();
page.setDefaultTimeout(20_000);
// An uncaught error in the app fails the run; console errors are shown (a refused request logs one, as meant).
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(e.message));
page.on('console', (m) => m.type() === 'error' && console.log(`console: ${m.text()}`));

const shot = (name, fullPage = false) => page.screenshot({ path: join(OUT, `${name}.png`), fullPage });
const badge = (text) => page.locator('.page-header .badge', { hasText: text }).first();
const runId = () => Number(/\/runs\/(\d+)/.exec(page.url())[1]);

const flows = [
  [
    'an anonymous visitor is sent to sign in; the first admin signs in with its link and makes a token',
    async () => {
      await page.goto(`${BASE}/runs`);
      await page.waitForURL(/\/login\?next=/);
      await page.goto(`${BASE}/login?token=${ADMIN_TOKEN}`);
      await page.waitForURL(/\/account$/);
      check(!page.url().includes(ADMIN_TOKEN), 'the token stayed in the address bar');
      await page.fill('[id="f-tokenName"]', 'e2e');
      await page.getByRole('button', { name: 'Make token' }).click();
      const secret = await page.locator('.issued .secret').textContent();
      check(secret && secret.startsWith('dsc_'), `no token shown: ${secret}`);
      await page.locator('tr', { hasText: 'e2e' }).first().waitFor();
      check(!(await page.locator('table').first().textContent()).includes(secret), 'the list shows the secret');
      await shot('account');
    },
  ],
  [
    'upload a dataset with a progress bar and see its samples',
    async () => {
      await page.goto(`${BASE}/datasets`);
      await page.getByLabel('IDX files').check();
      for (const [part, file] of [
        ['trainImages', 'train-images-idx3-ubyte.gz'],
        ['trainLabels', 'train-labels-idx1-ubyte'],
        ['testImages', 't10k-images-idx3-ubyte'],
        ['testLabels', 't10k-labels-idx1-ubyte'],
      ])
        await page.setInputFiles(`[id="f-${part}"]`, join(FIXTURES, file));
      await page.fill('[id="f-name"]', 'e2e-shapes');
      // Whether a progress bar showed at any moment during the upload.
      await page.evaluate(() => {
        window.__sawProgress = false;
        new MutationObserver(() => {
          if (document.querySelector('progress')) window.__sawProgress = true;
        }).observe(document.body, { childList: true, subtree: true });
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.waitForURL(/\/datasets\/\d+$/);
      check(await page.evaluate(() => window.__sawProgress), 'no progress bar showed during the upload');
      await page.waitForFunction(() => {
        const img = document.querySelector('.samples img');
        return img && img.complete && img.naturalWidth > 0;
      });
      await page.locator('.samples .labels span').first().waitFor();
      check((await page.locator('.samples .labels span').count()) === 64, 'expected 64 labelled samples');
      check((await page.locator('.histogram .bar').count()) === 4, 'expected a histogram of 4 classes');
      check(/sha256/.test(await page.locator('.kv').first().innerText()), 'no hash shown');
      state.datasetId = Number(/\/datasets\/(\d+)/.exec(page.url())[1]);
      await shot('dataset');
    },
  ],
  [
    'a bad spec shows its error inline, at its layer, and a bad field at its input',
    async () => {
      await page.goto(`${BASE}/launch?dataset=${state.datasetId}`);
      await page.selectOption('[id="f-experimentId"]', 'new');
      await page.fill('[id="f-newExperiment"]', `e2e-${Date.now()}`);
      await page.getByLabel('Write a spec').check();
      await page.fill('[id="f-spec"]', JSON.stringify(BAD_SPEC, null, 2));
      await page.locator('.spec-error', { hasText: 'layers[1]' }).waitFor();
      await page.locator('.layer.bad[data-layer="1"]').waitFor();
      await shot('launch-bad-spec');
      await page.fill('[id="f-spec"]', JSON.stringify(SPEC, null, 2));
      await page.locator('.spec-ok').waitFor();
      check((await page.locator('.layers .layer[data-layer]').count()) === 4, 'the layer table should show 4 layers');
      check(/\[64\]/.test(await page.locator('.layer[data-layer="1"]').innerText()), 'layer 1 should output [64]');
      await page.fill('[id="f-engine"]', ENGINE);
      await page.selectOption('[id="f-optimizer.type"]', 'sgd');
      await page.fill('[id="f-optimizer.lr"]', '-1');
      await page.fill('[id="f-epochs"]', '1');
      await page.fill('[id="f-batchSize"]', '2');
      await page.fill('[id="f-seed"]', SLOW_SEED);
      await page.fill('[id="f-valSplit"]', '0');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      const error = page.locator('[data-field="optimizer.lr"] .field-error');
      await error.waitFor();
      check(/learning rate/.test(await error.innerText()), `the lr error should say what is wrong: ${await error.innerText()}`);
      await shot('launch-field-error');
    },
  ],
  [
    'launch a run from the form and watch its chart grow live',
    async () => {
      await page.fill('[id="f-optimizer.lr"]', '0.1');
      await page.getByRole('button', { name: 'Launch', exact: true }).click();
      await page.waitForURL(/\/runs\/\d+$/);
      state.slowRun = runId();
      await page.evaluate(() => (window.__notReloaded = true));
      await badge('running').waitFor({ timeout: 30_000 });
      const points = () => page.evaluate(() => Number(document.querySelector('figure[data-chart="Loss"]')?.dataset.points ?? 0));
      await page.waitForFunction(() => Number(document.querySelector('figure[data-chart="Loss"]')?.dataset.points ?? 0) > 5);
      const first = await points();
      await page.waitForTimeout(1500);
      const second = await points();
      check(second > first, `the loss chart should grow while the run trains (${first} then ${second} points)`);
      await page.locator('.panel', { hasText: 'Latest values' }).locator('dt', { hasText: 'train/loss' }).waitFor();
      await shot('run-live');
      await badge('succeeded').waitFor({ timeout: 60_000 });
      check(await page.evaluate(() => window.__notReloaded === true), 'the page reloaded');
      const final = await points();
      check(final >= 290, `the finished run's chart should hold all ~300 steps, has ${final}`);
    },
  ],
  [
    'clone a run, changing the fields that differ',
    async () => {
      await page.locator('.page-header a', { hasText: 'Clone' }).click();
      await page.waitForURL(/\/launch\?from=\d+/);
      check((await page.inputValue('[id="f-seed"]')) === SLOW_SEED, 'the clone starts from the run\'s seed');
      await page.fill('[id="f-engine"]', 'native');
      await page.fill('[id="f-epochs"]', '3');
      await page.fill('[id="f-valSplit"]', '0.2');
      await page.fill('[id="f-batchSize"]', '16');
      await page.locator('[data-field="engine"] .changed').waitFor();
      check((await page.locator('[data-field="optimizer.lr"] .changed').count()) === 0, 'lr did not change');
      await shot('clone');
      await page.getByRole('button', { name: 'Launch the clone' }).click();
      await page.waitForURL(/\/runs\/\d+$/);
      state.nativeRun = runId();
      check(state.nativeRun !== state.slowRun, 'the clone is a new run');
      await badge('succeeded').waitFor({ timeout: 90_000 });
      for (const chart of ['Loss', 'Accuracy', 'Learning rate', 'Gradient norm'])
        await page.locator(`figure[data-chart="${chart}"]`).waitFor();
      await page.waitForFunction(() => Number(document.querySelector('figure[data-chart="Accuracy"]')?.dataset.points ?? 0) > 10);
      await shot('run');
      await page.getByLabel('log scale').check();
      await page.waitForURL(/log=1/);
      await page.locator('.segmented button', { hasText: 'epoch' }).click();
      await page.waitForURL(/x=epoch/);
    },
  ],
  [
    'cancel a running run',
    async () => {
      await page.goto(`${BASE}/launch?from=${state.slowRun}`);
      await page.fill('[id="f-seed"]', STUCK_SEED);
      await page.getByRole('button', { name: 'Launch the clone' }).click();
      await page.waitForURL(/\/runs\/\d+$/);
      state.cancelled = runId();
      await badge('running').waitFor({ timeout: 30_000 });
      await page.locator('.page-header button', { hasText: 'Cancel' }).click();
      await badge('cancelled').waitFor({ timeout: 30_000 });
    },
  ],
  [
    'the runs table filters, and deletes after confirmation',
    async () => {
      await page.goto(`${BASE}/runs`);
      await page.locator(`tr[data-run="${state.cancelled}"]`).waitFor();
      await shot('runs');
      const filter = page.getByLabel('Filter runs');
      await filter.focus();
      await page.keyboard.type("status = 'SUCCEEDED'");
      await page.keyboard.press('Enter');
      await page.waitForURL(/q=/);
      await page.waitForFunction((id) => !document.querySelector(`tr[data-run="${id}"]`), state.cancelled);
      const statuses = await page.locator('tbody .badge').allInnerTexts();
      check(statuses.length >= 2 && statuses.every((s) => s === 'succeeded'), `filtered statuses: ${statuses}`);
      if (hasFilterLanguage) {
        // The platform's filter language: a bad operator answers 400 with its position, shown as a caret under it.
        const bad = "params.optimizer.type = 'sgd' and metrics.val/accuracy >> 0.5";
        await filter.fill(bad);
        await page.keyboard.press('Enter');
        const caret = page.locator('.toolbar .field-error .filter-caret .caret');
        await caret.waitFor();
        const caretText = await caret.textContent();
        const at = caretText.length - 1;
        check(at >= bad.indexOf('>>') && at <= bad.indexOf('>>') + 2, `the caret should sit under '>>' (column ${at + 1}): ${JSON.stringify(caretText)}`);
      } else {
        await filter.fill("params.optimizer.type = 'adam'");
        await page.keyboard.press('Enter');
        await page.locator('.toolbar .field-error', { hasText: 'cannot be filtered on' }).waitFor();
      }
      await shot('runs-filter-error');
      await filter.press('Escape');
      await page.locator(`tr[data-run="${state.cancelled}"]`).waitFor();
      await page.getByRole('button', { name: `Delete run ${state.cancelled}` }).click();
      const dialog = page.locator('dialog[open]');
      await dialog.waitFor();
      await shot('runs-delete-confirm');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await page.waitForFunction((id) => !document.querySelector(`tr[data-run="${id}"]`), state.cancelled);
      const gone = await page.request.get(`${BASE}/api/runs/${state.cancelled}`);
      check(gone.status() === 404, `the deleted run still answers ${gone.status()}`);
    },
  ],
  [
    'open two runs in Compare',
    async () => {
      await page.goto(`${BASE}/runs`);
      await page.getByLabel(`Select run ${state.slowRun}`).check();
      await page.getByLabel(`Select run ${state.nativeRun}`).check();
      await page.getByRole('button', { name: /^Compare/ }).click();
      await page.waitForURL(/\/compare\?runs=/);
      check(page.url().includes(`${state.slowRun}`) && page.url().includes(`${state.nativeRun}`), 'both runs in the URL');
      await page.locator('figure[data-chart="train/loss"]').waitFor();
      await page.waitForFunction(() => Number(document.querySelector('figure[data-chart="train/loss"]')?.dataset.points ?? 0) > 100);
      const diff = await page.locator('.params-table th.diff').allInnerTexts();
      for (const k of ['engine', 'epochs', 'batchSize']) check(diff.includes(k), `${k} should be marked as differing: ${diff}`);
      check(!diff.includes('optimizer.type'), 'optimizer.type is the same in both');
      await shot('compare');
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.waitForTimeout(300);
      await shot('compare-dark');
      await page.emulateMedia({ colorScheme: 'light' });
      // A shared link opens the same view.
      const link = page.url();
      const other = await context.newPage();
      await other.goto(link);
      await other.locator('figure[data-chart="train/loss"]').waitFor();
      await other.close();
    },
  ],
  [
    'run an optimizer shoot-out from the Launch page and compare its runs',
    async () => {
      if (!hasSweeps) skip('/api/sweeps is absent in /v3/api-docs: this platform has no sweeps yet');
      await page.goto(`${BASE}/launch?mode=shootout&dataset=${state.datasetId}`);
      await page.getByLabel('Optimizer shoot-out').check();
      await page.selectOption('[id="f-modelId"]', { label: (await page.locator('[id="f-modelId"] option', { hasText: 'e2e-mlp' }).first().textContent()).trim() });
      await page.fill('[id="f-engine"]', 'native');
      await page.fill('[id="f-epochs"]', '2');
      await page.fill('[id="f-batchSize"]', '16');
      await page.fill('[id="f-valSplit"]', '0.2');
      // Two optimizers keep the flow short: momentum and rmsprop off.
      for (const o of ['momentum', 'rmsprop']) {
        const chip = page.locator('[aria-label="Optimizers"] .chip', { hasText: new RegExp(`^${o}$`) });
        if ((await chip.getAttribute('aria-pressed')) === 'true') await chip.click();
      }
      await page.locator('.sweep-count[data-count="2"]').waitFor();
      await shot('launch-shootout');
      await page.getByRole('button', { name: 'Run the shoot-out' }).click();
      await page.waitForURL(/\/sweeps\/\d+$/);
      state.sweep = Number(/\/sweeps\/(\d+)/.exec(page.url())[1]);
      await badge('succeeded').waitFor({ timeout: 240_000 });
      await page.locator('.shootout-ranking tbody tr').nth(1).waitFor();
      check((await page.locator('.shootout-ranking tbody tr').count()) === 2, 'the ranking should list the two optimizers');
      await shot('shootout', true);
      await page.getByRole('link', { name: 'Compare its runs' }).click();
      await page.waitForURL(/\/compare\?runs=/);
      await page.locator('.compare-charts figure').first().waitFor();
      await page.waitForFunction(() => Number(document.querySelector('.compare-charts figure')?.dataset.points ?? 0) > 0);
      const rows = await page.locator('.params-table tbody tr').count();
      check(rows >= 2, `the parameter table should have the shoot-out's runs, has ${rows}`);
      const diff = await page.locator('.params-table th.diff').allInnerTexts();
      check(diff.includes('optimizer.type'), `optimizer.type should be marked as differing: ${diff}`);
      // The parallel coordinates come with the platform's compare endpoint (its parameter table names what differs).
      if ('/api/compare' in apiPaths) await page.locator('.parcoords path[data-run]').nth(1).waitFor();
      else console.log('note: /api/compare is absent in /v3/api-docs: Compare read each run on its own, no parallel coordinates');
      await shot('compare-shootout', true);
    },
  ],
  [
    'workers and models show their details',
    async () => {
      await page.goto(`${BASE}/workers`);
      await page.locator('tr[data-worker]').first().waitFor();
      check(/IDLE|BUSY|idle|busy/.test(await page.locator('tr[data-worker] .badge').first().innerText()), 'a live worker');
      await shot('workers');
      await page.goto(`${BASE}/models`);
      await page.locator('tr[data-model] a', { hasText: 'e2e-mlp' }).click();
      await page.waitForURL(/\/models\/\d+$/);
      await page.locator('.layer[data-layer="3"]').waitFor();
      await shot('model');
    },
  ],
];

let passed = 0;
let failed = 0;
for (const [name, flow] of flows) {
  const t = Date.now();
  try {
    await flow();
    passed++;
    console.log(`ok   ${name} (${Date.now() - t} ms)`);
  } catch (e) {
    if (e.skip) {
      skipped.push(name);
      console.log(`skip ${name}: ${e.message}`);
      continue;
    }
    failed++;
    console.log(`FAIL ${name} (${Date.now() - t} ms): ${e.message}`);
    await shot(`failure-${flows.findIndex((f) => f[0] === name)}`, true).catch(() => {});
    break;
  }
}
if (pageErrors.length) {
  console.log(`uncaught errors in the app:\n  ${pageErrors.join('\n  ')}`);
  failed++;
}
await browser.close();
console.log(`e2e: ${passed} passed, ${failed} failed${skipped.length ? `, ${skipped.length} skipped` : ''}`);
process.exit(failed ? 1 : 0);
