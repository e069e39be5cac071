#!/usr/bin/env bash
# Target 1: bare_limit and one or more SafeHarbor builds in one compare run.
#
#   benches/scripts/t1.sh LABEL=BINARY[:VAR=VALUE,...] ...
#
# e.g. `t1.sh base=target/release/safeharbor one=target/release/safeharbor:TOKIO_WORKER_THREADS=1`.
# Needs the harness copied to $PERF (default /tmp/perf: `cp -r ../shared/perf /tmp/perf`,
# then its README's setup: wrk, bare_limit built). Env: ROUNDS (3), DURATION (15 s).
# Each build serves on its own port with its own SQLite file under $WORK (/tmp/shperf).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PERF="${PERF:-/tmp/perf}"
WORK="${WORK:-/tmp/shperf}"
mkdir -p "$WORK"
export SLACK_SIGNING_SECRET=perf-harness-not-a-real-secret-0123456789
"$PERF/bare_limit/target/release/bare_limit" 3001 >/dev/null 2>&1 &
pids=($!)
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
targets=("bare_limit=http://127.0.0.1:3001/slack/commands@${pids[0]}")
port=8080
for spec in "$@"; do
  label=${spec%%=*}
  rest=${spec#*=}
  bin=${rest%%:*}
  envs=()
  if [[ $rest == *:* ]]; then IFS=, read -r -a envs <<<"${rest#*:}"; fi
  rm -f "$WORK/t1-$label.db"*
  env "${envs[@]}" RUST_LOG=warn SAFEHARBOR_CONFIG="$ROOT/benches/perf.toml" \
    DATABASE_URL="sqlite://$WORK/t1-$label.db?mode=rwc" \
    "$bin" serve --dev --listen "127.0.0.1:$port" >"$WORK/t1-$label.log" 2>&1 &
  pid=$!
  pids+=("$pid")
  for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  targets+=("$label=http://127.0.0.1:$port/slack/commands@$pid")
  port=$((port + 1))
done
cd "$PERF"
ROUNDS="${ROUNDS:-3}" WARMUP=3 DURATION="${DURATION:-15}" ./compare.sh "${targets[@]}"
