// End to end, offline on a supervisor's phone: a corrective action (纠正措施) opened
// from the satisfaction report on a low-rated visit, reviewed (act: owner and due
// date), its measures recorded, verified not effective (sent back, with why), new
// measures, verified effective. The report then shows the finding's action and its
// state; the list shows it closed. Illegal steps are not offered, and a review with
// no reason for "no action" is refused with nothing saved. Customers' suggestions
// become a preventive action, or one visit's suggestion the customer's proposal, in
// one step.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import { offlinePhoneWithDemo, PHONE, readStore, SCREENSHOTS } from "./harness.mjs";

/** The satisfaction report of the year, drawn: the office app has read the
 *  device's data (a page load from the technician's app) before the year is chosen,
 *  and the lists are read only once they are the year's. */
async function satisfactionOfTheYear(page) {
  await page.click("a[data-section=reports]");
  await page.click("a[data-report=satisfaction]");
  await page.locator("[data-page=satisfaction-report] .report-summary").waitFor();
  await page.click("button[data-span=year]");
  await page.locator("button[data-span=year][aria-pressed=true]").waitFor();
  await page.waitForFunction(() => /^\d{4}$/.test(document.querySelector("[data-period]")?.textContent.trim() ?? ""));
}

describe("corrective actions", () => {
  const phone = offlinePhoneWithDemo();
  let page;
  before(() => {
    page = phone.page;
  });

  test("opened on a low rating, reviewed, done, verified not effective, redone, verified", async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await satisfactionOfTheYear(page);
    await page.locator("[data-section=low] li[data-low]").first().waitFor();
    // The low-rated visit with the smallest id (chosen by what it is, not where it sits).
    const lows = await page.locator("[data-section=low] li[data-low]").evaluateAll((rows) => rows.map((r) => r.dataset.low));
    assert.ok(lows.length > 0, "the demo's year has low ratings");
    const visit = lows.sort()[0];
    const row = page.locator(`[data-section=low] li[data-low="${visit}"]`);
    await row.locator("a[data-open-action]").click();
    await page.locator("[data-page=new-action] [data-evidence]").waitFor();
    assert.notEqual(await page.inputValue("input[name=action-title]"), "", "the finding names it");
    await page.fill("textarea[name=action-why]", "客户反映维修人员到场不及时");
    await page.click("[data-action=open-action]");
    await page.locator("[data-page=action] [data-action-status=awaiting_review]").waitFor();
    const id = page.url().split("/actions/")[1];
    const stored = async () => (await readStore(page, "actions")).find((a) => a.id === id);
    assert.equal((await stored()).evidence[0].visit_id, visit);
    assert.equal(await page.locator("[data-form=measures], [data-form=verify]").count(), 0, "only the review is offered");

    // "No action" needs its reason: refused, nothing saved.
    await page.click("button[data-decision=no_action]");
    await page.click("[data-action=save-review]");
    await page.locator("[data-page=action] .error", { hasText: "理由" }).waitFor();
    assert.equal((await stored()).review, undefined);

    // Act: the owner department and the due date.
    await page.click("button[data-decision=act]");
    await page.selectOption("select[name=action-owner]", "CustomerService");
    await page.click("[data-action=save-review]");
    await page.locator("[data-action-status=in_progress]").waitFor();
    assert.equal((await stored()).review.decision.owner, "customer_service");
    await page.fill("textarea[name=action-text]", "华东区增设两名驻点维修人员");
    await page.click("[data-action=save-measures]");
    await page.locator("[data-action-status=awaiting_verification]").waitFor();

    // Not effective without why: refused; with why: back in progress.
    await page.click("[data-action=verify-not-effective]");
    await page.locator("[data-page=action] .error", { hasText: "原因" }).waitFor();
    await page.fill("textarea[name=action-text]", "回访仍有客户反映到场慢");
    await page.click("[data-action=verify-not-effective]");
    await page.locator("[data-action-status=in_progress]").waitFor();
    await page.fill("textarea[name=action-text]", "建立 4 小时响应考核");
    await page.click("[data-action=save-measures]");
    await page.locator("[data-action-status=awaiting_verification]").waitFor();
    await page.fill("textarea[name=action-text]", "连续两月无同类投诉");
    await page.click("[data-action=verify-effective]");
    await page.locator("[data-action-status=verified]").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "action-verified-zh.png"), fullPage: true });
    const done = await stored();
    assert.deepEqual(done.verifications.map((v) => v.effective), [false, true]);
    assert.equal(done.measures.taken, "建立 4 小时响应考核");
    assert.ok((await readStore(page, "outbox")).filter((m) => m.kind === "put_action").length >= 6, "every stage is queued for sync");

    // Quality control tells the customers of a product line what was improved: each
    // gets one notice (sent twice, still one) and a visit planned.
    const installations = await readStore(page, "installations");
    const line = installations.map((i) => i.product_line).sort()[0];
    const reached = new Set(installations.filter((i) => i.product_line === line).map((i) => i.customer_id));
    await page.selectOption("select[name=notice-line]", line);
    await page.fill("textarea[name=notice-text]", "服务响应改为 4 小时内到场");
    await page.locator(`[data-form=notice] [data-notice-reach="${reached.size}"]`).waitFor();
    await page.click("[data-action=send-notices]");
    await page.locator(`[data-form=notice] [data-notices-told="${reached.size}"]`).waitFor();
    await page.click("[data-action=send-notices]");
    await page.locator(`[data-form=notice] [data-notices-told="${reached.size}"]`).waitFor();
    const notices = (await readStore(page, "events")).filter((e) => e.action_id === id);
    assert.equal(notices.length, reached.size, "one notice per customer, however often sent");
    assert.ok(notices.every((e) => e.kind === "quality_notice" && reached.has(e.customer_id)));
    await page.locator("[data-form=notice]").screenshot({ path: path.join(SCREENSHOTS, "action-notice-zh.png") });
    await page.click("a[data-section=today]");
    await page.click("button[data-bucket=week]");
    await page.click("button[data-bucket=prepare]");
    const planned = page.locator("a.visit-row[data-reasons~=quality_notice]");
    let found = 0;
    for (const bucket of ["overdue", "due", "prepare", "week"]) {
      await page.click(`button[data-bucket=${bucket}]`);
      found += await planned.count();
    }
    assert.ok(found > 0, "the notices' visits are on Today's lists");
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=analysis]");
    const card = page.locator("[data-page=analysis-report] [data-rate=notices]");
    await card.waitFor();
    assert.match(await card.textContent(), new RegExp(`质量改进通知 ${reached.size}`));
    // And counts the month's actions by where they stand.
    const opened = page.locator('[data-page=analysis-report] svg[aria-label="本期发起的纠正/预防措施"] desc');
    await opened.waitFor({ state: "attached" });
    assert.match(await opened.textContent(), /已验证有效: 1/);

    // The report shows the finding's action and its state; the list shows it.
    await satisfactionOfTheYear(page);
    const link = page.locator(`[data-section=low] li[data-low="${visit}"] a[data-action-link="${id}"]`);
    await link.waitFor();
    assert.match(await link.textContent(), /已验证有效/);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator("[data-section=low]").screenshot({ path: path.join(SCREENSHOTS, "satisfaction-actions-zh.png") });
    await page.setViewportSize(PHONE);
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=actions]");
    await page.locator(`[data-page=actions] a[data-action-row="${id}"] [data-action-status=verified]`).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "actions-zh.png") });
  });

  test("customers' suggestions and needs, by line and region, become a preventive action in one step", async () => {
    await satisfactionOfTheYear(page);
    await page.locator("[data-section=needs] tr[data-need]").first().waitFor();
    const groups = await page.locator("[data-section=needs] tr[data-need]").evaluateAll((rows) => rows.map((r) => r.dataset.need));
    assert.ok(groups.length > 0, "the demo's customers asked for things");
    const group = groups.sort()[0];
    const row = page.locator(`[data-section=needs] tr[data-need="${group}"]`);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.locator("[data-section=needs]").screenshot({ path: path.join(SCREENSHOTS, "satisfaction-needs-zh.png") });
    await page.setViewportSize(PHONE);
    const href = await row.locator("a[data-open-action]").getAttribute("href");
    const linked = new URL(href, "http://x").searchParams.get("visits").split(",");
    await row.locator("a[data-open-action]").click();
    await page.locator("[data-page=new-action] button[data-kind=preventive][aria-pressed=true]").waitFor();
    await page.click("[data-action=open-action]");
    await page.locator("[data-page=action] [data-action-status=awaiting_review]").waitFor();
    const id = page.url().split("/actions/")[1];
    const action = (await readStore(page, "actions")).find((a) => a.id === id);
    assert.equal(action.kind, "preventive");
    assert.deepEqual(action.evidence[0].visit_ids, linked, "the group's visits are the evidence");
    // Suggestions are the service's: reviewed by the quality department, unless a product finding.
    await page.locator("[data-form=review] h2", { hasText: "质量控制部" }).waitFor();
  });

  test("a customer's suggestion on a visit is taken up as the customer's proposal in one step", async () => {
    await satisfactionOfTheYear(page);
    // The suggestion of the visit with the smallest id (chosen by what it is).
    await page.locator("[data-section=needs] a[data-to-proposal]").first().waitFor();
    const offered = await page.locator("[data-section=needs] a[data-to-proposal]").evaluateAll((links) => links.map((a) => a.dataset.toProposal));
    assert.ok(offered.length > 0, "the demo's customers made suggestions");
    const visitId = offered.sort()[0];
    const visit = (await readStore(page, "visits")).find((v) => v.id === visitId);
    const events = (await readStore(page, "events")).length;
    await page.click(`[data-section=needs] a[data-to-proposal="${visitId}"]`);
    await page.locator("[data-section=raise-issue]").waitFor();
    assert.equal(await page.inputValue("select[name=raise-category]"), "Proposal");
    assert.equal(await page.inputValue("select[name=raise-channel]"), "visit");
    assert.equal(await page.inputValue("input[name=raise-summary]"), visit.result.suggestions.trim().slice(0, 40));
    await page.screenshot({ path: path.join(SCREENSHOTS, "suggestion-to-proposal-zh.png"), fullPage: true });
    await page.click("[data-action=raise-issue]");
    await page.locator("[data-page=issue] [data-section=proposal-register]").waitFor();
    const id = page.url().split("/issues/")[1];
    const issue = (await readStore(page, "issues")).find((i) => i.id === id);
    assert.equal(issue.category, "proposal");
    assert.equal(issue.customer_id, visit.customer_id);
    assert.equal(issue.visit_id, visitId);
    assert.equal(issue.received.channel, "visit");
    assert.equal(issue.received.at.utc, visit.result.completed_at.utc, "it came in when the customer said it");
    assert.equal((await readStore(page, "events")).length, events, "said on a visit: no acknowledgement visit planned");

    // The report now shows the proposal in its place, and offers it no more.
    await satisfactionOfTheYear(page);
    await page.locator(`[data-section=needs] a[data-proposal="${id}"]`).waitFor();
    assert.equal(await page.locator(`[data-section=needs] a[data-to-proposal="${visitId}"]`).count(), 0);
  });
});
