#!/usr/bin/env bash
# Checks the deployment files shipped in deploy/ (docs/deploy.md) with the tools they
# are for: the systemd unit with systemd-analyze, the Caddyfile with caddy. (The nginx
# file is run for real in front of the server by tests/e2e/proxy.test.mjs.)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REVISIT_ROOT"
bin="${REVISIT_SERVER_BIN:?the server binary to name in the unit}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The unit as shipped, but starting the binary just built (verify checks it exists).
sed "s|/usr/local/bin/revisit-server|$bin|" deploy/revisit.service >"$work/revisit.service"
out="$(cd "$work" && systemd-analyze verify ./revisit.service 2>&1 || true)"
if [ -n "$out" ]; then
  echo "deploy/revisit.service: $out" >&2
  exit 1
fi
echo "deploy/revisit.service: systemd-analyze verify passed"

caddy validate --config deploy/Caddyfile --adapter caddyfile >"$work/caddy.log" 2>&1 ||
  { cat "$work/caddy.log" >&2; exit 1; }
echo "deploy/Caddyfile: caddy validate passed"
