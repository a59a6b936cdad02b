// Sets lb.backends through Payara Server's admin console, as an operator would, in Debian's
// headless Chromium (nothing is downloaded: playwright-core drives /usr/bin/chromium), then
// watches the balancer follow. Run by server-config/check-payara-server.sh; on its own:
//
//   cd src/test/browser && npm ci
//   CONSOLE_URL=http://127.0.0.1:4848 ADMIN_PASSWORD_FILE=pw LB_URL=http://127.0.0.1:8080 \
//     BACKENDS=http://10.0.0.7:8080 EXPECT_BACKEND=b7 node payara-console.mjs
//
// ADMIN_PASSWORD_FILE is an asadmin password file (a line AS_ADMIN_PASSWORD=...) for the user
// ADMIN_USER (default admin). EXPECT_BACKEND is the X-Backend header the new list's backend
// answers with. Optional: SCREENSHOTS (a directory, default ../../../target), CHANGED_AT (a file
// that receives the time the console answered the Save, in ms since the epoch), CHROMIUM (default
// /usr/bin/chromium). Exits 1 when a step fails or the balancer does not follow within 2 s.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const env = (name, fallback) => {
  const value = process.env[name] ?? fallback;
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const consoleUrl = env('CONSOLE_URL');
const user = env('ADMIN_USER', 'admin');
const password = readFileSync(env('ADMIN_PASSWORD_FILE'), 'utf8').match(/^AS_ADMIN_PASSWORD=(.*)$/m)[1];
const lbUrl = env('LB_URL');
const backends = env('BACKENDS');
const expected = env('EXPECT_BACKEND');
const screenshots = env('SCREENSHOTS', new URL('../../../target', import.meta.url).pathname);
const changedAt = process.env.CHANGED_AT;

const step = (text) => console.log(`   console: ${text}`);
const userDataDir = mkdtempSync(join(tmpdir(), 'lb-chromium-'));
const browser = await chromium.launchPersistentContext(userDataDir, {
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  headless: true,
  viewport: { width: 1400, height: 1000 },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  // The console links to the vendor's site; nothing but the console itself is loaded.
  await browser.route('**/*', (route) =>
    new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort());
  const page = browser.pages()[0] ?? await browser.newPage();
  page.setDefaultTimeout(60_000);

  // The first visit installs and starts the console (about 30 s); its page reloads itself
  // until the login form is there.
  await page.goto(consoleUrl);
  await page.locator('input[name=j_username]').waitFor({ timeout: 240_000 });
  await page.fill('input[name=j_username]', user);
  await page.fill('input[name=j_password]', password);
  await Promise.all([page.waitForURL((url) => !url.pathname.includes('j_security_check')), page.click('#loginButton')]);
  await page.getByText('Payara Server Console - Common Tasks').waitFor();
  step('logged in');

  // Configurations > server-config > MicroProfile (its Config tab) > Property. The console loads
  // pages into its frame by script, so each step waits for what the next page shows.
  await page.click('[id="treeForm:tree:configurations:server-config:server-config_link"]');
  await page.getByRole('link', { name: 'MicroProfile', exact: true }).click();
  await page.getByRole('link', { name: 'Property', exact: true }).click();
  await page.locator('select[id$="sourceDropDown"]').waitFor();
  const source = await page.locator('select[id$="sourceDropDown"]').inputValue();
  step(`MicroProfile > Config > Property open, source "${source}"`);

  // The value goes into the row named lb.backends, or a new row.
  const names = page.locator('input[id$=":col2:col1St"]');
  let row = -1;
  for (let i = 0; i < await names.count(); i++) {
    if (await names.nth(i).inputValue() === 'lb.backends') row = i;
  }
  if (row < 0) {
    await page.click('input[value="Add Property"]');
    await page.waitForLoadState();
    row = await names.count() - 1;
    await names.nth(row).fill('lb.backends');
  }
  const value = page.locator('input[id$=":col3:col1St"]').nth(row);
  const before = await value.inputValue();
  await value.fill(backends);
  await page.screenshot({ path: join(screenshots, 'payara-console-edit.png'), fullPage: true });
  // Requests go to the balancer, one after the other, from the click on Save until the new
  // backend answers. The value is stored once the console has answered the Save (its POST); the
  // 2 s count from then: before it, the time is the console's.
  const clicked = Date.now();
  const follow = (async () => {
    const answers = [];
    while (Date.now() - clicked < 10_000) {
      const sent = Date.now();
      const response = await fetch(`${lbUrl}/`, { signal: AbortSignal.timeout(5_000) });
      const answeredBy = response.headers.get('x-backend') ?? `status ${response.status}`;
      answers.push(answeredBy);
      if (answeredBy === expected) return { sent, answers };
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return { sent: null, answers };
  })();
  const stored = page.waitForResponse((r) => r.request().method() === 'POST').then(() => Date.now());
  await page.locator('input[value=" Save "]').first().click();
  await page.getByText('New values successfully saved.').waitFor();
  const saved = await stored;
  if (changedAt) writeFileSync(changedAt, `${saved}\n`);
  step(`lb.backends saved: "${before}" -> "${backends}" (the console answered ${saved - clicked} ms after the click)`);
  await page.screenshot({ path: join(screenshots, 'payara-console-saved.png'), fullPage: true });

  const { sent, answers } = await follow;
  const lag = sent === null ? null : Math.max(0, sent - saved);
  if (lag === null || lag > 2_000 || answers.some((a) => a.startsWith('status'))) {
    failed = true;
    console.log(`   console: FAIL the balancer did not follow within 2 s without a failed request: ${answers.join(' ')}`);
  } else {
    step(`the balancer follows: ${expected} answered a request sent ${sent - clicked} ms after the click, ${lag} ms after the console's answer (${answers.length} requests)`);
  }

  // What the page shows when opened again is what the domain stored.
  await page.getByRole('link', { name: 'Ordinal', exact: true }).click();
  await page.getByRole('link', { name: 'Property', exact: true }).click();
  await page.locator('select[id$="sourceDropDown"]').waitFor();
  const shown = await page.locator('input[id$=":col3:col1St"]').nth(row).inputValue();
  if (shown !== backends) {
    failed = true;
    console.log(`   console: FAIL after a reload the page shows "${shown}"`);
  }
} catch (e) {
  failed = true;
  console.log(`   console: FAIL ${e.message.split('\n')[0]}`);
  for (const page of browser.pages()) {
    await page.screenshot({ path: join(screenshots, 'payara-console-failure.png'), fullPage: true }).catch(() => {});
  }
} finally {
  await browser.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
