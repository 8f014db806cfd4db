// End to end, offline at 390×844 in Chinese: the technician hands the phone to the
// customer (seed 001: 由顾客填写《顾客满意度调查表》). Customer mode shows the survey
// alone in large type; the back gesture, a typed address and a reload all stay on
// it; a tap on "take back" does nothing, a long press gives the phone back with the
// customer's answers in the form; the saved visit and the supervisor's reports
// mark them as the customer's own.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { drawSignature, loadDemo, openVisit, PHONE, readStore, SCREENSHOTS, suiteServerAndBrowser, takeBack } from "./harness.mjs";

describe("the customer fills the survey on the technician's phone", () => {
  const env = suiteServerAndBrowser();

  test("handed over, locked, answered, taken back, saved as the customer's", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    await context.setOffline(true);
    const visit = await openVisit(page);
    const visitPath = `/visit/${visit.key}`;
    await page.click("button[data-method=onsite]");
    // The technician's guess first: handing over clears it.
    await page.click("[data-rating=product] button[data-value='2']");

    await page.click("[data-action=hand-over]");
    const survey = page.locator("[data-mode=customer]");
    await survey.waitFor();
    assert.equal(await page.locator(".bottom-nav").isVisible(), false, "no tabs in customer mode");
    assert.equal(await page.locator(".sync-bar").isVisible(), false, "no sync bar in customer mode");
    assert.equal(await page.locator("[data-action=save-visit]").isVisible(), false, "the technician's form is hidden");
    assert.equal(await survey.locator("[data-action=check-in]").count(), 0, "only the survey's questions");
    assert.equal(await survey.locator("button[aria-pressed=true]").count(), 0, "the customer rates afresh, not over the technician's guess");
    const size = await survey.locator("[data-rating=product] .rating-button").first().evaluate((b) => parseFloat(getComputedStyle(b).fontSize));
    assert.ok(size >= 22, `large type: ${size}px`);
    await page.screenshot({ path: path.join(SCREENSHOTS, "customer-mode-zh.png"), fullPage: true });

    // Nowhere else to go: back, a typed address, a reload.
    await page.goBack();
    await survey.waitFor();
    await page.waitForFunction((p) => decodeURIComponent(location.pathname) === p, visitPath);
    await page.goto(`${env.server.url}/customers`);
    await survey.waitFor();
    await page.waitForFunction((p) => decodeURIComponent(location.pathname) === p, visitPath);
    // A visit that is not planned does not release it either.
    await page.goto(`${env.server.url}/visit/no-such-visit`);
    await survey.waitFor();
    await page.waitForFunction((p) => decodeURIComponent(location.pathname) === p, visitPath);
    assert.equal(await page.locator(".bottom-nav").isVisible(), false, "still locked");

    await survey.locator("[data-rating=product] button[data-value='5']").click();
    await survey.locator("[data-rating=service] button[data-value='4']").click();
    await survey.locator("textarea[name=suggestions]").fill("希望每季度来一次巡检");
    await survey.locator("input[name=maintenance]").check();
    const pad = survey.locator("canvas.signature-pad");
    await drawSignature(page, pad);
    await survey.locator("[data-action=keep-signature]").click();
    await survey.locator("img[data-signed]").waitFor();
    await survey.locator("[data-action=customer-submit]").click();
    await survey.locator("[data-submitted=true]").waitFor();

    // The answers are kept over a reload, and the phone is still the customer's.
    await page.reload();
    await survey.locator("[data-submitted=true]").waitFor();
    await survey.locator("[data-rating=service] button[data-value='4'][aria-pressed=true]").waitFor();

    // A tap does not give the phone back; holding does.
    await survey.locator("[data-action=take-back]").click();
    assert.equal(await survey.isVisible(), true, "a tap leaves customer mode on");
    await takeBack(page);
    await survey.waitFor({ state: "detached" });
    assert.equal(await page.locator(".bottom-nav").isVisible(), true);
    await page.locator("[data-rating=product] button[data-value='5'][aria-pressed=true]").waitFor();

    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today]").waitFor();
    const saved = (await readStore(page, "visits")).filter((v) => v.result?.answered_by === "customer_on_device");
    assert.equal(saved.length, 1);
    const result = saved[0].result;
    assert.deepEqual([result.product_rating, result.service_rating], [5, 4]);
    assert.equal(result.suggestions, "希望每季度来一次巡检");
    assert.equal(result.wanted.maintenance, true);
    assert.match(result.signature, /^data:image\/png;base64,/);

    // The supervisor's reports mark the answers as the customer's own.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=ledger]");
    const row = page.locator(`[data-page=ledger] tr[data-visit="${saved[0].id}"]`);
    await row.locator("[data-answered-by=customer_on_device]").waitFor();
    assert.match(await row.textContent(), /客户本人填写（现场）/);
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=satisfaction]");
    const share = page.locator("[data-page=satisfaction-report] [data-by-customer]");
    await share.waitFor();
    assert.equal(await share.getAttribute("data-by-customer"), "1");
    assert.match(await share.textContent(), /其中客户本人填写 1 份/);
    await context.close();
  });
});
