// Minifies the app's JS glue (revisit-*.js) of a release build with esbuild, in
// Trunk's post_build hook before the precache list is written (build/precache.mjs):
// Trunk's own minifier fails on wasm-bindgen's glue and ships it as it is. The
// glue's subresource-integrity hash in index.html is rewritten to match, or the
// browser would refuse the script.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { transform } from "esbuild";

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Minifies the glue in `dir` (Trunk's staging dir); returns [file, before, after]s. */
export async function minifyGlue(dir) {
  const indexPath = path.join(dir, "index.html");
  let index = await readFile(indexPath, "utf8");
  const done = [];
  for (const name of (await readdir(dir)).filter((n) => /^revisit-[0-9a-f]+\.js$/.test(n))) {
    const file = path.join(dir, name);
    const source = await readFile(file);
    const { code } = await transform(source.toString("utf8"), {
      minify: true,
      format: "esm",
      target: "es2020",
      legalComments: "none",
    });
    const before = sri(source);
    if (!index.includes(before)) {
      throw new Error(`minify: index.html has no integrity ${before} for ${name}`);
    }
    await writeFile(file, code);
    index = index.replaceAll(before, sri(Buffer.from(code)));
    done.push([name, source.length, Buffer.byteLength(code)]);
  }
  await writeFile(indexPath, index);
  return done;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
  for (const [name, before, after] of await minifyGlue(dir)) {
    console.log(`minify: ${name} ${kb(before)} → ${kb(after)}`);
  }
}

export { kb };
