// The last step of a release build (build/app.mjs calls it once the glue is
// minified and the service worker written: compressing earlier shipped a copy of
// the glue from before it was minified once — seen, and the browser refused the
// mismatched script). Writes a brotli (quality
// 11) and a gzip (level 9) copy beside each file of a build that compresses, so the
// server sends the smallest encoding a browser accepts without compressing on
// every request (on the fly it used a low brotli level: 792 KB of wasm on the wire
// where quality 11 gives 626 KB, measured 2026-12-02). Debug builds are left
// alone: brotli 11 of a debug wasm takes long and nobody ships it.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { brotliCompress, constants, gzip } from "node:zlib";
import { promisify } from "node:util";

// Text and wasm compress; images (png) are compressed already.
const COMPRESSIBLE = /\.(wasm|js|css|html|json|webmanifest|svg|txt)$/;
// Below this a compressed copy saves less than its headers cost.
const SMALLEST = 1024;
const br = promisify(brotliCompress);
const gz = promisify(gzip);

/** Writes `.br` and `.gz` beside each compressible one of `names` (paths under
 *  `dir`: the build's files, as precache.mjs lists them); returns the raw and
 *  brotli bytes of what it compressed. */
export async function precompress(dir, names) {
  let raw = 0;
  let brotli = 0;
  for (const name of names.filter((n) => COMPRESSIBLE.test(n))) {
    const file = path.join(dir, name);
    const bytes = await readFile(file);
    if (bytes.length < SMALLEST) continue;
    const [b, g] = await Promise.all([
      br(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
      gz(bytes, { level: 9 }),
    ]);
    await writeFile(`${file}.br`, b);
    await writeFile(`${file}.gz`, g);
    raw += bytes.length;
    brotli += b.length;
  }
  return { raw, brotli };
}
