#!/usr/bin/env bash
# bench/nfc_exchange/run.sh [BUILD_DIR] [ROUNDS]: the benchmark through vpcd, the PN532
# emulator and, when this machine can host it, a private pcscd with the vpcd driver.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build/release}"
rounds="${2:-5}"
bench="$build/bench/nfc_exchange/civiq-bench-nfc-exchange"
rig="$root/tests/emulators/pcscd/pcscd-vpcd"
if ! "$rig" --if-possible true 2>/dev/null; then
	exec "$bench" "$build/test-pki" "$rounds"
fi
port=$(python3 -c 'import random; print(random.randint(20000, 32000))')
run="$build/pcsc-bench"
"$rig" "$run" "$port" "$build/tests/emulators/vpcd-card/vpcd-card" --port "$port" \
	--pki "$build/test-pki" --quiet >"$run.out" 2>/dev/null &
rig_pid=$!
trap 'kill "$rig_pid" 2>/dev/null; wait "$rig_pid" 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -s "$run.out" ] && break; sleep 0.05; done
PCSCLITE_CSOCK_NAME="$run/run/pcscd/pcscd.comm" "$bench" "$build/test-pki" "$rounds" \
	"$(head -n1 "$run.out")"
