#!/usr/bin/env bash
# Target 2: one `load concerns` run against a fresh database.
#
#   benches/scripts/pgrun.sh BINARY [SECONDS]
#
# Env: CONNS (16); DBURL (default the local PostgreSQL database `shperf`, dropped and
# made again, as user postgres with the password .ci/run sets; or a sqlite:// URL, whose
# file is removed first); LOAD (the load program, default the newest
# target/release/deps/load-*: `cargo bench --bench load --no-run`); SERVE_ENV (extra
# VAR=VALUE for the server). Prints the load program's result, then PostgreSQL's and the
# mock Slack's CPU over the run, how busy the machine was and its steal time.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN=$1
SECS=${2:-20}
CONNS=${CONNS:-16}
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
LOAD=${LOAD:-$(ls -t "$TARGET"/release/deps/load-* | grep -v '\.d$' | head -1)}
WORK="${WORK:-/tmp/shperf}"
mkdir -p "$WORK"
export SLACK_SIGNING_SECRET=perf-harness-not-a-real-secret-0123456789
export SAFEHARBOR_CONFIG="$ROOT/benches/perf.toml"
DB=${DBURL:-postgres://postgres:safeharbor-ci@127.0.0.1:5432/shperf?sslmode=disable}
if [[ $DB == postgres* ]]; then
  su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS shperf' -c 'CREATE DATABASE shperf'" >/dev/null
else
  f=${DB#sqlite://}; rm -f "${f%%\?*}"*
fi
export DATABASE_URL=$DB
"$BIN" roster import "$ROOT/benches/perf-roster.csv" >/dev/null
"$LOAD" mock-slack --port 3091 >"$WORK/mock.log" 2>&1 &
MOCK=$!
# shellcheck disable=SC2086
env ${SERVE_ENV:-} SLACK_BOT_TOKEN=xoxb-perf SLACK_API_URL=http://127.0.0.1:3091/api/ \
  "$BIN" serve --dev --listen 127.0.0.1:8091 >"$WORK/serve.log" 2>&1 &
SERVE=$!
trap 'kill $SERVE $MOCK 2>/dev/null || true' EXIT
for _ in $(seq 200); do curl -sf http://127.0.0.1:8091/readyz >/dev/null && break; sleep 0.05; done
# CPU ticks of every PostgreSQL process (with children), and the machine's idle/total/steal.
pgcpu() { local t=0 s; for p in $(pgrep -u postgres || true); do s=$(awk '{print $14+$15+$16+$17}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + s)); done; echo $t; }
machine() { awk '/^cpu /{print $5+$6, $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
P0=$(pgcpu); read -r I0 T0 S0 < <(machine); M0=$(awk '{print $14+$15}' /proc/$MOCK/stat)
"$LOAD" concerns --url http://127.0.0.1:8091 --conns "$CONNS" --warmup 3 --seconds "$SECS" --pid $SERVE --db "$DB"
P1=$(pgcpu); read -r I1 T1 S1 < <(machine); M1=$(awk '{print $14+$15}' /proc/$MOCK/stat)
echo "postgres cpu: $(((P1 - P0) * 10)) ms; mock cpu: $(((M1 - M0) * 10)) ms; machine busy: $((100 - 100 * (I1 - I0) / (T1 - T0))) %; steal $((100 * (S1 - S0) / (T1 - T0))) %"
