/* The counter page in a real browser against a real hub: sign-in, calls, live updates over SSE,
 * transfer, park/resume, pause, two counters at once, CSRF, sign-out, rate limiting.
 * Screenshots of each state (1366x768) go to $CIVIQ_E2E_OUT. */
'use strict';
const fs = require('fs');
const path = require('path');
const { loadPlaywright, Hub, run, assert, CHROMIUM } = require('./harness');

const { chromium } = loadPlaywright();
const OUT = process.env.CIVIQ_E2E_OUT || path.join(__dirname, 'artifacts');
const VIEW = { width: 1366, height: 768 };

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  for (const f of fs.readdirSync(OUT)) if (/^staff-.*\.png$/.test(f)) fs.rmSync(path.join(OUT, f));
  const hub = new Hub('login_attempts = 4\nlogin_window_s = 600');
  hub.addStaff('anna', 'anna-passwort', 'staff');
  hub.addStaff('bert', 'bert-passwort', 'staff');
  await hub.start();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
  const ctx = {};
  const context = await browser.newContext({ viewport: VIEW, locale: 'de-DE' });
  const page = await context.newPage();
  ctx.page = page;
  ctx.shot = (name) => page.screenshot({ path: path.join(OUT, `staff-${name}.png`) });
  const text = (sel) => page.locator(sel).innerText();
  const waitText = (sel, want) => page.waitForFunction(
    ([s, w]) => document.querySelector(s) && document.querySelector(s).innerText.includes(w),
    [sel, want], { timeout: 10000 });
  let first, second;

  const steps = [
    ['the page loads in German with the sign-in form', async () => {
      await page.goto(hub.base + '/staff');
      await page.locator('#login-form').waitFor();
      assert(await page.getAttribute('html', 'lang') === 'de', 'lang de');
      assert((await text('#login-title')) === 'Anmelden', 'German title');
      await ctx.shot('login');
    }],
    ['a wrong password is refused with a message', async () => {
      await page.fill('#login-name', 'anna');
      await page.fill('#login-password', 'falsch-falsch');
      await page.click('#login-form button[type=submit]');
      await waitText('#login-error', 'falsch');
      assert(await page.locator('#app-view').isHidden(), 'app stays hidden');
      await ctx.shot('login-wrong-password');
    }],
    ['signing in shows the counter view; the counter pick is remembered', async () => {
      await page.fill('#login-password', 'anna-passwort');
      await page.click('#login-form button[type=submit]');
      await page.locator('#app-view').waitFor();
      assert((await text('#who')) === 'anna', 'who');
      const cookies = await context.cookies();
      const c = cookies.find((x) => x.name === 'civiq_session');
      assert(c && c.httpOnly && c.sameSite === 'Strict', 'HttpOnly SameSite=Strict cookie');
      await page.selectOption('#counter', '1');
      assert(await page.evaluate(() => localStorage.getItem('civiq.counter')) === '1', 'stored');
      await page.reload();
      await page.locator('#app-view').waitFor();
      await page.waitForFunction(() => document.querySelector('#counter').value === '1');
      await ctx.shot('empty-queue');
    }],
    ['a ticket issued at the kiosk appears live (SSE) without a reload', async () => {
      await waitText('#live', 'live');
      first = await hub.issue('a');
      await waitText('#queue', first.number);
      await ctx.shot('live-queue');
    }],
    ['call next shows the number; the display endpoint shows the call', async () => {
      await page.click('#btn-next');
      await waitText('#current-number', first.number);
      assert((await text('#current-service')) === 'Meldewesen', 'service name');
      assert((await text('#current-calls')) === '1', 'one call');
      const d = await hub.call('GET', '/api/v1/display', 'dev-display');
      assert(d.json.calls[0].number === first.number && d.json.calls[0].counter === 1, 'display');
      await ctx.shot('called');
    }],
    ['R recalls: the call count goes up', async () => {
      await page.locator('body').press('r');
      await waitText('#current-calls', '2');
    }],
    ['transfer moves the ticket to the other service, keeping its number', async () => {
      await page.selectOption('#transfer-service', 'b');
      await page.click('#btn-transfer');
      await waitText('#status', 'weitergeleitet');
      await page.waitForFunction((n) => {
        const s = document.querySelector('#queue section[data-service=b]');
        return s && s.innerText.includes(n);
      }, first.number);
      await ctx.shot('transferred');
    }],
    ['park with P, resume from the parked list', async () => {
      await page.locator('body').press('n');
      await waitText('#current-number', first.number);
      await page.locator('body').press('p');
      await waitText('#parked', first.number);
      await ctx.shot('parked');
      await page.click('#parked button');
      await waitText('#queue', first.number);
      assert(!(await text('#parked')).includes(first.number), 'no longer parked');
    }],
    ['Z pauses the counter (call next is disabled) and resumes it', async () => {
      await page.locator('body').press('z');
      await waitText('#counter-state', 'pausiert');
      assert(await page.locator('#btn-next').isDisabled(), 'next disabled while paused');
      await ctx.shot('paused');
      await page.locator('body').press('z');
      await waitText('#counter-state', 'geöffnet');
    }],
    ['two counters pressing at once never get the same ticket', async () => {
      const ctx2 = await browser.newContext({ viewport: VIEW });
      const p2 = await ctx2.newPage();
      await p2.goto(hub.base + '/staff');
      await p2.fill('#login-name', 'bert');
      await p2.fill('#login-password', 'bert-passwort');
      await p2.click('#login-form button[type=submit]');
      await p2.locator('#app-view').waitFor();
      await p2.selectOption('#counter', '2');
      second = await hub.issue('a');
      await waitText('#queue', second.number);
      await p2.waitForFunction((n) => document.querySelector('#queue').innerText.includes(n),
        second.number);
      await Promise.all([page.click('#btn-next'), p2.click('#btn-next')]);
      await page.waitForFunction(() => document.querySelector('#current-number').innerText !== '–');
      await p2.waitForFunction(() => document.querySelector('#current-number').innerText !== '–');
      const a = await text('#current-number');
      const b = await p2.locator('#current-number').innerText();
      assert(a !== b, `different tickets (${a} / ${b})`);
      assert([first.number, second.number].includes(a) && [first.number, second.number].includes(b),
        'both tickets called');
      await p2.screenshot({ path: path.join(OUT, 'staff-second-counter.png') });
      await ctx2.close();
    }],
    ['F finishes, X marks no-show after a call', async () => {
      await page.locator('body').press('f');
      await waitText('#status', 'abgeschlossen');
      await waitText('#current-number', '–');
      const third = await hub.issue('b');
      await waitText('#queue', third.number);
      await page.locator('body').press('n');
      await waitText('#current-number', third.number);
      await page.locator('body').press('x');
      await waitText('#status', third.number + ': nicht erschienen');
    }],
    ['English can be chosen and is remembered', async () => {
      await page.selectOption('#lang', 'en');
      await waitText('#btn-next', 'Call next');
      assert(await page.getAttribute('html', 'lang') === 'en', 'lang en');
      await page.reload();
      await waitText('#btn-next', 'Call next');
      await ctx.shot('english');
      await page.selectOption('#lang', 'de');
    }],
    ['a state change without the CSRF token is refused', async () => {
      const r = await page.evaluate(async () => {
        const res = await fetch('/api/v1/counters/1/call-next', { method: 'POST' });
        return { status: res.status, body: await res.json() };
      });
      assert(r.status === 403 && r.body.error.code === 'csrf_failed', JSON.stringify(r));
    }],
    ['signing out ends the session', async () => {
      await page.click('#logout');
      await page.locator('#login-form').waitFor();
      const r = await page.evaluate(async () => (await fetch('/api/v1/queue')).status);
      assert(r === 401, 'queue after sign-out: ' + r);
      await ctx.shot('signed-out');
    }],
    ['repeated wrong passwords are rate limited', async () => {
      for (let i = 0; i < 4; i++) {
        await page.fill('#login-name', 'anna');
        await page.fill('#login-password', 'falsch-' + i + '-falsch');
        await page.click('#login-form button[type=submit]');
        await page.waitForFunction(() => document.querySelector('#login-error').innerText !== '');
        await page.evaluate(() => { document.querySelector('#login-error').textContent = ''; });
      }
      await page.fill('#login-password', 'anna-passwort');
      await page.click('#login-form button[type=submit]');
      await waitText('#login-error', 'Zu viele');
      await ctx.shot('rate-limited');
    }],
  ];

  let rc = 1;
  try {
    rc = await run(steps, ctx);
  } finally {
    await browser.close();
    hub.cleanup(rc !== 0);
  }
  console.log(rc ? 'FAILED' : `all passed; screenshots in ${OUT}`);
  process.exit(rc);
}

main().catch((e) => { console.error(e); process.exit(1); });
