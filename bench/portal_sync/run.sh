#!/usr/bin/env bash
# bench/portal_sync/run.sh [BUILD_DIR]: the portal fixture with 10 000 bookings, then the bench.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/release}"
tmp="$(mktemp -d)"
trap 'kill "$fixture" 2>/dev/null; rm -rf "$tmp"' EXIT
python3 "$root/tests/emulators/portal/portal_fixture.py" --port 0 --port-file "$tmp/port" \
	--seed 10000 --page-size 500 2>/dev/null &
fixture=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.1; done
"$build/bench/portal_sync/civiq-bench-portal-sync" "http://127.0.0.1:$(cat "$tmp/port")" "${2:-2000}"
