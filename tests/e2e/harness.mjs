// Shared pieces of the end-to-end tests: the real server on a free loopback
// port serving a copy of the built app, and Debian's Chromium driven by Playwright.
import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { createHash, X509Certificate } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

// The devices are in China: the dates a test computes are Beijing's, as the app's are
// (the browsers and the server started from here inherit it too).
process.env.TZ = "Asia/Shanghai";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST = path.join(ROOT, "dist");
export const SCREENSHOTS = process.env.REVISIT_SCREENSHOT_DIR ?? path.join(ROOT, "test-results", "screenshots");
export const PHONE = { width: 390, height: 844 };

/** The instant the suite runs at: `REVISIT_E2E_NOW` (e.g. `2027-02-06T09:30:00+08:00`)
 *  when set, the real one otherwise. From there the clocks run on: the browsers'
 *  (Playwright's clock, installed in every context), the server's
 *  (`REVISIT_CLOCK_OFFSET_MS`) and the dates the tests compute (`now()`). */
const CHOSEN = process.env.REVISIT_E2E_NOW ? Date.parse(process.env.REVISIT_E2E_NOW) : null;
if (Number.isNaN(CHOSEN)) throw new Error(`REVISIT_E2E_NOW=${process.env.REVISIT_E2E_NOW} is not a date`);
/** How far every clock of the suite is from the real one, in ms. */
export const CLOCK_SHIFT = CHOSEN === null ? 0 : Math.round(CHOSEN - Date.now());

/** Now, on the suite's clock. */
export function now() {
  return new Date(Date.now() + CLOCK_SHIFT);
}

/** The environment of the server and its admin commands: the suite's clock and zone. */
function serverEnv() {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "DATABASE_URL"));
  return { ...env, REVISIT_CLOCK_OFFSET_MS: String(CLOCK_SHIFT) };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** The SHA-256 of a PEM certificate's public key, base64: what Chromium's
 *  `--ignore-certificate-errors-spki-list` takes to trust that certificate. */
export function spkiHash(pem) {
  const key = new X509Certificate(pem).publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(key).digest("base64");
}

/** GET `path` of the server, over HTTPS trusting `ca` when given: status and body. */
function get(url, path, ca) {
  const target = new URL(path, url);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      { host: "127.0.0.1", port: target.port, path: target.pathname + target.search, servername: target.hostname, ca, headers: { host: target.host } },
      (response) => {
        let body = "";
        response.on("data", (chunk) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode, headers: response.headers, body }));
      },
    );
    request.on("error", reject);
  });
}

/** Starts revisit-server on a copy of dist/ (tests may change the copy) and a fresh
 *  data dir. With `https: "revisit.test"` the server first makes its local CA
 *  (`tls init`) and serves HTTPS for that name (mapped to loopback by the browser);
 *  `redirectHttp` adds the plain-HTTP listener; `host` names the server in its
 *  address (`http://host:port`); `args` go to the server as they are. */
export async function startServer({ https: name = null, redirectHttp = false, host = "127.0.0.1", args = [] } = {}) {
  const bin = process.env.REVISIT_SERVER_BIN;
  if (!bin) throw new Error("REVISIT_SERVER_BIN is not set (scripts/test.sh builds the server and sets it)");
  const dir = await mkdtemp(path.join(tmpdir(), "revisit-e2e-"));
  const dist = path.join(dir, "dist");
  const dataDir = path.join(dir, "data");
  await cp(DIST, dist, { recursive: true });
  const admin = (...command) =>
    new Promise((resolve, reject) => {
      execFile(bin, [...command, "--data-dir", dataDir], { env: serverEnv() }, (err, stdout, stderr) =>
        err ? reject(new Error(`${command.join(" ")}: ${stderr}`)) : resolve(stdout),
      );
    });
  let ca;
  let spki;
  if (name) {
    await admin("tls", "init", "--name", name, "--ip", "127.0.0.1");
    ca = await readFile(path.join(dataDir, "tls", "ca.pem"), "utf8");
    spki = spkiHash(await readFile(path.join(dataDir, "tls", "server.pem"), "utf8"));
  }
  const port = await freePort();
  const plainPort = redirectHttp ? await freePort() : null;
  const url = name ? `https://${name}:${port}` : `http://${host}:${port}`;
  const extra = plainPort ? ["--redirect-http", `127.0.0.1:${plainPort}`] : [];
  const child = spawn(bin, ["--listen", `127.0.0.1:${port}`, "--data-dir", dataDir, "--dist", dist, ...extra, ...args], {
    stdio: ["ignore", "ignore", "pipe"],
    env: serverEnv(),
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      if ((await get(url, "/api/health", ca)).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    dist,
    dataDir,
    /** With HTTPS: the local CA (PEM), and the server certificate's key hash. */
    ca,
    spki,
    /** With `redirectHttp`: the plain-HTTP listener's address. */
    plainUrl: plainPort ? `http://${name ?? host}:${plainPort}` : null,
    log: () => log,
    /** GET over the server's own scheme (trusting its CA): status, headers and body. */
    get: (path, base = url) => get(base, path, ca),
    /** Runs an admin command of the server binary on this server's database. */
    admin,
    /** A one-time enrollment code for `login` (what the admin prints). */
    async enrollCode(login) {
      const out = await admin("enroll", "--login", login, "--no-qr", "--app-url", url, "--allow-insecure");
      return out.match(/: ([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})$/m)[1];
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    /** Stops the server and removes its files; fails if a page broke the
     *  Content-Security-Policy meanwhile (the browsers report it, the server logs it). */
    async cleanup() {
      await this.stop();
      await rm(dir, { recursive: true, force: true });
      const violations = log.split("\n").filter((line) => line.includes("content security policy violation"));
      if (violations.length > 0) throw new Error(`the Content-Security-Policy was broken:\n${violations.join("\n")}`);
    },
  };
}

/** Debian's Chromium, headless. Every context it makes is in Beijing's time zone and,
 *  when the suite runs at a chosen instant, on the suite's clock. */
/** How Debian's Chromium is started headless here (root, no GPU, no calls out). */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser(extraArgs = []) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [...CHROMIUM_ARGS, ...extraArgs],
  });
  const newContext = browser.newContext.bind(browser);
  // `{ clock: false }`: a test that sets the context's clock itself.
  browser.newContext = async (options = {}, { clock = true } = {}) => {
    const context = await newContext({ timezoneId: "Asia/Shanghai", ...options });
    if (clock && CHOSEN !== null) await context.clock.install({ time: now() });
    return context;
  };
  browser.newPage = async (options = {}) => (await browser.newContext(options)).newPage();
  return browser;
}

/** A local date `days` from today, `years` back, as YYYY-MM-DD (the suite's clock). */
export function localDate(days, years = 0) {
  const d = now();
  d.setFullYear(d.getFullYear() - years);
  d.setDate(d.getDate() + days);
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(bytes) {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (!signature.every((byte, i) => bytes[i] === byte)) throw new Error("not a PNG");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** A server and a browser for the suite it is called in, stopped after it. */
export function suiteServerAndBrowser() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.cleanup();
  });
  return env;
}

/** A phone with the demo data, gone offline once the service worker holds the app
 *  (its files, the QR worker's among them, then come from its cache). */
export async function offlineWithDemo(browser, url, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, ...options });
  const page = await context.newPage();
  await page.goto(url);
  await loadDemo(page);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
  await context.setOffline(true);
  return { context, page };
}

/** For the suite it is called in: a phone with the demo data and no network at all
 *  (the server stopped, the browser offline), closed after it. */
export function offlinePhoneWithDemo() {
  const env = {};
  before(async () => {
    env.server = await startServer();
    env.browser = await launchBrowser();
    const phone = await offlineWithDemo(env.browser, env.server.url, { deviceScaleFactor: 2 });
    Object.assign(env, phone);
    await env.server.stop();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.cleanup();
  });
  return env;
}

/** Reads a whole object store of the app's database, in the page: its values, or
 *  with `keys` its keys. */
export function readStore(page, store, { keys = false } = {}) {
  return page.evaluate(
    ([name, keys]) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("revisit");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const objects = open.result.transaction(name).objectStore(name);
          const request = keys ? objects.getAllKeys() : objects.getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    [store, keys],
  );
}

/** The id records on `page`'s device give the user named `name`, from its user
 *  directory (records name users by id; the directory turns ids into names). */
export async function userId(page, name) {
  const user = (await readStore(page, "users")).find((u) => u.name === name);
  assert.ok(user, `${name} is in the device's user directory`);
  return user.id;
}

/** A phone-sized Chinese browser context and its page. */
export async function device(browser, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, timezoneId: "Asia/Shanghai", ...options });
  return { context, page: await context.newPage() };
}

/** Waits until the device's last sync finished with nothing left to send. */
export async function synced(page, timeout = 30_000) {
  await page.locator(".sync-bar[data-sync=synced]:not(:has(.sync-queued))").waitFor({ timeout });
}

/** Runs `act` (a tap that queues an edit and asks for a sync), then waits until a
 *  sync begun after it has ended with nothing left to send: the bar may still say
 *  "synced" from before the edit was queued, or a sync already under way when the
 *  tap came may end without it. */
export async function syncedAfter(page, act, timeout = 30_000) {
  const begun = Number(await page.getAttribute(".sync-bar", "data-sync-begun"));
  await act();
  await page.waitForFunction(
    (begun) => Number(document.querySelector(".sync-bar")?.dataset.syncEnded) > begun,
    begun,
    { timeout },
  );
  await synced(page, timeout);
}

/** Syncs now on the sync page (opened in the app, no reload), and waits until a
 *  sync begun after the tap has ended, with nothing left to send: one that was
 *  already under way when the tap came may have missed what the tap is for. */
export async function syncNow(page, timeout = 30_000) {
  await page.click("a.sync-bar");
  const button = page.locator("[data-page=sync] [data-action=sync-now]");
  await button.waitFor();
  // Read before the tap: a sync begun after this moment saw everything done before it.
  const begun = Number(await page.getAttribute(".sync-bar", "data-sync-begun"));
  // Waits while a sync runs (the button is disabled), then asks for the next one.
  await button.click({ timeout });
  await page.waitForFunction(
    (begun) => Number(document.querySelector(".sync-bar")?.dataset.syncEnded) > begun,
    begun,
    { timeout },
  );
  await synced(page, timeout);
}

/** A device enrolled for `login` by the admin's link, synced once. */
export async function enrolled(browser, server, login) {
  const d = await device(browser);
  await d.page.goto(`${server.url}/sync#enroll=${await server.enrollCode(login)}`);
  await synced(d.page);
  return d;
}

/** The server's users (`[login, name, role]`) and one customer file, as the admin
 *  sets them up: a strategic customer of `owner` whose monthly visit is due in
 *  three days. */
export async function seed(server, users, customer) {
  for (const [login, name, role] of users) {
    await server.admin("user", "add", "--login", login, "--name", name, "--role", role);
  }
  await importCustomer(server, customer);
}

/** Imports one customer on the server (its owner by name), as the office's
 *  spreadsheet import would: a client of some years, in 华东. */
export async function importCustomer(server, { customer, owner, city }) {
  const year = now().getFullYear() - 1;
  const csv = path.join(server.dataDir, "customers.csv");
  await writeFile(
    csv,
    `\uFEFF客户名称,负责人,合作开始,${year}年采购额,地区,地址,联系人,电话\n` +
      `${customer},${owner},${localDate(3, 6)},6000000,华东,${city},王伟,13800000001\n`,
  );
  await server.admin("import", csv, "--kind", "customers");
}

/** Opens a page of the app and waits until the device's data is open: before that,
 *  actions that need the database are disabled. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.locator(".shell[data-data=ready]").waitFor();
}

/** A camera-sized picture (2400×1800 by default) as a BMP: a gradient with noise, so its
 *  JPEG is as heavy as a real photo's (several upload chunks). */
export function picture(width = 2400, height = 1800) {
  const row = Math.ceil((width * 3) / 4) * 4;
  const bytes = Buffer.alloc(54 + row * height);
  bytes.write("BM", 0);
  bytes.writeUInt32LE(bytes.length, 2);
  bytes.writeUInt32LE(54, 10);
  bytes.writeUInt32LE(40, 14);
  bytes.writeInt32LE(width, 18);
  bytes.writeInt32LE(height, 22);
  bytes.writeUInt16LE(1, 26);
  bytes.writeUInt16LE(24, 28);
  let seed = 7;
  const noise = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 63;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = 54 + y * row + x * 3;
      bytes[at] = ((x * 255) / width + noise()) & 255;
      bytes[at + 1] = ((y * 255) / height + noise()) & 255;
      bytes[at + 2] = (((x + y) * 127) / width + noise()) & 255;
    }
  }
  return { name: "IMG_0001.bmp", mimeType: "image/bmp", buffer: bytes };
}

/** Loads the demo data set on an empty device, and waits until Today lists its visits. */
export async function loadDemo(page) {
  await page.click("[data-action=load-demo]");
  await page.locator("[data-page=today] a.visit-row").first().waitFor({ timeout: 30_000 });
}

/** The lists of Today, most urgent first. */
export const BUCKETS = ["overdue", "due", "prepare", "week"];

/** Opens a visit of Today's lists chosen by what it is, never by where it sits (the
 *  lists change with the date): of the rows matching `where` (attribute selectors on
 *  `a.visit-row`, e.g. `[data-checklist]`), in the first list that has one, the one
 *  with the smallest key. Returns its key, its customer's id and the taps it took
 *  (one per list looked at, one on the row). */
export async function openVisit(page, where = "", buckets = BUCKETS) {
  await page.locator("[data-page=today] .buckets").waitFor();
  let taps = 0;
  for (const bucket of buckets) {
    await page.click(`button[data-bucket=${bucket}]`);
    taps += 1;
    const rows = page.locator(`ul.visit-list[data-list=${bucket}] a.visit-row${where}`);
    const found = await rows.evaluateAll((links) => links.map((a) => ({ key: a.dataset.visitKey, customer: a.dataset.customer })));
    if (found.length === 0) continue;
    const chosen = found.sort((a, b) => (a.key < b.key ? -1 : 1))[0];
    await page.click(`a.visit-row[data-visit-key="${chosen.key}"]`);
    await page.locator("[data-page=visit] .customer").waitFor();
    return { ...chosen, taps: taps + 1 };
  }
  throw new Error(`no visit on Today's lists is ${where || "there"}`);
}

/** Opens a customer's file from the Customers list, found by its unique short code. */
export async function openCustomer(page, id) {
  const customer = (await readStore(page, "customers")).find((c) => c.id === id);
  if (!customer) throw new Error(`customer ${id} is not on this device`);
  await page.click("a[data-section=customers]");
  await page.fill("input[name=customer-search]", customer.short_code || customer.name);
  await page.click(`a.customer-row[data-customer="${id}"]`);
  await page.locator("[data-page=customer] h2.customer").waitFor();
  return customer;
}

/** Draws a stroke on the signature pad `pad` (a canvas locator) with the mouse. */
export async function drawSignature(page, pad) {
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + 20, box.y + box.height * 0.7);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(box.x + 20 + i * 20, box.y + box.height * (0.7 - 0.4 * Math.sin(i / 2)));
  await page.mouse.up();
}

/** In customer mode, the technician holds "take back" until the visit form is back
 *  (the state waited for, not a time). */
export async function takeBack(page) {
  const button = page.locator("[data-action=take-back]");
  await button.scrollIntoViewIfNeeded();
  const box = await button.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.locator("[data-action=save-visit]").waitFor();
  await page.mouse.up();
}
