// End to end, behind a reverse proxy: the nginx configuration shipped in
// deploy/nginx.conf (its ports, name and certificate paths replaced), run for real
// in front of the server on loopback. The app installs and takes its service worker
// through it over HTTPS, with the server's security headers and nginx's HSTS, and
// nginx's plain-HTTP port redirects.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { freePort, launchBrowser, PHONE, ROOT, spkiHash, startServer } from "./harness.mjs";

const NAME = "revisit.test";

async function waitForPort(port, what) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const open = await new Promise((resolve) => {
      const request = http.get({ host: "127.0.0.1", port, path: "/" }, (response) => {
        response.resume();
        resolve(true);
      });
      request.on("error", () => resolve(false));
    });
    if (open) return;
    assert.ok(Date.now() < deadline, `${what} did not come up`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("behind nginx (deploy/nginx.conf)", () => {
  let server;
  let nginx;
  let dir;
  let ports;
  let browser;
  before(async () => {
    server = await startServer();
    await server.admin("tls", "init", "--name", NAME, "--ip", "127.0.0.1");
    const tls = path.join(server.dataDir, "tls");
    dir = await mkdtemp(path.join(tmpdir(), "revisit-nginx-"));
    ports = { plain: await freePort(), https: await freePort() };
    const upstream = new URL(server.url).port;
    const site = (await readFile(path.join(ROOT, "deploy", "nginx.conf"), "utf8"))
      .replace("listen 80;", `listen 127.0.0.1:${ports.plain};`)
      .replace("listen 443 ssl http2;", `listen 127.0.0.1:${ports.https} ssl http2;`)
      .replaceAll("revisit.example.cn", NAME)
      .replace("/etc/ssl/revisit/fullchain.pem", path.join(tls, "server.pem"))
      .replace("/etc/ssl/revisit/privkey.pem", path.join(tls, "server-key.pem"))
      .replace("http://127.0.0.1:8080", `http://127.0.0.1:${upstream}`);
    assert.ok(site.includes(`127.0.0.1:${upstream}`) && site.includes(path.join(tls, "server.pem")), "the shipped file was adapted");
    await writeFile(path.join(dir, "revisit.conf"), site);
    await mkdir(path.join(dir, "temp"));
    const temp = (name) => `${name}_temp_path ${path.join(dir, "temp", name)};`;
    await writeFile(
      path.join(dir, "nginx.conf"),
      `daemon off; pid ${path.join(dir, "nginx.pid")}; error_log ${path.join(dir, "error.log")} warn;
       events {}
       http { access_log off; include /etc/nginx/mime.types;
         ${temp("client_body")} ${temp("proxy")} ${temp("fastcgi")} ${temp("uwsgi")} ${temp("scgi")}
         include ${path.join(dir, "revisit.conf")}; }`,
    );
    nginx = spawn("nginx", ["-p", dir, "-c", path.join(dir, "nginx.conf")], { stdio: "inherit" });
    await waitForPort(ports.plain, "nginx");
    const spki = spkiHash(await readFile(path.join(tls, "server.pem"), "utf8"));
    browser = await launchBrowser([`--host-resolver-rules=MAP ${NAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${spki}`]);
  });
  after(async () => {
    await browser?.close();
    nginx?.kill("SIGTERM");
    await server?.cleanup();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("the app installs and works through nginx, with its headers and HSTS", async () => {
    const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    const response = await page.goto(`https://${NAME}:${ports.https}/`);
    assert.equal(response.status(), 200);
    const headers = response.headers();
    assert.equal(headers["strict-transport-security"], "max-age=63072000");
    assert.match(headers["content-security-policy"], /script-src 'self' 'wasm-unsafe-eval' 'sha256-/);
    assert.equal(headers["x-content-type-options"], "nosniff");
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await page.click("a[data-section=settings]");
    await page.locator("[data-offline-ready=true]").waitFor();
    const health = await page.evaluate(async () => (await fetch("/api/health")).json());
    assert.equal(health.status, "ok");
    await context.close();

    // nginx's plain port sends everything to HTTPS.
    const redirect = await new Promise((resolve, reject) =>
      http
        .get({ host: "127.0.0.1", port: ports.plain, path: "/customers?q=1", headers: { host: NAME } }, (r) => {
          r.resume();
          resolve({ status: r.statusCode, location: r.headers.location });
        })
        .on("error", reject),
    );
    assert.deepEqual(redirect, { status: 308, location: `https://${NAME}/customers?q=1` });
  });
});
