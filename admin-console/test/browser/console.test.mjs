// The admin console in a real browser (Debian's Chromium, driven by playwright-core) against a running local stack:
//   ./run-local.sh &   then   npm run test:browser   (in admin-console/)
// Settings: CONSOLE_URL (http://localhost:8082/admin/), ORDERS_URL, LOYALTY_URL, AUDIT_URL, ADMIN_KEY (dev-admin-key),
// CHROMIUM (/usr/bin/chromium), SCREENSHOTS (target/screenshots). Each test is a scenario an operator goes through;
// the figures the pages show are compared with what the APIs answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { chromium } from 'playwright-core';

const CONSOLE = process.env.CONSOLE_URL ?? 'http://localhost:8082/admin/';
const ORDERS = process.env.ORDERS_URL ?? 'http://localhost:8081';
const LOYALTY = process.env.LOYALTY_URL ?? 'http://localhost:8082';
const AUDIT = process.env.AUDIT_URL ?? 'http://localhost:8083';
const KEY = process.env.ADMIN_KEY ?? 'dev-admin-key';
const SHOTS = process.env.SCREENSHOTS ?? 'target/screenshots';
const run = randomUUID().slice(0, 8);
const customer = `ui-${run}`;

let browser;
let page;

async function api(base, method, path, body, contentType = 'application/json') {
  const response = await fetch(base + path, {
    method,
    headers: { Authorization: `Bearer ${KEY}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': contentType }) },
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path}: ${response.status} ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

async function eventually(check, what, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`${what}: ${error.message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

const tier = (code, minSpend, points) => api(LOYALTY, 'PUT', `/api/v1/tiers/${code}`, {
  name: code[0] + code.slice(1).toLowerCase(), minSpend, maxSpend: null, earnRate: { spend: 10000, points }, minPointBalance: 0, active: true,
});

async function shot(name) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

async function go(hash) {
  await page.goto(`${CONSOLE}${hash}`);
  await page.locator('main h1').first().waitFor();
}

/** Every input, select and textarea on the page is labelled (a label element or aria-label). */
async function assertEveryInputLabelled() {
  const unlabelled = await page.$$eval('input:not([type=hidden]), select, textarea',
    (fields) => fields.filter((f) => !(f.labels?.length || f.getAttribute('aria-label'))).map((f) => f.outerHTML));
  assert.deepEqual(unlabelled, []);
}

before(async () => {
  await mkdir(SHOTS, { recursive: true });
  // Given tiers and a customer with 25 orders (more than a journal page), bought over the last days
  await tier('BRONZE', 0, 1);
  await tier('SILVER', 2000000, 2);
  await tier('GOLD', 5000000, 3);
  for (let i = 0; i < 25; i++) {
    await api(ORDERS, 'POST', '/api/v1/orders', {
      orderId: `${customer}-o-${i}`, customerId: customer, storeId: 's-1', amount: 300000, currency: 'VND',
      occurredAt: new Date(Date.now() - (25 - i) * 3600_000).toISOString(),
    });
  }
  await eventually(async () => assert.equal((await api(LOYALTY, 'GET', `/api/v1/customers/${customer}`)).lifetimeSpend, 7500000),
    'the orders applied');
  await eventually(async () => assert.equal((await api(AUDIT, 'GET', `/api/v1/customers/${customer}/journal?size=1`)).complete, true),
    'the journal complete');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true })).newPage();
});

after(async () => {
  await browser?.close();
});

test('an operator signs in: a wrong key is refused on the form, the right one opens the overview', async () => {
  await page.goto(CONSOLE);
  await page.getByLabel('API key or token').fill('not-a-key');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('was not accepted').waitFor();
  assert.equal(await page.locator('#nav').isVisible(), false);
  await shot('sign-in');

  await page.getByLabel('API key or token').fill(KEY);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  assert.equal(await page.locator('#nav').isVisible(), true);
});

test('the overview shows the customers per tier and the points outstanding the service tallies', async () => {
  const overview = await eventually(async () => {
    const o = await api(AUDIT, 'GET', '/api/v1/overview');
    assert.ok(o.tiers.some((t) => t.tier === 'GOLD'));
    return o;
  }, 'GOLD in the overview');
  await go('#/overview');
  const shown = await page.locator('#customers-total').textContent();
  const now = await api(AUDIT, 'GET', '/api/v1/overview'); // nothing else runs: the same as the page read
  assert.equal(shown, now.customers.toLocaleString('en-US'));
  assert.equal(await page.locator('#points-outstanding').textContent(), now.pointsOutstanding.toLocaleString('en-US'));
  const gold = overview.tiers.find((t) => t.tier === 'GOLD').customers;
  assert.equal(await page.locator('tr[data-tier="GOLD"] td.num').textContent(), gold.toLocaleString('en-US'));
  assert.ok(await page.locator('svg.chart rect[data-tier="GOLD"]').count() === 1, 'a bar for GOLD');
  await assertEveryInputLabelled();
  await shot('overview');
});

test('editing a tier into an overlap is warned while typing and refused on save, with the API message shown', async () => {
  await go('#/tiers');
  await page.getByRole('button', { name: 'Edit SILVER' }).click();
  await page.getByLabel('Maximum spend (VND)').fill('6000000'); // GOLD starts at 5,000,000
  await page.locator('[data-overlap]').getByText('overlaps GOLD').waitFor();
  await page.getByRole('button', { name: 'Save tier' }).click();
  await page.locator('form .form-error').getByText(/overlap/i).waitFor();
  await shot('tiers');

  await page.getByLabel('Maximum spend (VND)').fill('');
  await page.getByLabel('Minimum spend (VND)').fill('-5');
  await page.getByRole('button', { name: 'Save tier' }).click();
  const error = page.locator('[data-error-for="minSpend"]');
  await error.filter({ hasText: /./ }).waitFor();
  assert.equal(await page.getByLabel('Minimum spend (VND)').getAttribute('aria-invalid'), 'true');
  const silver = (await api(LOYALTY, 'GET', '/api/v1/tiers')).find((t) => t.code === 'SILVER');
  assert.equal(silver.maxSpend, null, 'nothing refused was saved');
  assert.equal(silver.minSpend, 2000000);
  await assertEveryInputLabelled();
});

test('a customer\'s standing, their journal paged and filtered and exported, an adjustment and an override', async () => {
  const standing = await api(LOYALTY, 'GET', `/api/v1/customers/${customer}`);
  await go(`#/customer/${customer}`);
  assert.equal(await page.locator('[data-standing="lifetime-spend"]').textContent(), '7,500,000');
  assert.equal(await page.locator('[data-standing="points-balance"]').textContent(), standing.points.balance.toLocaleString('en-US'));
  assert.equal(await page.locator('[data-standing="tier"]').textContent(), 'Gold (GOLD)');

  const journal = await api(AUDIT, 'GET', `/api/v1/customers/${customer}/journal?size=20`);
  await page.getByText(`Page 1 of 2 · ${journal.total} entries`).waitFor();
  assert.equal(await page.locator('table.journal tbody tr').count(), 20);
  assert.equal(await page.locator('table.journal tbody tr').first().getAttribute('data-entry'), journal.items[0].entryId,
    'newest first, as the API answers');
  await page.getByRole('button', { name: 'Older' }).click();
  await page.getByText(`Page 2 of 2 · ${journal.total} entries`).waitFor();
  assert.equal(await page.locator('table.journal tbody tr').count(), journal.total - 20);

  await page.getByLabel('tier promoted').check();
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await page.getByText('Page 1 of 1 · 3 entries').waitFor(); // BRONZE, SILVER, GOLD
  const types = await page.locator('table.journal tbody tr td:nth-child(2)').allTextContents();
  assert.deepEqual(types, ['TIER_PROMOTED', 'TIER_PROMOTED', 'TIER_PROMOTED']);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
  const csv = await (await download.createReadStream()).toArray();
  const lines = Buffer.concat(csv).toString('utf8').trim().split(/\r?\n/);
  assert.equal(lines.length, 4, 'a header and the three filtered rows');
  await shot('customer');

  await page.getByLabel('Points (+ adds, − takes)').fill('0');
  await page.getByLabel('Note (required)').first().fill('goodwill for a late delivery');
  await page.getByRole('button', { name: 'Adjust' }).click();
  await page.locator('[data-error-for="points"]').filter({ hasText: /./ }).waitFor(); // the API's 400, next to the field
  await page.getByLabel('Points (+ adds, − takes)').fill('50');
  await page.getByRole('button', { name: 'Adjust' }).click();
  await page.locator('[data-standing="points-balance"]').getByText((standing.points.balance + 50).toLocaleString('en-US')).waitFor();

  await page.getByLabel('Tier', { exact: true }).selectOption('GOLD');
  await page.getByLabel('Mode').selectOption('FIXED');
  await page.locator('form', { hasText: 'Tier override' }).getByLabel('Note (required)').fill('complaint #42: kept at Gold');
  await page.getByRole('button', { name: 'Put override' }).click();
  await page.locator('[data-standing="override"]').getByText('FIXED GOLD').waitFor();
  const after = await api(LOYALTY, 'GET', `/api/v1/customers/${customer}`);
  assert.equal(after.tier.override.note, 'complaint #42: kept at Gold');
  assert.equal(after.tier.override.actor, 'dev-admin');
  await assertEveryInputLabelled();
});

test('a dry run, then the real recalculation to DONE with its progress; the counts shown are the job\'s', async () => {
  await tier('GOLD', 5000000, 4); // a richer rate: the recalculation has balances to change
  await go('#/recalculate');
  await page.getByRole('button', { name: 'Dry run' }).click();
  const dry = page.locator('.outcome[data-state="DONE"]');
  await dry.waitFor({ timeout: 60_000 });
  const [dryJob] = (await api(LOYALTY, 'GET', '/api/v1/recalculations?limit=1')).items;
  assert.equal(dryJob.options.dryRun, true);
  assert.equal(await dry.locator('[data-count="tiers"]').textContent(), dryJob.changedTiers.toLocaleString('en-US'));
  assert.equal(await dry.locator('[data-count="points"]').textContent(), dryJob.changedPoints.toLocaleString('en-US'));
  assert.ok(dryJob.changedPoints >= 1, 'the GOLD customer\'s balance would change');

  await page.getByRole('button', { name: 'Recalculate', exact: true }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
  await page.locator('.outcome[data-state="DONE"]').filter({ hasText: 'Recalculation done' }).waitFor({ timeout: 60_000 });
  const [job] = (await api(LOYALTY, 'GET', '/api/v1/recalculations?limit=1')).items;
  assert.equal(job.options.dryRun, false);
  assert.equal(job.state, 'DONE');
  const outcome = page.locator('.outcome');
  assert.equal(await outcome.locator('[data-count="tiers"]').textContent(), job.changedTiers.toLocaleString('en-US'));
  assert.equal(await outcome.locator('[data-count="points"]').textContent(), job.changedPoints.toLocaleString('en-US'));
  assert.equal(await page.locator('progress').evaluate((p) => [p.value, p.max].join('/')), `${job.total}/${Math.max(1, job.total)}`);
  await page.locator(`tr[data-job="${job.jobId}"]`).getByText('dev-admin').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Recalculate', exact: true }).isDisabled(), true, 'the next run needs its own dry run');
  await assertEveryInputLabelled();
  await shot('recalculate');
});

test('an opening-balance CSV with bad lines: the good rows accepted, each bad line with its reason', async () => {
  await go('#/import');
  await page.getByLabel('CSV file').setInputFiles({
    name: 'balances.csv', mimeType: 'text/csv',
    buffer: Buffer.from(`customerId,lifetimeSpend\nimp-${run}-1,1000000\nnot an id!,5\nimp-${run}-2,lots\n`),
  });
  await page.getByLabel('As of').fill('2026-11-01T00:00');
  await page.getByLabel('Source').fill(`ui-test-${run}`);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.locator('[data-count="accepted"]').getByText('1').waitFor();
  assert.deepEqual(await page.locator('tr[data-line] td:first-child').allTextContents(), ['3', '4']);
  assert.ok((await page.locator('tr[data-line="4"] td:last-child').textContent()).length > 0, 'a reason for line 4');
  await assertEveryInputLabelled();
  await shot('import');
});

test('the pages are reachable from the keyboard: the skip link, then the navigation', async () => {
  await go('#/overview');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Overview');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Tiers & program' }).waitFor();
});
