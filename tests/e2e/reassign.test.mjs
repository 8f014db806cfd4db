// End to end, reassigning a visit (改派): a supervisor hands a visit of 张工's
// customer to 李工 from the plan. 李工's device, which never held that customer,
// pulls its file and lists the visit; 李工 records it offline and syncs; 张工's
// list no longer shows it; the supervisor's ledger says 李工 made it.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { enrolled, importCustomer, localDate, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, synced, syncNow, userId } from "./harness.mjs";

const CUSTOMER = "常州天宁配电设备有限公司";

describe("reassigning a visit", () => {
  const env = suiteServerAndBrowser();

  test("a visit handed to another technician reaches their device and is theirs", async () => {
    const { server, browser } = env;
    const users = [["zhang", "张工", "technician"], ["li", "李工", "technician"], ["wang", "王主管", "supervisor"]];
    await seed(server, users, { customer: CUSTOMER, owner: "张工", city: "常州市天宁区" });

    const li = await enrolled(browser, server, "li");
    assert.equal((await readStore(li.page, "customers")).length, 0, "not 李工's customer");
    const zhang = await enrolled(browser, server, "zhang");
    const boss = await enrolled(browser, server, "wang");

    // The supervisor's plan: the customer's routine visit due in three days, 张工's
    // (in this month's plan, or the next's); handed to 李工.
    const [{ id }] = await readStore(boss.page, "customers");
    const key = `${id}:routine@${localDate(3)}`;
    await boss.page.goto(`${server.url}/office/reports/plan`);
    // The reload syncs again: its pull redraws the plan's rows, so act once it is done
    // (under load, a row clicked during that redraw is detached under the pointer).
    await synced(boss.page);
    await boss.page.locator(`tr[data-visit-key^="${id}:"]`).first().waitFor();
    const row = boss.page.locator(`tr[data-visit-key="${key}"]`);
    if ((await row.count()) === 0) await boss.page.click("[data-action=next-period]");
    await row.waitFor();
    assert.equal((await row.locator("[data-maker]").textContent()).trim(), "张工");
    await row.locator("[data-action=reassign]").click();
    await row.locator("[data-action=save-assignment]").click();
    assert.match(await row.locator("[role=alert]").textContent(), /另一位技术员/, "a name is needed");
    await row.locator("input[name=assignee]").fill("李工");
    await mkdir(SCREENSHOTS, { recursive: true });
    await row.screenshot({ path: path.join(SCREENSHOTS, "plan-reassign-form-zh.png") });
    // News arriving while the form is open (another customer, imported at the office)
    // redraws the plan around the row, and keeps the form and what was typed.
    const count = async () => Number(await boss.page.getAttribute("[data-visits]", "data-visits"));
    const before = await count();
    await importCustomer(server, { customer: "常州武进仪表有限公司", owner: "张工", city: "常州市武进区" });
    const begun = Number(await boss.page.getAttribute(".sync-bar", "data-sync-begun"));
    await boss.page.evaluate(() => window.dispatchEvent(new Event("online")));
    await boss.page.waitForFunction(
      (begun) => Number(document.querySelector(".sync-bar")?.dataset.syncEnded) > begun,
      begun,
    );
    await boss.page.waitForFunction(
      (before) => Number(document.querySelector("[data-visits]")?.dataset.visits) > before,
      before,
    );
    assert.equal(await row.locator("input[name=assignee]").inputValue(), "李工", "the form stays open");
    await row.locator("[data-action=save-assignment]").click();
    await row.locator("[data-assigned]").waitFor();
    assert.equal((await row.locator("[data-maker]").textContent()).trim(), "李工");
    await row.screenshot({ path: path.join(SCREENSHOTS, "plan-reassigned-zh.png") });
    await boss.page.click("[data-group=technician]");
    await boss.page.locator("[data-group-row='李工']").waitFor();
    // The customer's file says so too.
    await row.locator(`td a[href="/customers/${id}"]`).click();
    await boss.page.locator("[data-page=customer]").waitFor();
    const liId = await userId(boss.page, "李工");
    await boss.page.locator(`[data-section=next-visit] [data-assignee='${liId}']`, { hasText: "李工" }).waitFor();
    await syncNow(boss.page);

    // 李工's device pulls the customer's file, and lists the visit as theirs.
    await syncNow(li.page);
    const [customer] = await readStore(li.page, "customers");
    assert.equal(customer?.id, id);
    assert.equal(customer.name, CUSTOMER);
    assert.equal((await readStore(li.page, "assignments"))[0].assignee, liId, "by id");
    await li.page.click("a[data-section=today]");
    await li.page.click("button[data-bucket=week]");
    const visitRow = li.page.locator(`a.visit-row[data-visit-key="${key}"]`);
    await visitRow.waitFor();

    // …and records it, offline.
    await li.context.setOffline(true);
    await visitRow.click();
    await li.page.click("[data-rating=product] button[data-value='5']");
    await li.page.click("[data-rating=service] button[data-value='5']");
    await li.page.click("[data-action=save-visit]");
    await li.page.locator("[data-page=today]").waitFor();
    await li.context.setOffline(false);
    await syncNow(li.page);
    assert.equal((await readStore(li.page, "outbox")).length, 0, "the server took 李工's visit");

    // 张工's list no longer has it.
    await syncNow(zhang.page);
    await zhang.page.click("a[data-section=today]");
    await zhang.page.click("button[data-bucket=week]");
    await zhang.page.locator("ul.visit-list[data-list=week]").waitFor({ state: "attached" });
    assert.equal(await zhang.page.locator(`a.visit-row[data-customer="${id}"]`).count(), 0);

    // The supervisor's ledger: made by 李工.
    await syncNow(boss.page);
    await boss.page.goto(`${server.url}/office/reports/ledger`);
    await boss.page.fill("input[name=ledger-search]", CUSTOMER);
    const done = boss.page.locator("[data-page=ledger] tbody tr", { hasText: "李工" });
    await done.first().waitFor();
    for (const device of [li, zhang, boss]) await device.context.close();
  });
});
