#!/usr/bin/env bash
# One benchmark run: a fresh database, the server pinned to core 0, chat-loadgen pinned to core 1.
#   examples/loadgen/bench.sh BINARY postgres|sqlite LOADGEN-ARGS…
# e.g. examples/loadgen/bench.sh target/release/chat-server postgres --scenario pairs --rate 15000 --secs 20
# LOADGEN picks the load generator binary (default target/release/chat-loadgen); CHAT_LOG and
# BENCH_LOG (a file for the server's log) may be set.
set -euo pipefail
binary=$1 storage=$2
shift 2
root="$(cd "$(dirname "$0")/../.." && pwd)"
data=$(mktemp -d)
port=${BENCH_PORT:-3900}
case "$storage" in
  postgres)
    psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS chat_bench" -c "CREATE DATABASE chat_bench"
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/chat_bench ;;
  sqlite) export DATABASE_URL="sqlite://$data/chat.db?mode=rwc" ;;
  *) echo "storage: postgres or sqlite" >&2; exit 2 ;;
esac
export CHAT_BIND=127.0.0.1:$port CHAT_DATA_DIR=$data CHAT_JWT_SECRET=bench-secret-bench-secret-bench-secret-0123
export CHAT_AUTH_RATE_BURST=0 CHAT_RATE_SEND=0 CHAT_RATE_RECEIPT=0 CHAT_RATE_READ=0 CHAT_RATE_CREATE=0 CHAT_MAX_CONNECTIONS_PER_ADDRESS=0 CHAT_LOG=${CHAT_LOG:-warn} CHAT_WEB_DIR="$root/web/dist"
taskset -c 0 "$binary" > "${BENCH_LOG:-$data/server.log}" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/health" >/dev/null && break; sleep 0.1; done
taskset -c 1 "${LOADGEN:-$root/target/release/chat-loadgen}" --url "http://127.0.0.1:$port" --pid "$server" "$@"
