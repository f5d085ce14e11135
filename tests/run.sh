#!/usr/bin/env bash
# Runs every test tier and ends with one line: "N passed, N failed".
#   1. dotnet test: unit, actor, HTTP (AWSSDK.SQS, in-process node), kill -9 durability and
#      cluster tests (api/broker processes, broker failover on a private PostgreSQL)
#   2. conformance: boto3 (JSON and Query), the aws CLI and the JS SDK against a real node
# Installs what the conformance clients need on first use (npm packages; Debian's boto3 and
# awscli when running as root), so it works on a fresh machine.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
passed=0
failed=0
node_pid=""

cleanup() {
  [ -n "$node_pid" ] && kill "$node_pid" 2>/dev/null && wait "$node_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

count() { # adds the counts of a "N passed, N failed" line
  passed=$((passed + $1)); failed=$((failed + $2))
}

# From Debian, installed once: the Query-protocol clients (python3-boto3 1.26, awscli 2.9) and
# PostgreSQL, which the cluster tests start privately for the shared journal.
if [ "$(id -u)" = 0 ] && { [ ! -x /usr/bin/aws ] || ! /usr/bin/python3 -c 'import boto3' 2>/dev/null \
    || ! ls /usr/lib/postgresql/*/bin/pg_ctl > /dev/null 2>&1; }; then
  echo "== installing python3-boto3, awscli and postgresql from apt"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq python3-boto3 awscli postgresql > /dev/null
fi

echo "== build"
if ! dotnet build -c Release Cluster.sln -v quiet -nologo > "$work/build.log" 2>&1; then
  cat "$work/build.log"
  echo "build failed"
  count 0 1
  echo "$passed passed, $failed failed"
  exit 1
fi

echo "== dotnet test"
dotnet test tests/Shoal.Tests -c Release --no-build -nologo 2>&1 | tee "$work/dotnet-test.log"
summary=$(grep -E "(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+" "$work/dotnet-test.log" | tail -1)
if [ -n "$summary" ]; then
  count "$(sed -E 's/.*Passed: +([0-9]+).*/\1/' <<<"$summary")" "$(sed -E 's/.*Failed: +([0-9]+), Passed.*/\1/' <<<"$summary")"
else
  echo "dotnet test printed no summary"; count 0 1
fi

echo "== conformance"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
dotnet "src/Node/bin/Release/net10.0/Shoal.Node.dll" --port "$port" --data-dir "$work/data" \
  --Logging:LogLevel:Default=Warning > "$work/node.log" 2>&1 &
node_pid=$!
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/health/ready" > /dev/null && break
  sleep 0.2
done
SHOAL_ENDPOINT="http://127.0.0.1:$port" bash tests/conformance/run.sh 2>&1 | tee "$work/conformance.log"
line=$(grep -E "^[0-9]+ passed, [0-9]+ failed" "$work/conformance.log" | tail -1)
if [ -n "$line" ]; then
  count "$(cut -d' ' -f1 <<<"$line")" "$(cut -d' ' -f3 <<<"$line")"
else
  echo "conformance printed no summary"; tail -20 "$work/node.log"; count 0 1
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
