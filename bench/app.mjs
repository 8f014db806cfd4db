// Browser benchmark of the app (run by scripts/bench.sh): headless Chromium, the
// real server, the demo data set at 10,000 customers (~30,000 installations),
// topped up to 100,000 visits. Measures, through what a user does:
//   1. importing it (Settings → import backup: parse, merge, IndexedDB, reload);
//   2. a fresh start until Today's lists show, and the long tasks (> 50 ms) meanwhile;
//   3. opening a customer's file from the list.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, PHONE, startServer } from "../tests/e2e/harness.mjs";
import { benchData, watchStart } from "./data.mjs";

const data = benchData();
const backup = { format: "revisit-backup", version: 1, exported_at: { utc: new Date().toISOString(), offset_minutes: 480 }, data, outbox: [] };
const file = path.join(await mkdtemp(path.join(tmpdir(), "revisit-bench-")), "bench-backup.json");
await writeFile(file, JSON.stringify(backup));

const server = await startServer();
const browser = await launchBrowser();
try {
  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${server.url}/settings`);
  await page.locator("[data-section=backup]").waitFor();
  const importStart = Date.now();
  await page.setInputFiles("input[name=backup]", file);
  await page.locator("[data-import=done]").waitFor({ timeout: 300_000 });
  const importMs = Date.now() - importStart;
  const importMeasures = await page.evaluate(() =>
    Object.fromEntries(performance.getEntriesByType("measure").map((m) => [m.name, Math.round(m.duration)])),
  );

  // A fresh start: from navigation to Today's first row, watching long tasks.
  await page.addInitScript(watchStart);
  await page.goto(server.url);
  await page.locator("a.visit-row").first().waitFor({ timeout: 120_000 });
  // Then until the lists come from the fresh plan over all the data (long tasks
  // are watched all along).
  await page.locator(".shell[data-data=ready]").waitFor({ timeout: 120_000 });
  await page.locator("[data-updating]").waitFor({ state: "detached", timeout: 120_000 });
  const start = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const appStart = performance.getEntriesByName("revisit:start")[0].startTime;
    const plan = performance.getEntriesByName("revisit:plan").at(-1);
    return {
      appStartMs: Math.round(appStart),
      firstRowMs: Math.round(window.__firstRow),
      firstRowAfterStartMs: Math.round(window.__firstRow - appStart),
      freshPlanMs: Math.round(plan.startTime + plan.duration),
      domContentLoadedMs: Math.round(nav.domContentLoadedEventEnd),
      longTasks: window.__longTasks.map((t) => t.ms),
      measures: Object.fromEntries(performance.getEntriesByType("measure").map((m) => [m.name, [Math.round(m.startTime), Math.round(m.duration)]])),
    };
  });

  // Open a customer from the list: click to its file shown.
  await page.click("a[data-section=customers]");
  await page.locator("a.customer-row").first().waitFor();
  const openMs = await page.evaluate(async () => {
    const link = document.querySelector("a.customer-row");
    const t0 = performance.now();
    link.click();
    while (!document.querySelector("[data-page=customer] h2.customer")) await new Promise((r) => requestAnimationFrame(r));
    const figures = performance.getEntriesByName("revisit:customer").at(-1);
    return { totalMs: Math.round(performance.now() - t0), figuresMs: Math.round(figures?.duration ?? -1) };
  });

  // Each report over this year of the whole data set: from the click on "year" to
  // the figures painted, and the report's own computation.
  const reports = {};
  const shown = {
    satisfaction: "[data-page=satisfaction-report] .stat-value",
    analysis: "[data-page=analysis-report] .stat-value",
    ledger: "[data-page=ledger] [data-rows]",
    plan: "[data-page=plan] [data-visits]",
  };
  for (const [name, selector] of Object.entries(shown)) {
    await page.click("a[data-section=reports]");
    await page.click(`a[data-report=${name}]`);
    await page.locator(selector).first().waitFor();
    reports[name] = await page.evaluate(async (name) => {
      const span = `revisit:report:${name}`;
      const before = performance.getEntriesByName(span).length;
      const t0 = performance.now();
      document.querySelector("button[data-span=year]").click();
      while (performance.getEntriesByName(span).length === before) await new Promise((r) => setTimeout(r, 0));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return { computeMs: Math.round(performance.getEntriesByName(span).at(-1).duration), toPaintMs: Math.round(performance.now() - t0) };
    }, name);
  }

  // The browser's own floor for that import: the same number of records of the
  // same size, put from plain JS in one transaction into a store with three indexes.
  const records = data.customers.length + data.installations.length + data.visits.length + data.events.length + data.issues.length;
  const floorPage = await (await browser.newContext()).newPage();
  await floorPage.goto(`${server.url}/manifest.webmanifest`);
  const indexedDbFloorMs = await floorPage.evaluate(async (n) => {
    const db = await new Promise((resolve) => {
      const open = indexedDB.open("floor", 1);
      open.onupgradeneeded = () => {
        const store = open.result.createObjectStore("r", { keyPath: "id" });
        for (const field of ["customer_id", "status", "planned_date"]) store.createIndex(field, field);
      };
      open.onsuccess = () => resolve(open.result);
    });
    const t0 = performance.now();
    await new Promise((resolve) => {
      const tx = db.transaction("r", "readwrite");
      const store = tx.objectStore("r");
      for (let i = 0; i < n; i++) {
        store.put({ id: crypto.randomUUID(), customer_id: crypto.randomUUID(), status: "done", planned_date: "2026-01-01", note: "x".repeat(400) });
      }
      tx.oncomplete = resolve;
    });
    return Math.round(performance.now() - t0);
  }, records);

  const counts = { customers: data.customers.length, installations: data.installations.length, visits: data.visits.length };
  console.log(JSON.stringify({ counts, importMs, indexedDbFloorMs, importMeasures, ...start, openCustomerMs: openMs, reports }, null, 2));
} finally {
  await browser.close();
  await server.cleanup();
}
