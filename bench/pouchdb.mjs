// The peer of the sync benchmark: the same records, as one document each, served
// by pouchdb-server (LevelDB on disk) and replicated by PouchDB into IndexedDB in
// the same headless Chromium, as a fresh device's first sync. Both come from the
// npm registry (bench/peer/package.json, installed by scripts/bench.sh).
import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { freePort, PHONE } from "../tests/e2e/harness.mjs";

const peer = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), "peer", "package.json"));

/** PouchDB's replication batch: its default is 100; 1,000 is the tuned setting
 * its guides give for a big first replication. */
export const BATCH = Number(process.env.BENCH_POUCH_BATCH ?? 1_000);

/** Every record of `data` as a PouchDB document: `kind/id`, the kind, the fields. */
function documents(data) {
  const kinds = { customers: "customer", installations: "installation", visits: "visit", events: "event", issues: "issue" };
  const docs = [];
  for (const [collection, kind] of Object.entries(kinds)) {
    for (const record of data[collection] ?? []) docs.push({ _id: `${kind}/${record.id}`, kind, body: record });
  }
  return docs;
}

async function startPouchServer() {
  const dir = await mkdtemp(path.join(tmpdir(), "revisit-pouch-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const bin = peer.resolve("pouchdb-server/bin/pouchdb-server");
  const child = spawn(process.execPath, [bin, "--port", String(port), "--dir", dir, "--no-stdout-logs"], {
    stdio: ["ignore", "ignore", "pipe"],
    cwd: dir,
  });
  let log = "";
  child.stderr.on("data", (chunk) => (log += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`pouchdb-server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { url, stop: () => child.kill("SIGTERM") };
}

/** Loads `data` into pouchdb-server, then times PouchDB's first replication of it
 * into a fresh browser context. */
export async function pouchFirstSync(browser, data) {
  const server = await startPouchServer();
  try {
    const docs = documents(data);
    const loadStart = Date.now();
    const put = await fetch(`${server.url}/revisit`, { method: "PUT" });
    if (!put.ok) throw new Error(`create the database: ${put.status} ${await put.text()}`);
    for (let i = 0; i < docs.length; i += 5_000) {
      const response = await fetch(`${server.url}/revisit/_bulk_docs`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ docs: docs.slice(i, i + 5_000) }),
      });
      if (!response.ok) throw new Error(`bulk_docs: ${response.status} ${await response.text()}`);
    }
    const serverLoadMs = Date.now() - loadStart;

    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    // Same origin as the server, so the replication needs no CORS.
    await page.goto(`${server.url}/_utils/`);
    await page.addScriptTag({ path: peer.resolve("pouchdb/dist/pouchdb.min.js") });
    const result = await page.evaluate(
      async ({ remote, batch }) => {
        const local = new PouchDB("revisit-peer");
        const start = performance.now();
        const info = await local.replicate.from(remote, { batch_size: batch, batches_limit: 5 });
        const ms = performance.now() - start;
        const count = (await local.info()).doc_count;
        const adapter = local.adapter;
        await local.destroy();
        return { ms: Math.round(ms), written: info.docs_written, count, adapter };
      },
      { remote: `${server.url}/revisit`, batch: BATCH },
    );
    await context.close();
    if (result.count !== docs.length) throw new Error(`PouchDB holds ${result.count} of ${docs.length} documents`);
    return { documents: docs.length, serverLoadMs, batchSize: BATCH, replicateMs: result.ms, adapter: result.adapter };
  } finally {
    server.stop();
  }
}
