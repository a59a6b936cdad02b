// The admin page in a real browser, against a real balancer in front of three demo backends that
// run.sh started. Prints PASS or FAIL for each check; exits 1 if any failed.
//
// Environment: LB_URL (http://127.0.0.1:PORT), LB_PREFIX (/_lb/), LB_USER, LB_PASSWORD,
// LB_BACKEND_URLS (comma-separated, in configuration order: demo backends named backend-0, backend-1, backend-2
// after their ids), CHROMIUM,
// USER_DATA_DIR (new, empty), SCREENSHOT (where the PNG goes).
import { chromium } from 'playwright-core';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error('environment variable ' + name + ' is not set');
  return v;
};
const base = env('LB_URL');
const prefix = process.env.LB_PREFIX || '/_lb/';
const backendUrls = env('LB_BACKEND_URLS').split(',');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let failures = 0;
async function check(name, body) {
  try {
    const detail = await body();
    console.log('PASS ' + name + (detail ? ' (' + detail + ')' : ''));
  } catch (e) {
    failures++;
    console.log('FAIL ' + name + ': ' + (e && e.message ? e.message.split('\n')[0] : e));
  }
}
function assert(ok, message) {
  if (!ok) throw new Error(message);
}

/** Polls fn (bounded) until it returns a truthy value; that value, or an error naming what was awaited. */
async function waitFor(what, fn, seconds = 20) {
  let last;
  for (const end = Date.now() + seconds * 1000; Date.now() < end; await sleep(250)) {
    last = await fn();
    if (last) return last;
  }
  throw new Error('waited ' + seconds + ' s for ' + what);
}

/** One request through the balancer; the demo backend that answered it ("backend-1"), or "HTTP n". */
async function through(path) {
  const r = await fetch(base + path);
  const text = await r.text();
  return r.ok ? text.split(':', 1)[0] : 'HTTP ' + r.status;
}

/**
 * Traffic for the charts while the checks run: a few concurrent clients at a rate that swells
 * and ebbs, bounded by time and by count.
 */
function backgroundTraffic(seconds, maxRequests) {
  let stop = false;
  let sent = 0;
  const end = Date.now() + seconds * 1000;
  const started = Date.now();
  const client = async (n) => {
    while (!stop && Date.now() < end && sent < maxRequests) {
      sent++;
      await through('/traffic/' + n).catch(() => {});
      const phase = (Date.now() - started) / 20000;
      await sleep(6 + 14 * (1 + Math.sin(phase * 2 * Math.PI + n)));
    }
  };
  const done = Promise.all([0, 1, 2, 3].map(client));
  return { sent: () => sent, stop: async () => { stop = true; await done; } };
}

const context = await chromium.launchPersistentContext(env('USER_DATA_DIR'), {
  executablePath: env('CHROMIUM'),
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  httpCredentials: { username: env('LB_USER'), password: env('LB_PASSWORD') },
  viewport: { width: 1440, height: 1180 },
  deviceScaleFactor: 1,
  colorScheme: 'light',
});
const page = context.pages()[0] || (await context.newPage());
const consoleErrors = [];
page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
page.on('pageerror', (e) => consoleErrors.push(e.message));

const rows = page.locator('#backends tbody tr');
const row = (id) => page.locator('#backends tbody tr[data-id="' + id + '"]');
const stateOf = async (id) => (await row(id).locator('.pill').textContent()) || '';
let traffic = null;

try {
  await check('the page loads with the BASIC login and its own files only', async () => {
    const r = await page.goto(base + prefix);
    assert(r.status() === 200, 'HTTP ' + r.status());
    const csp = r.headers()['content-security-policy'] || '';
    assert(csp.includes("default-src 'self'"), 'Content-Security-Policy: ' + csp);
    return 'CSP ' + csp;
  });

  await check('the table shows exactly the 3 backends, in order, up', async () => {
    await waitFor('3 rows', async () => (await rows.count()) === 3);
    const urls = await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.url));
    assert(JSON.stringify(urls) === JSON.stringify(backendUrls), 'rows ' + urls.join(' ') + ', expected ' + backendUrls.join(' '));
    for (let id = 0; id < 3; id++) {
      const shown = await row(id).locator('td').nth(1).textContent();
      assert(shown.trim() === backendUrls[id], 'row ' + id + ' shows ' + shown);
      const state = await stateOf(id);
      assert(state === 'up', 'row ' + id + ' is ' + state);
    }
    return urls.join(', ');
  });

  await check('the settings show lb.backends with its source, the environment variable, highlighted', async () => {
    const tr = page.locator('#settings tr[data-key="lb.backends"]');
    await waitFor('the lb.backends row', async () => (await tr.count()) === 1);
    const cells = await tr.locator('td').allTextContents();
    assert(cells[1] === backendUrls.join(','), 'value ' + cells[1]);
    assert(/env/i.test(cells[2]), 'source ' + cells[2]);
    assert((await tr.getAttribute('class')).includes('outranks'), 'not highlighted');
    return 'source "' + cells[2].replace('outranks the admin console', '').trim() + '"';
  });

  traffic = backgroundTraffic(75, 30000);

  await check('traffic makes req/s appear for every backend and in the tiles', async () => {
    const figures = await waitFor('non-zero req/s in all rows', async () => {
      const rps = await rows.evaluateAll((trs) => trs.map((tr) => tr.children[5].textContent));
      return rps.every((v) => v !== '0') && rps;
    }, 25);
    const tile = await page.locator('#t-rps').textContent();
    assert(tile !== '0' && tile !== '–', 'tile shows ' + tile);
    return 'req/s ' + figures.join(' / ') + ', balancer ' + tile;
  });

  await check('Drain clicked on backend #1 makes it drained', async () => {
    await row(1).getByRole('button', { name: /^Drain backend 1 / }).click();
    await waitFor('state drained', async () => (await stateOf(1)) === 'drained');
    await waitFor('an Undrain button', async () => (await row(1).getByRole('button', { name: /^Undrain/ }).count()) === 1);
    return 'state shown: ' + (await row(1).locator('td').nth(2).innerText()).replace(/\s+/g, ' ');
  });

  await check('30 requests after the drain never reach backend #1', async () => {
    const seen = [];
    for (let i = 0; i < 30; i++) seen.push(await through('/after-drain/' + i));
    assert(!seen.includes('backend-1'), 'backend-1 answered: ' + seen.join(' '));
    assert(seen.every((s) => s.startsWith('backend-')), 'not all answered: ' + seen.join(' '));
    const counts = {};
    for (const s of seen) counts[s] = (counts[s] || 0) + 1;
    return JSON.stringify(counts);
  });

  await sleep(12000); // a few slots of drained traffic, so the chart shows the dip

  await check('Undrain restores backend #1', async () => {
    await row(1).getByRole('button', { name: /^Undrain backend 1 / }).click();
    await waitFor('state up', async () => (await stateOf(1)) === 'up');
    const seen = [];
    for (let i = 0; i < 30; i++) seen.push(await through('/after-undrain/' + i));
    assert(seen.includes('backend-1'), 'backend-1 never answered: ' + seen.join(' '));
    return 'backend-1 answered ' + seen.filter((s) => s === 'backend-1').length + ' of 30';
  });

  await sleep(12000); // and a few after, so it shows the return

  await check('the charts have lines to draw', async () => {
    const points = await page.evaluate(async (p) => {
      const o = await (await fetch(p + 'api/overview', { credentials: 'same-origin' })).json();
      return o.history.backends.map((b) => b.reqPerSec.filter((v) => v > 0).length);
    }, prefix);
    assert(points.every((n) => n >= 3), 'slots with traffic per backend: ' + points.join(' / '));
    return 'slots with traffic per backend ' + points.join(' / ') + ', ' + traffic.sent() + ' requests sent so far';
  });

  await check('a weight set on the page is in force and marked as an override', async () => {
    await row(2).getByRole('button', { name: /^Weight… backend 2 / }).click();
    const input = row(2).getByRole('spinbutton', { name: 'new weight of backend 2' });
    await input.fill('3');
    await input.press('Enter');
    const weightCell = () => row(2).locator('td').nth(3).evaluate((td) => td.firstChild.textContent + '|' + (td.querySelector('.badge') ? 'override' : ''));
    await waitFor('weight 3 with the override mark', async () => (await weightCell()) === '3|override');
    const api = await page.evaluate(async (p) => (await (await fetch(p + 'api/backends/2', { credentials: 'same-origin' })).json()), prefix);
    assert(api.weight === 3 && api.override && api.override.weight === 3, 'api/backends/2: ' + JSON.stringify(api));
    return 'weight 3, configured ' + api.configuredWeight;
  });

  await check('the screenshot is taken', async () => {
    await page.mouse.move(0, 0);
    await waitFor('the toasts to go', async () => (await page.locator('.toast').count()) === 0, 10);
    await page.screenshot({ path: env('SCREENSHOT') });
    return env('SCREENSHOT');
  });

  await check('Clear override gives backend #2 its configured weight back', async () => {
    await row(2).getByRole('button', { name: /^Clear override backend 2 / }).click();
    await waitFor('weight 1 without a mark', async () => (await row(2).locator('td').nth(3).textContent()) === '1');
    assert(await row(2).getByRole('button', { name: /^Clear override/ }).isDisabled(), 'Clear override still enabled');
  });

  await check('the page logged no errors (CSP violations included)', async () => {
    assert(consoleErrors.length === 0, consoleErrors.join(' | '));
  });
} finally {
  if (traffic) await traffic.stop();
  await context.close();
}

console.log(failures === 0 ? 'all checks passed' : failures + ' check(s) failed');
process.exit(failures === 0 ? 0 : 1);
