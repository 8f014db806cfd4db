#!/usr/bin/env bash
# Runs the benchmarks (figures go to docs/PERFORMANCE.md by hand, with the machine).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REVISIT_ROOT"
step "core: plan and tiering (criterion)"
cargo bench -p revisit-core --bench plan "$@"

step "server: push throughput on SQLite (200 devices, 10 visits a push, loopback)"
cargo bench -p revisit-server --bench push_load

step "the app's bundle size (release build)"
node build/app.mjs --release
node build/bundle-size.mjs

step "the app in headless Chromium (10,000 customers, 100,000 visits)"
cargo build --release -p revisit-server
REVISIT_SERVER_BIN="$CARGO_TARGET_DIR/release/revisit-server" node bench/app.mjs
REVISIT_SERVER_BIN="$CARGO_TARGET_DIR/release/revisit-server" node bench/photos.mjs

step "the app on a slow phone: CPU throttled 4× (BENCH_CPU_RATE), the demo and the bench data set"
REVISIT_SERVER_BIN="$CARGO_TARGET_DIR/release/revisit-server" node bench/phone.mjs

step "sync in headless Chromium: first pull of 140,000 records, a push of 1,000 edits, and PouchDB as the peer"
# The peer (PouchDB, pouchdb-server) is the bench's alone: not in the tests' packages.
[ -d bench/peer/node_modules/pouchdb-server ] || npm ci --prefix bench/peer --ignore-scripts --no-audit --no-fund
REVISIT_SERVER_BIN="$CARGO_TARGET_DIR/release/revisit-server" node bench/sync.mjs
