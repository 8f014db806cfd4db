// Lists every file of a build (both apps' hashed .js, .wasm and .css, their HTML
// pages, the manifest, icons) into the service worker, with a version derived
// from their contents, so a changed build is a new cache and an unchanged one is
// not. Called by build/app.mjs once both apps are built and their glue minified.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";

const MARKER = "__REVISIT_PRECACHE__";

/** Every file under `root`, as paths relative to it. */
export async function walk(root, rel = "") {
  const entries = await readdir(path.join(root, rel), { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const name = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) files.push(...(await walk(root, name)));
    else files.push(name);
  }
  return files;
}

/** Writes the precache list into `dir`/sw.js; returns the files listed (the
 *  service worker apart). */
export async function precache(dir) {
  const files = (await walk(dir)).filter((name) => name !== "sw.js" && !/\.(br|gz)$/.test(name)).sort();
  const hash = createHash("sha256");
  for (const name of files) {
    hash.update(name);
    hash.update(await readFile(path.join(dir, name)));
  }
  const build = { version: hash.digest("hex").slice(0, 16), files: files.map((name) => `/${name}`) };
  const swPath = path.join(dir, "sw.js");
  const sw = await readFile(swPath, "utf8");
  if (!sw.includes(MARKER)) throw new Error(`precache: ${MARKER} not found in sw.js`);
  await writeFile(swPath, sw.replace(MARKER, JSON.stringify(build)));
  console.log(`precache: ${build.files.length} files, version ${build.version}`);
  return files;
}
