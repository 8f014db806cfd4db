// End to end, at 390×844 in Chinese: every tap target on the technician's screens
// is at least 44 × 44 px (a finger, not a mouse pointer; issue 19). A checkbox or
// radio counts by the label that holds it, since the whole label takes the tap.
// On the same walk, every word a person reads (text, placeholders, labels, options)
// is Chinese: no snake_case code and no English word; what passes is a code with
// digits (C00098, KYN28A-12), an acronym in capitals (CSV, GPS), and what is marked
// as another language (`lang="en"`: English on the language switch). And every
// text stands out from its background by at least 4.5:1 (WCAG AA), as axe-core's
// color-contrast rule measures it.
// Screens: Today, Customers, a customer's file and its form, a visit (an item not OK),
// customer mode, Issues,
// an issue, raising one, a proposal's register, Settings, Reports, the plan, the
// satisfaction and analysis reports (with their findings' links), the actions list,
// a new action and an action, evaluating a customer, its strengthening table, the maintenance plans, a plan's
// form and a plan with its decision, tasks and summary.
import assert from "node:assert/strict";
import path from "node:path";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import { loadDemo, openVisit, PHONE, readStore, SCREENSHOTS, suiteServerAndBrowser, takeBack } from "./harness.mjs";

const MIN = 44;
const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

/** Texts on the page whose contrast with their background is under WCAG AA
 *  (4.5:1, 3:1 for large text), by axe-core, with the ratio it measured. */
async function lowContrast(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: "rule", values: ["color-contrast"] },
      resultTypes: ["violations"],
    });
    return result.violations.flatMap((v) =>
      v.nodes.map((n) => `${n.target.join(" ")} "${(n.html.match(/>([^<]{1,20})/) ?? [])[1] ?? ""}": ${n.any[0]?.message ?? v.help}`),
    );
  });
}

/** The visible tap targets of the page smaller than MIN in either direction. */
function smallTargets(page) {
  return page.evaluate((min) => {
    const targets = document.querySelectorAll(
      "a[href], button, select, textarea, summary, input:not([type=hidden])",
    );
    const small = [];
    for (const element of targets) {
      const checkable = element.matches("input[type=checkbox], input[type=radio]");
      const target = checkable ? element.closest("label") ?? element : element;
      const box = target.getBoundingClientRect();
      const style = getComputedStyle(target);
      if (box.width === 0 || box.height === 0 || style.visibility === "hidden") continue;
      // What the native file picker hides behind its label is tapped through the label.
      if (element.matches("input[type=file]")) continue;
      if (box.width < min || box.height < min) {
        const name = (target.textContent || target.getAttribute("aria-label") || target.getAttribute("name") || "").trim().slice(0, 24);
        small.push(`${target.tagName.toLowerCase()}${target.className ? "." + String(target.className).split(" ").join(".") : ""} "${name}" ${Math.round(box.width)}×${Math.round(box.height)}`);
      }
    }
    return small;
  }, MIN);
}

/** Words on the page a Chinese screen must not show: snake_case codes and English
 *  words, with where each was found. */
function foreignWords(page) {
  return page.evaluate(() => {
    const found = new Set();
    const check = (text, where) => {
      for (const word of text.match(/[A-Za-z][A-Za-z0-9_-]*/g) ?? []) {
        if (/\d/.test(word) && !word.includes("_")) continue; // C00098, KYN28A-12, RS485
        if (/^[A-Z]{2,6}$/.test(word)) continue; // CSV, GPS, QR, PDF
        if (word.length === 1) continue; // a grade (A/B/C), a unit letter
        found.add(`${word} (${where})`);
      }
    };
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!parent || parent.closest("script, style, svg desc, [hidden], [aria-hidden=true]")) continue;
      // Marked as another language (English's own name on the language switch).
      if (!(parent.closest("[lang]")?.lang ?? "zh").startsWith("zh")) continue;
      const box = parent.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue;
      check(node.textContent, parent.tagName.toLowerCase());
    }
    for (const element of document.querySelectorAll("[placeholder], [aria-label], [title], option")) {
      for (const attribute of ["placeholder", "aria-label", "title"]) {
        const value = element.getAttribute(attribute);
        if (value) check(value, `${element.tagName.toLowerCase()}[${attribute}]`);
      }
      if (element.tagName === "OPTION") check(element.textContent, "option");
    }
    return [...found];
  });
}

describe("tap targets", () => {
  const env = suiteServerAndBrowser();

  test("every tap target of the screens is at least 44 × 44 px, and every word on them Chinese", async () => {
    // The page's policy allows no inline script; axe-core is put in by the test.
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    const found = {};
    const foreign = {};
    const faint = {};
    const look = async (screen) => {
      const small = await smallTargets(page);
      if (small.length > 0) found[screen] = small;
      const words = await foreignWords(page);
      if (words.length > 0) foreign[screen] = words;
      const low = await lowContrast(page);
      if (low.length > 0) faint[screen] = low;
    };
    await look("today");
    await page.click("button[data-bucket=due]");
    await look("today, a list open");
    await page.click("a[data-section=customers]");
    await page.locator("[data-page=customers] a.customer-row").first().waitFor();
    await look("customers");
    // A customer with installations and contacts (the smallest code of them).
    const customers = await readStore(page, "customers");
    const installed = new Set((await readStore(page, "installations")).map((i) => i.customer_id));
    const customer = customers
      .filter((c) => installed.has(c.id) && c.contacts.length > 0)
      .sort((a, b) => (a.short_code < b.short_code ? -1 : 1))[0];
    await page.fill("input[name=customer-search]", customer.short_code);
    await page.click(`a.customer-row[data-customer="${customer.id}"]`);
    await page.locator("[data-page=customer] h2.customer").waitFor();
    await look("a customer's file");
    await page.click("[data-section=status] summary");
    await look("a customer's file, its status form open");
    await page.click("[data-section=evaluation] [data-action=evaluate]");
    await page.locator("[data-page=evaluate] fieldset.indicator").first().waitFor();
    await look("evaluating a customer");
    await page.goBack();
    await page.locator("[data-page=customer] h2.customer").waitFor();
    // Its 客户关系强化表, in the office app (a page load), and back.
    await page.click("[data-section=strengthening] a");
    await page.locator("[data-page=strengthening] [data-form=strengthening]").waitFor();
    await look("a customer's strengthening table");
    await page.goBack();
    await page.locator("[data-page=customer] h2.customer").waitFor();
    await page.click("[data-action=edit-customer]");
    await page.locator("[data-section=registration]").waitFor();
    await look("a customer's form");
    await page.click("a[data-section=today]");
    await openVisit(page, "[data-checklist]");
    await look("a visit with a checklist");
    // The checklist is folded to its summary; opened, an item marked "not OK"
    // offers its note, its 提交问题 checkbox and the urgency.
    await page.locator(".checklist .check-list").first().waitFor({ state: "hidden" });
    await page.locator("[data-action=toggle-items]").first().click();
    await page.locator("button.check.not-ok").first().click();
    await page.locator("label.raise-issue").first().waitFor();
    await page.locator("button[data-severity=high]").first().waitFor();
    await look("a visit with an item not OK");
    // Handed to the customer: the survey alone; held, "take back" returns the form.
    await page.click("[data-action=hand-over]");
    await page.locator("[data-mode=customer]").waitFor();
    await look("customer mode");
    await takeBack(page);
    await page.click("a[data-section=issues]");
    await page.locator("[data-page=issues]").waitFor();
    await look("issues");
    await page.screenshot({ path: path.join(SCREENSHOTS, "issues-zh.png") });
    const open = (await readStore(page, "issues"))
      .filter((i) => i.status === "recorded" || i.status === "handling")
      .sort((a, b) => (a.id < b.id ? -1 : 1))[0];
    await page.click(`a.issue-row[href="/issues/${open.id}"]`);
    await page.locator("[data-page=issue]").waitFor();
    await look("an issue");
    await page.click("a[data-section=settings]");
    await page.locator("[data-page=settings]").waitFor();
    await look("settings");
    await page.click("a[data-section=reports]");
    await look("reports");
    // The plan, whose rows a supervisor (or a device of its own) hands on: 改派.
    await page.click("a[data-report=plan]");
    await page.locator("[data-page=plan] [data-action=reassign]").first().waitFor();
    await look("the plan");
    // The office's screens, on a supervisor's phone (the demo device sees all).
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=satisfaction]");
    await page.click("button[data-span=year]");
    await page.locator("[data-section=needs] a[data-to-proposal]").first().waitFor();
    await look("the satisfaction report");
    await page.locator("[data-section=low] a[data-open-action]").first().click();
    await page.locator("[data-page=new-action] [data-evidence]").waitFor();
    await look("a new action");
    await page.fill("textarea[name=action-why]", "客户反映到场不及时");
    await page.click("[data-action=open-action]");
    await page.locator("[data-page=action] [data-action-status=awaiting_review]").waitFor();
    await look("an action");
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=actions]");
    await page.locator("[data-page=actions] a[data-action-row]").first().waitFor();
    await look("the actions");
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=analysis]");
    await page.locator("[data-page=analysis-report] [data-rate]").first().waitFor();
    await look("the analysis report");
    await page.click("a[data-section=issues]");
    await page.click("[data-action=new-issue]");
    await page.fill("input[name=raise-customer-search]", customer.short_code);
    await look("raising an issue, finding the customer");
    await page.click(`[data-page=raise-issue] button[data-customer="${customer.id}"]`);
    await page.selectOption("select[name=raise-category]", "Proposal");
    await look("raising an issue");
    await page.fill("input[name=raise-summary]", "提案：增加备品备件库存");
    await page.click("[data-action=raise-issue]");
    await page.locator("[data-page=issue] [data-section=proposal-register]").waitFor();
    await look("a proposal's register");
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=roster]");
    await page.locator("[data-page=roster] section[data-tier=strategic] tr[data-customer]").first().waitFor();
    await look("the tier roster");
    // Maintenance plans: the list, the form, a plan with its decision, tasks and
    // summary, and a task handed to this device's user on Today and its report.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=plans]");
    await page.locator("[data-page=plans] [data-action=new-plan]").waitFor();
    await look("the maintenance plans");
    await page.click("[data-action=new-plan]");
    await page.locator("[data-page=plan-form] input[name=plan-title]").waitFor();
    await look("a maintenance plan's form");
    await page.fill("input[name=plan-title]", "年度维护方案");
    await page.selectOption("select[name=plan-customer]", customer.id);
    await page.fill("textarea[name=plan-goals]", "满意度保持 4.5 分以上");
    await page.fill("textarea[name=plan-measures]", "季度上门巡检");
    await page.locator("[data-section=responsible] input[name=responsible]").first().check();
    await page.fill("input[name=budget-item]", "培训资料");
    await page.fill("input[name=budget-amount]", "5000");
    await page.click("[data-action=save-plan]");
    await page.locator("[data-page=plan] [data-plan-status=draft]").waitFor();
    await look("a maintenance plan, a draft");
    for (const [action, status] of [["submit-plan", "in_review"], ["pass-plan", "awaiting_approval"], ["approve-plan", "approved"]]) {
      await page.click(`[data-action=${action}]`);
      await page.locator(`[data-plan-status=${status}]`).waitFor();
    }
    await page.fill("input[name=task-what]", "上门巡检");
    await page.click("[data-action=add-task]");
    await page.locator("[data-section=tasks] li[data-task]").waitFor();
    await look("a maintenance plan, approved, with its task and summary");
    assert.deepEqual(found, {}, JSON.stringify(found, null, 2));
    assert.deepEqual(foreign, {}, `English or code on a Chinese screen: ${JSON.stringify(foreign, null, 2)}`);
    assert.deepEqual(faint, {}, `contrast under 4.5:1: ${JSON.stringify(faint, null, 2)}`);
    await context.close();
  });
});
