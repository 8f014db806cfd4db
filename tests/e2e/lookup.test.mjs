// End to end: equipment lookup, offline. A serial number typed (or the text of a
// nameplate's code) finds its installation, and the customer's file opens on it
// with its next visit.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import path from "node:path";
import { PHONE, readStore, suiteServerAndBrowser } from "./harness.mjs";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "nameplate-qr.png");
/** A 1×1 white PNG. */
const BLANK = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg==",
  "base64",
);

describe("equipment lookup", () => {
  const env = suiteServerAndBrowser();

  test("a serial number or a nameplate's text lands on its installation", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.click("[data-action=load-demo]");
    await page.locator("a.visit-row").first().waitFor();
    // Offline from here: the QR worker's files come from the service worker's cache.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await context.setOffline(true);
    const installation = (await readStore(page, "installations")).find((i) => i.serial_number);
    assert.ok(installation, "the demo's installations have serial numbers");

    await page.click("a[data-section=customers]");
    await page.fill("input[name=customer-search]", `型号:XGN15-12;出厂编号:${installation.serial_number.toLowerCase()}`);
    const found = page.locator(`.equipment-found a[data-installation="${installation.id}"]`);
    await found.waitFor();
    assert.equal(await page.locator(".equipment-found li").count(), 1, "exactly the one installation");
    await found.click();
    await page.locator("[data-page=customer] h2.customer").waitFor();
    assert.equal(new URL(page.url()).hash, `#installation-${installation.id}`);
    const target = page.locator(`#installation-${installation.id}`);
    assert.match(await target.textContent(), new RegExp(installation.serial_number));
    await page.locator(`#installation-${installation.id}.found`).waitFor();
    assert.equal(await page.locator(".installation.found").count(), 1, "that installation, marked");

    // A photo of a nameplate's QR code (a fixture holding "铭牌 XGN15-12 ·
    // ID:00000002-…", the demo's first installation) finds it the same way.
    await page.click("a[data-section=customers]");
    await page.setInputFiles("input[name=nameplate-photo]", FIXTURE);
    await page.locator("[data-scan=read]").waitFor();
    assert.match(await page.textContent("[data-scan=read]"), /已识别：铭牌 XGN15-12/);
    await page.locator('.equipment-found a[data-installation="00000002-0000-0000-0000-000000000000"]').waitFor();
    // A photo without a code says so, and leaves the lookup to typing.
    await page.setInputFiles("input[name=nameplate-photo]", { name: "blank.png", mimeType: "image/png", buffer: BLANK });
    await page.locator("[data-scan=none]").waitFor();

    // Part of a serial is no match: nothing is guessed.
    await page.click("a[data-section=customers]");
    await page.fill("input[name=customer-search]", installation.serial_number.slice(0, -2));
    await page.locator("[data-count]").waitFor();
    assert.equal(await page.locator(".equipment-found").count(), 0);
    await context.close();
  });
});
