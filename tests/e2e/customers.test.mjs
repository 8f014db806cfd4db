// End to end: the customer list narrows as you type; a customer's file shows its
// tier with the reasons, tap-to-call contacts, installations and the score card; the
// 客户状况登记表 is filled in on the form (a number that is not one refused beside its
// field, nothing saved), kept, and shown on the file.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { loadDemo, now, PHONE, readStore, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";

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

  test("the customer status form filled in, kept and shown on the file", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    // The customer with the smallest code (chosen by what it is).
    const customer = (await readStore(page, "customers")).filter((c) => c.short_code).sort((a, b) => (a.short_code < b.short_code ? -1 : 1))[0];
    await page.goto(`${env.server.url}/customers/${customer.id}/edit`);
    const form = page.locator("[data-section=registration]");
    await form.waitFor();
    await form.locator("input[name=main_business]").fill("高低压成套开关设备");
    await form.locator("input[name=employee_count]").fill("三百");
    await page.click("[data-action=save-customer]");
    await form.locator("[data-error=employee_count]").waitFor();
    const unchanged = (await readStore(page, "customers")).find((c) => c.id === customer.id);
    assert.deepEqual(unchanged, customer, "nothing saved");

    await form.locator("input[name=employee_count]").fill("320");
    await form.locator("select[name=business]").selectOption("good");
    await form.locator("input[name=bank]").fill("中国工商银行无锡分行");
    await form.locator("input[name=loans]").fill("无");
    await form.locator("select[name=cash_flow]").selectOption("fair");
    await form.locator("input[name=payer]").fill("财务部 陈会计");
    await form.locator("select[name=payment_behaviour]").selectOption("prompt");
    await form.locator("select[name=pays_by_cheque]").selectOption("yes");
    await form.locator("input[name=highest_purchase]").fill("1,250,000");
    await form.locator("select[name=contact_channel]").selectOption("phone");
    await form.locator("select[name=contact_frequency]").selectOption("monthly");
    await form.locator("select[name=potential]").selectOption("high");
    await form.screenshot({ path: path.join(SCREENSHOTS, "customer-status-form-zh.png") });
    await page.click("[data-action=save-customer]");
    await page.locator("[data-page=customer] h2.customer").waitFor();
    // Said where the form went: saved on this phone (a device not enrolled sends nothing).
    const flash = page.locator("[data-flash=customer-saved]");
    await flash.waitFor();
    assert.equal((await flash.textContent()).replace("×", "").trim(), "客户档案已保存在本机");

    const stored = (await readStore(page, "customers")).find((c) => c.id === customer.id);
    assert.equal(stored.main_business, "高低压成套开关设备");
    assert.equal(stored.employee_count, 320);
    assert.equal(stored.payment_behaviour, "prompt");
    assert.deepEqual(stored.standing, {
      business: "good",
      bank: "中国工商银行无锡分行",
      loans: "无",
      cash_flow: "fair",
      payer: "财务部 陈会计",
      pays_by_cheque: true,
      highest_purchase: 1250000,
      contact_channel: "phone",
      contact_frequency: "monthly",
      potential: "high",
    });
    const status = page.locator("[data-section=status]");
    await status.locator("summary").click();
    assert.equal((await status.locator("[data-fact=bank]").textContent()).trim(), "中国工商银行无锡分行");
    assert.equal((await status.locator("[data-fact=business]").textContent()).trim(), "良好");
    assert.equal((await status.locator("[data-fact=pays_by_cheque]").textContent()).trim(), "是");
    assert.equal((await status.locator("[data-fact=contact_frequency]").textContent()).trim(), "每月");
    // 月均购置额: last year's purchases (on the suite's clock) over twelve months.
    const purchases = customer.annual_purchases[String(now().getFullYear() - 1)];
    assert.ok(purchases > 0, "the demo's customers bought last year");
    assert.equal((await status.locator("[data-fact=monthly_average]").textContent()).trim(), `${Math.floor(purchases / 12)} 元`);
    await status.screenshot({ path: path.join(SCREENSHOTS, "customer-status-zh.png") });
    // Edited again, the form shows what was kept.
    await page.click("[data-action=edit-customer]");
    assert.equal(await page.inputValue("[data-section=registration] input[name=highest_purchase]"), "1250000");
    assert.equal(await page.inputValue("[data-section=registration] select[name=potential]"), "high");
    await context.close();
  });
});
