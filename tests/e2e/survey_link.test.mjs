// End to end through the real server: the customer answers the survey on their own
// phone (issue 19 item 4). The technician records a visit and syncs; on its printed
// survey (office app) asks for a one-time link, shown with its QR code; the
// customer opens it in a browser that has never seen the app (no account, no
// script needed), rates and submits once — a second visit of the link says it is
// spent; after the next sync the technician's device holds the visit with the
// customer's answers, marked as theirs.
import assert from "node:assert/strict";
import path from "node:path";
import { describe, test } from "node:test";
import { device, enrolled, localDate, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, syncedAfter, syncNow } from "./harness.mjs";

const CUSTOMER = "江苏恒通电力工程有限公司";

describe("the customer answers the survey by link", () => {
  const env = suiteServerAndBrowser();

  test("a link and its QR code, answered once on the customer's phone, back on the visit", async () => {
    const { server, browser } = env;
    await seed(server, [["zhang", "张工", "technician"]], { customer: CUSTOMER, owner: "张工", city: "南京市江宁区" });
    const tech = await enrolled(browser, server, "zhang");
    const [customer] = await readStore(tech.page, "customers");
    await tech.page.click("a[data-section=today]");
    await tech.page.click("button[data-bucket=week]");
    await tech.page.locator(`a.visit-row[data-visit-key="${customer.id}:routine@${localDate(3)}"]`).click();
    await tech.page.click("[data-rating=product] button[data-value='5']");
    await tech.page.click("[data-rating=service] button[data-value='5']");
    await syncedAfter(tech.page, () => tech.page.click("[data-action=save-visit]"));
    const [visit] = await readStore(tech.page, "visits");

    await tech.page.goto(`${server.url}/office/visits/${visit.id}/survey`);
    await tech.page.locator("[data-page=survey] article.survey").waitFor();
    await tech.page.click("[data-action=survey-link]");
    const qr = tech.page.locator("[data-section=survey-link] .qr svg");
    await qr.waitFor();
    const link = await tech.page.getAttribute("[data-survey-link]", "data-survey-link");
    assert.ok(link.startsWith(`${server.url}/s/`), link);
    await tech.page.locator("[data-section=survey-link]").screenshot({ path: path.join(SCREENSHOTS, "survey-link-zh.png") });

    // The customer's phone: never saw the app.
    const phone = await device(browser);
    await phone.page.goto(link);
    const form = phone.page.locator("form[data-form=survey]");
    await form.waitFor();
    assert.match(await phone.page.textContent("main"), new RegExp(CUSTOMER));
    await phone.page.click("[data-rating=product] label:has(input[value='2'])");
    await phone.page.click("[data-rating=service] label:has(input[value='3'])");
    await phone.page.fill("textarea[name=suggestions]", "希望到场更及时");
    await phone.page.click("label.check:has(input[name=maintenance])");
    await phone.page.screenshot({ path: path.join(SCREENSHOTS, "survey-by-link-zh.png"), fullPage: true });
    await phone.page.click("button[type=submit]");
    await phone.page.locator("[data-thanks]").waitFor();
    // Once only.
    await phone.page.goto(link);
    await phone.page.locator("[data-closed=answered]").waitFor();

    // Back on the technician's device with the next sync, marked as the customer's.
    await tech.page.goto(server.url);
    await tech.page.locator(".shell[data-data=ready]").waitFor();
    await syncNow(tech.page);
    // A sync begun after the answer pulls the visit's new version.
    const [answered] = (await readStore(tech.page, "visits")).filter((v) => v.id === visit.id);
    assert.equal(answered.result.answered_by, "customer_by_link");
    assert.deepEqual([answered.result.product_rating, answered.result.service_rating], [2, 3]);
    assert.equal(answered.result.suggestions, "希望到场更及时");
    assert.equal(answered.result.wanted.maintenance, true);
    await tech.page.goto(`${server.url}/office/visits/${visit.id}/survey`);
    await tech.page.locator("[data-page=survey] [data-answered-by=customer_by_link]").waitFor();
    await phone.context.close();
    await tech.context.close();
  });
});
