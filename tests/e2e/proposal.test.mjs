// End to end, the proposal register (客户提案登记表, seed 002): a technician raises a
// customer's e-mailed proposal from the file and records the acknowledgement; a
// technician is not offered the extension. The supervisor, on their own phone,
// approves the 30-day extension, records the decision (adopted, grade B), refuses a
// reward outside B's band and records one within it, the implementation plan and the
// customer told of its use. The technician's phone then shows every step with who
// took it. Two more proposals of the customer, one kept on hold and one not adopted,
// put the customer on the year's encouragement list (鼓励奖 300 元).
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { enrolled, openApp, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, syncNow, userId } from "./harness.mjs";

const CUSTOMER = "无锡新吴电气成套有限公司";

/** Raises a proposal for `customerId` from its file, and returns the new issue's id. */
async function raiseProposal(page, server, customerId, summary) {
  await openApp(page, `${server.url}/customers/${customerId}`);
  await page.click("[data-section=raise-issue] summary");
  await page.selectOption("select[name=raise-category]", "Proposal");
  await page.selectOption("select[name=raise-channel]", "email");
  await page.fill("input[name=raise-summary]", summary);
  await page.click("[data-action=raise-issue]");
  await page.locator("[data-page=issue] .issue-status[data-status=recorded]").waitFor();
  return page.url().split("/issues/")[1];
}

/** Opens a register form, fills what is given, and saves. */
async function register(page, action, { text, date, amount, department }) {
  await page.click(`[data-section=proposal-register] [data-action=${action}]`);
  if (date !== undefined) await page.fill("input[name=register-date]", date);
  if (department !== undefined) await page.selectOption("select[name=register-department]", department);
  if (amount !== undefined) await page.fill("input[name=register-amount]", String(amount));
  if (text !== undefined) await page.fill("textarea[name=register-text]", text);
  await page.click("[data-action=save-register]");
}

/** Takes the decision: start handling, then feedback with `outcome` (and `grade`). */
async function decide(page, outcome, grade, reason) {
  await page.click("[data-action=start]");
  await page.locator(".issue-status[data-status=handling]").waitFor();
  await page.click("[data-action=feedback]");
  await page.click(`button[data-outcome=${outcome}]`);
  if (grade) await page.click(`button[data-grade=${grade}]`);
  await page.fill("textarea[name=step-text]", reason);
  await page.click("[data-action=submit-step]");
  await page.locator(".issue-status[data-status=feedbackgiven]").waitFor();
}

describe("the proposal register", () => {
  const env = suiteServerAndBrowser();

  test("acknowledged, extended by a supervisor, adopted and rewarded, implemented, the customer told", async () => {
    const { server, browser } = env;
    const users = [["zhang", "张工", "technician"], ["wang", "王主管", "supervisor"]];
    await seed(server, users, { customer: CUSTOMER, owner: "张工", city: "无锡市新吴区" });
    const zhang = await enrolled(browser, server, "zhang");
    const boss = await enrolled(browser, server, "wang");
    const customer = (await readStore(zhang.page, "customers")).find((c) => c.name === CUSTOMER);
    await mkdir(SCREENSHOTS, { recursive: true });

    // The technician raises it and tells the customer when to expect a decision.
    const id = await raiseProposal(zhang.page, server, customer.id, "提案：开关柜加装无线测温");
    const page = zhang.page;
    await page.locator("[data-section=proposal-register]").waitFor();
    assert.equal(await page.locator("[data-action=extend]").count(), 0, "a technician does not approve extensions");
    await register(page, "acknowledge", { text: "已电话致谢，告知由生产部处理" });
    await page.locator("[data-fact=acknowledged]", { hasText: "预计" }).waitFor();
    assert.match(await page.textContent("[data-fact=acknowledged]"), /张工/);
    await syncNow(page);

    // The supervisor approves more time, with a reason asked for first.
    await syncNow(boss.page);
    await openApp(boss.page, `${server.url}/issues/${id}`);
    const bp = boss.page;
    const latest = async () => (await bp.textContent("[data-fact=decision-due]")).match(/最迟 (\d{4}-\d\d-\d\d)/)[1];
    const before = await latest();
    await bp.click("[data-section=proposal-register] [data-action=extend]");
    await bp.click("[data-action=save-register]");
    await bp.locator("[data-section=proposal-register] .error", { hasText: "延期的理由" }).waitFor();
    await bp.fill("textarea[name=register-text]", "涉及柜体结构改动，需型式试验");
    await bp.click("[data-action=save-register]");
    await bp.locator("[data-fact=extended]", { hasText: "王主管" }).waitFor();
    const days = (Date.parse(await latest()) - Date.parse(before)) / 86_400_000;
    assert.equal(days, 10, "the latest decision moves from 20 to 30 days");

    // Adopted, grade B; the reward within B's band only.
    await decide(bp, "adopted", "B", "采用：新一批开关柜标配无线测温");
    await bp.locator("[data-fact=outcome]", { hasText: "B" }).waitFor();
    await bp.click("[data-section=proposal-register] [data-action=reward]");
    await bp.fill("input[name=register-amount]", "3500");
    await bp.click("[data-action=save-register]");
    await bp.locator("[data-section=proposal-register] .error", { hasText: "2000–3000" }).waitFor();
    await bp.fill("input[name=register-amount]", "2500");
    await bp.click("[data-action=save-register]");
    await bp.locator("[data-fact=reward]", { hasText: "2500 元" }).waitFor();
    await register(bp, "plan", { text: "KYN28 柜型增加测温模块", department: "Production" });
    await bp.locator("[data-fact=implementation]", { hasText: "KYN28" }).waitFor();
    await register(bp, "tell-use", { text: "已函告客户：明年一季度起实施" });
    await bp.locator("[data-fact=told-use]", { hasText: "一季度" }).waitFor();
    await bp.screenshot({ path: path.join(SCREENSHOTS, "proposal-register-zh.png"), fullPage: true });
    await syncNow(bp);

    // The technician's phone shows the register as the supervisor left it.
    await syncNow(page);
    await openApp(page, `${server.url}/issues/${id}`);
    await page.locator("[data-fact=told-use]", { hasText: "一季度" }).waitFor();
    assert.match(await page.textContent("[data-fact=extended]"), /王主管/);
    assert.match(await page.textContent("[data-fact=reward]"), /2500 元 · .*王主管/);
    const stored = (await readStore(page, "issues")).find((i) => i.id === id);
    const steps = stored.history.map((e) => e.step.step);
    assert.deepEqual(steps, [
      "acknowledge", "extend_decision", "start_handling", "give_feedback", "pay_reward", "plan_implementation", "tell_use",
    ]);
    const wang = await userId(page, "王主管");
    assert.equal(stored.history.find((e) => e.step.step === "extend_decision").by, wang);
    assert.deepEqual(stored.history[3].step.outcome, { outcome: "adopted", grade: "B", reason: "采用：新一批开关柜标配无线测温" });

    // One on hold and one not adopted: the customer is due the encouragement award.
    for (const [summary, outcome] of [["提案：增加备品备件库存", "on_hold"], ["提案：延长质保到五年", "not_adopted"]]) {
      await raiseProposal(bp, server, customer.id, summary);
      await decide(bp, outcome, null, "评审意见已告知客户");
    }
    await bp.click("a[data-section=reports]");
    await bp.click("a[data-report=analysis]");
    const row = bp.locator(`[data-section=encouragement] tr[data-customer="${customer.id}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute("data-due"), "award");
    assert.match(await row.textContent(), /鼓励奖 300 元/);
    await bp.locator("[data-section=encouragement]").screenshot({ path: path.join(SCREENSHOTS, "encouragement-phone-zh.png") });
    await bp.setViewportSize({ width: 1280, height: 800 });
    await bp.locator("[data-section=encouragement]").screenshot({ path: path.join(SCREENSHOTS, "encouragement-zh.png") });
  });
});
