#!/usr/bin/env bash
# Target 1 in instructions, which the machine's load does not move: `serve` under
# callgrind answering N signed `/indicators` on one keep-alive connection (cg.py),
# counted from the first request (start-up left out).
#
#   benches/scripts/cg.sh BINARY [N=3000] [OUT=/tmp/shperf/cg.out]
#   callgrind_annotate --inclusive=yes OUT.1 | grep safeharbor::
#
# Needs valgrind and python3. Valgrind hides SHA-NI, so the signature's SHA-256 runs in
# software here (about 33 k instructions a request that the real CPU does in hardware).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN=$1
N=${2:-3000}
WORK="${WORK:-/tmp/shperf}"
OUT=${3:-$WORK/cg.out}
mkdir -p "$WORK"
export SLACK_SIGNING_SECRET=perf-harness-not-a-real-secret-0123456789
rm -f "$WORK/cg.db"*
RUST_LOG=warn SAFEHARBOR_CONFIG="$ROOT/benches/perf.toml" DATABASE_URL="sqlite://$WORK/cg.db?mode=rwc" \
  valgrind --tool=callgrind --callgrind-out-file="$OUT" "$BIN" serve --dev --listen 127.0.0.1:8099 \
  >"$WORK/cg.log" 2>&1 &
VP=$!
for _ in $(seq 120); do curl -sf http://127.0.0.1:8099/readyz >/dev/null && break; sleep 0.5; done
callgrind_control -z $VP >/dev/null 2>&1
python3 "$ROOT/benches/scripts/cg.py" 8099 "$N"
callgrind_control -d $VP >/dev/null 2>&1
kill -INT $VP
wait $VP || true
total=$(callgrind_annotate "$OUT.1" 2>/dev/null | awk '/PROGRAM TOTALS/{gsub(",","",$1); print $1}')
echo "instructions a request: $((total / N))"
