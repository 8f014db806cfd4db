// End to end, the technician's whole flow: create a customer → it shows its tier
// and the reasons → its visit appears on Today → go offline → record the visit →
// reload offline → the visit is saved and queued with the customer's creation.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { localDate, PHONE, readStore, SCREENSHOTS, suiteServerAndBrowser, userId } from "./harness.mjs";

describe("create a customer, then visit it offline", () => {
  const env = suiteServerAndBrowser();

  test("the whole flow", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await page.click("a[data-section=customers]");
    await page.click("[data-action=new-customer]");

    // Bad input is refused beside its field, and nothing is saved.
    await page.click("[data-action=save-customer]");
    assert.equal((await page.textContent("[data-error=name]")).trim(), "请填写客户名称");
    // …and in sight with its input focused, though the save was tapped at the foot.
    const revealed = (name) =>
      page.waitForFunction((name) => {
        const input = document.querySelector(`input[name=${name}]`);
        const r = input.getBoundingClientRect();
        return document.activeElement === input && r.top >= 0 && r.bottom <= innerHeight;
      }, name);
    await revealed("name");
    await page.fill("input[name=name]", "江苏恒通电力工程有限公司");
    await page.fill("input[name=purchases]", "-5");
    await page.click("[data-action=save-customer]");
    await page.locator("[data-error=purchases]").waitFor();
    await revealed("purchases");
    assert.equal((await readStore(page, "customers")).length, 0);

    // Six years less three days of cooperation: its monthly visit is due in three days.
    await page.fill("input[name=purchases]", "6000000");
    await page.fill("input[name=cooperation_start]", localDate(3, 6));
    await page.fill("input[name=region]", "华东");
    await page.fill("input[name=contact_name]", "王伟");
    await page.fill("input[name=contact_phone]", "13800000001");
    // A second contact, whose bad email is refused beside that contact.
    await page.click("[data-action=add-contact]");
    const second = page.locator("[data-contact='1']");
    await second.locator("input[name=contact_name]").fill("李娜");
    await second.locator("input[name=contact_email]").fill("lina.hengtong.cn");
    await page.click("[data-action=save-customer]");
    assert.match(await second.locator("[data-error=contacts]").textContent(), /邮箱地址不正确/);
    assert.equal(await page.locator("[data-contact='0'] [data-error]").count(), 0);
    await second.scrollIntoViewIfNeeded();
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "customer-form-zh.png") });
    await second.locator("input[name=contact_email]").fill("lina@hengtong.cn");
    await page.click("[data-action=save-customer]");
    await page.locator("[data-page=customer] h2.customer", { hasText: "江苏恒通电力工程有限公司" }).waitFor();
    assert.equal((await page.textContent("[data-section=tier] .badge")).trim(), "战略客户");
    const reasons = await page.locator(".tier-reasons li").allTextContents();
    assert.ok(reasons.includes("年采购额 6000000 元 > 5000000 元"), reasons.join(" / "));
    assert.equal(await page.getAttribute("[data-section=contacts] a[href^='tel:']", "href"), "tel:13800000001");
    assert.equal(await page.getAttribute("[data-section=contacts] a[href^='mailto:']", "href"), "mailto:lina@hengtong.cn");

    // An installation whose dates are out of order is refused beside the field.
    await page.click("[data-action=add-installation]");
    await page.selectOption("select[name=product_line]", "switchgear");
    await page.fill("input[name=serial_number]", "SW-2026-00088");
    await page.fill("input[name=delivery_date]", localDate(-150));
    await page.fill("input[name=energized_date]", localDate(-160));
    await page.click("[data-action=save-installation]");
    assert.match(await page.textContent("[data-error=energized_date]"), /日期先后应为/);
    await page.fill("input[name=energized_date]", localDate(-140));
    await page.click("[data-action=save-installation]");
    await page.locator("[data-section=installations] .installation", { hasText: "SW-2026-00088" }).waitFor();

    const [{ id }] = await readStore(page, "customers");
    await page.click("a[data-section=today]");
    await page.click("button[data-bucket=week]");
    const row = page.locator(`a.visit-row[data-visit-key="${id}:routine@${localDate(3)}"]`);
    await row.waitFor();
    assert.match(await row.textContent(), new RegExp(`到期 ${localDate(3).slice(5)}`));

    // No network from here.
    await env.server.stop();
    await context.setOffline(true);
    await row.click();
    await page.click("[data-rating=product] button[data-value='5']");
    await page.click("[data-rating=service] button[data-value='5']");
    // The first record made on this device asks who makes it (once).
    await page.fill("input[name=recorder]", "王工");
    await page.click("[data-action=save-recorder]");
    await page.locator("[data-recorder='王工']").waitFor();
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today]").waitFor();
    await page.reload();
    await page.locator("[data-page=today] .buckets").waitFor();
    const outbox = await readStore(page, "outbox");
    assert.deepEqual(outbox.map((m) => m.kind), ["put_customer", "put_installation", "put_visit"]);
    const visit = (await readStore(page, "visits"))[0];
    assert.equal(visit.status, "done");
    assert.equal(visit.assignee, await userId(page, "王工"), "the visit names who made it (by id)");
    assert.equal(visit.planned_date, localDate(3));
    await context.close();
  });
});
