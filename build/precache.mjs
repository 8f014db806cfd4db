// Trunk post_build hook: minifies a release build's JS glue (build/minify.mjs),
// then lists every file of this build (Trunk's hashed .js,
// .wasm and .css, index.html, manifest, icons) into the service worker, with a
// version derived from their contents, so a changed build is a new cache and
// an unchanged one is not; last, brotli and gzip copies of it all
// (build/precompress.mjs). One hook, in this order: Trunk runs a stage's hooks at once.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { kb, minifyGlue } from "./minify.mjs";
import { precompress } from "./precompress.mjs";

const MARKER = "__REVISIT_PRECACHE__";
const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error("precache: TRUNK_STAGING_DIR is not set (run through `trunk build`)");
  process.exit(1);
}

async function walk(root, rel = "") {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await walk(root, name)));
    else files.push(name);
  }
  return files;
}

// A release build's JS glue is minified first: the list and version are of what ships.
if (process.env.TRUNK_PROFILE === "release") {
  for (const [name, before, after] of await minifyGlue(dir)) {
    console.log(`minify: ${name} ${kb(before)} → ${kb(after)} (esbuild)`);
  }
}

const files = (await walk(dir)).filter((name) => name !== "sw.js").sort();
const hash = createHash("sha256");
for (const name of files) {
  hash.update(name);
  hash.update(await readFile(path.join(dir, name)));
}
const build = { version: hash.digest("hex").slice(0, 16), files: files.map((name) => `/${name}`) };

const swPath = path.join(dir, "sw.js");
const sw = await readFile(swPath, "utf8");
if (!sw.includes(MARKER)) {
  console.error(`precache: ${MARKER} not found in sw.js`);
  process.exit(1);
}
await writeFile(swPath, sw.replace(MARKER, JSON.stringify(build)));
console.log(`precache: ${build.files.length} files, version ${build.version}`);

// Last, a release build's files get their brotli and gzip copies
// (build/precompress.mjs): of exactly what ships, the service worker included.
if (process.env.TRUNK_PROFILE === "release") {
  const { raw, brotli } = await precompress(dir, [...files, "sw.js"]);
  console.log(`precompress: ${kb(raw)} → ${kb(brotli)} brotli (and gzip) beside each file`);
}
