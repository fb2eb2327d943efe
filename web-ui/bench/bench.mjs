// The web UI's reach, measured in Debian's headless Chromium against a running platform (scripts/web-bench starts
// one on a scratch database): BASE_URL=http://127.0.0.1:PORT npm run bench
//   live     a point logged by the worker (its timestamp) -> drawn in the open run's loss chart: p50/p95/max over the
//            train/loss points of a real run (keras-mlp on Fashion-MNIST, in-process worker)
//   compare  COMPARE_RUNS runs x POINTS points per curve (two keys) from navigation to both charts drawn, and the
//            time from a pan or zoom key press to the chart showing the new range (p50/p95 of 40 of each)
//   runs     RUNS queued runs: the first page, the next page, a sort, 200 a page, and typing in the filter box
// Runs that must not train ask for device cuda, which no CPU worker claims. Prints one JSON line per figure.
import { launch } from '../e2e/browser.mjs';

const BASE = process.env.BASE_URL;
if (!BASE) {
  console.error('bench: set BASE_URL to a running platform');
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 10_000);
const COMPARE_RUNS = Number(process.env.COMPARE_RUNS ?? 20);
const POINTS = Number(process.env.POINTS ?? 10_000);
const ONLY = (process.env.ONLY ?? 'live,compare,runs').split(',');

async function api(method, path, body) {
  const r = await fetch(BASE + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] * 10) / 10 : null;
};
const summary = (xs) => ({ n: xs.length, p50: pct(xs, 50), p95: pct(xs, 95), max: pct(xs, 100) });
const report = (figure, data) => console.log(JSON.stringify({ figure, ...data }));
const loadavg = async () => (await import('node:os')).loadavg().map((v) => Math.round(v * 100) / 100);

async function parallel(n, limit, fn) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

const experiment = (await api('POST', '/api/experiments', { name: `bench-${Date.now()}` })).id;
const fashion = (await api('POST', '/api/datasets', { source: 'fashion-mnist' })).id;
const builtins = await api('GET', '/api/models/builtins');
const model = (await api('POST', '/api/models', builtins.find((b) => b.name === 'keras-mlp').spec)).id;
const runBody = (extra) => ({
  experimentId: experiment,
  datasetId: fashion,
  modelId: model,
  optimizer: { type: 'adam', lr: 0.001 },
  batchSize: 128,
  epochs: 1,
  seed: 1,
  ...extra,
});

const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
const page = await context.newPage();
page.setDefaultTimeout(120_000);
console.error(`bench: load average before ${await loadavg()}`);

if (ONLY.includes('live')) {
  const run = await api('POST', '/api/runs', runBody({ epochs: 2, valSplit: 0.1 }));
  await page.goto(`${BASE}/runs/${run.id}`);
  await page.waitForFunction(() => document.querySelector('.page-header .badge')?.textContent === 'succeeded', null, {
    timeout: 600_000,
    polling: 500,
  });
  const latencies = await page.evaluate(() => window.__descentPerf?.liveLatencies ?? []);
  report('live point: worker logged -> drawn in the run chart (ms)', { ...summary(latencies), load: await loadavg() });
}

if (ONLY.includes('compare')) {
  const ids = [];
  for (let r = 0; r < COMPARE_RUNS; r++) {
    const run = await api('POST', '/api/runs', runBody({ device: 'cuda', seed: r, name: `compare-${r}` }));
    ids.push(run.id);
    const rate = 1 + r / COMPARE_RUNS;
    for (let from = 0; from < POINTS; from += 10_000) {
      const batch = [];
      for (let s = from; s < Math.min(POINTS, from + 10_000); s++) {
        const t = (s + 1) / POINTS;
        batch.push({ key: 'train/loss', step: s + 1, value: 2.3 * Math.exp(-4 * rate * t) + 0.05 * Math.random() + (s % 997 === 0 ? 1 : 0) });
        batch.push({ key: 'val/accuracy', step: s + 1, value: 0.9 - 0.8 * Math.exp(-5 * rate * t) + 0.01 * Math.random() });
        if ((s + 1) % (POINTS / 10) === 0) batch.push({ key: 'epoch', step: s + 1, value: (s + 1) / (POINTS / 10) });
      }
      await api('POST', `/api/runs/${run.id}/metrics`, batch);
    }
  }
  const url = `${BASE}/compare?runs=${ids.join(',')}&keys=train/loss,val/accuracy`;
  const renders = [];
  const firsts = [];
  for (let i = 0; i < 4; i++) {
    await page.goto('about:blank');
    await page.goto(url);
    await page.waitForFunction(() => Number(document.querySelector('.compare-charts figure')?.dataset.points ?? 0) > 0, null, {
      polling: 'raf',
    });
    firsts.push(await page.evaluate(() => performance.now()));
    // Every run's curve in both charts (each run has a legend entry once its curve is in).
    await page.waitForFunction(
      (n) => {
        const figures = [...document.querySelectorAll('.compare-charts figure')];
        return figures.length === 2 && figures.every((f) => f.querySelectorAll('.legend li').length === n);
      },
      ids.length,
      { polling: 'raf' },
    );
    renders.push(await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(performance.now())))));
  }
  report(`compare: ${ids.length} runs x ${POINTS} points, 2 keys, navigation -> charts drawn (ms)`, {
    ...summary(renders.slice(1)),
    firstCurveDrawn: summary(firsts.slice(1)),
    coldStart: Math.round(renders[0]),
    bucketsPerCurve: await page.evaluate(() => Number(document.querySelector('.compare-charts figure').dataset.points)) / ids.length,
    load: await loadavg(),
  });
  // Pan and zoom as a user does with the chart focused: each key press until the chart shows the new range.
  const box = page.locator('.compare-charts .chart-box').first();
  await box.focus();
  const frames = { pan: [], zoom: [] };
  for (const [kind, keys] of [
    ['zoom', ['+', '+', '+', '-', '-', '+', '+', '-']],
    ['pan', ['ArrowRight', 'ArrowRight', 'ArrowLeft', 'ArrowRight', 'ArrowLeft', 'ArrowLeft']],
  ]) {
    for (let i = 0; i < 40; i++) {
      const key = keys[i % keys.length];
      const ms = await page.evaluate(
        (k) =>
          new Promise((resolve) => {
            const u = [...window.__descentPerf.charts].find((c) => c.root.closest('.compare-charts'));
            const before = `${u.scales.x.min},${u.scales.x.max}`;
            const el = u.root.closest('.chart-box');
            const t0 = performance.now();
            el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
            const wait = () => {
              if (`${u.scales.x.min},${u.scales.x.max}` !== before) requestAnimationFrame(() => resolve(performance.now() - t0));
              else if (performance.now() - t0 > 2000) resolve(NaN);
              else requestAnimationFrame(wait);
            };
            requestAnimationFrame(wait);
          }),
        key,
      );
      if (Number.isFinite(ms)) frames[kind].push(ms);
      await page.waitForTimeout(30);
    }
  }
  // Frame times while panning and zooming without pause (a key every frame for 2 s, as a held key repeats): the gap
  // between consecutive animation frames, which is what a user sees as smooth or not.
  const held = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const u = [...window.__descentPerf.charts].find((c) => c.root.closest('.compare-charts'));
        const el = u.root.closest('.chart-box');
        const gaps = [];
        const keys = ['+', 'ArrowRight', 'ArrowRight', '-', 'ArrowLeft', '+', 'ArrowRight', '-'];
        const t0 = performance.now();
        let last = t0;
        let i = 0;
        const frame = (t) => {
          gaps.push(t - last);
          last = t;
          if (t - t0 > 2000) return resolve(gaps.slice(1));
          el.dispatchEvent(new KeyboardEvent('keydown', { key: keys[i++ % keys.length], bubbles: true }));
          requestAnimationFrame(frame);
        };
        requestAnimationFrame(frame);
      }),
  );
  report('compare: frame times while panning and zooming continuously for 2 s (ms)', { ...summary(held), fps: Math.round((1000 * held.length) / held.reduce((a, b) => a + b, 0)), load: await loadavg() });
  report('compare: key press -> chart shows the new range, both charts re-binned (ms)', {
    zoom: summary(frames.zoom),
    pan: summary(frames.pan),
    load: await loadavg(),
  });
}

if (ONLY.includes('runs')) {
  const have = (await api('GET', '/api/runs?size=1')).totalElements;
  const t0 = Date.now();
  await parallel(Math.max(0, RUNS - have), 8, (i) => api('POST', '/api/runs', runBody({ device: 'cuda', seed: i, name: `table-${i}` })));
  console.error(`bench: ${RUNS - have} runs queued in ${Math.round((Date.now() - t0) / 1000)} s`);
  const rowsShown = (n) =>
    page.waitForFunction((k) => document.querySelectorAll('table.runs-table tbody tr[data-run]').length >= k, n, { polling: 'raf' });
  const firstRow = () => page.evaluate(() => document.querySelector('table.runs-table tbody tr[data-run]')?.dataset.run);
  const timed = async (action, done) => {
    const t = Date.now();
    await action();
    await done();
    return Date.now() - t;
  };
  const first = [];
  for (let i = 0; i < 4; i++) {
    await page.goto('about:blank');
    first.push(await timed(() => page.goto(`${BASE}/runs`), () => rowsShown(50)));
  }
  const next = [];
  const sort = [];
  for (let i = 0; i < 5; i++) {
    const before = await firstRow();
    next.push(await timed(() => page.getByRole('button', { name: 'Next page' }).click(), () => page.waitForFunction((b) => document.querySelector('table.runs-table tbody tr[data-run]')?.dataset.run !== b, before, { polling: 'raf' })));
    const b2 = await firstRow();
    sort.push(await timed(() => page.getByRole('button', { name: /^Run/ }).click(), () => page.waitForFunction((b) => document.querySelector('table.runs-table tbody tr[data-run]')?.dataset.run !== b, b2, { polling: 'raf' })));
  }
  await page.goto(`${BASE}/runs`);
  await rowsShown(50);
  const big = await timed(() => page.selectOption('select[aria-label="Runs per page"]', '200'), () => rowsShown(200));
  // Typing while the table polls: each key press until the next frame.
  const filter = page.getByLabel('Filter runs');
  await filter.focus();
  const typing = [];
  for (const ch of "status in ('QUEUED', 'RUNNING') and experimentId = 1") {
    typing.push(
      await page.evaluate(
        (c) =>
          new Promise((resolve) => {
            const el = document.activeElement;
            const t0 = performance.now();
            el.value += c;
            el.dispatchEvent(new InputEvent('input', { bubbles: true, data: c }));
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
          }),
        ch,
      ),
    );
  }
  const total = (await api('GET', '/api/runs?size=1')).totalElements;
  report(`runs table: ${total} runs (ms)`, {
    firstPage: summary(first.slice(1)),
    nextPage: summary(next),
    sortById: summary(sort),
    pageOf200: big,
    keyToFrameWhileTyping: summary(typing),
    load: await loadavg(),
  });
}

await browser.close();
