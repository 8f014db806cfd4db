// Fails when a crate's files import each other in a loop (a → b → … → a).
//
// Usage: node build/module-loops.mjs core/src server/src src
//
// A loop means neither file can be read, tested or moved without the other: the
// architecture's layers (views → state → sync engine / store → core) only hold if
// nothing points back up. Each `.rs` file is a module; an edge a → b is any
// `crate::b…` or `super::b…` path in a's code (comments and `#[cfg(test)] mod tests`
// left out). A module and its own parent or children are one unit here — `mod.rs`
// declaring its children and children using their parent's private items is how
// Rust modules are meant to be split — so only edges between unrelated modules count.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

function rustFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...rustFiles(path));
    else if (name.endsWith('.rs')) out.push(path);
  }
  return out;
}

function moduleOf(root, path) {
  const parts = relative(root, path).slice(0, -3).split(sep);
  if (['mod', 'lib', 'main'].includes(parts.at(-1))) parts.pop();
  return parts.join('::');
}

/** The code of a file without comments, string contents and its unit tests. */
function code(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\/\/.*$/gm, '')
    .replace(/#\[cfg\(test\)\]\s*mod\s+tests\s*\{[\s\S]*/, '');
}

/** The paths a file names under `prefix::`: `a::b`, and each item of `{a::b, c}`. */
function paths(text, prefix) {
  const found = [];
  const re = new RegExp(`\\b${prefix}::(\\{[^;]*?\\}|[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)`, 'g');
  for (const m of text.matchAll(re)) {
    if (!m[1].startsWith('{')) {
      found.push(m[1]);
      continue;
    }
    // Top-level items of the group: split on commas outside nested braces.
    let depth = 0, item = '';
    for (const ch of m[1].slice(1, -1) + ',') {
      if (ch === '{') depth++;
      if (ch === '}') depth--;
      if (ch === ',' && depth === 0) {
        const head = item.trim().match(/^[A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*/);
        if (head) found.push(head[0]);
        item = '';
      } else item += ch;
    }
  }
  return found;
}

function related(a, b) {
  return a === b || a.startsWith(`${b}::`) || b.startsWith(`${a}::`) || a === '' || b === '';
}

function loops(root) {
  const files = new Map(rustFiles(root).map((p) => [moduleOf(root, p), p]));
  const resolve = (path) => {
    const parts = path.split('::');
    for (let i = parts.length; i > 0; i--) {
      const m = parts.slice(0, i).join('::');
      if (files.has(m)) return m;
    }
    return null;
  };
  const edges = new Map();
  for (const [m, p] of files) {
    const text = code(readFileSync(p, 'utf8'));
    const out = new Set();
    // `super::` in module a::b (file `a/b.rs` or `a/b/mod.rs`) is a.
    const base = m.split('::').slice(0, -1);
    for (const path of paths(text, 'crate')) out.add(resolve(path));
    for (const path of paths(text, 'super')) out.add(resolve([...base, path].join('::')));
    out.delete(null);
    edges.set(m, [...out].filter((t) => !related(m, t)));
  }
  // Tarjan's strongly connected components: each with more than one module is a loop.
  let next = 0;
  const index = new Map(), low = new Map(), stack = [], onStack = new Set(), found = [];
  const visit = (v) => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of edges.get(v)) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const component = [];
      let w;
      do { w = stack.pop(); onStack.delete(w); component.push(w); } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of files.keys()) if (!index.has(v)) visit(v);
  return found.map((c) => c.map((m) => `${m} → ${edges.get(m).filter((t) => c.includes(t)).join(', ')}`));
}

let failed = false;
for (const root of process.argv.slice(2)) {
  const found = loops(root);
  for (const loop of found) {
    failed = true;
    console.error(`${root}: modules import each other in a loop:\n  ${loop.join('\n  ')}`);
  }
  if (!found.length) console.log(`${root}: no import loops`);
}
process.exit(failed ? 1 : 0);
