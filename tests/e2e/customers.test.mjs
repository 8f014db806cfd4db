// End to end: the customer list narrows as you type; a customer's file shows its
// tier with the reasons, tap-to-call contacts, installations and the score card.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { loadDemo, PHONE, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";

describe("customers", () => {
  const env = suiteServerAndBrowser();

  test("search, then a customer's file", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, deviceScaleFactor: 2 });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    await page.click("a[data-section=customers]");
    await page.locator("[data-count='300']").waitFor();
    assert.equal(await page.locator("a.customer-row").count(), 100, "the list renders 100 at a time");

    await page.fill("input[name=customer-search]", "西南");
    const narrowed = Number(await page.getAttribute("[data-count]", "data-count"));
    assert.ok(narrowed > 0 && narrowed < 300, `${narrowed} in 西南`);
    for (const row of await page.locator("a.customer-row .row-meta").allTextContents()) assert.match(row, /西南/);

    // A strategic customer (the one with the smallest code) shows why it is strategic.
    await page.fill("input[name=customer-search]", "");
    const strategic = await page
      .locator("a.customer-row:has(.badge.tier-1)")
      .evaluateAll((rows) => rows.map((r) => ({ id: r.dataset.customer, code: r.dataset.code })));
    assert.ok(strategic.length > 0, "the demo has strategic customers");
    const chosen = strategic.sort((a, b) => (a.code < b.code ? -1 : 1))[0];
    await page.click(`a.customer-row[data-customer="${chosen.id}"]`);
    await page.locator("[data-page=customer] h2.customer").waitFor();
    const reasons = await page.locator(".tier-reasons li").allTextContents();
    assert.ok(reasons.length > 0, "the tier says why");
    assert.ok(reasons.some((r) => /采购占比|行业头部|年采购额|区域核心/.test(r)), reasons.join(" / "));
    assert.match(await page.getAttribute("[data-section=contacts] a[href^='tel:']", "href"), /^tel:1\d{10}$/);
    assert.ok((await page.locator("[data-section=installations] .installation").count()) > 0);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "customer-zh.png") });

    // A supervisor's override needs its reason, then wins and is shown with it.
    await page.click(".override-form summary");
    await page.selectOption("select[name=override-tier]", "3");
    await page.click("[data-action=save-override]");
    await page.locator(".override-form .field-error").waitFor();
    await page.fill("input[name=override-reason]", "客户业务收缩，暂按普通客户维护");
    await page.click("[data-action=save-override]");
    await page.locator("[data-section=tier] .override", { hasText: "客户业务收缩" }).waitFor();
    assert.equal((await page.textContent("[data-section=tier] .badge")).trim(), "普通客户");

    // A written complaint received now calls for a visit today, by the end of the day.
    await page.selectOption("select[name=event-kind]", "Complaint");
    await page.fill("input[name=event-note]", "书面投诉：开关柜异响");
    await page.click("[data-action=record-event]");
    await page.locator("[data-event=saved]").waitFor();
    await page.click("a[data-section=today]");
    await page.click("button[data-bucket=due]");
    const row = page.locator(`a.visit-row[data-customer="${chosen.id}"][data-reasons~=complaint]`);
    await row.waitFor();
    // Beyond the plan, the suggested calls.
    for (const list of ["low", "follow", "quiet", "random"]) {
      assert.ok((await page.locator(`[data-suggest=${list}] li`).count()) > 0, `suggested calls: ${list}`);
    }
    assert.match(await row.textContent(), /截止 \d{2}-\d{2} 23:59/);
    await context.close();
  });
});
