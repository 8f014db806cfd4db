// Browser benchmark of sync (run by scripts/bench.sh): the release server on
// SQLite holding the bench data set (10,000 customers, ~30,000 installations,
// 100,000 visits), and a fresh supervisor's device in headless Chromium.
//   1. enrollment by the link, then the first pull of everything into IndexedDB
//      (the progress bar must show while it runs);
//   2. 1,000 edits queued on the device, then "sync now": the push, end to end;
//   3. the peer: the same records replicated by PouchDB from pouchdb-server
//      (bench/pouchdb.mjs), and the ratio of the two first syncs.
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { launchBrowser, PHONE, startServer } from "../tests/e2e/harness.mjs";
import { benchData } from "./data.mjs";
import { pouchFirstSync } from "./pouchdb.mjs";

/** How many records each of the app's stores `names` holds. */
function countStores(page, names) {
  return page.evaluate(
    (names) =>
      new Promise((resolve) => {
        const open = indexedDB.open("revisit");
        open.onsuccess = () => {
          const tx = open.result.transaction(names);
          const counts = {};
          for (const name of names) tx.objectStore(name).count().onsuccess = (e) => (counts[name] = e.target.result);
          tx.oncomplete = () => {
            open.result.close();
            resolve(counts);
          };
        };
      }),
    names,
  );
}

const QUEUED = Number(process.env.BENCH_QUEUED ?? 1_000);
const data = benchData();
const file = path.join(await mkdtemp(path.join(tmpdir(), "revisit-bench-")), "data.json");
await writeFile(file, JSON.stringify(data));

const server = await startServer();
const browser = await launchBrowser();
try {
  const importStart = Date.now();
  await server.admin("import", file);
  const serverImportMs = Date.now() - importStart;
  await server.admin("user", "add", "--login", "li", "--name", "李主管", "--role", "supervisor");
  const code = await server.enrollCode("li");

  const context = await browser.newContext({ locale: "zh-CN", viewport: PHONE });
  const page = await context.newPage();
  await page.addInitScript(() => {
    new MutationObserver(() => {
      const bar = document.querySelector(".sync-bar progress");
      if (bar && !window.__progressSeen) window.__progressSeen = { max: bar.max, value: bar.value };
    }).observe(document, { childList: true, subtree: true, attributes: true });
  });
  const pullStart = Date.now();
  await page.goto(`${server.url}/sync#enroll=${code}`);
  await page.locator(".sync-bar[data-sync=synced]").waitFor({ timeout: 300_000 });
  const firstSyncMs = Date.now() - pullStart;
  const pull = await page.evaluate(() => ({
    pullMs: Math.round(performance.getEntriesByName("revisit:sync:pull").at(-1).duration),
    progressSeen: window.__progressSeen ?? null,
  }));
  const stored = await countStores(page, ["customers", "installations", "visits"]);

  // 1,000 edits of customers queued as the app queues them (record and outbox
  // entry in one transaction, based on the version the device holds).
  await page.evaluate(
    (n) =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("revisit");
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(["customers", "outbox", "versions"], "readwrite");
          const customers = tx.objectStore("customers");
          const versions = tx.objectStore("versions");
          const outbox = tx.objectStore("outbox");
          customers.getAll(null, n).onsuccess = (e) => {
            for (const c of e.target.result) {
              const edited = { ...c, notes: `${c.notes ?? ""} 已回访`.trim() };
              customers.put(edited);
              versions.get(`customer/${c.id}`).onsuccess = (v) =>
                outbox.add({
                  record_id: c.id,
                  base_version: v.target.result,
                  device_time: { utc: new Date().toISOString(), offset_minutes: 480 },
                  kind: "put_customer",
                  payload: edited,
                });
            }
          };
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        };
      }),
    QUEUED,
  );
  const queuedBefore = (await countStores(page, ["outbox"])).outbox;
  const pushesBefore = await page.evaluate(() => performance.getEntriesByName("revisit:sync:push").length);
  const pushStart = Date.now();
  await page.click("[data-action=sync-now]");
  // Done when the sync that click started has ended with nothing left to send.
  await page.waitForFunction(
    (before) =>
      performance.getEntriesByName("revisit:sync:pull").length > before &&
      document.querySelector("dd[data-queued]")?.textContent === "0",
    pushesBefore,
    { timeout: 120_000, polling: 10 },
  );
  const syncNowMs = Date.now() - pushStart;
  const pushMs = await page.evaluate(() => Math.round(performance.getEntriesByName("revisit:sync:push").at(-1).duration));

  // The server's plan of the whole company (GET /api/plan), a month and a year.
  const { token } = await (
    await fetch(`${server.url}/api/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: await server.enrollCode("li"), client_id: crypto.randomUUID(), label: "bench" }),
    })
  ).json();
  const planMs = {};
  const year = new Date().getFullYear();
  for (const [name, from] of [["december", `${year}-12-01`], ["year", `${year}-01-01`]]) {
    const start = Date.now();
    const response = await fetch(`${server.url}/api/plan?from=${from}&to=${year}-12-31`, { headers: { authorization: `Bearer ${token}` } });
    const plan = await response.json();
    planMs[name] = { ms: Date.now() - start, visits: plan.visits.length };
  }

  const pouch = await pouchFirstSync(browser, data);
  // Revisit's first sync from the address bar (app start and enrollment included)
  // against PouchDB's replication alone.
  const pouchOverRevisit = Math.round((pouch.replicateMs / firstSyncMs) * 100) / 100;

  console.log(
    JSON.stringify(
      { serverImportMs, stored, firstSyncMs, ...pull, queuedBefore, pushMs, syncNowMs, planMs, pouch, pouchOverRevisit },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  await server.cleanup();
}
