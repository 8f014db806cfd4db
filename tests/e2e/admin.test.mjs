// End to end, the admin page: an admin adds a user, shows a one-time code as a QR
// code, a second browser enrolls by its link (the HTTPS address), appears among the
// user's devices, is revoked, and its next sync says it was signed out. A
// technician opening the page is told it is for admins.
import assert from "node:assert/strict";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { device, enrolled, launchBrowser, SCREENSHOTS, startServer, synced } from "./harness.mjs";

const NAME = "revisit.test";

describe("admin page", () => {
  let server;
  let browser;
  before(async () => {
    server = await startServer({ https: NAME });
    browser = await launchBrowser([`--host-resolver-rules=MAP ${NAME} 127.0.0.1`, `--ignore-certificate-errors-spki-list=${server.spki}`]);
  });
  after(async () => {
    await browser?.close();
    await server?.cleanup();
  });

  test("add a user, enroll a phone by the QR code's link, revoke it", async () => {
    await server.admin("user", "add", "--login", "root", "--name", "管理员", "--role", "admin");
    const admin = await enrolled(browser, server, "root");
    await admin.page.click("a[data-section=settings]");
    await admin.page.click("[data-action=open-admin]");
    await admin.page.locator("[data-page=admin] [data-user=root]").waitFor();

    // A new technician.
    await admin.page.fill("[data-section=add-user] input[name=login]", "li");
    await admin.page.fill("[data-section=add-user] input[name=name]", "李工");
    await admin.page.click("[data-action=add-user]");
    const li = admin.page.locator("[data-user=li]");
    await li.waitFor();
    assert.equal(await li.locator("select[name=user-role]").inputValue(), "technician");
    // Li works in technical support (the issues routed there are theirs).
    assert.equal(await li.locator("select[name=user-department]").inputValue(), "", "in none at first");
    const saved = admin.page.waitForResponse((r) => r.url().endsWith("/api/admin/users/li") && r.request().method() === "PATCH");
    await li.locator("select[name=user-department]").selectOption("technical_support");
    assert.equal((await saved).status(), 200);
    // The same login again is refused in words.
    await admin.page.fill("[data-section=add-user] input[name=login]", "li");
    await admin.page.fill("[data-section=add-user] input[name=name]", "李工");
    await admin.page.click("[data-action=add-user]");
    assert.match(await admin.page.textContent("[data-section=add-user] [role=alert]"), /已被使用/);

    // A code for li, as a QR code whose link is the HTTPS address.
    await li.locator("[data-action=issue-code]").click();
    const code = li.locator("[data-enroll-code]");
    await code.waitFor();
    assert.equal(await code.locator(".qr svg").count(), 1, "the link as a QR code");
    const link = await code.locator("[data-enroll-link]").getAttribute("data-enroll-link");
    assert.ok(link.startsWith(`${server.url}/sync#enroll=`), link);
    await mkdir(SCREENSHOTS, { recursive: true });
    await li.screenshot({ path: path.join(SCREENSHOTS, "admin-code-zh.png") });

    // Li's phone opens it (scanning the code gives this link) and enrolls.
    const phone = await device(browser);
    await phone.page.goto(link);
    await phone.page.locator("[data-section=sync-status] [data-account]", { hasText: "李工" }).waitFor();
    await synced(phone.page);
    // Li's Issues list opens on technical support's issues, theirs to handle.
    await phone.page.click("a[data-section=issues]");
    assert.equal(await phone.page.inputValue("[data-page=issues] select[name=department]"), "TechnicalSupport");
    await phone.page.click("a.sync-bar");
    await phone.page.locator("[data-action=sync-now]").waitFor();

    // The admin sees the phone among li's devices, and revokes it.
    await admin.page.reload();
    assert.equal(await admin.page.locator("[data-user=li] select[name=user-department]").inputValue(), "technical_support");
    const phoneRow = admin.page.locator("[data-user=li] [data-device]");
    await phoneRow.waitFor();
    await phoneRow.locator("[data-last-seen]").waitFor();
    await admin.page.setViewportSize({ width: 1280, height: 800 });
    await admin.page.screenshot({ path: path.join(SCREENSHOTS, "admin-zh.png"), fullPage: true });
    await phoneRow.locator("[data-action=revoke-device]").click();
    await admin.page.locator("[data-user=li] [data-device][data-revoked]").waitFor();

    // Li's next sync: signed out, said in words.
    await phone.page.click("[data-action=sync-now]");
    const problem = phone.page.locator("[data-section=sync-status] [data-problem]");
    await problem.waitFor();
    assert.match(await problem.textContent(), /登记已失效/);

    // A technician is told the page is for admins (and the server refuses them anyway).
    const tech = await enrolled(browser, server, "li");
    await tech.page.goto(`${server.url}/office/admin`);
    await tech.page.locator("[data-page=admin] [data-admin=refused]").waitFor();
    for (const d of [admin, phone, tech]) await d.context.close();
  });
});
