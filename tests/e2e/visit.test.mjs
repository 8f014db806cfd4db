// End to end: the technician's day with no signal. Demo data → Today → record a
// routine visit offline in at most 6 taps → reload offline → saved and queued;
// a "not OK" checklist item raises an issue; a draft survives a reload.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { launchBrowser, loadDemo, openVisit, PHONE, readStore, SCREENSHOTS, startServer, userId } from "./harness.mjs";


describe("technician's visit, offline", () => {
  let server;
  let browser;
  let context;
  let page;
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    context = await browser.newContext({ locale: "zh-CN", viewport: PHONE, deviceScaleFactor: 2 });
    page = await context.newPage();
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    await loadDemo(page);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, "today-zh.png") });
    // From here on, no network at all.
    await server.stop();
    await context.setOffline(true);
  });
  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test("a routine all-fine visit takes at most 6 taps and survives an offline reload", async () => {
    let taps = 0;
    const tap = async (selector) => {
      taps += 1;
      await page.click(selector);
    };
    // A routine visit and nothing else (no checklist), in the first list that has
    // one: a tap on that list (counted even if the list was open), a tap on the row.
    const opened = await openVisit(page, '[data-reasons="routine"]:not([data-checklist])');
    taps += opened.taps;
    await tap("[data-rating=product] button[data-value='5']");
    await tap("[data-rating=service] button[data-value='5']");
    await tap("[data-action=save-visit]");
    await page.locator("[data-page=today] .visit-row").first().waitFor();
    assert.ok(taps <= 6, `${taps} taps`);
    // Today says the visit is kept on the phone (this device is not enrolled).
    const flash = page.locator("[data-flash=visit-saved]");
    await flash.waitFor();
    assert.equal((await flash.textContent()).replace("×", "").trim(), "回访已保存在本机");
    await page.screenshot({ path: path.join(SCREENSHOTS, "visit-saved-zh.png") });
    await flash.locator("button").click();
    await flash.waitFor({ state: "detached" });
    assert.equal(await page.locator(`a.visit-row[data-visit-key="${opened.key}"]`).count(), 0, "done visits leave Today's lists");

    await page.reload();
    await page.locator("[data-page=today] .visit-row").first().waitFor();
    const outbox = await readStore(page, "outbox");
    const queued = outbox.filter((m) => m.kind === "put_visit");
    assert.equal(queued.length, 1, "the visit is queued for sync");
    assert.equal(queued[0].id, 1, "the device's first mutation");
    const saved = (await readStore(page, "visits")).find((v) => v.id === queued[0].record_id);
    assert.equal(saved.status, "done");
    assert.equal(saved.result.product_rating, 5);
    assert.equal(saved.result.service_rating, 5);

    // The head of Today's lists is kept for the next start (shown before the data is
    // read): it is today's, and its totals are the counts on screen.
    await page.locator("[data-updating]").waitFor({ state: "detached" });
    const kept = (await readStore(page, "meta")).find((m) => m && Array.isArray(m.lists));
    assert.ok(kept, "Today's lists are kept");
    for (const list of kept.lists) {
      const shown = await page.textContent(`button[data-bucket=${list.bucket}] .bucket-count`);
      assert.equal(Number(shown), list.total, list.bucket);
      assert.ok(list.rows.length <= 50);
      assert.ok(!list.rows.some((r) => r.visit.done_by), "no done visit is kept as due");
    }
  });

  test("a 'not OK' checklist item raises a pre-filled issue", async () => {
    await page.goto(`${server.url}/`);
    await openVisit(page, "[data-checklist]");
    await page.locator(".checklist").first().waitFor();
    // Folded, the checklist says how it stands; "all OK" answers it without opening.
    const checklist = page.locator(".checklist").first();
    const summary = checklist.locator("[data-summary=checklist]");
    assert.match(await summary.textContent(), /^\d+ 项，尚未检查$/);
    assert.equal(await checklist.locator(".check-item").first().isVisible(), false);
    await checklist.locator("[data-action=all-ok]").click();
    await page.waitForFunction(() => /^\d+ 项全部正常$/.test(document.querySelector("[data-summary=checklist]").textContent));
    await checklist.locator("[data-action=toggle-items]").click();
    const item = page.locator(".check-item").first();
    const itemKey = await item.getAttribute("data-item");
    const itemText = (await item.locator(".check-text").textContent()).trim();
    await item.locator("button.not-ok").click();
    await page.locator(".raise-issue input").first().waitFor();
    // The technician's words and urgency go into the issue.
    await item.locator("textarea[name=item-note]").fill("左侧门胶条老化开裂\n下次停电时更换");
    await item.locator("button[data-severity=high]").click();
    await item.locator("button[data-severity=high][aria-pressed=true]").waitFor();
    // An item not OK keeps the list open and is counted in the summary.
    assert.equal(await checklist.locator("[data-action=toggle-items]").isDisabled(), true);
    assert.match(await summary.textContent(), /项正常，1 项异常，0 项未查$/);
    await page.click("[data-rating=product] button[data-value='3']");
    await page.click("[data-rating=service] button[data-value='4']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today]").waitFor();

    const outbox = await readStore(page, "outbox");
    const issueMutation = outbox.find((m) => m.kind === "put_issue");
    assert.ok(issueMutation, "the issue is queued");
    const issues = await readStore(page, "issues");
    const issue = issues.find((i) => i.id === issueMutation.record_id);
    assert.equal(issue.status, "recorded");
    assert.ok(issue.visit_id, "linked to its visit");
    assert.ok(issue.departments.length > 0, "routed to a department");
    const visit = (await readStore(page, "visits")).find((v) => v.id === issue.visit_id);
    assert.deepEqual(visit.result.issue_ids, [issue.id]);
    const answer = visit.result.checklist.find((a) => a.item === itemKey);
    assert.equal(answer.ok, false);
    assert.equal(answer.note, "左侧门胶条老化开裂\n下次停电时更换");
    assert.equal(issue.title, `${itemText}：左侧门胶条老化开裂`);
    assert.equal(issue.severity, "high");
    assert.ok(issue.description.startsWith("左侧门胶条老化开裂\n下次停电时更换"), issue.description);

    // This month's satisfaction report lists the item by its words, not its key.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=satisfaction]");
    const failed = page.locator("[data-page=satisfaction-report] [data-section=failed]");
    await failed.waitFor();
    const listed = await failed.textContent();
    assert.ok(listed.includes(itemText), `${itemText} in: ${listed}`);
    assert.ok(!listed.includes(itemKey), `no ${itemKey} on a Chinese screen`);
  });

  test("the raised issue is on the Issues list and runs its closed loop", async () => {
    const raised = (await readStore(page, "outbox")).find((m) => m.kind === "put_issue");
    await page.click("a[data-section=issues]");
    await page.locator("[data-page=issues]").waitFor();
    const row = page.locator(`a.issue-row[href="/issues/${raised.record_id}"]`);
    await row.waitFor();
    await row.click();
    await page.locator("[data-page=issue] .issue-status[data-status=recorded]").waitFor();
    // A step says who took it: with no name on this device yet, it is asked for first.
    await page.click("[data-action=start]");
    assert.match(await page.textContent("[data-page=issue] [role=alert]"), /请先填写您的姓名/);
    assert.equal(await page.locator(".history-entry").count(), 0, "nothing recorded without a name");
    await page.fill("input[name=recorder]", "张工");
    await page.click("[data-action=save-recorder]");
    await page.locator("[data-recorder='张工']").waitFor();
    await page.click("[data-action=start]");
    await page.locator(".issue-status[data-status=handling]").waitFor();
    await page.click("[data-action=feedback]");
    await page.fill("textarea[name=step-text]", "已更换传感器并复测，精度恢复正常");
    await page.click("[data-action=submit-step]");
    await page.locator(".issue-status[data-status=feedbackgiven]").waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, "issue-zh.png") });
    await page.click("[data-action=verify]");
    await page.fill("textarea[name=step-text]", "客户确认问题已解决");
    await page.click("[data-action=submit-step]");
    await page.locator(".issue-status[data-status=verified]").waitFor();
    assert.equal(await page.locator(".history-entry").count(), 3);
    const issue = (await readStore(page, "issues")).find((i) => i.id === raised.record_id);
    assert.deepEqual(issue.history.map((e) => e.step.step), ["start_handling", "give_feedback", "verify"]);
    const zhang = await userId(page, "张工");
    assert.ok(issue.history.every((e) => e.by === zhang), "each step names who took it (by id)");
    assert.match(await page.textContent(".history-entry"), /· 张工/);
    const steps = (await readStore(page, "outbox")).filter((m) => m.kind === "issue_step" && m.record_id === raised.record_id);
    assert.equal(steps.length, 3, "each step is queued for sync");
  });

  test("a proposal is decided by its deadline, with its outcome and reward grade", async () => {
    const proposal = (await readStore(page, "issues")).find((i) => i.category === "proposal" && i.status === "handling");
    assert.ok(proposal, "the demo has a proposal being handled");
    await page.click("a[data-section=issues]");
    await page.locator(`a.issue-row[href="/issues/${proposal.id}"]`).click();
    // Due 15 days after it was raised, 20 at the latest (seed 002).
    const raised = new Date(proposal.raised_at.utc);
    const local = new Date(raised.getTime() + proposal.raised_at.offset_minutes * 60_000);
    const plus = (days) => new Date(local.getTime() + days * 86_400_000).toISOString().slice(0, 10);
    assert.equal(await page.textContent("[data-fact=decision-due]"), `${plus(15)}（最迟 ${plus(20)}）`);

    await page.click("[data-action=feedback]");
    await page.fill("textarea[name=step-text]", "采纳：改进风道后温升降低 8 K");
    await page.click("[data-action=submit-step]");
    assert.match(await page.textContent("[role=alert]"), /请选择决定/, "no decision without an outcome");
    await page.click("button[data-outcome=adopted]");
    await page.click("[data-action=submit-step]");
    assert.match(await page.textContent("[role=alert]"), /奖励等级/, "an adopted proposal needs its grade");
    await page.click("button[data-grade=A]");
    await page.click("[data-action=submit-step]");
    await page.locator(".issue-status[data-status=feedbackgiven]").waitFor();
    assert.match(await page.textContent("[data-fact=outcome]"), /^采用 · 奖励等级 A · /);
    await page.screenshot({ path: path.join(SCREENSHOTS, "proposal-zh.png") });
    const decided = (await readStore(page, "issues")).find((i) => i.id === proposal.id);
    assert.deepEqual(decided.history.at(-1).step.outcome, { outcome: "adopted", grade: "A", reason: "采纳：改进风道后温升降低 8 K" });
  });

  test("a phone call does not close a visit that must be on site; a visit on site does", async () => {
    // An executive visit, a major customer's… (no checklist, so only the method counts).
    const known = new Set((await readStore(page, "visits")).map((v) => v.id));
    await page.click("a[data-section=today]");
    const opened = await openVisit(page, "[data-on-site]:not([data-checklist])");
    await page.click("button[data-method=phone]");
    const warning = page.locator("[data-page=visit] [data-warning=on-site]");
    await warning.waitFor();
    assert.match(await warning.textContent(), /需到现场/);
    await page.screenshot({ path: path.join(SCREENSHOTS, "visit-on-site-required-zh.png") });
    await page.click("[data-rating=product] button[data-value='4']");
    await page.click("[data-rating=service] button[data-value='4']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .buckets").waitFor();
    const call = (await readStore(page, "visits")).find((v) => !known.has(v.id));
    assert.equal(call?.result?.method, "phone", "the call is kept");
    assert.equal(call.customer_id, opened.customer);
    // Still on Today, saying why.
    const row = page.locator(`a.visit-row[data-visit-key="${opened.key}"]`);
    for (const bucket of ["overdue", "due", "prepare", "week"]) {
      await page.click(`button[data-bucket=${bucket}]`);
      if ((await row.count()) > 0) break;
    }
    const unmet = row.locator(`.row-unmet[data-unmet="${call.id}"]`);
    await unmet.waitFor();
    assert.match(await unmet.textContent(), /电话回访不算完成：此次需到现场回访/);
    await row.screenshot({ path: path.join(SCREENSHOTS, "today-unmet-zh.png") });

    // On site, it closes.
    await row.click();
    await page.locator("[data-page=visit] .customer").waitFor();
    await page.click("button[data-method=onsite]");
    assert.equal(await page.locator("[data-warning=on-site]").count(), 0);
    await page.click("[data-rating=product] button[data-value='5']");
    await page.click("[data-rating=service] button[data-value='5']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today] .buckets").waitFor();
    await page.locator("[data-flash=visit-saved]").waitFor();
    assert.equal(await page.locator(`a.visit-row[data-visit-key="${opened.key}"]`).count(), 0, "done: off Today's lists");
  });

  test("a half-filled visit survives a reload", async () => {
    await page.goto(`${server.url}/`);
    const { key } = await openVisit(page);
    await page.click("[data-rating=product] button[data-value='4']");
    await page.fill("input[name=met]", "王伟（设备部经理）");
    // The draft is in the store once the last change is (no reload before that).
    await page.waitForFunction(
      (id) =>
        new Promise((resolve) => {
          const open = indexedDB.open("revisit");
          open.onsuccess = () => {
            const get = open.result.transaction("drafts").objectStore("drafts").get(id);
            get.onsuccess = () => {
              open.result.close();
              resolve(get.result?.met === "王伟（设备部经理）" && get.result?.product === 4);
            };
            get.onerror = () => resolve(false);
          };
          open.onerror = () => resolve(false);
        }),
      `visit:${key}`,
    );
    await page.reload();
    await page.locator("[data-rating=product] button[data-value='4'][aria-pressed=true]").waitFor();
    assert.equal(await page.inputValue("input[name=met]"), "王伟（设备部经理）");
    await page.screenshot({ path: path.join(SCREENSHOTS, "visit-entry-zh.png"), fullPage: false });
  });

  test("a routine visit's draft saved by the previous version (under its key without a date) still opens", async () => {
    await page.goto(`${server.url}/`);
    // A visit whose first reason is routine (its key carries the due date).
    const { key } = await openVisit(page, '[data-visit-key*=":routine@"]');
    const href = `/visit/${key}`;
    const legacy = `visit:${key.split("@")[0]}`;
    // What the previous version left: the draft under the key without the date
    // (and none under the new key, where the test before may have left one).
    await page.evaluate(
      ([legacy, current]) =>
        new Promise((resolve, reject) => {
          const open = indexedDB.open("revisit");
          open.onsuccess = () => {
            const tx = open.result.transaction("drafts", "readwrite");
            tx.objectStore("drafts").delete(current);
            tx.objectStore("drafts").put(
              { product: 3, service: null, method: null, checklist: {}, content_types: [], met: "旧版草稿", suggestions: "",
                wanted: { maintenance: false, outage_service: false, retrofit: false } },
              legacy,
            );
            tx.oncomplete = () => { open.result.close(); resolve(); };
            tx.onerror = () => reject(tx.error);
          };
        }),
      [legacy, `visit:${key}`],
    );
    await page.goto(`${server.url}${href}`);
    await page.locator("[data-rating=product] button[data-value='3'][aria-pressed=true]").waitFor();
    assert.equal(await page.inputValue("input[name=met]"), "旧版草稿");
    const keys = await readStore(page, "drafts", { keys: true });
    assert.ok(keys.includes(`visit:${key}`), "moved to the visit's key");
    assert.ok(!keys.includes(legacy), "and gone from the old one, so no later visit finds it");
  });
});
