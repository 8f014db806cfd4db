#!/usr/bin/env bash
# Sets up, builds and starts Revisit: the server on http://127.0.0.1:8080 serving
# the app and the API, with its SQLite database in ./data (see README: configuration).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REVISIT_ROOT"

"$REVISIT_ROOT/scripts/setup.sh"

step "build the web app: both apps (node build/app.mjs --release)"
node build/app.mjs --release

step "build the server"
cargo build --release -p revisit-server

step "start"
exec "$CARGO_TARGET_DIR/release/revisit-server" serve "$@"
