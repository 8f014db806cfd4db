// End to end, offline on a phone: a customer phones in a complaint; it is raised
// from the customer's file in at most 5 taps plus typing, routed and due, its
// acknowledgement visit is on Today the same day (done, it records the
// acknowledgement on the issue), and its loop is closed and
// verified. A summary left out is asked for, and nothing is saved. A proposal
// raised from the Issues list; a question raised on a visit without a checklist; a
// written complaint the office recorded as an event, offered as the issue of its
// visit (came in by letter, acknowledged there).
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { before, describe, test } from "node:test";
import { offlinePhoneWithDemo, openVisit, readStore, SCREENSHOTS } from "./harness.mjs";

describe("an issue raised by hand", () => {
  const phone = offlinePhoneWithDemo();
  let page;
  before(() => {
    page = phone.page;
  });

  test("a phoned complaint: raised from the file, acknowledged on Today, closed and verified", async () => {
    // The customer with the smallest code (chosen by what it is, not where it sits).
    const customers = await readStore(page, "customers");
    const customer = customers.filter((c) => c.short_code).sort((a, b) => (a.short_code < b.short_code ? -1 : 1))[0];
    let taps = 0;
    const tap = async (selector) => {
      taps += 1;
      await page.click(selector);
    };
    await tap("a[data-section=customers]");
    await page.fill("input[name=customer-search]", customer.short_code);
    await tap(`a.customer-row[data-customer="${customer.id}"]`);
    await page.locator("[data-page=customer] h2.customer").waitFor();
    await tap("[data-section=raise-issue] summary");
    // Complaint and phone are the first choices: nothing to pick for a phoned complaint.
    assert.equal(await page.inputValue("select[name=raise-category]"), "Complaint");
    assert.equal(await page.inputValue("select[name=raise-channel]"), "phone");
    const before = (await readStore(page, "outbox")).length;
    await page.click("[data-action=raise-issue]");
    await page.locator("[data-section=raise-issue] [data-error=summary]").waitFor();
    assert.equal((await readStore(page, "outbox")).length, before, "nothing saved without a summary");
    await page.fill("input[name=raise-summary]", "开关柜运行时有异响，客户要求尽快处理");
    await page.fill("input[name=raise-contact]", "王经理 13800000000");
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.locator("[data-section=raise-issue]").screenshot({ path: path.join(SCREENSHOTS, "raise-issue-zh.png") });
    await tap("[data-action=raise-issue]");
    await page.locator("[data-page=issue] .issue-status[data-status=recorded]").waitFor();
    assert.ok(taps <= 5, `${taps} taps`);
    assert.match(await page.textContent("[data-flash=issue-raised]"), /问题已保存在本机/);
    assert.match(await page.textContent("[data-field=received]"), /电话 · .* · 王经理 13800000000/);

    const id = page.url().split("/issues/")[1];
    const issue = (await readStore(page, "issues")).find((i) => i.id === id);
    assert.equal(issue.category, "complaint");
    assert.equal(issue.customer_id, customer.id);
    assert.deepEqual(issue.departments, ["customer_service"]);
    assert.equal(issue.received.channel, "phone");
    const event = (await readStore(page, "events")).find((e) => e.customer_id === customer.id && e.note === issue.title);
    assert.equal(event?.kind, "complaint", "the complaint's acknowledgement is planned");
    const queued = (await readStore(page, "outbox")).slice(before).map((m) => m.kind);
    assert.deepEqual(queued.sort(), ["put_event", "put_issue"]);

    // Its acknowledgement visit is due today; done, it records the acknowledgement
    // on the issue: the customer told to expect an answer by its due date.
    await page.click("a[data-section=today]");
    await page.click("button[data-bucket=due]");
    await page.click(`a.visit-row[data-customer="${customer.id}"][data-reasons~=complaint]`);
    await page.locator(`[data-page=visit] [data-section=acknowledges] [data-acknowledges="${id}"]`).waitFor();
    await page.locator("[data-section=acknowledges]").screenshot({ path: path.join(SCREENSHOTS, "visit-acknowledges-zh.png") });
    await page.click("[data-rating=product] button[data-value='4']");
    await page.click("[data-rating=service] button[data-value='4']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .buckets").waitFor();
    const acknowledged = (await readStore(page, "issues")).find((i) => i.id === id);
    assert.equal(acknowledged.history[0]?.step.step, "acknowledge");
    const dueLocal = new Date(Date.parse(issue.due) + issue.raised_at.offset_minutes * 60_000).toISOString().slice(0, 10);
    assert.equal(acknowledged.history[0].step.expected_by, dueLocal);
    assert.ok((await readStore(page, "outbox")).some((m) => m.kind === "issue_step"), "the step is queued with the visit");

    // The loop, from the Issues list.
    await page.click("a[data-section=issues]");
    await page.click(`a.issue-row[href="/issues/${id}"]`);
    await page.locator("[data-page=issue] .issue-status[data-status=recorded]").waitFor();
    await page.fill("input[name=recorder]", "张工");
    await page.click("[data-action=save-recorder]");
    await page.locator("[data-recorder='张工']").waitFor();
    await page.click("[data-action=start]");
    await page.locator(".issue-status[data-status=handling]").waitFor();
    await page.click("[data-action=feedback]");
    await page.fill("textarea[name=step-text]", "已上门紧固母排并复测，异响消除");
    await page.click("[data-action=submit-step]");
    await page.locator(".issue-status[data-status=feedbackgiven]").waitFor();
    await page.click("[data-action=verify]");
    await page.fill("textarea[name=step-text]", "客户确认异响已消除");
    await page.click("[data-action=submit-step]");
    await page.locator(".issue-status[data-status=verified]").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "raised-issue-verified-zh.png"), fullPage: true });
    const closed = (await readStore(page, "issues")).find((i) => i.id === id);
    assert.deepEqual(closed.history.map((e) => e.step.step), ["acknowledge", "start_handling", "give_feedback", "verify"]);
  });

  test("a proposal by letter, raised from the Issues list for a customer found by code", async () => {
    const customers = await readStore(page, "customers");
    const customer = customers.filter((c) => c.short_code).sort((a, b) => (a.short_code < b.short_code ? 1 : -1))[0];
    await page.click("a[data-section=issues]");
    await page.click("[data-action=new-issue]");
    await page.fill("input[name=raise-customer-search]", customer.short_code);
    await page.click(`[data-page=raise-issue] button[data-customer="${customer.id}"]`);
    await page.locator("[data-section=raise-for] .customer", { hasText: customer.name }).waitFor();
    await page.selectOption("select[name=raise-category]", "Proposal");
    await page.selectOption("select[name=raise-channel]", "letter");
    await page.fill("input[name=raise-summary]", "提案：开关柜加装测温传感器");
    await page.screenshot({ path: path.join(SCREENSHOTS, "raise-from-issues-zh.png"), fullPage: true });
    await page.click("[data-action=raise-issue]");
    await page.locator("[data-page=issue] .issue-status[data-status=recorded]").waitFor();
    const id = page.url().split("/issues/")[1];
    const issue = (await readStore(page, "issues")).find((i) => i.id === id);
    assert.equal(issue.category, "proposal");
    assert.equal(issue.customer_id, customer.id);
    assert.equal(issue.received.channel, "letter");
    const event = (await readStore(page, "events")).find((e) => e.customer_id === customer.id && e.note === issue.title);
    assert.equal(event?.kind, "proposal_received", "a proposal's acknowledgement is planned too");
    // A proposal's screen shows its decision deadline.
    await page.locator("[data-page=issue] [data-fact=decision-due]").waitFor();
  });

  test("a question raised on a routine visit (no checklist) becomes an issue of that visit", async () => {
    const events = (await readStore(page, "events")).length;
    await page.click("a[data-section=today]");
    const opened = await openVisit(page, '[data-reasons="routine"]:not([data-checklist])');
    await page.click("[data-section=raised-on-visit] [data-action=add-raised]");
    await page.selectOption("[data-section=raised-on-visit] select[name=raised-category]", "Technical");
    // Typed key by key: the line keeps its focus while the draft saves each change.
    const summary = page.locator("[data-section=raised-on-visit] input[name=raised-summary]");
    await summary.click();
    await summary.pressSequentially("询问RS485远程监控接口的接线方式");
    assert.equal(await summary.inputValue(), "询问RS485远程监控接口的接线方式");
    await page.locator("[data-section=raised-on-visit]").screenshot({ path: path.join(SCREENSHOTS, "visit-raised-zh.png") });
    await page.click("[data-rating=product] button[data-value='4']");
    await page.click("[data-rating=service] button[data-value='5']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .buckets").waitFor();
    const visit = (await readStore(page, "visits")).find((v) => v.customer_id === opened.customer && v.result?.issue_ids?.length === 1);
    assert.ok(visit, "the visit names the issue it raised");
    const issue = (await readStore(page, "issues")).find((i) => i.id === visit.result.issue_ids[0]);
    assert.equal(issue.category, "technical");
    assert.equal(issue.title, "询问RS485远程监控接口的接线方式");
    assert.equal(issue.visit_id, visit.id);
    assert.equal(issue.received.channel, "visit");
    assert.deepEqual(issue.departments, ["technical_support"]);
    assert.equal((await readStore(page, "events")).length, events, "raised on a visit: no second visit planned");
  });

  test("a written complaint the office recorded is offered as the issue of its visit", async () => {
    // The customer with the second-smallest code (chosen by what it is).
    const customers = (await readStore(page, "customers")).filter((c) => c.short_code).sort((a, b) => (a.short_code < b.short_code ? -1 : 1));
    const customer = customers[1];
    await page.click("a[data-section=customers]");
    await page.fill("input[name=customer-search]", customer.short_code);
    await page.click(`a.customer-row[data-customer="${customer.id}"]`);
    await page.locator("[data-page=customer] h2.customer").waitFor();
    await page.selectOption("select[name=event-kind]", "Complaint");
    await page.fill("input[name=event-note]", "来函投诉：仪表读数漂移");
    await page.click("[data-action=record-event]");
    await page.locator("[data-event=saved]").waitFor();
    const event = (await readStore(page, "events")).find((e) => e.customer_id === customer.id && e.note === "来函投诉：仪表读数漂移");
    const events = (await readStore(page, "events")).length;

    await page.click("a[data-section=today]");
    await page.click("button[data-bucket=due]");
    await page.click(`a.visit-row[data-customer="${customer.id}"][data-reasons~=complaint]`);
    await page.locator("[data-page=visit] .customer").waitFor();
    const line = page.locator("[data-section=raised-on-visit] input[name=raised-summary]");
    await line.waitFor();
    assert.equal(await line.inputValue(), "来函投诉：仪表读数漂移", "the office's words, to confirm");
    assert.equal(await page.inputValue("[data-section=raised-on-visit] select[name=raised-category]"), "Complaint");
    await page.locator("[data-section=raised-on-visit]").screenshot({ path: path.join(SCREENSHOTS, "visit-raised-from-event-zh.png") });
    await page.click("[data-rating=product] button[data-value='3']");
    await page.click("[data-rating=service] button[data-value='4']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .buckets").waitFor();
    const visit = (await readStore(page, "visits")).find((v) => v.customer_id === customer.id && v.result?.issue_ids?.length === 1);
    const issue = (await readStore(page, "issues")).find((i) => i.id === visit.result.issue_ids[0]);
    assert.equal(issue.category, "complaint");
    assert.equal(issue.title, "来函投诉：仪表读数漂移");
    assert.equal(issue.received.channel, "letter", "it came in by letter");
    assert.equal(issue.received.at.utc, event.at.utc, "when the letter came");
    assert.equal(issue.visit_id, visit.id);
    assert.equal((await readStore(page, "events")).length, events, "acknowledged on this visit: nothing more planned");
  });

  test("this month's analysis report says how the issues came in", async () => {
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=analysis]");
    const sources = page.locator('[data-page=analysis-report] svg[aria-label="问题来源"] desc');
    await sources.waitFor({ state: "attached" });
    const text = await sources.textContent();
    for (const counted of ["电话: 1", "信函: 2", "回访中提出: 1"]) assert.ok(text.includes(counted), `${counted} in: ${text}`);
    await page.locator('figure:has(svg[aria-label="问题来源"])').screenshot({ path: path.join(SCREENSHOTS, "report-issue-sources-zh.png") });
  });
});
