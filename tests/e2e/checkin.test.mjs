// End to end: the check-in on arrival, offline. With the location allowed, an
// on-site visit records where and when, saves, and the supervisor's ledger shows it
// (and its CSV carries it); with the location refused, the technician is told why
// and the visit still saves.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { PHONE, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";
import path from "node:path";

/** Demo data, offline, then the first visit of Today's lists, made on site. */
async function onSiteVisit(env, options) {
  const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, deviceScaleFactor: 2, acceptDownloads: true, ...options });
  const page = await context.newPage();
  await page.goto(env.server.url);
  await page.click("[data-action=load-demo]");
  await page.locator("a.visit-row").first().waitFor();
  await context.setOffline(true);
  await page.locator("a.visit-row").first().click();
  await page.locator("[data-page=visit] .customer").waitFor();
  await page.click("button[data-method=onsite]");
  return { context, page };
}

async function rateAndSave(page) {
  await page.click("[data-rating=product] button[data-value='5']");
  await page.click("[data-rating=service] button[data-value='4']");
  await page.click("[data-action=save-visit]");
  await page.locator("[data-page=today] .visit-row").first().waitFor();
}

describe("check-in on arrival", () => {
  const env = suiteServerAndBrowser();

  test("allowed: where and when, kept with the visit and shown in the ledger", async () => {
    const { context, page } = await onSiteVisit(env, {
      permissions: ["geolocation"],
      geolocation: { latitude: 32.060263, longitude: 118.796877, accuracy: 15 },
    });
    await page.click("[data-action=check-in]");
    const place = await page.getAttribute("[data-checked-in]", "data-checked-in");
    assert.equal(place, "32.06026, 118.79688");
    assert.match(await page.textContent(".checked-in"), /已签到 \d\d:\d\d · 32\.06026, 118\.79688（误差约 15 米）/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "visit-check-in-zh.png") });
    // The draft keeps it across a reload, offline.
    await page.reload();
    await page.locator("[data-checked-in]").waitFor();
    await rateAndSave(page);

    await page.click("a[data-section=reports]");
    await page.click("a[data-report=ledger]");
    await page.locator("[data-page=ledger] [data-check-in-at]").first().waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-csv]")]);
    const text = (await readFile(await download.path())).toString("utf8");
    const header = text.replace(/^\uFEFF/, "").split("\r\n")[0];
    assert.ok(header.endsWith(",签到时间,签到位置"), header);
    const row = text.split("\r\n").find((l) => l.includes("32.060263,118.796877 ±15m"));
    assert.ok(row, "the check-in in the CSV");
    assert.match(row, /,5,4,/);
    await context.close();
  });

  test("refused: the technician is told, and the visit still saves", async () => {
    const { context, page } = await onSiteVisit(env, {});
    await page.click("[data-action=check-in]");
    await page.locator("[data-check-in=denied]").waitFor();
    assert.match(await page.textContent("[data-check-in=denied]"), /回访照样可以保存/);
    assert.equal(await page.locator("[data-checked-in]").count(), 0);
    await rateAndSave(page);
    await context.close();
  });
});
