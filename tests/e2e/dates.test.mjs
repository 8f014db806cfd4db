// End to end: the day changes while the app is open (New Year's Eve, a phone left on
// overnight). At midnight Today is planned again for the new day: the date on screen
// moves on, and what was due yesterday is overdue today, with no reload.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadDemo, localDate, now, PHONE, suiteServerAndBrowser } from "./harness.mjs";

/** The keys of a list's rows, all of them (each "show more" adds a page). */
async function keysOf(page, bucket) {
  await page.click(`button[data-bucket=${bucket}]`);
  const total = Number(await page.textContent(`button[data-bucket=${bucket}] .bucket-count`));
  const rows = page.locator(`ul.visit-list[data-list=${bucket}] a.visit-row`);
  for (let pages = 0; (await rows.count()) < total; pages++) {
    assert.ok(pages < 100, `the ${bucket} list never showed its ${total} rows`);
    const shown = await rows.count();
    await page.click("[data-action=show-more]");
    await page.waitForFunction(
      ([selector, shown]) => document.querySelectorAll(selector).length > shown,
      [`ul.visit-list[data-list=${bucket}] a.visit-row`, shown],
    );
  }
  return rows.evaluateAll((links) => links.map((a) => a.dataset.visitKey));
}

describe("the day changes while the app is open", () => {
  const env = suiteServerAndBrowser();

  // (The server's clock is the suite's too: on a date ahead of the real one, it
  // would refuse the devices' edits as coming from the future — sync.test.mjs.)
  test("the app runs on the suite's clock (REVISIT_E2E_NOW, or the real one)", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(env.server.url);
    const skew = Math.abs((await page.evaluate(() => Date.now())) - now().getTime());
    assert.ok(skew < 60_000, `the browser's clock is ${skew} ms off the suite's`);
    await loadDemo(page);
    const shown = await page.getAttribute("[data-page=today] [data-today-date]", "data-today-date");
    assert.equal(shown, localDate(0));
    await context.close();
  });

  test("at midnight Today moves to the new day: yesterday's due visits are overdue", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE }, { clock: false });
    await context.clock.install({ time: new Date("2026-12-31T23:58:00+08:00") });
    const page = await context.newPage();
    await page.goto(env.server.url);
    await loadDemo(page);
    const date = page.locator("[data-page=today] [data-today-date]");
    assert.equal(await date.getAttribute("data-today-date"), "2026-12-31");
    assert.equal((await date.textContent()).trim(), "12月31日 星期四");
    const due = await keysOf(page, "due");
    assert.ok(due.length > 0, "the demo has visits due on the last day of the year");

    // Three minutes on: 00:01 on New Year's Day.
    await context.clock.fastForward("03:00");
    await page.locator("[data-page=today] [data-today-date='2027-01-01']").waitFor();
    assert.equal((await date.textContent()).trim(), "1月1日 星期五");
    const overdue = new Set(await keysOf(page, "overdue"));
    for (const key of due) assert.ok(overdue.has(key), `${key}, due yesterday, is overdue today`);
    const dueNow = new Set(await keysOf(page, "due"));
    assert.ok(due.every((key) => !dueNow.has(key)), "nothing due yesterday is due today");
    await context.close();
  });
});
