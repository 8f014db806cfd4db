// End to end: the satisfaction and analysis reports on the demo data, offline on
// the device — change the period and the scope, export the CSV and check its bytes,
// print to PDF and look at the pages.
import assert from "node:assert/strict";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { loadDemo, now, PHONE, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";

/** The CSV the page offers: its bytes, and its lines without the BOM. */
async function exportCsv(page) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export-csv]")]);
  const bytes = await readFile(await download.path());
  const lines = bytes.toString("utf8").replace(/^\uFEFF/, "").split("\r\n").filter((l) => l.length > 0);
  return { name: download.suggestedFilename(), bytes, lines };
}

/** The page at phone size, then on a laptop, from the top. */
async function shoot(page, name) {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-zh.png`) });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-laptop-zh.png`) });
  await page.setViewportSize(PHONE);
}

const stat = (page, key) => page.locator(`[data-score=${key}] .stat-value, [data-rate=${key}] .stat-value`).textContent();

describe("reports", () => {
  const env = suiteServerAndBrowser();

  test("satisfaction and analysis on the demo data: periods, scope, CSV, print", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, deviceScaleFactor: 2, acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    await context.setOffline(true);

    await page.click("a[data-section=reports]");
    await page.click("a[data-report=satisfaction]");
    await page.locator("[data-page=satisfaction-report] [data-score=product]").waitFor();
    const today = now();
    const thisMonth = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}`;
    assert.equal((await page.textContent("[data-period]")).trim(), thisMonth);
    assert.match(await page.textContent("[data-covers]"), /本设备/);

    // Last month: the demo's done visits give averages between 1 and 5.
    await page.click("[data-action=previous-period]");
    assert.notEqual((await page.textContent("[data-period]")).trim(), thisMonth);
    const product = Number(await stat(page, "product"));
    assert.ok(product >= 1 && product <= 5, `product average ${product}`);
    assert.equal(await page.locator("[data-breakdown=tier] tbody tr").count(), 3, "every tier, even one without visits");
    await page.locator("figure.chart svg[role=img] title").first().waitFor({ state: "attached" });
    // The trend: twelve months, a line for each rating, the figures as text too.
    assert.equal(await page.locator(".chart-tick").count(), 12);
    assert.ok((await page.locator(".chart-series.product polyline").count()) >= 1);
    assert.match(await page.locator("figure.chart desc").first().textContent(), /^产品: \d{2} (\d\.\d\d|—)/);

    // The whole year, then only strategic customers: the figures follow.
    await page.click("button[data-span=year]");
    assert.equal((await page.textContent("[data-period]")).trim(), String(today.getFullYear() - (today.getMonth() === 0 ? 1 : 0)));
    const yearCount = Number(await page.locator("[data-breakdown=tier] tbody tr").first().locator("td").first().textContent());
    const regionsBefore = await page.locator("[data-breakdown=region] tbody tr").count();
    await page.selectOption("select[data-filter=tier]", "strategic");
    const rows = page.locator("[data-breakdown=tier] tbody tr");
    assert.equal(Number(await rows.nth(1).locator("td").first().textContent()), 0, "no key customer in a strategic scope");
    assert.equal(Number(await rows.nth(0).locator("td").first().textContent()), yearCount, "the strategic row is unchanged");
    assert.ok((await page.locator("[data-breakdown=region] tbody tr").count()) <= regionsBefore);

    // Product lines are offered by their names, never their keys.
    const lineOptions = await page.locator("select[data-filter=product_line] option").allTextContents();
    assert.ok(lineOptions.length > 1, "the demo's lines are offered");
    for (const name of lineOptions) assert.match(name, /^[^_a-z]*[\u4e00-\u9fff][^_]*$/, `a line named in Chinese: ${name}`);

    const satisfaction = await exportCsv(page);
    assert.deepEqual([...satisfaction.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], "UTF-8 with a BOM, for Excel");
    assert.equal(satisfaction.lines[0], "部分,分组,回访次数,产品质量平均,服务质量平均");
    const lines = await page.locator("[data-breakdown=line] tbody tr").count();
    const regions = await page.locator("[data-breakdown=region] tbody tr").count();
    assert.equal(satisfaction.lines.length, 1 + 2 + 3 + lines + regions, "header, this and last period, tiers, lines, regions");
    assert.match(satisfaction.name, /^顾客满意度测量报告_\d{4}\.csv$/);

    await shoot(page, "report-satisfaction");
    await page.emulateMedia({ media: "print" });
    assert.equal(await page.locator(".bottom-nav").isVisible(), false, "no app frame on paper");
    assert.equal(await page.locator(".print-header").isVisible(), true);
    const pdf = await page.pdf({ format: "A4", printBackground: true });
    assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    assert.ok(pages >= 1 && pages <= 6, `${pages} A4 pages`);
    await writeFile(path.join(tmpdir(), "revisit-report-satisfaction.pdf"), pdf);
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: path.join(SCREENSHOTS, "report-satisfaction-print.png"), fullPage: true });
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize(PHONE);

    // The analysis report, last month.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=analysis]");
    await page.locator("[data-page=analysis-report] [data-rate=completion]").waitFor();
    await page.click("[data-action=previous-period]");
    const completion = await stat(page, "completion");
    assert.match(completion, /^\d+\.\d%$/, `completion ${completion}`);
    assert.equal(await page.locator("figure.chart line.chart-target").count() > 0, true, "targets drawn on the method mix");
    const analysis = await exportCsv(page);
    assert.equal(analysis.lines[0], "部分,项目,分子,分母,百分比");
    assert.ok(analysis.lines.some((l) => l.startsWith("计划完成率,总体,")), analysis.lines.slice(0, 5).join(" | "));
    assert.equal(analysis.lines.filter((l) => l.startsWith("回访方式占比")).length, 3 * 5, "three tiers, five methods");
    await shoot(page, "report-analysis");

    // The ledger: last month's visits, then only the done ones, then one customer's.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=ledger]");
    await page.locator("[data-page=ledger] [data-rows]").waitFor();
    await page.click("[data-action=previous-period]");
    const count = async () => Number(await page.getAttribute("[data-rows]", "data-rows"));
    const all = await count();
    assert.ok(all > 0, "last month has visits");
    assert.equal(await page.locator("[data-page=ledger] tbody tr").count(), Math.min(all, 100), "a page of rows at most");
    await page.click("button[data-status=done]");
    const done = await count();
    assert.ok(done > 0 && done <= all);
    for (const cell of await page.locator("[data-page=ledger] tbody tr td:last-child").allTextContents()) assert.equal(cell, "已完成");
    // One customer's visits: the customer with the smallest id among the rows.
    const links = await page
      .locator("[data-page=ledger] tbody tr td:nth-child(2) a")
      .evaluateAll((as) => as.map((a) => ({ href: a.getAttribute("href"), name: a.textContent.trim() })));
    const customer = links.sort((a, b) => (a.href < b.href ? -1 : 1))[0].name;
    await page.fill("input[name=ledger-search]", customer);
    const one = await count();
    assert.ok(one >= 1 && one <= done, `${one} visits of ${customer}`);
    const ledgerCsv = await exportCsv(page);
    assert.equal(ledgerCsv.lines[0], "日期,客户,等级,地区,产品线,技术员,状态,方式,产品质量,服务质量,填写人,接待人,意见与建议,问题数,签到时间,签到位置,签退时间,在场时长（分钟）,距常驻位置（米）,客户签字,照片");
    assert.equal(ledgerCsv.lines.length, one + 1, "a line per visit shown");
    assert.ok(ledgerCsv.lines.slice(1).every((l) => l.includes(customer) && l.includes("已完成")));
    // The product line column (the fifth; the four before it hold no comma) in words.
    for (const line of ledgerCsv.lines.slice(1)) {
      const productLine = line.split(",")[4];
      assert.doesNotMatch(productLine, /^[a-z_]+$/, `a line's name, not its key: ${line}`);
    }
    await page.fill("input[name=ledger-search]", "");
    await shoot(page, "report-ledger");

    // The plan of the year: each technician's visits add up to the whole plan.
    await page.click("a[data-section=reports]");
    await page.click("a[data-report=plan]");
    await page.locator("[data-page=plan] [data-visits]").waitFor();
    await page.click("button[data-span=year]");
    const planned = Number(await page.getAttribute("[data-visits]", "data-visits"));
    assert.ok(planned > 300, `${planned} visits planned this year`);
    const totals = async () =>
      (await page.locator("[data-section=groups] tbody tr td:nth-of-type(1)").allTextContents()).map(Number);
    const byTechnician = await totals();
    assert.ok(byTechnician.length > 1, "several technicians");
    assert.equal(byTechnician.reduce((a, b) => a + b, 0), planned);
    await page.click("button[data-group=tier]");
    assert.equal((await page.locator("[data-section=groups] tbody tr").count()) <= 3, true);
    assert.equal((await totals()).reduce((a, b) => a + b, 0), planned);
    const plan = await exportCsv(page);
    assert.equal(plan.lines[0], "应访日期,客户,等级,地区,技术员,原因,方式,回访窗口,状态");
    assert.equal(plan.lines.length, planned + 1);
    await shoot(page, "report-plan");
    await context.close();
  });
});
