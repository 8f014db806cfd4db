// Builds the web app into dist/: the technician's app (index.html, the `revisit`
// binary) and the office app (office.html, the `office` binary: src/office.rs),
// each by Trunk — which builds one app per page — then, for a release, minifies
// both glues (build/minify.mjs), writes the service worker's precache list of both
// (build/precache.mjs) and brotli and gzip copies of it all (build/precompress.mjs).
//
//   node build/app.mjs [--release]
//
// What scripts/run.sh, test.sh and bench.sh build with. (A plain `trunk build`
// still builds the technician's app alone, without its service worker's list.)
import { spawnSync } from "node:child_process";
import { cp, mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { kb, minifyGlue } from "./minify.mjs";
import { precache, walk } from "./precache.mjs";
import { precompress } from "./precompress.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const release = process.argv.includes("--release");
const dist = path.join(root, "dist");
const targetDir = process.env.CARGO_TARGET_DIR ?? path.join(root, "target");
const officeDist = path.join(targetDir, "office-dist");

function trunk(...args) {
  const started = Date.now();
  const run = spawnSync("trunk", ["build", ...args, ...(release ? ["--release"] : [])], {
    cwd: root,
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error(`app: trunk build ${args.join(" ")} failed (${run.status ?? run.signal})`);
    process.exit(1);
  }
  console.log(`app: trunk build ${args.join(" ")} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

// The technician's app into dist/ (Trunk empties it first), then the office app
// beside it, in a directory of its own (Trunk would empty dist/ again).
trunk();
await rm(officeDist, { recursive: true, force: true });
await mkdir(officeDist, { recursive: true });
trunk("office.html", "--html-output", "office.html", "--dist", officeDist);

// What both builds made (the styles, the QR worker, the manifest, icons) must be
// the same bytes under the same name; the office's own files join dist/.
const technicians = new Set(await walk(dist));
for (const name of await walk(officeDist)) {
  const from = path.join(officeDist, name);
  if (technicians.has(name)) {
    const [a, b] = await Promise.all([readFile(from), readFile(path.join(dist, name))]);
    if (!a.equals(b)) {
      console.error(`app: both apps built ${name}, differently`);
      process.exit(1);
    }
    continue;
  }
  await mkdir(path.dirname(path.join(dist, name)), { recursive: true });
  await cp(from, path.join(dist, name));
}

if (release) {
  for (const [bin, page] of [["revisit", "index.html"], ["office", "office.html"]]) {
    for (const [name, before, after] of await minifyGlue(dist, bin, page)) {
      console.log(`minify: ${name} ${kb(before)} → ${kb(after)} (esbuild)`);
    }
  }
}
const files = await precache(dist);
if (release) {
  const { raw, brotli } = await precompress(dist, [...files, "sw.js"]);
  console.log(`precompress: ${kb(raw)} → ${kb(brotli)} brotli (and gzip) beside each file`);
}
