#!/usr/bin/env bash
# Sets up and runs every check and test of Revisit (what CI runs, via .ci/run).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REVISIT_ROOT"
started=$SECONDS

"$REVISIT_ROOT/scripts/setup.sh" --tests

step "format (cargo fmt --check)"
cargo fmt --all --check

step "lint core and server (clippy, native)"
cargo clippy -p revisit-core -p revisit-server --all-targets -- -D warnings

step "lint the app (clippy, wasm32)"
cargo clippy -p revisit --target wasm32-unknown-unknown --all-targets -- -D warnings

step "native tests: core and server (SQLite)"
cargo test -p revisit-core -p revisit-server

step "server tests again, against PostgreSQL (a throwaway server on loopback)"
pg_dir="$(mktemp -d)/pg"
trap '"$REVISIT_ROOT/scripts/postgres.sh" stop "$pg_dir"; rm -rf "$(dirname "$pg_dir")"' EXIT
REVISIT_TEST_POSTGRES="$("$REVISIT_ROOT/scripts/postgres.sh" start "$pg_dir")" \
  cargo test -p revisit-server --test api
"$REVISIT_ROOT/scripts/postgres.sh" stop "$pg_dir"

step "browser tests of the app (wasm-bindgen-test, headless Chromium)"
cargo test -p revisit --target wasm32-unknown-unknown

step "build the app for release (trunk)"
trunk build --release

step "end-to-end tests (Playwright, headless Chromium, real server)"
cargo build -p revisit-server
REVISIT_SERVER_BIN="$CARGO_TARGET_DIR/debug/revisit-server" node --test --test-concurrency=2 tests/e2e/

step "all checks passed in $((SECONDS - started)) s"
