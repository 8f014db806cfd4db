// End to end: a technician exports a backup (unsent changes included) and a fresh
// device imports it: the records arrive and the unsent change is queued again.
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { describe, test } from "node:test";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { loadDemo, openApp, openVisit, PHONE, readStore, SCREENSHOTS, suiteServerAndBrowser } from "./harness.mjs";


describe("backup", () => {
  const env = suiteServerAndBrowser();

  test("export on one device, import on a fresh one", async () => {
    const phone = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE, acceptDownloads: true });
    const page = await phone.newPage();
    await openApp(page, env.server.url);
    await loadDemo(page);
    await openVisit(page);
    await page.click("[data-rating=product] button[data-value='5']");
    await page.click("[data-rating=service] button[data-value='4']");
    await page.click("[data-action=save-visit]");
    await page.locator("[data-page=today]").waitFor();

    await page.click("a[data-section=settings]");
    await page.locator("[data-section=storage] [data-usage]").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("[data-action=export]")]);
    assert.match(download.suggestedFilename(), /^revisit-backup-\d{8}-\d{4}\.json$/);
    const file = await download.path();
    const backup = JSON.parse(await readFile(file, "utf8"));
    assert.equal(backup.format, "revisit-backup");
    assert.equal(backup.data.customers.length, 300);
    assert.equal(backup.outbox.length, 1, "the unsent visit is in the backup");

    const fresh = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const other = await fresh.newPage();
    await openApp(other, `${env.server.url}/settings`);
    await other.setInputFiles("input[name=backup]", file);
    await other.locator("[data-import=done]").waitFor();
    assert.match(await other.textContent("[data-import=done]"), /新增 \d+ 条/);
    assert.equal((await readStore(other, "customers")).length, 300);
    const outbox = await readStore(other, "outbox");
    assert.equal(outbox.length, 1);
    assert.equal(outbox[0].record_id, backup.outbox[0].record_id);
    // Importing the same file again adds nothing and queues nothing twice.
    await other.setInputFiles("input[name=backup]", file);
    await other.locator("[data-import=done]", { hasText: "新增 0 条" }).waitFor();
    assert.equal((await readStore(other, "outbox")).length, 1);
    await mkdir(SCREENSHOTS, { recursive: true });
    await other.screenshot({ path: path.join(SCREENSHOTS, "settings-zh.png"), fullPage: true });
    await phone.close();
    await fresh.close();
  });
});
