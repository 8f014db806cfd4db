// End to end: equipment lookup, offline. A serial number typed (or the text of a
// nameplate's code) finds its installation, and the customer's file opens on it
// with its next visit.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import path from "node:path";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { launchBrowser, offlineWithDemo, PHONE, readStore, suiteServerAndBrowser } from "./harness.mjs";

const FIXTURE = path.join(import.meta.dirname, "fixtures", "nameplate-qr.png");
/** A 1×1 white PNG. */
const BLANK = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGP4DwABAQEAG7buVgAAAABJRU5ErkJggg==",
  "base64",
);

describe("equipment lookup", () => {
  const env = suiteServerAndBrowser();

  test("a serial number or a nameplate's text lands on its installation", async () => {
    const { context, page } = await offlineWithDemo(env.browser, env.server.url);
    const installation = (await readStore(page, "installations")).find((i) => i.serial_number);
    assert.ok(installation, "the demo's installations have serial numbers");

    await page.click("a[data-section=customers]");
    await page.fill("input[name=customer-search]", `型号:XGN15-12;出厂编号:${installation.serial_number.toLowerCase()}`);
    const found = page.locator(`.equipment-found a[data-installation="${installation.id}"]`);
    await found.waitFor();
    assert.equal(await page.locator(".equipment-found li").count(), 1, "exactly the one installation");
    // No "no customer found" beside the installation that was found.
    assert.doesNotMatch(await page.textContent("[data-page=customers] [data-count]"), /没有符合条件的客户/);
    await found.click();
    await page.locator("[data-page=customer] h2.customer").waitFor();
    assert.equal(new URL(page.url()).hash, `#installation-${installation.id}`);
    const target = page.locator(`#installation-${installation.id}`);
    assert.match(await target.textContent(), new RegExp(installation.serial_number));
    await page.locator(`#installation-${installation.id}.found`).waitFor();
    assert.equal(await page.locator(".installation.found").count(), 1, "that installation, marked");

    // A photo of a nameplate's QR code (a fixture holding "铭牌 XGN15-12 ·
    // ID:00000002-…", the demo's first installation) finds it the same way.
    await page.click("a[data-section=customers]");
    await page.setInputFiles("input[name=nameplate-photo]", FIXTURE);
    await page.locator("[data-scan=read]").waitFor();
    assert.match(await page.textContent("[data-scan=read]"), /已识别：铭牌 XGN15-12/);
    await page.locator('.equipment-found a[data-installation="00000002-0000-0000-0000-000000000000"]').waitFor();
    // A photo without a code says so, and leaves the lookup to typing.
    await page.setInputFiles("input[name=nameplate-photo]", { name: "blank.png", mimeType: "image/png", buffer: BLANK });
    await page.locator("[data-scan=none]").waitFor();

    // Part of a serial is no match: nothing is guessed.
    await page.click("a[data-section=customers]");
    await page.fill("input[name=customer-search]", installation.serial_number.slice(0, -2));
    await page.locator("[data-count]").waitFor();
    assert.equal(await page.locator(".equipment-found").count(), 0);
    await context.close();
  });
});

/** The fixture nameplate centred on a 640×480 white frame, as one frame of a
 *  Y4M video (I420), made in a page's canvas: what Chromium's fake camera plays. */
async function nameplateVideo(page) {
  const dataUrl = `data:image/png;base64,${(await readFile(FIXTURE)).toString("base64")}`;
  const frame = await page.evaluate(async (src) => {
    const [W, H] = [640, 480];
    const image = new Image();
    image.src = src;
    await image.decode();
    const canvas = document.createElement("canvas");
    canvas.width = W;
    canvas.height = H;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, W, H);
    const side = Math.min(400, image.width);
    ctx.drawImage(image, (W - side) / 2, (H - side) / 2, side, side);
    const { data } = ctx.getImageData(0, 0, W, H);
    const y = new Uint8Array(W * H);
    const u = new Uint8Array((W / 2) * (H / 2)).fill(128);
    const v = new Uint8Array((W / 2) * (H / 2)).fill(128);
    for (let i = 0; i < W * H; i++) {
      y[i] = Math.round(0.299 * data[4 * i] + 0.587 * data[4 * i + 1] + 0.114 * data[4 * i + 2]);
    }
    const bytes = [...new TextEncoder().encode(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\nFRAME\n`), ...y, ...u, ...v];
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.slice(i, i + 0x8000));
    return btoa(binary);
  }, dataUrl);
  return Buffer.from(frame, "base64");
}

describe("live nameplate scanning", () => {
  const env = suiteServerAndBrowser();

  test("the camera's picture of a nameplate's QR code lands on its installation", async () => {
    // A camera that films the nameplate: Chromium's fake capture device playing it.
    const dir = await mkdtemp(path.join(tmpdir(), "revisit-camera-"));
    const video = path.join(dir, "nameplate.y4m");
    const helper = await env.browser.newPage();
    await writeFile(video, await nameplateVideo(helper));
    await helper.close();
    const camera = await launchBrowser([
      "--use-fake-device-for-media-stream",
      "--use-fake-ui-for-media-stream",
      `--use-file-for-fake-video-capture=${video}`,
    ]);
    try {
      const { context, page } = await offlineWithDemo(camera, env.server.url, { permissions: ["camera"] });
      await page.click("a[data-section=customers]");
      await page.click("[data-action=scan-live]");
      await page.locator(".scanner video").waitFor();
      await page.locator("[data-scan=read]").waitFor({ timeout: 20_000 });
      assert.match(await page.textContent("[data-scan=read]"), /已识别：铭牌 XGN15-12/);
      assert.equal(await page.locator(".scanner").count(), 0, "the viewfinder closes on a read");
      await page.locator('.equipment-found a[data-installation="00000002-0000-0000-0000-000000000000"]').waitFor();
      // The camera is off once the code is read.
      const live = await page.evaluate(() =>
        [...document.querySelectorAll("video")].some((v) => v.srcObject?.getTracks().some((t) => t.readyState === "live")),
      );
      assert.equal(live, false);
      await context.close();
    } finally {
      await camera.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  test("without a camera the technician is told, and the photo and typing remain", async () => {
    const context = await env.browser.newContext({ locale: "zh-CN", viewport: PHONE });
    const page = await context.newPage();
    await page.goto(`${env.server.url}/customers`);
    await page.locator(".shell[data-data=ready]").waitFor();
    await page.click("[data-action=scan-live]");
    const error = page.locator("[data-camera-error]");
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.textContent(), /相机/);
    assert.equal(await page.locator(".scanner").count(), 0);
    await context.close();
  });
});
