// Browser benchmark of photos (run by scripts/bench.sh): a technician's device
// takes five 12-megapixel camera pictures (4032×3024) on a visit, offline, then
// syncs on loopback. Measures the time from choosing a picture to its thumbnail
// (decode, shrink to 1600 px, JPEG, digest, IndexedDB), the photos' sizes, and
// the upload of all five in 128 KB chunks.
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { launchBrowser, localDate, PHONE, picture, startServer } from "../tests/e2e/harness.mjs";

const server = await startServer();
const browser = await launchBrowser();
try {
  await server.admin("user", "add", "--login", "zhang", "--name", "张工", "--role", "technician");
  const csv = path.join(server.dataDir, "customers.csv");
  const year = new Date().getFullYear() - 1;
  await writeFile(csv, `\uFEFF客户名称,负责人,合作开始,${year}年采购额\n基准测试客户,张工,${localDate(3, 6)},6000000\n`);
  await server.admin("import", csv, "--kind", "customers");
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${server.url}/sync#enroll=${await server.enrollCode("zhang")}`);
  await page.locator(".sync-bar[data-sync=synced]").waitFor({ timeout: 30_000 });
  await context.setOffline(true);
  await page.click("a[data-section=today]");
  await page.click("button[data-bucket=week]");
  await page.locator("a.visit-row").first().click();
  // What a phone's camera hands over: a 12-megapixel JPEG (made in the page from
  // the test picture, at the camera's usual quality 0.92).
  const bmp = picture(4032, 3024);
  const jpeg = await page.evaluate(async (base64) => {
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    const bitmap = await createImageBitmap(new Blob([bytes], { type: "image/bmp" }));
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    canvas.getContext("2d").drawImage(bitmap, 0, 0);
    const blob = await canvas.convertToBlob({ type: "image/jpeg", quality: 0.92 });
    const out = new Uint8Array(await blob.arrayBuffer());
    let binary = "";
    for (let i = 0; i < out.length; i += 0x8000) binary += String.fromCharCode(...out.subarray(i, i + 0x8000));
    return btoa(binary);
  }, bmp.buffer.toString("base64"));
  const camera = { name: "IMG_0001.jpg", mimeType: "image/jpeg", buffer: Buffer.from(jpeg, "base64") };
  const shrinkMs = [];
  for (let n = 1; n <= 5; n++) {
    const start = Date.now();
    await page.setInputFiles("input[data-photo-input=camera]", camera);
    await page.locator("[data-photos=visit] .photo-thumb img").nth(n - 1).waitFor({ timeout: 60_000 });
    shrinkMs.push(Date.now() - start);
  }
  await page.click("[data-rating=product] button[data-value='5']");
  await page.click("[data-rating=service] button[data-value='5']");
  await page.click("[data-action=save-visit]");
  await page.locator("[data-page=today]").waitFor();
  const inPage = await page.evaluate(() =>
    performance
      .getEntriesByType("measure")
      .filter((m) => m.name.startsWith("revisit:photo:"))
      .map((m) => `${m.name.slice(14)} ${Math.round(m.duration)}`),
  );
  const bytes = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const open = indexedDB.open("revisit");
        open.onsuccess = () => {
          const request = open.result.transaction("photos").objectStore("photos").getAll();
          request.onsuccess = () => resolve(request.result.map((p) => p.bytes));
        };
      }),
  );
  await context.setOffline(false);
  const uploadStart = Date.now();
  await page.goto(`${server.url}/sync`);
  await page.locator("[data-photos-waiting]", { hasText: /^0$/ }).waitFor({ timeout: 120_000 });
  const syncMs = Date.now() - uploadStart;
  console.log(JSON.stringify({ picture: `4032×3024 JPEG, ${camera.buffer.length} bytes`, shrinkMs, inPage, photoBytes: bytes, syncWithUploadMs: syncMs }, null, 2));
  await context.close();
} finally {
  await browser.close();
  await server.cleanup();
}
