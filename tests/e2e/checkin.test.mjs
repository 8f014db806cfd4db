// End to end: the check-in on arrival and the check-out on leaving, offline. With
// the location allowed, an on-site visit records where and when at both ends and
// the time between, saves, and the supervisor's ledger shows it (and its CSV
// carries it); with the location refused, the technician is told why and the
// visit still saves.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { drawSignature, offlineWithDemo, openCustomer, openVisit, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";
import path from "node:path";

/** Demo data, offline once the service worker holds the app (a reload offline
 *  comes from its cache), then a visit of Today's lists, made on site. */
async function onSiteVisit(env, options) {
  const { context, page } = await offlineWithDemo(env.browser, env.server.url, { deviceScaleFactor: 2, acceptDownloads: true, ...options });
  const visit = await openVisit(page);
  await page.click("button[data-method=onsite]");
  return { context, page, visit };
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
    // Leaving: the check-out, offered once arrived, says the time on site.
    await page.click("[data-action=check-out]");
    const out = page.locator("[data-checked-out]");
    await out.waitFor();
    assert.equal(await out.getAttribute("data-checked-out"), "32.06026, 118.79688");
    let minutes = Number(await out.getAttribute("data-minutes"));
    assert.ok(Number.isInteger(minutes) && minutes >= 0, String(minutes));
    assert.match(await out.textContent(), new RegExp(`已签退 \\d\\d:\\d\\d · 32\\.06026, 118\\.79688（误差约 15 米）· 在场 ${minutes} 分钟`));
    await page.locator("[data-end=check-out]").screenshot({ path: path.join(SCREENSHOTS, "visit-check-out-zh.png") });
    // Checking in again after leaving starts a new stay: the old departure goes, and
    // leaving is recorded again.
    await page.click("[data-action=check-in]");
    await out.waitFor({ state: "detached" });
    await page.click("[data-action=check-out]");
    await out.waitFor();
    minutes = Number(await out.getAttribute("data-minutes"));
    assert.ok(Number.isInteger(minutes) && minutes >= 0, String(minutes));
    await rateAndSave(page);

    await page.click("a[data-section=reports]");
    await page.click("a[data-report=ledger]");
    await page.locator("[data-page=ledger] [data-check-in-at]").first().waitFor();
    assert.equal(await page.getAttribute("[data-page=ledger] [data-minutes-on-site]", "data-minutes-on-site"), String(minutes));
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-csv]")]);
    const text = (await readFile(await download.path())).toString("utf8");
    const header = text.replace(/^\uFEFF/, "").split("\r\n")[0];
    assert.ok(header.endsWith(",签到时间,签到位置,签退时间,在场时长（分钟）,距常驻位置（米）,客户签字,照片"), header);
    const row = text.split("\r\n").find((l) => l.includes("32.060263,118.796877 ±15m"));
    assert.ok(row, "the check-in in the CSV");
    assert.match(row, /,5,4,/);
    assert.match(row, new RegExp(`,\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d,${minutes},,`), "departure and minutes, not far");
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

describe("customer's signature", () => {
  const env = suiteServerAndBrowser();

  test("signed with a finger on site, kept offline, shown in the customer's history and on the printed survey", async () => {
    // Any visit made on site can be signed for (a commissioning one always).
    const { context, page, visit } = await onSiteVisit(env, { hasTouch: true });
    const pad = page.locator("canvas.signature-pad");
    await pad.waitFor();
    assert.equal(await page.isDisabled("[data-action=keep-signature]"), true, "nothing to keep before a stroke");
    await drawSignature(page, pad);
    await page.click("[data-action=keep-signature]");
    const src = await page.getAttribute("img[data-signed]", "src");
    assert.match(src, /^data:image\/png;base64,[A-Za-z0-9+/=]{200,}$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "visit-signature-zh.png") });
    await page.reload();
    assert.equal(await page.getAttribute("img[data-signed]", "src"), src, "the draft keeps the signature");
    const customer = (await page.textContent("[data-page=visit] .customer")).trim();
    await page.click("[data-rating=product] button[data-value='5']");
    await page.click("[data-rating=service] button[data-value='5']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .visit-row").first().waitFor();

    // That very customer's file (by id: two customers may look alike on screen).
    await openCustomer(page, visit.customer);
    await page.locator(".history-entry img.signature-image").first().waitFor();
    assert.equal(await page.getAttribute(".history-entry img.signature-image", "src"), src);

    // The printed survey carries it: the form with the ratings ticked, signed.
    const entry = page.locator(".history-entry", { has: page.locator("img.signature-image") }).first();
    await entry.locator("a[data-action=survey]").click();
    const survey = page.locator("[data-page=survey] article.survey");
    await survey.waitFor();
    assert.equal(await survey.locator("img[data-signature]").getAttribute("src"), src, "the same signature");
    assert.match(await survey.locator("[data-field=customer]").textContent(), new RegExp(customer));
    for (const rating of ["product", "service"]) {
      const chosen = survey.locator(`[data-rating=${rating}] .scale-box.chosen`);
      assert.equal(await chosen.count(), 1);
      assert.equal(await chosen.getAttribute("data-value"), "5");
    }
    // On paper: one A4 page, the signature drawn on it.
    // (In print media: the PDF of the screen's media would hold the buttons too.)
    await page.emulateMedia({ media: "print" });
    await page.screenshot({ path: path.join(SCREENSHOTS, "survey-print-zh.png"), fullPage: true });
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    await page.emulateMedia({ media: "screen" });
    const text = pdf.toString("latin1");
    assert.equal((text.match(/\/Type\s*\/Page[^s]/g) ?? []).length, 1, "the survey fits one A4 page");
    assert.match(text, /\/Subtype\s*\/Image/, "the signature is printed");

    // The supervisor's ledger marks the visit signed, and opens its survey.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=ledger]");
    const signed = page.locator("[data-page=ledger] a[data-signed]");
    await signed.first().waitFor();
    assert.equal(await signed.count(), 1);
    await signed.click();
    await page.locator("[data-page=survey] img[data-signature]").waitFor();
    await context.close();
  });
});
