// End to end: the built app served by the real server, in headless Chromium.
// It loads, is installable (valid manifest, controlling service worker), then
// starts and navigates with the network off and the server gone; a new version
// waits instead of reloading a half-filled form.
import assert from "node:assert/strict";
import { mkdir, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { PHONE, SCREENSHOTS, pngSize, suiteServerAndBrowser } from "./harness.mjs";

async function listFiles(dir, rel = "") {
  const out = [];
  for (const entry of await readdir(path.join(dir, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await listFiles(dir, name)));
    else out.push(name);
  }
  return out;
}

describe("app shell", () => {
  const env = suiteServerAndBrowser();

  test("follows the browser's language when nothing was chosen", async () => {
    for (const [locale, title, lang] of [
      ["zh-CN", "今日回访", "zh"],
      ["en-US", "Today's visits", "en"],
      ["fr-FR", "今日回访", "zh"],
    ]) {
      const context = await env.browser.newContext({ locale, viewport: PHONE });
      const page = await context.newPage();
      await page.goto(env.server.url);
      await page.locator("h1").filter({ hasText: title }).waitFor();
      assert.equal(await page.getAttribute("html", "lang"), lang, locale);
      await context.close();
    }
  });

  test("remembers the language chosen in Settings from the first frame of the next start", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/settings`);
    await page.click("button[data-locale=en]");
    await page.locator("h1", { hasText: "Settings" }).waitFor();
    await page.goto(env.server.url);
    // The very first title the app renders is already English.
    const first = await page.locator("h1").first().textContent();
    assert.equal(first, "Today's visits");
    await page.waitForFunction(() => document.documentElement.lang === "en");
    await context.close();
  });

  test("is installable, then works offline", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (err) => errors.push(err.message));
    // What the page itself asks for (the service worker's precache is not the page's).
    const asked = [];
    page.on("request", (request) => asked.push(new URL(request.url()).pathname));
    await page.goto(env.server.url);
    await page.locator("h1", { hasText: "今日回访" }).waitFor();
    assert.ok(asked.some((p) => /^\/revisit-[0-9a-f]+_bg\.wasm$/.test(p)), `the technician's app: ${asked}`);
    assert.deepEqual(asked.filter((p) => p.includes("office")), [], "the office app is not loaded at start");

    // The manifest is linked, valid, and its icons are real PNGs of the stated sizes.
    const href = await page.getAttribute('link[rel="manifest"]', "href");
    const manifestResponse = await page.request.get(new URL(href, env.server.url).href);
    assert.equal(manifestResponse.status(), 200);
    assert.match(manifestResponse.headers()["content-type"], /application\/manifest\+json/);
    const manifest = await manifestResponse.json();
    for (const field of ["name", "short_name", "description", "start_url", "scope", "theme_color", "background_color"]) {
      assert.ok(typeof manifest[field] === "string" && manifest[field].length > 0, `manifest.${field}`);
    }
    assert.equal(manifest.display, "standalone");
    assert.equal(manifest.lang, "zh-CN");
    assert.equal(manifest.start_url, "/");
    const pngIcons = manifest.icons.filter((icon) => icon.type === "image/png");
    for (const [size, purpose] of [["192x192", "any"], ["512x512", "any"], ["512x512", "maskable"]]) {
      const icon = pngIcons.find((i) => i.sizes === size && i.purpose.split(" ").includes(purpose));
      assert.ok(icon, `a ${purpose} icon of ${size}`);
      const response = await page.request.get(new URL(icon.src, env.server.url).href);
      assert.equal(response.status(), 200, icon.src);
      const { width, height } = pngSize(await response.body());
      assert.equal(`${width}x${height}`, size, icon.src);
    }

    // The service worker takes control and has precached every file of the build.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const urls = [];
      for (const name of names) {
        for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname);
      }
      return { names, urls };
    });
    assert.equal(cached.names.length, 1, `one cache: ${cached.names}`);
    // A file's .br and .gz copies (build/precompress.mjs) are encodings of it, not files of their own.
    const built = (await listFiles(env.server.dist))
      .filter((name) => name !== "sw.js" && !/\.(br|gz)$/.test(name))
      .map((name) => `/${name}`);
    assert.ok(built.some((name) => name.endsWith("_bg.wasm")), "the build has a hashed wasm file");
    assert.deepEqual([...cached.urls].sort(), built.sort());

    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "shell-today-zh.png") });

    // Network off and the server gone: a reload still shows the app, and it navigates.
    await env.server.stop();
    await context.setOffline(true);
    await page.reload();
    await page.locator("h1", { hasText: "今日回访" }).waitFor();
    await page.click("a[data-section=customers]");
    await page.locator("h1", { hasText: "客户" }).waitFor();
    assert.equal(new URL(page.url()).pathname, "/customers");
    await page.goto(`${env.server.url}/issues`);
    await page.locator("h1", { hasText: "问题闭环" }).waitFor();
    await page.click("a[data-section=settings]");
    await page.locator("[data-offline-ready=true]").waitFor();
    // The office's screens are the other app: a page load, answered from the cache.
    await page.click("a[data-section=reports]");
    await page.locator("[data-page=reports] a[data-report=plan]").waitFor();
    assert.equal(new URL(page.url()).pathname, "/office/reports");
    assert.ok(asked.some((p) => /^\/office-[0-9a-f]+_bg\.wasm$/.test(p)), "the office app loaded");
    // Back in the technician's screens, the office app stays (it holds them too).
    await page.click("a[data-section=customers]");
    await page.locator("h1", { hasText: "客户" }).waitFor();
    assert.deepEqual(errors, []);
    await context.close();
  });
});

describe("updates", () => {
  const env = suiteServerAndBrowser();

  test("a new version waits and never reloads a half-filled form by itself", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/customers`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const firstWorker = await page.evaluate(() => navigator.serviceWorker.controller.scriptURL);
    await page.fill("input[type=search]", "华东电力");
    await page.evaluate(() => (window.__sameDocument = true));

    // Deploy a new version: the service worker's build version changes.
    const swPath = path.join(env.server.dist, "sw.js");
    const sw = await readFile(swPath, "utf8");
    const next = sw.replace(/"version":"([0-9a-f]+)"/, '"version":"$1-next"');
    assert.notEqual(next, sw, "the build version is in sw.js");
    await writeFile(swPath, next);
    // A deploy replaces dist/ whole, its precompressed copies with it: so does this one.
    await rm(`${swPath}.br`, { force: true });
    await rm(`${swPath}.gz`, { force: true });
    // Validation is by Last-Modified, to the second: a deploy is never within the same
    // second as the page's first fetch, but this test can be, so date the file later.
    const later = new Date(Date.now() + 5_000);
    await utimes(swPath, later, later);
    // Check for an update until the new worker shows up.
    for (let attempt = 0; ; attempt++) {
      const found = await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration.update().catch(() => {});
        return Boolean(registration.installing || registration.waiting);
      });
      if (found) break;
      assert.ok(attempt < 20, "the new version was never found");
      await page.waitForTimeout(500);
    }
    await page.locator(".update-banner", { hasText: "新版本已就绪" }).waitFor({ timeout: 15_000 });
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        waiting: registration.waiting?.state ?? null,
        sameDocument: window.__sameDocument === true,
        typed: document.querySelector("input[type=search]").value,
      };
    });
    assert.deepEqual(state, { waiting: "installed", sameDocument: true, typed: "华东电力" });
    assert.equal(await page.evaluate(() => navigator.serviceWorker.controller.scriptURL), firstWorker);

    // The user chooses to update: the new version takes over and the page reloads.
    await Promise.all([page.waitForEvent("load"), page.click(".update-banner button.primary")]);
    await page.locator("h1", { hasText: "客户" }).waitFor();
    const after = await page.evaluate(async () => ({
      sameDocument: window.__sameDocument === true,
      caches: await caches.keys(),
    }));
    assert.equal(after.sameDocument, false);
    assert.equal(after.caches.length, 1, "the old cache was removed");
    assert.match(after.caches[0], /-next$/);
    await context.close();
  });
});
