// End to end: the device's storage fills up. The write that does not fit is refused
// with words a technician can act on, and nothing saved before is lost.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadDemo, openApp, PHONE, readStore, suiteServerAndBrowser } from "./harness.mjs";

describe("storage full", () => {
  const env = suiteServerAndBrowser();

  test("a write that does not fit is refused clearly and loses nothing", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    // A full device, simulated: IndexedDB refuses writes with the browser's own
    // QuotaExceededError. (Chromium's DevTools quota override has no effect on
    // this build's IndexedDB, so the refusal is injected at the API the app calls.)
    await page.addInitScript(() => {
      for (const method of ["put", "add"]) {
        const original = IDBObjectStore.prototype[method];
        IDBObjectStore.prototype[method] = function (...args) {
          if (window.__storageFull) throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
          return original.apply(this, args);
        };
      }
    });
    await openApp(page, `${env.server.url}/settings`);
    await page.fill("input[name=user]", "张工");
    await page.click("[data-action=save-user]");
    await page.locator("[data-saved=true]").waitFor();
    await page.evaluate(() => (window.__storageFull = true));

    await page.click("a[data-section=today]");
    await page.click("[data-action=load-demo]");
    const alert = page.locator(".demo-offer [role=alert]");
    await alert.waitFor();
    assert.match(await alert.textContent(), /存储空间已满/);
    // The demo was one transaction: none of it was written; the user's name stays.
    assert.equal((await readStore(page, "customers")).length, 0);
    assert.ok((await readStore(page, "meta")).includes("张工"));

    // Room again (the phone was cleaned up): the same action now works.
    await page.evaluate(() => (window.__storageFull = false));
    await loadDemo(page);
    assert.equal((await readStore(page, "customers")).length, 300);
    await context.close();
  });
});
