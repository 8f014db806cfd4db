// The app on a slow phone (issue 19 §2), run by scripts/bench.sh: headless
// Chromium with its CPU throttled (CDP Emulation.setCPUThrottlingRate, 4× unless
// BENCH_CPU_RATE says otherwise) standing in for a mid-range Android phone, the
// real server, a profile on disk so that "cold" is a browser started again on the
// phone's data with no network at all.
//   1. the demo: cold offline start to Today's first row, the long tasks meanwhile;
//   2. the bench data set (10,000 customers, 100,000 visits; imported at full
//      speed): cold offline start to the first row and to the fresh plan, the
//      longest task; a routine visit saved, from the tap on 保存 to Today shown
//      without it and the flash said, and the longest task meanwhile; the
//      WebAssembly memory after start and after the save.
// Figures go to docs/PERFORMANCE.md by hand, with the machine.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { chromium } from "playwright-core";
import { CHROMIUM_ARGS, loadDemo, PHONE, startServer } from "../tests/e2e/harness.mjs";
import { benchData, watchStart } from "./data.mjs";

const RATE = Number(process.env.BENCH_CPU_RATE ?? 4);

/** A phone: a browser on the profile in `dir`, throttled by `rate`. */
async function phone(dir, rate) {
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    locale: "zh-CN",
    timezoneId: "Asia/Shanghai",
    viewport: PHONE,
  });
  // Long tasks, Today's first row, and the wasm's memory (Trunk's loader hands
  // the instance over in its start event).
  await context.addInitScript(watchStart);
  await context.addInitScript(() => addEventListener("TrunkApplicationStarted", (e) => (window.__wasm = e.detail.wasm)));
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return { context, page };
}

const memoryMb = (page) => page.evaluate(() => Math.round(window.__wasm.memory.buffer.byteLength / 2 ** 20));
const longest = (tasks) => tasks.reduce((max, t) => Math.max(max, t.ms), 0);

/** A cold start offline at `rate`: to the first row, then to the fresh plan. */
async function coldStart(dir, url, rate) {
  const { context, page } = await phone(dir, rate);
  await context.setOffline(true);
  await page.goto(url);
  await page.locator("a.visit-row").first().waitFor({ timeout: 300_000 });
  await page.locator(".shell[data-data=ready]").waitFor({ timeout: 300_000 });
  await page.locator("[data-updating]").waitFor({ state: "detached", timeout: 300_000 });
  const figures = await page.evaluate(() => {
    const plan = performance.getEntriesByName("revisit:plan").at(-1);
    return {
      firstRowMs: Math.round(window.__firstRow),
      freshPlanMs: Math.round(plan.startTime + plan.duration),
      planMs: Math.round(plan.duration),
      longTasks: window.__longTasks.slice(),
      spans: performance
        .getEntriesByType("measure")
        .filter((m) => m.name.startsWith("revisit:"))
        .map((m) => `${m.name} ${Math.round(m.startTime)}+${Math.round(m.duration)} ms`),
    };
  });
  const firstRow = figures.longTasks.filter((t) => t.at < figures.firstRowMs);
  return {
    context,
    page,
    figures: {
      firstRowMs: figures.firstRowMs,
      longestTaskToFirstRowMs: longest(firstRow),
      freshPlanMs: figures.freshPlanMs,
      planMs: figures.planMs,
      longestTaskMs: longest(figures.longTasks),
      tasksOver200Ms: figures.longTasks.filter((t) => t.ms > 200).length,
      longTasksOver100Ms: figures.longTasks.filter((t) => t.ms > 100).map((t) => `${t.ms} ms at ${t.at}`),
      spans: figures.spans,
      wasmMemoryMb: await memoryMb(page),
    },
  };
}

/** A routine visit without a checklist saved from Today: tap on 保存 to Today
 *  shown without its row and with the flash, and the plan's work for it. */
async function saveVisit(page) {
  const flash = page.locator("[data-flash=visit-saved]");
  if ((await flash.count()) > 0) {
    await flash.locator("button").click();
    await flash.waitFor({ state: "detached" });
  }
  await page.click("a[data-section=today]");
  let key = null;
  for (const bucket of ["overdue", "due", "prepare", "week"]) {
    await page.click(`button[data-bucket=${bucket}]`);
    const row = page.locator(`ul.visit-list[data-list=${bucket}] a.visit-row[data-reasons="routine"]:not([data-checklist])`).first();
    if ((await row.count()) === 0) continue;
    key = await row.getAttribute("data-visit-key");
    await row.click();
    break;
  }
  if (key === null) throw new Error("no routine visit on Today's lists");
  await page.locator("[data-page=visit] .customer").waitFor();
  await page.click("[data-rating=product] button[data-value='5']");
  await page.click("[data-rating=service] button[data-value='5']");
  return page.evaluate(async (key) => {
    const plans = performance.getEntriesByName("revisit:plan").length;
    const tasks = window.__longTasks.length;
    const t0 = performance.now();
    document.querySelector("[data-action=save-visit]").click();
    const frame = () => new Promise((r) => requestAnimationFrame(r));
    while (!(document.querySelector("[data-flash=visit-saved]") && document.querySelector("[data-page=today] a.visit-row") && !document.querySelector(`a.visit-row[data-visit-key="${key}"]`))) {
      if (performance.now() - t0 > 120_000) throw new Error("the saved visit did not show");
      await frame();
    }
    const shownMs = Math.round(performance.now() - t0);
    while (performance.getEntriesByName("revisit:plan").length === plans) await frame();
    await frame();
    const after = window.__longTasks.slice(tasks);
    return {
      shownMs,
      spans: performance
        .getEntriesByType("measure")
        .filter((m) => m.startTime >= t0 && m.name.startsWith("revisit:"))
        .map((m) => `${m.name} +${Math.round(m.startTime - t0)} ${Math.round(m.duration)} ms`),
      planMs: Math.round(performance.getEntriesByName("revisit:plan").at(-1).duration),
      longestTaskMs: after.reduce((max, t) => Math.max(max, t.ms), 0),
    };
  }, key);
}

const server = await startServer();
const dirs = [];
const profile = async () => {
  const dir = await mkdtemp(path.join(tmpdir(), "revisit-phone-"));
  dirs.push(dir);
  return dir;
};
try {
  // 1. The demo, loaded online at full speed; then a cold offline start.
  const demoDir = await profile();
  {
    const { context, page } = await phone(demoDir, 1);
    await page.goto(server.url);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await loadDemo(page);
    await context.close();
  }
  const demo = [];
  for (let run = 0; run < 3; run++) {
    const { context, figures } = await coldStart(demoDir, server.url, RATE);
    demo.push(figures);
    await context.close();
  }

  // 2. The bench data set, imported at full speed from a backup file.
  const data = benchData();
  const file = path.join(await profile(), "bench-backup.json");
  await writeFile(file, JSON.stringify({ format: "revisit-backup", version: 1, exported_at: { utc: new Date().toISOString(), offset_minutes: 480 }, data, outbox: [] }));
  const bigDir = await profile();
  {
    const { context, page } = await phone(bigDir, 1);
    await page.goto(`${server.url}/settings`);
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30_000 });
    await page.locator("[data-section=backup]").waitFor();
    await page.setInputFiles("input[name=backup]", file);
    await page.locator("[data-import=done]").waitFor({ timeout: 600_000 });
    await context.close();
  }
  const { context, page, figures: bigStart } = await coldStart(bigDir, server.url, RATE);
  const saves = [];
  for (let run = 0; run < 3; run++) saves.push(await saveVisit(page));
  const afterSaveMemoryMb = await memoryMb(page);
  await context.close();

  console.log(
    JSON.stringify(
      {
        cpuThrottling: RATE,
        demo,
        big: { customers: data.customers.length, visits: data.visits.length, start: bigStart, saves, wasmMemoryAfterSavesMb: afterSaveMemoryMb },
      },
      null,
      2,
    ),
  );
} finally {
  await server.cleanup();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
}
