// End to end, as on a real phone: the app at a name that is not localhost. Over
// HTTPS (the server's local CA, trusted by the browser by its key's hash) the page
// is a secure context — the service worker takes control, the app reloads offline,
// the camera and location are there — and plain HTTP redirects to it. Over plain
// HTTP at that name, the app says what does not work and where the HTTPS address is,
// and every screen (Settings too) still works.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, loadDemo, openVisit, PHONE, SCREENSHOTS, startServer } from "./harness.mjs";

const NAME = "revisit.test";

describe("HTTPS at a name", () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ https: NAME, redirectHttp: true });
    browser = await launchBrowser([
      `--host-resolver-rules=MAP ${NAME} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${server.spki}`,
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
    ]);
  });
  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test("a secure context: service worker, camera, location, offline reload", async () => {
    const context = await browser.newContext({
      locale: "zh-CN",
      viewport: PHONE,
      permissions: ["geolocation", "camera"],
      geolocation: { latitude: 31.2304, longitude: 121.4737, accuracy: 20 },
    });
    const page = await context.newPage();
    const response = await page.goto(`${server.url}/`);
    for (const header of ["strict-transport-security", "content-security-policy", "permissions-policy", "x-content-type-options"]) {
      assert.ok(response.headers()[header], `${header} on the index`);
    }
    assert.equal(await page.evaluate(() => window.isSecureContext), true);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    assert.equal(await page.locator("[data-insecure]").count(), 0, "no warning over HTTPS");
    const devices = await page.evaluate(async () => {
      const stream = await navigator.mediaDevices.getUserMedia({ video: true });
      const tracks = stream.getVideoTracks().length;
      stream.getTracks().forEach((t) => t.stop());
      const persisted = typeof navigator.storage?.persist === "function";
      return { tracks, persisted, subtle: Boolean(crypto.subtle) };
    });
    assert.deepEqual(devices, { tracks: 1, persisted: true, subtle: true });

    // A check-in on site, with the location.
    await loadDemo(page);
    await openVisit(page);
    await page.click("button[data-method=onsite]");
    await page.click("[data-action=check-in]");
    await page.locator("[data-checked-in='31.23040, 121.47370']").waitFor();

    // The server gone and no network: the app starts from its cache.
    await server.stop();
    await context.setOffline(true);
    await page.goto(`${server.url}/customers`);
    await page.locator("[data-page=customers]").waitFor();
    await page.click("a[data-section=settings]");
    await page.locator("[data-offline-ready=true]").waitFor();
    await context.close();
  });
});

describe("plain HTTP", () => {
  test("redirects to HTTPS when the server has it", async () => {
    const server = await startServer({ https: NAME, redirectHttp: true });
    const browser = await launchBrowser([
      `--host-resolver-rules=MAP ${NAME} 127.0.0.1`,
      `--ignore-certificate-errors-spki-list=${server.spki}`,
    ]);
    try {
      const redirect = await server.get("/customers?q=1", server.plainUrl);
      assert.equal(redirect.status, 308);
      assert.equal(redirect.headers.location, `${server.url}/customers?q=1`);
      // The CA's page stays on plain HTTP: a phone fetches it before it trusts HTTPS
      // (afterwards HSTS sends that browser to HTTPS for this name on any port).
      const phone = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
      const page = await phone.newPage();
      await page.goto(`${server.plainUrl}/ca`);
      assert.match(await page.textContent("h1"), /安装回访通的证书/);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, "ca-page-zh.png"), fullPage: true });
      await phone.close();
      // Anything else on plain HTTP lands on the HTTPS address.
      const other = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
      const redirected = await other.newPage();
      await redirected.goto(`${server.plainUrl}/customers?q=1`);
      assert.equal(redirected.url(), `${server.url}/customers?q=1`);
      await redirected.locator("[data-page=customers]").waitFor();
      await other.close();
    } finally {
      await browser.close();
      await server.cleanup();
    }
  });

  test("at a name without HTTPS: the app says so, shows the HTTPS address, and still works", async () => {
    const server = await startServer({ host: NAME, args: ["--public-url", `https://${NAME}:8443`] });
    const browser = await launchBrowser([`--host-resolver-rules=MAP ${NAME} 127.0.0.1`]);
    try {
      const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, permissions: ["geolocation"] });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (err) => errors.push(err.message));
      await page.goto(`${server.url}/`);
      assert.equal(await page.evaluate(() => window.isSecureContext), false);
      const banner = page.locator("[data-insecure]");
      await banner.waitFor();
      assert.match(await banner.textContent(), /不安全.*HTTPS/);
      assert.equal(await banner.locator("a[data-https-url]").getAttribute("href"), `https://${NAME}:8443`);
      await mkdir(SCREENSHOTS, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOTS, "insecure-banner-zh.png") });
      // Settings opens (it used to be blank: no navigator.serviceWorker here).
      await page.click("a[data-section=settings]");
      await page.locator("[data-offline-ready=false]").waitFor();
      await page.locator("[data-section=storage]").waitFor();
      // Check-in says why it cannot work here, and the visit still saves.
      await page.click("a[data-section=today]");
      await loadDemo(page);
      await openVisit(page);
      await page.click("button[data-method=onsite]");
      await page.click("[data-action=check-in]");
      assert.match(await page.textContent("[data-check-in=insecure]"), /HTTPS/);
      await page.click("[data-rating=product] button[data-value='5']");
      await page.click("[data-rating=service] button[data-value='5']");
      await page.click("[data-action=save-visit]");
      await page.locator("[data-page=today]").waitFor();
      assert.deepEqual(errors, []);
      await context.close();
    } finally {
      await browser.close();
      await server.cleanup();
    }
  });
});
