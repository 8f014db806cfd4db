// End to end, a maintenance plan (客户维护方案, seed 002) through its approval on four
// devices that meet only through the server: the supervisor drafts it in the office
// app, the customer-service manager returns it with a comment, the supervisor
// revises and hands it in again, the manager passes it, the customer director
// approves it on a device of their own; the supervisor hands a task to the
// technician, who sees it on Today, reports it done with its cost, and the summary
// counts it. Each device offers only its own role's decision. And a technician
// evaluates a customer's relationship (客户关系评估表) on the file, signed by the server,
// which the tier roster (客户分级名册) then lists and exports.
import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { enrolled, localDate, openCustomer, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, syncedAfter, syncNow, userId } from "./harness.mjs";

const CUSTOMER = "苏州工业园区恒电科技有限公司";

/** Opens the plan `id` in the office app and waits for its status. */
async function openPlan(page, url, id, status) {
  await page.goto(`${url}/office/plans/${id}`);
  await page.locator(`[data-page=plan] [data-plan="${id}"] [data-plan-status=${status}]`).waitFor();
}

/** Takes a decision on the open plan and sends it, waiting for the new status. */
async function decide(page, action, status, comment = null) {
  if (comment !== null) await page.fill("textarea[name=plan-comment]", comment);
  await syncedAfter(page, async () => {
    await page.click(`[data-action=${action}]`);
    await page.locator(`[data-plan-status=${status}]`).waitFor();
  });
}

describe("maintenance plans", () => {
  const env = suiteServerAndBrowser();

  test("drafted, returned, revised, approved on another device, its task done on Today", async () => {
    const { server, browser } = env;
    await seed(
      server,
      [
        ["zhang", "张工", "technician"],
        ["li", "李主管", "supervisor"],
        ["wang", "王经理", "customer_service_manager"],
        ["zhao", "赵总监", "customer_director"],
      ],
      { customer: CUSTOMER, owner: "张工", city: "苏州工业园区" },
    );
    const sup = await enrolled(browser, server, "li");
    const [customer] = await readStore(sup.page, "customers");

    // The supervisor drafts the plan in the office app.
    await sup.page.goto(`${server.url}/office/plans/new`);
    await sup.page.fill("input[name=plan-title]", "恒电科技 年度维护方案");
    await sup.page.selectOption("select[name=plan-customer]", customer.id);
    await sup.page.fill("textarea[name=plan-goals]", "满意度保持 4.5 分以上，续签框架协议");
    await sup.page.fill("textarea[name=plan-measures]", "季度上门巡检，年度技术培训");
    await sup.page.check(`input[name=responsible][value="${await userId(sup.page, "张工")}"]`);
    await sup.page.fill("input[name=budget-item]", "礼品与培训资料");
    await sup.page.fill("input[name=budget-amount]", "12,000");
    await sup.page.click("[data-action=save-plan]");
    await sup.page.locator("[data-page=plan] [data-plan-status=draft]").waitFor();
    const id = new URL(sup.page.url()).pathname.split("/").pop();
    assert.equal(await sup.page.textContent("[data-budget-total]"), "12000");
    // A supervisor hands in; the review and the approval are not theirs.
    assert.equal(await sup.page.locator("[data-action=pass-plan], [data-action=approve-plan]").count(), 0);
    await decide(sup.page, "submit-plan", "in_review");
    assert.equal(await sup.page.locator("[data-action=pass-plan]").count(), 0, "the review is the manager's");
    await sup.page.locator("[data-waiting]").waitFor();

    // The manager returns it with a comment.
    const manager = await enrolled(browser, server, "wang");
    await openPlan(manager.page, server.url, id, "in_review");
    assert.equal(await manager.page.locator("[data-action=approve-plan]").count(), 0);
    assert.equal(await manager.page.locator("[data-action=edit-plan]").count(), 0, "content is frozen once handed in");
    await manager.page.click("[data-action=return-plan]");
    await manager.page.locator("[data-error=decision]").waitFor();
    await decide(manager.page, "return-plan", "draft", "礼品预算偏高，请压缩到一万元以内");

    // The supervisor sees why, revises the budget and hands it in again.
    await syncNow(sup.page);
    await openPlan(sup.page, server.url, id, "draft");
    assert.match(await sup.page.textContent("[data-returned]"), /礼品预算偏高/);
    await sup.page.click("[data-action=edit-plan]");
    await sup.page.fill("input[name=budget-amount]", "9,500");
    await sup.page.click("[data-action=save-plan]");
    await sup.page.locator("[data-budget-total]", { hasText: "9500" }).waitFor();
    await decide(sup.page, "submit-plan", "in_review");

    // The manager passes it on; the director approves it on a device of their own.
    await syncNow(manager.page);
    await openPlan(manager.page, server.url, id, "in_review");
    await decide(manager.page, "pass-plan", "awaiting_approval", "同意，报总监");
    const director = await enrolled(browser, server, "zhao");
    await openPlan(director.page, server.url, id, "awaiting_approval");
    assert.equal(await director.page.locator("[data-action=pass-plan]").count(), 0);
    await decide(director.page, "approve-plan", "approved", "批准执行");
    const signers = await director.page.locator("[data-section=history] li").allTextContents();
    assert.deepEqual(
      signers.map((s) => s.match(/(李主管|王经理|赵总监)/)?.[1]),
      ["李主管", "李主管", "王经理", "李主管", "王经理", "赵总监"],
      signers.join(" | "),
    );

    // Approved, the supervisor hands the first visit to the technician.
    await syncNow(sup.page);
    await openPlan(sup.page, server.url, id, "approved");
    await sup.page.fill("input[name=task-what]", "一季度上门巡检开关柜");
    await sup.page.selectOption("select[name=task-assignee]", await userId(sup.page, "张工"));
    await sup.page.fill("input[name=task-due]", localDate(10));
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=add-task]");
      await sup.page.locator("[data-section=tasks] li[data-task]").waitFor();
    });
    const task = await sup.page.getAttribute("[data-section=tasks] li[data-task]", "data-task");
    await mkdir(SCREENSHOTS, { recursive: true });
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "plan-zh.png"), fullPage: true });
    await sup.page.setViewportSize({ width: 1280, height: 800 });
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "plan-laptop-zh.png"), fullPage: true });

    // The technician sees it on Today and reports it done, with what it cost.
    const tech = await enrolled(browser, server, "zhang");
    await tech.page.click("a[data-section=today]");
    await tech.page.click(`[data-section=maintenance-tasks] a[data-task="${task}"]`);
    await tech.page.fill("input[name=task-cost]", "1,500");
    await tech.page.fill("textarea[name=task-note]", "巡检 12 台开关柜，无异常");
    await syncedAfter(tech.page, async () => {
      await tech.page.click("[data-action=report-task]");
      await tech.page.locator("[data-flash=task-reported]").waitFor();
    });
    assert.equal(await tech.page.locator(`[data-section=maintenance-tasks] a[data-task="${task}"]`).count(), 0);

    // The summary counts it against the budget.
    await sup.page.setViewportSize({ width: 390, height: 844 });
    await syncNow(sup.page);
    await openPlan(sup.page, server.url, id, "approved");
    assert.equal((await sup.page.textContent("[data-fact=tasks-done]")).trim(), "1/1");
    assert.match(await sup.page.textContent("[data-fact=spent]"), /1500 元/);
    assert.match(await sup.page.textContent("[data-section=tasks] [data-task-done]"), /1500/);
    for (const d of [sup, manager, director, tech]) await d.context.close();
  });

});

describe("relationship evaluations", () => {
  const env = suiteServerAndBrowser();

  test("a technician evaluates a customer on its file, signed by the server", async () => {
    const { server, browser } = env;
    await seed(server, [["zhang", "张工", "technician"]], { customer: CUSTOMER, owner: "张工", city: "苏州工业园区" });
    const tech = await enrolled(browser, server, "zhang");
    const [customer] = await readStore(tech.page, "customers");
    await openCustomer(tech.page, customer.id);
    await tech.page.click("[data-section=evaluation] [data-action=evaluate]");
    const rows = tech.page.locator("[data-page=evaluate] fieldset.indicator");
    await rows.first().waitFor();
    // 25×90 + 20×80 + 15×100 + 15×60 + 15×70 + 10×50 = 7,800: 78.0, "improve".
    const scores = [90, 80, 100, 60, 70, 50];
    assert.equal(await rows.count(), scores.length);
    for (const [i, score] of scores.entries()) await rows.nth(i).locator("input[name=score]").fill(String(score));
    await rows.nth(0).locator("input[name=basis]").fill("近三年采购额稳定增长");
    assert.equal(await tech.page.textContent("[data-section=evaluation-total] [data-total]"), "78.0");
    // A score out of range is refused, nothing saved.
    await rows.nth(1).locator("input[name=score]").fill("120");
    await tech.page.click("[data-action=save-evaluation]");
    await tech.page.locator("[data-error=evaluation]").waitFor();
    assert.equal((await readStore(tech.page, "evaluations")).length, 0);
    await rows.nth(1).locator("input[name=score]").fill("80");
    await tech.page.screenshot({ path: path.join(SCREENSHOTS, "evaluate-zh.png"), fullPage: true });
    await syncedAfter(tech.page, async () => {
      await tech.page.click("[data-action=save-evaluation]");
      await tech.page.locator("[data-page=customer] [data-section=evaluation] [data-total='78.0']").waitFor();
    });
    const card = tech.page.locator("[data-section=evaluation]");
    assert.match(await card.textContent(), /改善关系/);
    assert.match(await card.locator("tr[data-indicator=purchase_volume]").textContent(), /近三年采购额稳定增长/);
    // The server signed it with who is signed in.
    await tech.page.locator("[data-section=evaluation] [data-evaluated-on]", { hasText: "张工" }).waitFor();
    await card.screenshot({ path: path.join(SCREENSHOTS, "score-card-zh.png") });

    // The tier roster (客户分级名册) lists the customer under its tier with that score,
    // and exports it for Excel.
    await tech.page.click("a[data-section=reports]");
    await tech.page.click("a[data-report=roster]");
    const row = tech.page.locator(`[data-page=roster] section[data-tier=strategic] tr[data-customer="${customer.id}"]`);
    assert.equal(await row.locator("td[data-total]").getAttribute("data-total"), "78.0");
    const [download] = await Promise.all([tech.page.waitForEvent("download"), tech.page.click("[data-action=export-csv]")]);
    const lines = (await readFile(await download.path(), "utf8")).replace(/^\uFEFF/, "").split("\r\n");
    assert.equal(lines[0], "客户等级,客户编号,客户名称,地区,负责人,评估日期,评估总分,建议");
    assert.match(lines[1], new RegExp(`^战略客户,[^,]*,${CUSTOMER},[^,]*,张工,\\d{4}-\\d{2}-\\d{2},78.0,改善关系$`));
    await tech.page.screenshot({ path: path.join(SCREENSHOTS, "roster-zh.png"), fullPage: true });
    await tech.context.close();
  });
});

describe("relationship strengthening table", () => {
  const env = suiteServerAndBrowser();

  test("a supervisor draws up versions of a customer's 客户关系强化表 in the office app; the technician's phone keeps them", async () => {
    const { server, browser } = env;
    await seed(
      server,
      [["zhang", "张工", "technician"], ["li", "李主管", "supervisor"]],
      { customer: CUSTOMER, owner: "张工", city: "苏州工业园区" },
    );
    const sup = await enrolled(browser, server, "li");
    const [customer] = await readStore(sup.page, "customers");
    await openCustomer(sup.page, customer.id);
    const card = sup.page.locator("[data-page=customer] [data-section=strengthening]");
    assert.match(await card.textContent(), /尚未编制/);
    await card.locator("a").click();
    const page = sup.page.locator("[data-page=strengthening]");
    await page.locator("[data-form=strengthening]").waitFor();

    // Saying nothing is refused, and nothing is saved.
    await sup.page.click("[data-action=save-strengthening]");
    await sup.page.locator("[data-error=strengthening]").waitFor();
    assert.deepEqual((await readStore(sup.page, "customers"))[0].strengthening ?? [], []);

    // The first version: influence, and who answers for the relationship at the top.
    await sup.page.fill("textarea[name=influence]", "园区内配电行业标杆，带动周边采购");
    const gm = page.locator("fieldset[data-level=general_manager]");
    await gm.locator("input[name=ours]").fill("赵总");
    await gm.locator("input[name=theirs]").fill("陈董事长");
    await gm.locator("input[name=measures]").fill("每半年高层互访");
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=save-strengthening]");
      await page.locator("[data-section=strengthening-latest] li[data-level=general_manager]").waitFor();
    });
    const latest = page.locator("[data-section=strengthening-latest]");
    assert.equal(await latest.locator("[data-fact=influence]").textContent(), "园区内配电行业标杆，带动周边采购");
    assert.match(await latest.locator("li[data-level=general_manager]").textContent(), /赵总.*陈董事长.*每半年高层互访/);

    // A second version starts from the first; the first stays, as history.
    assert.equal(await gm.locator("input[name=ours]").inputValue(), "赵总");
    await sup.page.fill("textarea[name=competitors]", "竞争对手甲已进入其二期项目");
    await page.locator("fieldset[data-level=department_manager] input[name=ours]").fill("李经理");
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=save-strengthening]");
      await page.locator("[data-section=strengthening-history] .version").waitFor();
    });
    assert.equal(await latest.locator("[data-fact=competitors]").textContent(), "竞争对手甲已进入其二期项目");
    assert.equal(await page.locator("[data-section=strengthening-history] .version li.level").count(), 1);
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "strengthening-zh.png"), fullPage: true });
    await sup.page.setViewportSize({ width: 1280, height: 800 });
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "strengthening-office-zh.png"), fullPage: true });

    // The technician's phone holds both versions with the customer's file.
    const tech = await enrolled(browser, server, "zhang");
    const [theirs] = await readStore(tech.page, "customers");
    assert.equal(theirs.id, customer.id);
    assert.deepEqual(theirs.strengthening.map((t) => t.levels.map((l) => l.level)), [["general_manager"], ["general_manager", "department_manager"]]);
    await openCustomer(tech.page, customer.id);
    assert.match(await tech.page.textContent("[data-page=customer] [data-section=strengthening]"), /最近一版 \d{4}-\d{2}-\d{2}/);
    for (const device of [sup, tech]) await device.context.close();
  });
});

describe("visit plans", () => {
  const env = suiteServerAndBrowser();

  test("a month's visit plan drawn up, returned, approved by top management, and the analysis measured against it", async () => {
    const { server, browser } = env;
    await seed(
      server,
      [
        ["li", "李主管", "supervisor"],
        ["zhao", "赵总监", "customer_director"],
      ],
      { customer: CUSTOMER, owner: "李主管", city: "苏州工业园区" },
    );
    const sup = await enrolled(browser, server, "li");
    await sup.page.goto(`${server.url}/office/reports/plan`);
    const card = sup.page.locator("[data-section=visit-plan][data-visit-plan-status=none]");
    await card.waitFor();
    const period = await card.getAttribute("data-plan-period");
    assert.match(period, /^\d{4}-\d{2}$/, "the month the report opens on");
    await sup.page.fill("input[name=plan-completion]", "98");
    await sup.page.fill("input[name=plan-product]", "4.6");
    await sup.page.click("[data-action=draw-up-plan]");
    await sup.page.locator("[data-section=visit-plan][data-visit-plan-status=draft]").waitFor();
    const approvedCount = async (page, section) =>
      (await page.locator(`[data-section=${section}] tr[data-tier=strategic] [data-approved]`).textContent()).trim();
    const planned = await approvedCount(sup.page, "visit-plan");
    assert.match(await sup.page.textContent("[data-section=visit-plan] [data-targets]"), /98%.*4\.60/);
    // Approval is top management's: not offered to a supervisor.
    assert.equal(await sup.page.locator("[data-action=approve-visit-plan]").count(), 0);
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=submit-visit-plan]");
      await sup.page.locator("[data-section=visit-plan][data-visit-plan-status=awaiting_approval] [data-waiting]").waitFor();
    });

    // The director returns it once, then approves the plan handed in again.
    const director = await enrolled(browser, server, "zhao");
    await director.page.goto(`${server.url}/office/reports/plan`);
    await director.page.locator("[data-section=visit-plan][data-visit-plan-status=awaiting_approval]").waitFor();
    assert.equal(await director.page.locator("[data-action=draw-up-plan]").count(), 0, "frozen once handed in");
    await director.page.fill("textarea[name=visit-plan-comment]", "战略客户的及时率目标再提高");
    await syncedAfter(director.page, async () => {
      await director.page.click("[data-action=return-visit-plan]");
      await director.page.locator("[data-section=visit-plan][data-visit-plan-status=draft]").waitFor();
    });
    await syncNow(sup.page);
    await sup.page.goto(`${server.url}/office/reports/plan`);
    assert.match(await sup.page.textContent("[data-section=visit-plan] [data-returned]"), /及时率目标再提高/);
    await sup.page.fill("input[name=plan-on-time]", "98");
    await sup.page.click("[data-action=draw-up-plan]");
    await sup.page.locator("[data-section=visit-plan] [data-targets]", { hasText: /及时率目标 98%/ }).waitFor();
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=submit-visit-plan]");
      await sup.page.locator("[data-section=visit-plan][data-visit-plan-status=awaiting_approval]").waitFor();
    });
    await syncNow(director.page);
    await director.page.goto(`${server.url}/office/reports/plan`);
    await syncedAfter(director.page, async () => {
      await director.page.click("[data-action=approve-visit-plan]");
      await director.page.locator("[data-section=visit-plan][data-visit-plan-status=approved]").waitFor();
    });
    const steps = await director.page.locator("[data-section=visit-plan] .history li").allTextContents();
    assert.equal(steps.length, 4, steps.join(" | "));
    assert.match(steps[3], /赵总监/);
    await director.page.screenshot({ path: path.join(SCREENSHOTS, "visit-plan-zh.png"), fullPage: true });

    // Approved, it is frozen: nothing more to draw up or hand in.
    await syncNow(sup.page);
    await sup.page.goto(`${server.url}/office/reports/plan`);
    await sup.page.locator("[data-section=visit-plan][data-visit-plan-status=approved]").waitFor();
    assert.equal(await sup.page.locator("[data-action=submit-visit-plan], [data-action=draw-up-plan]").count(), 0);

    // The month's analysis report measures against the approved plan.
    await sup.page.goto(`${server.url}/office/reports/analysis`);
    const against = sup.page.locator(`[data-section=against-plan][data-plan-period="${period}"]`);
    await against.waitFor();
    assert.equal(await approvedCount(sup.page, "against-plan"), planned);
    assert.match(await against.locator("tr[data-measure=completion]").textContent(), /98%/);
    await sup.page.setViewportSize({ width: 1280, height: 800 });
    await against.screenshot({ path: path.join(SCREENSHOTS, "against-plan-laptop-zh.png") });
    for (const d of [sup, director]) await d.context.close();
  });
});
