// Shared pieces of the end-to-end tests: the real server on a free loopback
// port serving a copy of the built app, and Debian's Chromium driven by Playwright.
import { execFile, spawn } from "node:child_process";
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

export const ROOT = path.resolve(import.meta.dirname, "../..");
export const DIST = path.join(ROOT, "dist");
export const SCREENSHOTS = process.env.REVISIT_SCREENSHOT_DIR ?? path.join(ROOT, "test-results", "screenshots");
export const PHONE = { width: 390, height: 844 };

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

/** Starts revisit-server on a copy of dist/ (tests may change the copy) and a fresh data dir. */
export async function startServer() {
  const bin = process.env.REVISIT_SERVER_BIN;
  if (!bin) throw new Error("REVISIT_SERVER_BIN is not set (scripts/test.sh builds the server and sets it)");
  const dir = await mkdtemp(path.join(tmpdir(), "revisit-e2e-"));
  const dist = path.join(dir, "dist");
  await cp(DIST, dist, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(bin, ["--listen", `127.0.0.1:${port}`, "--data-dir", path.join(dir, "data"), "--dist", dist], {
    stdio: ["ignore", "ignore", "pipe"],
    env: Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== "DATABASE_URL")),
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const exited = new Promise((resolve) => child.on("exit", resolve));
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const dataDir = path.join(dir, "data");
  return {
    url,
    dist,
    dataDir,
    log: () => log,
    /** Runs an admin command of the server binary on this server's database. */
    admin(...args) {
      return new Promise((resolve, reject) => {
        execFile(bin, [...args, "--data-dir", dataDir], (err, stdout, stderr) =>
          err ? reject(new Error(`${args.join(" ")}: ${stderr}`)) : resolve(stdout),
        );
      });
    },
    /** A one-time enrollment code for `login` (what the admin prints). */
    async enrollCode(login) {
      const out = await this.admin("enroll", "--login", login, "--no-qr", "--app-url", url);
      return out.match(/: ([A-Z0-9]{4}-[A-Z0-9]{4})$/m)[1];
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
    async cleanup() {
      await this.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export function launchBrowser(extraArgs = []) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      ...extraArgs,
    ],
  });
}

/** A local date `days` from today, `years` back, as YYYY-MM-DD. */
export function localDate(days, years = 0) {
  const d = new Date();
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

/** A phone-sized Chinese browser context and its page. */
export async function device(browser, options = {}) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, timezoneId: "Asia/Shanghai", ...options });
  return { context, page: await context.newPage() };
}

/** Waits until the device's last sync finished with nothing left to send. */
export async function synced(page, timeout = 30_000) {
  await page.locator(".sync-bar[data-sync=synced]:not(:has(.sync-queued))").waitFor({ timeout });
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
export async function seed(server, users, { customer, owner, city }) {
  for (const [login, name, role] of users) {
    await server.admin("user", "add", "--login", login, "--name", name, "--role", role);
  }
  const year = new Date().getFullYear() - 1;
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
