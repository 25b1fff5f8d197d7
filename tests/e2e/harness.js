/* The e2e harness: a real civiq-hub with a fresh database and staff accounts made with
 * civiq-tool, plain HTTP calls as kiosks and displays make them, and Debian's chromium. */
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const net = require('net');
const { spawn, execFileSync } = require('child_process');

const SKIP = 77;
const CHROMIUM = process.env.CIVIQ_CHROMIUM || '/usr/bin/chromium';

function loadPlaywright() {
  if (!fs.existsSync(CHROMIUM)) {
    console.log(`SKIP: ${CHROMIUM} is not installed (apt-get install chromium)`);
    process.exit(SKIP);
  }
  try {
    return require(path.join(__dirname, 'node_modules', 'playwright-core'));
  } catch (e) {
    console.log('SKIP: tests/e2e/node_modules is missing (scripts/deps runs npm ci)');
    process.exit(SKIP);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

const CONFIG = (staff) => `[hub]
board = sim
listen = 127.0.0.1:1
database = hub.db
office_name = Testamt

[policy]
max_calls = 3

[staff]
${staff}

[service.a]
prefix = A
first = 1
last = 999
name_de = Meldewesen
name_en = Registration

[service.b]
prefix = B
first = 1
last = 99
name_de = Ausweise
name_en = ID cards

[counter.1]
label = Platz 1
services = a, b

[counter.2]
label = Platz 2
services = a, b

[device.kiosk-1]
role = kiosk
token = dev-kiosk

[device.display-1]
role = display
token = dev-display
`;

class Hub {
  constructor(staffSection) {
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'civiq-e2e-'));
    this.config = path.join(this.dir, 'civiq.conf');
    fs.writeFileSync(this.config, CONFIG(staffSection || ''));
  }

  addStaff(login, password, role) {
    execFileSync(process.env.CIVIQ_TOOL_BIN,
      ['staff', 'add', login, '--role', role || 'staff', '--config', this.config],
      { input: password + '\n', stdio: ['pipe', 'inherit', 'inherit'] });
  }

  async start() {
    this.port = await freePort();
    this.base = `http://127.0.0.1:${this.port}`;
    const log = fs.openSync(path.join(this.dir, 'hub.log'), 'a');
    this.proc = spawn(process.env.CIVIQ_HUB_BIN,
      ['--config', this.config, '--listen', `127.0.0.1:${this.port}`],
      { stdio: ['ignore', log, log] });
    for (let i = 0; i < 200; i++) {
      try {
        const r = await fetch(this.base + '/api/v1/health');
        if (r.ok) return;
      } catch (e) { /* not up yet */ }
      if (this.proc.exitCode !== null) throw new Error('civiq-hub exited; see ' + this.dir);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('civiq-hub did not answer within 10 s');
  }

  async call(method, p, token, body) {
    const headers = { Authorization: 'Bearer ' + token };
    if (body) headers['Content-Type'] = 'application/json';
    const r = await fetch(this.base + p, { method, headers, body: body && JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, json: text ? JSON.parse(text) : null };
  }

  async issue(service) {
    const r = await this.call('POST', '/api/v1/tickets', 'dev-kiosk', { service, priority: 0 });
    if (r.status !== 201) throw new Error('issuing failed: ' + r.status);
    return r.json;
  }

  stop() {
    if (this.proc && this.proc.exitCode === null) this.proc.kill('SIGTERM');
  }

  cleanup(keep) {
    this.stop();
    if (!keep && !process.env.CIVIQ_KEEP_TEST_DIRS)
      fs.rmSync(this.dir, { recursive: true, force: true });
    else
      console.log('kept ' + this.dir);
  }
}

/* Runs named steps in order; on the first failure saves a screenshot and exits 1. */
async function run(steps, ctx) {
  let failed = false;
  for (const [name, fn] of steps) {
    const t0 = Date.now();
    try {
      await fn();
      console.log(`ok   ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      console.log(`FAIL ${name}: ${e.stack || e}`);
      failed = true;
      if (ctx.page) await ctx.shot('failure').catch(() => {});
      break;
    }
  }
  return failed ? 1 : 0;
}

function assert(cond, message) {
  if (!cond) throw new Error('assertion failed: ' + message);
}

module.exports = { loadPlaywright, Hub, run, assert, CHROMIUM };
