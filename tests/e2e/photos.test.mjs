// End to end, photos: a technician without signal photographs the site on a visit
// (the camera's picture is shrunk on the phone and kept in IndexedDB), saves the
// visit, and comes back online on a connection that drops twice mid-upload: the
// photo reaches the server exactly once, byte for byte, and a supervisor's device
// shows it. A photo that would not fit on the device is refused in words.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { describe, test } from "node:test";
import { device, enrolled, loadDemo, localDate, picture, readStore, SCREENSHOTS, seed, suiteServerAndBrowser, synced } from "./harness.mjs";

const CUSTOMER = "南京江宁变电站运维公司";

/** The photo's full image as this device holds it, in hex SHA-256 and size. */
function heldImage(page, id) {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("revisit");
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("photo_files").objectStore("photo_files").get(id);
          request.onsuccess = async () => {
            open.result.close();
            const files = request.result;
            if (!files) return resolve(null);
            if (!files.full) return resolve("thumbnail only");
            const bytes = await files.full.arrayBuffer();
            const digest = await crypto.subtle.digest("SHA-256", bytes);
            resolve({
              size: files.full.size,
              thumb: files.thumb.size,
              sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join(""),
            });
          };
          request.onerror = () => reject(request.error);
        };
      }),
    id,
  );
}

describe("photos", () => {
  const env = suiteServerAndBrowser();

  test("a photo taken offline is uploaded exactly once after two interrupted attempts", async () => {
    const { server, browser } = env;
    const users = [["zhang", "张工", "technician"], ["li", "李主管", "supervisor"]];
    await seed(server, users, { customer: CUSTOMER, owner: "张工", city: "南京市江宁区" });
    const tech = await enrolled(browser, server, "zhang");
    await tech.page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15_000 });

    // On site, no signal: the visit, with a photo from the camera.
    await tech.context.setOffline(true);
    await tech.page.click("a[data-section=today]");
    await tech.page.click("button[data-bucket=week]");
    const [{ id }] = await readStore(tech.page, "customers");
    await tech.page.locator(`a.visit-row[data-visit-key="${id}:routine@${localDate(3)}"]`).click();
    await tech.page.click("[data-rating=product] button[data-value='5']");
    await tech.page.click("[data-rating=service] button[data-value='4']");
    await tech.page.setInputFiles("input[data-photo-input=camera]", picture());
    const thumb = tech.page.locator("[data-photos=visit] .photo-thumb img");
    await thumb.waitFor({ timeout: 20_000 });
    // The thumbnail is the picture shrunk: 240 pixels on its longer edge.
    assert.equal(await thumb.evaluate((img) => Math.max(img.naturalWidth, img.naturalHeight)), 240);
    await mkdir(SCREENSHOTS, { recursive: true });
    await tech.page.locator("[data-photos=visit]").screenshot({ path: path.join(SCREENSHOTS, "visit-photo-zh.png") });

    // The draft keeps the photo through a reload (an app killed on site).
    await tech.page.reload();
    await thumb.waitFor({ timeout: 20_000 });
    await tech.page.click("[data-action=save-visit]");
    await tech.page.locator("[data-page=today]").waitFor();

    const [photo] = await readStore(tech.page, "photos");
    assert.equal(photo.media_type, "image/jpeg");
    assert.deepEqual([photo.width, photo.height], [1600, 1200], "shrunk to 1600 on its longer edge");
    const [visit] = await readStore(tech.page, "visits");
    assert.deepEqual(photo.subject, { kind: "visit", id: visit.id });
    const held = await heldImage(tech.page, photo.id);
    assert.equal(held.size, photo.bytes);
    assert.equal(held.sha256, photo.sha256, "the record's digest is the image's");
    assert.ok(photo.bytes > 128 * 1024, `the photo spans several chunks (${photo.bytes} bytes)`);
    assert.deepEqual(await readStore(tech.page, "uploads", { keys: true }), [photo.id]);
    await tech.page.locator(".sync-bar[data-sync=offline] [data-photos='1']").waitFor();

    // The connection comes back, and drops twice during the upload: first after
    // the server took a chunk (its answer lost), then before the next one left.
    const delivered = [];
    let patches = 0;
    await tech.page.route("**/api/photos/*", async (route) => {
      const request = route.request();
      if (request.method() !== "PATCH") return route.continue();
      patches += 1;
      const offset = Number(request.headers()["upload-offset"]);
      const body = request.postDataBuffer();
      if (patches === 1) {
        await route.fetch();
        delivered.push([offset, body.length]);
        return route.abort("connectionreset");
      }
      if (patches === 2) return route.abort("internetdisconnected");
      delivered.push([offset, body.length]);
      return route.continue();
    });
    await tech.context.setOffline(false);
    // Each failure is retried; "sync now" saves the back-off's wait.
    await tech.page.goto(`${server.url}/sync`);
    const deadline = Date.now() + 60_000;
    while ((await readStore(tech.page, "uploads", { keys: true })).length > 0) {
      assert.ok(Date.now() < deadline, `the photo was not uploaded after ${patches} requests`);
      const button = tech.page.locator("[data-action=sync-now]:not([disabled])");
      if (await button.count()) await button.click();
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    assert.ok(patches >= 3, `two interrupted requests, then the rest (${patches})`);
    // Every byte reached the server once: the chunks it took tile the image.
    delivered.sort((a, b) => a[0] - b[0]);
    let end = 0;
    for (const [offset, length] of delivered) {
      assert.equal(offset, end, `chunk at ${offset} follows the bytes before it (${JSON.stringify(delivered)})`);
      end += length;
    }
    assert.equal(end, photo.bytes);
    await tech.page.locator("[data-photos-waiting]", { hasText: "0" }).waitFor();

    // The server holds that very image.
    const token = (await readStore(tech.page, "meta")).find((v) => v?.token)?.token;
    assert.ok(token, "the device's token");
    const served = await fetch(`${server.url}/api/photos/${photo.id}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(served.status, 200);
    const bytes = Buffer.from(await served.arrayBuffer());
    assert.equal(bytes.length, photo.bytes);
    assert.equal(createHash("sha256").update(bytes).digest("hex"), photo.sha256);

    // Uploaded, its full image can leave the phone: the thumbnail stays, and the
    // photo opens from the server.
    await tech.page.goto(`${server.url}/settings`);
    await tech.page.click("[data-action=free-photos]");
    await tech.page.locator("[data-freed='1']").waitFor();
    await tech.page.locator("[data-section=storage]").screenshot({ path: path.join(SCREENSHOTS, "settings-photos-freed-zh.png") });
    assert.equal(await heldImage(tech.page, photo.id), "thumbnail only");
    await tech.page.goto(`${server.url}/customers/${visit.customer_id}`);
    await tech.page.locator("[data-section=visits] .photo-thumb img").click();
    const whole = tech.page.locator(".photo-viewer img");
    await whole.waitFor({ timeout: 20_000 });
    assert.equal(await whole.evaluate((img) => img.naturalWidth), 1600);

    // The supervisor's device pulls the visit and shows the photo from the server.
    const sup = await enrolled(browser, server, "li");
    const [customer] = await readStore(sup.page, "customers");
    await sup.page.goto(`${server.url}/customers/${customer.id}`);
    const shown = sup.page.locator("[data-section=visits] .photo-thumb img");
    await shown.waitFor({ timeout: 20_000 });
    assert.equal(await shown.evaluate((img) => img.naturalWidth), 1600, "the server's photo, whole");
    await shown.click();
    await sup.page.locator(".photo-viewer img").waitFor();
    await sup.page.screenshot({ path: path.join(SCREENSHOTS, "photo-viewer-zh.png") });
    await tech.context.close();
    await sup.context.close();
  });

  test("a photo that does not fit on the device is refused in words, and nothing is kept", async () => {
    const { server, browser } = env;
    const { context, page } = await device(browser);
    // A device with almost no room left: the browser's estimate says 50 KB beyond
    // the reserve the app keeps for records. (Chromium's DevTools quota override
    // does not reach this build's storage, so the estimate is what is injected.)
    await page.addInitScript(() => {
      const original = StorageManager.prototype.estimate;
      StorageManager.prototype.estimate = async function () {
        const real = await original.call(this);
        if (!window.__nearlyFull) return real;
        return { usage: real.usage, quota: real.usage + 20 * 1024 * 1024 + 50_000 };
      };
    });
    await page.goto(`${server.url}/`);
    await loadDemo(page);
    const [issue] = await readStore(page, "issues");
    await page.goto(`${server.url}/issues/${issue.id}`);
    await page.locator("[data-photos=issue]").waitFor();
    await page.evaluate(() => (window.__nearlyFull = true));
    await page.setInputFiles("input[data-photo-input=gallery]", picture());
    const refused = page.locator("[data-photo-refused]");
    await refused.waitFor({ timeout: 20_000 });
    assert.match(await refused.textContent(), /空间不足.*需要 [\d.]+ MB，可用 0\.0 MB/);
    assert.equal((await readStore(page, "photo_files", { keys: true })).length, 0, "no image kept");
    assert.equal((await readStore(page, "photos")).length, 0, "no record saved");

    // With room again, the same picture is kept and saved on the issue at once.
    await page.evaluate(() => (window.__nearlyFull = false));
    await page.setInputFiles("input[data-photo-input=gallery]", picture());
    await page.locator("[data-photos=issue] .photo-thumb img").waitFor({ timeout: 20_000 });
    assert.equal(await refused.count(), 0);
    const [photo] = await readStore(page, "photos");
    assert.deepEqual(photo.subject, { kind: "issue", id: issue.id });
    const outbox = await readStore(page, "outbox");
    assert.ok(outbox.some((m) => m.kind === "put_photo" && m.record_id === photo.id), "queued for sync");
    await page.goto(`${server.url}/settings`);
    const space = page.locator("[data-photo-space]", { hasText: "MB" });
    await space.waitFor();
    assert.match(await space.textContent(), /^0\.[1-9]\d* MB$|^[1-9][\d.]* MB$/);
    await context.close();
  });
});
