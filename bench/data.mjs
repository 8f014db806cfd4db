// The benchmarks' data set: the demo at 10,000 customers (~30,000 installations),
// its visit history topped up to 100,000 visits with older copies.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";

export const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 10_000);
export const VISITS = Number(process.env.BENCH_VISITS ?? 100_000);

export function benchData() {
  const today = new Date().toISOString().slice(0, 10);
  const data = JSON.parse(
    execFileSync(process.env.REVISIT_SERVER_BIN, ["demo", "--customers", String(CUSTOMERS), "--today", today], { maxBuffer: 1 << 30 }),
  );
  // New ids, a year further back each round.
  const history = data.visits.slice();
  for (let round = 1; data.visits.length < VISITS; round++) {
    for (const v of history) {
      if (data.visits.length >= VISITS) break;
      const utc = new Date(v.result.completed_at.utc);
      utc.setFullYear(utc.getFullYear() - round);
      data.visits.push({ ...v, id: randomUUID(), planned_date: null, result: { ...v.result, completed_at: { ...v.result.completed_at, utc: utc.toISOString() } } });
    }
  }
  return data;
}

/** An init script for a page under measure: its long tasks (when and how long)
 *  in `window.__longTasks`, and when Today's first row appeared, as the page sees
 *  it, in `window.__firstRow`. */
export function watchStart() {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
  }).observe({ type: "longtask", buffered: true });
  new MutationObserver((_, observer) => {
    if (document.querySelector("a.visit-row")) {
      window.__firstRow = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
}
