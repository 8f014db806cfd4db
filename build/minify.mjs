// Minifies an app's JS glue (revisit-*.js, office-*.js) of a release build with
// esbuild, before the precache list is written (build/app.mjs): Trunk's own
// minifier fails on wasm-bindgen's glue and ships it as it is. The glue's
// subresource-integrity hash in its page (index.html, office.html) is rewritten to
// match, or the browser would refuse the script.
import { createHash } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { transform } from "esbuild";

const sri = (bytes) => `sha384-${createHash("sha384").update(bytes).digest("base64")}`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

/** Minifies the glue of the binary `bin` in `dir`, whose page is `page`; returns
 *  [file, before, after]s. */
export async function minifyGlue(dir, bin = "revisit", page = "index.html") {
  const indexPath = path.join(dir, page);
  let index = await readFile(indexPath, "utf8");
  const done = [];
  const glue = new RegExp(`^${bin}-[0-9a-f]+\\.js$`);
  for (const name of (await readdir(dir)).filter((n) => glue.test(n))) {
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
      throw new Error(`minify: ${page} has no integrity ${before} for ${name}`);
    }
    await writeFile(file, code);
    index = index.replaceAll(before, sri(Buffer.from(code)));
    done.push([name, source.length, Buffer.byteLength(code)]);
  }
  await writeFile(indexPath, index);
  return done;
}

export { kb };
