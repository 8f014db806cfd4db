// End to end, two devices syncing through the real server: a technician (enrolled
// by the link) and a supervisor (who types the code). Both edit a customer offline;
// the technician records a visit offline and reloads; back online, each device
// sees the other's work, and the one field both changed is a conflict the
// supervisor settles side by side.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { device, localDate, openCustomer, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, synced, syncedAfter, syncNow, userId } from "./harness.mjs";

const CUSTOMER = "江苏恒通电力工程有限公司";

async function editCustomer(page, url, id, fields) {
  await page.goto(`${url}/customers/${id}/edit`);
  await page.locator(".shell[data-data=ready]").waitFor();
  for (const [name, value] of Object.entries(fields)) await page.fill(`input[name=${name}]`, value);
  await page.click("[data-action=save-customer]");
  await page.locator("[data-page=customer]").waitFor();
}

describe("sync between a technician's and a supervisor's device", () => {
  const env = suiteServerAndBrowser();

  test("offline work on both devices meets on the server", async () => {
    const { server, browser } = env;
    // The admin imports the customer file: a strategic customer of 张工 whose
    // monthly visit is due in three days.
    const users = [["zhang", "张工", "technician"], ["li", "李主管", "supervisor"]];
    await seed(server, users, { customer: CUSTOMER, owner: "张工", city: "南京市江宁区" });

    // The technician opens the enrollment link: the device enrolls and pulls.
    const tech = await device(browser);
    await tech.page.goto(`${server.url}/sync#enroll=${await server.enrollCode("zhang")}`);
    await tech.page.locator("[data-section=sync-status] [data-account]", { hasText: "张工" }).waitFor();
    await synced(tech.page);
    assert.equal(new URL(tech.page.url()).hash, "", "the code leaves the address bar");
    await tech.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

    // The supervisor types the code, mistyped first.
    const sup = await device(browser);
    await sup.page.goto(`${server.url}/sync`);
    await sup.page.locator(".shell[data-data=ready]").waitFor();
    await sup.page.fill("input[name=code]", "ABC");
    await sup.page.click("[data-action=enroll]");
    assert.match(await sup.page.textContent("[data-error=enroll]"), /12 位字母或数字/);
    await sup.page.fill("input[name=code]", "AAAA-2222-3333");
    await sup.page.click("[data-action=enroll]");
    assert.match(await sup.page.textContent("[data-error=enroll]"), /登记码无效/);
    await sup.page.fill("input[name=code]", (await server.enrollCode("li")).toLowerCase());
    await sup.page.click("[data-action=enroll]");
    await sup.page.locator("[data-account]", { hasText: "李主管" }).waitFor();
    await synced(sup.page);
    await sup.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });
    const [customer] = await readStore(sup.page, "customers");
    assert.equal(customer.name, CUSTOMER);

    // Both lose the network.
    await tech.context.setOffline(true);
    await sup.context.setOffline(true);

    // The technician records the visit offline (the recorder is the account's name)…
    await tech.page.click("a[data-section=today]");
    await tech.page.click("button[data-bucket=week]");
    await tech.page.locator(`a.visit-row[data-visit-key="${customer.id}:routine@${localDate(3)}"]`).click();
    await tech.page.click("[data-rating=product] button[data-value='5']");
    await tech.page.click("[data-rating=service] button[data-value='4']");
    await tech.page.fill("textarea[name=suggestions]", "希望增加远程诊断");
    await tech.page.click("[data-action=save-visit]");
    await tech.page.locator("[data-page=today]").waitFor();
    // …and changes the address; the supervisor changes the region and the address.
    await editCustomer(tech.page, server.url, customer.id, { address: "南京市江宁区天元路 8 号" });
    await editCustomer(sup.page, server.url, customer.id, { region: "华东（江苏）", address: "南京市江宁开发区" });

    // Reloaded offline, the technician's work is still queued, and the bar says so.
    await tech.page.reload();
    await tech.page.locator(".sync-bar[data-sync=offline] .sync-queued[data-queued='2']").waitFor();
    const [visit] = await readStore(tech.page, "visits");
    assert.equal(visit.status, "done");
    assert.equal(visit.assignee, await userId(tech.page, "张工"));

    // The technician's network comes back first: the visit and the address go up.
    await tech.context.setOffline(false);
    await synced(tech.page);
    assert.equal((await readStore(tech.page, "outbox")).length, 0);

    // Then the supervisor's: the region merges; the address, changed on both, is a conflict.
    await sup.context.setOffline(false);
    await sup.page.locator(".sync-bar .sync-conflicts[data-conflicts='1']").waitFor({ timeout: 20_000 });
    await sup.page.goto(`${server.url}/customers/${customer.id}`);
    const history = sup.page.locator("[data-section=visits] .history-entry");
    await history.first().waitFor();
    assert.match(await history.first().textContent(), /产品.*5.*服务.*4/);
    assert.match(await history.first().textContent(), /希望增加远程诊断/);
    let [merged] = await readStore(sup.page, "customers");
    assert.equal(merged.region, "华东（江苏）", "the supervisor's region is kept");
    assert.equal(merged.address, "南京市江宁区天元路 8 号", "the server keeps the first address until settled");

    // The supervisor settles it: mine, side by side with theirs.
    await sup.page.click(".sync-bar");
    const conflict = sup.page.locator("[data-section=conflicts] fieldset[data-field=address]");
    assert.match(await conflict.locator("[data-side=mine]").textContent(), /南京市江宁开发区/);
    assert.match(await conflict.locator("[data-side=theirs]").textContent(), /天元路 8 号/);
    await mkdir(SCREENSHOTS, { recursive: true });
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "sync-conflict-zh.png"), fullPage: true });
    await conflict.locator("[data-side=mine] input").check();
    // Settling queues the chosen address and syncs: wait for that sync, not the bar
    // of before.
    await syncedAfter(sup.page, async () => {
      await sup.page.click("[data-action=settle]");
      await sup.page.locator("[data-section=conflicts]").waitFor({ state: "detached" });
    });

    // The technician's next sync brings the supervisor's region and chosen address.
    await syncNow(tech.page);
    [merged] = await readStore(tech.page, "customers");
    assert.equal(merged.address, "南京市江宁开发区");
    assert.equal(merged.region, "华东（江苏）");
    await tech.page.screenshot({ path: path.join(SCREENSHOTS, "sync-status-zh.png") });
    // The screens show them without a reload: the pulled records went into memory.
    await openCustomer(tech.page, customer.id);
    await tech.page.locator("[data-page=customer]", { hasText: "南京市江宁开发区" }).waitFor();

    // Signing out clears the device, once nothing is left to send.
    await tech.page.goto(`${server.url}/sync`);
    await tech.page.click("[data-action=sign-out]");
    await tech.page.locator("[data-section=enroll]").waitFor();
    assert.equal((await readStore(tech.page, "customers")).length, 0);
    await tech.context.close();
    await sup.context.close();
  });
});
