#!/usr/bin/env bash
# Runs the same benchmark scenarios against Shoal and its peers, one peer at a time, each on a free
# loopback port, and prints one combined table at the end. See bench/README.md.
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/run-peers.sh [options]
  --peers "LIST"       peers to run, in order (default: "shoal shoal-normal moto local-aws-sqs fauxqs rabbitmq")
  --scenarios "LIST"   scenarios, or "standard" (send send-batch e2e e2e-batch), "fifo"
                       (fifo-send-batch fifo-e2e-1g fifo-e2e-manyg), "sns" (publish publish-batch
                       fanout-1 fanout-3 fanout-10) or "all" (default: all)
  --duration SECONDS   measured seconds per scenario and peer (default 5)
  --warmup SECONDS     unmeasured warm-up before each measurement (default 1)
  --rounds N           run everything N times, peers interleaved; the table shows each row's median
                       run by msgs/s with the range (default 1)
  --concurrency N      producer connections (and consumer connections in e2e) (default 8)
  --body-size BYTES    message body size (default 100)
  --out DIR            keep results.jsonl and the peers' logs in DIR (default: a new temp dir)
  --                   everything after this is passed to every `Shoal.Bench run`
EOF
}

PEERS="shoal shoal-normal moto local-aws-sqs fauxqs rabbitmq"
SCENARIOS="all"
DURATION=5 WARMUP=1 CONCURRENCY=8 BODY_SIZE=100 ROUNDS=1 OUT=""
EXTRA=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --peers) PEERS="$2"; shift 2 ;;
    --scenarios) SCENARIOS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --concurrency) CONCURRENCY="$2"; shift 2 ;;
    --body-size) BODY_SIZE="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    --) shift; EXTRA=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

STANDARD_SCENARIOS="send send-batch e2e e2e-batch"
FIFO_SCENARIOS="fifo-send-batch fifo-e2e-1g fifo-e2e-manyg"
SNS_SCENARIOS="publish publish-batch fanout-1 fanout-3 fanout-10"
expanded=""
for scenario in $SCENARIOS; do
  case "$scenario" in
    standard) expanded+=" $STANDARD_SCENARIOS" ;;
    fifo) expanded+=" $FIFO_SCENARIOS" ;;
    sns) expanded+=" $SNS_SCENARIOS" ;;
    all) expanded+=" $STANDARD_SCENARIOS $FIFO_SCENARIOS $SNS_SCENARIOS" ;;
    *) expanded+=" $scenario" ;;
  esac
done
SCENARIOS="${expanded# }"

BENCH_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$BENCH_DIR")"
PEERS_DIR="$BENCH_DIR/peers"
NODE="$PEERS_DIR/node_modules/.bin/node" # Node 22 from npm: fauxqs needs node:sqlite (>= 22.5)
WORK="${OUT:-$(mktemp -d /tmp/shoal-peers.XXXXXX)}"
mkdir -p "$WORK"
RESULTS="$WORK/results.jsonl"
: > "$RESULTS"

log() { echo "== $*" >&2; }

log "building the load generator"
dotnet build -c Release "$BENCH_DIR/Shoal.Bench" --nologo -v q -clp:ErrorsOnly >&2
BENCH=(dotnet "$BENCH_DIR/Shoal.Bench/bin/Release/net10.0/Shoal.Bench.dll")

# ---------------------------------------------------------------- peer lifecycle
PEER_PID="" PEER_ENDPOINT="" SKIP_REASON="" EPMD_PORT=""

# Starts a command in its own process group (so that stopping it stops all its children) with output to a log.
spawn() {
  local name="$1"; shift
  setsid "$@" >> "$WORK/$name.log" 2>&1 < /dev/null &
  PEER_PID=$!
}

# Waits until PORT on 127.0.0.1 accepts connections, or the peer process dies, or TIMEOUT seconds pass.
wait_for_port() {
  local port="$1" timeout="$2" waited=0
  while ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
    if ! kill -0 "$PEER_PID" 2>/dev/null; then
      SKIP_REASON="exited before listening"; return 1
    fi
    if (( waited >= timeout * 10 )); then
      SKIP_REASON="not listening after ${timeout}s"; return 1
    fi
    sleep 0.1; waited=$((waited + 1))
  done
}

# The process that listens on PORT: the server itself, without launchers such as `dotnet run` (whose own
# memory would otherwise count as the server's). Falls back to the started process.
listener_pid() {
  local pid
  pid="$(ss -Hltnp "sport = :$1" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)"
  echo "${pid:-$PEER_PID}"
}

stop_peer() {
  [[ -n "$PEER_PID" ]] || return 0
  kill -TERM -- "-$PEER_PID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$PEER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$PEER_PID" 2>/dev/null || true
  wait "$PEER_PID" 2>/dev/null || true
  PEER_PID=""
  if [[ -n "$EPMD_PORT" ]]; then # RabbitMQ's Erlang started its own epmd daemon on this port
    epmd -port "$EPMD_PORT" -kill >/dev/null 2>&1 || true
    EPMD_PORT=""
  fi
}
trap stop_peer EXIT
trap 'stop_peer; exit 130' INT TERM

free_port() { "${BENCH[@]}" free-port; }

ensure_npm_peers() {
  [[ -x "$NODE" && -d "$PEERS_DIR/node_modules/fauxqs" && -d "$PEERS_DIR/node_modules/local-aws-sqs" ]] && return 0
  log "installing npm peers into $PEERS_DIR/node_modules"
  (cd "$PEERS_DIR" && npm ci --no-audit --no-fund >&2) || { SKIP_REASON="npm ci failed"; return 1; }
}

# Each start_<peer> PORT sets PEER_PID and PEER_ENDPOINT, or SKIP_REASON and returns 1.
start_shoal() { shoal_with "$1"; }

# Shoal with PRAGMA synchronous=NORMAL: survives kill -9, not an OS crash (README, Settings).
start_shoal-normal() { shoal_with "$1" --Shoal:Storage:SqliteSynchronous normal; }

shoal_with() {
  local port="$1"; shift
  log "building Shoal (src/Node)"
  if ! dotnet build -c Release "$ROOT/src/Node" --nologo -v q -clp:ErrorsOnly > "$WORK/shoal-build.log" 2>&1; then
    SKIP_REASON="src/Node does not build"; return 1
  fi
  rm -rf "$WORK/shoal-data"; mkdir -p "$WORK/shoal-data"
  spawn shoal dotnet run --no-build -c Release --project "$ROOT/src/Node" -- --port "$port" --data-dir "$WORK/shoal-data" "$@"
  PEER_ENDPOINT="http://127.0.0.1:$port"
  wait_for_port "$port" 60
}

start_moto() {
  local port="$1"
  python3 -c 'import moto.server' 2>/dev/null || { SKIP_REASON="python3 has no moto"; return 1; }
  spawn moto python3 -m moto.server -H 127.0.0.1 -p "$port"
  PEER_ENDPOINT="http://127.0.0.1:$port"
  wait_for_port "$port" 30
}

start_local-aws-sqs() {
  local port="$1"
  ensure_npm_peers || return 1
  spawn local-aws-sqs "$NODE" "$PEERS_DIR/start-local-aws-sqs.mjs" "$port"
  PEER_ENDPOINT="http://127.0.0.1:$port"
  wait_for_port "$port" 30
}

start_fauxqs() {
  local port="$1"
  ensure_npm_peers || return 1
  spawn fauxqs "$NODE" "$PEERS_DIR/start-fauxqs.mjs" "$port"
  PEER_ENDPOINT="http://127.0.0.1:$port"
  wait_for_port "$port" 30
}

# RabbitMQ from Debian (apt-get install -y rabbitmq-server), run as a private node: its own data dir,
# no plugins, AMQP, Erlang distribution and epmd all on free loopback ports.
start_rabbitmq() {
  local port="$1" server=/usr/lib/rabbitmq/bin/rabbitmq-server
  [[ -x "$server" ]] || { SKIP_REASON="not installed (apt-get install -y rabbitmq-server)"; return 1; }
  local dir="$WORK/rabbitmq"
  mkdir -p "$dir"
  echo "[]." > "$dir/enabled_plugins"
  EPMD_PORT="$(free_port)"
  spawn rabbitmq env \
    HOME="$dir" \
    RABBITMQ_NODENAME="bench$port@localhost" \
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
    RABBITMQ_NODE_PORT="$port" \
    RABBITMQ_DIST_PORT="$(free_port)" \
    ERL_EPMD_ADDRESS=127.0.0.1 \
    ERL_EPMD_PORT="$EPMD_PORT" \
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    RABBITMQ_MNESIA_BASE="$dir/mnesia" \
    RABBITMQ_LOG_BASE="$dir/log" \
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins" \
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq" \
    "$server"
  PEER_ENDPOINT="amqp://127.0.0.1:$port"
  wait_for_port "$port" 60
}

# Why PEER cannot run SCENARIO at all (printed as its row), or nothing. Scenarios a peer rejects at run time
# (CreateTopic refused, say) get a failed row instead.
unsupported() {
  case "$1:$2" in
    local-aws-sqs:publish* | local-aws-sqs:fanout-*) echo "no SNS (local-aws-sqs serves SQS only)" ;;
  esac
}

# Appends a row without figures to the results, for a peer or scenario that could not be measured.
note() {
  local scenario="null" text
  [[ -n "$2" ]] && scenario="\"$2\""
  text="$(printf '%s' "$3" | tr -d '"\\' | tr '\n\t' '  ')" # keep the JSON line valid
  printf '{"label":"%s","scenario":%s,"note":"%s"}\n' "$1" "$scenario" "$text" >> "$RESULTS"
}

# note_rows PEER SCENARIO TEXT [SCENARIO TEXT …]: one note per pair.
note_rows() {
  local peer="$1"; shift
  while [[ $# -ge 2 ]]; do note "$peer" "$1" "$2"; shift 2; done
}

# ---------------------------------------------------------------- the runs
log "results and logs in $WORK"
for round in $(seq "$ROUNDS"); do
  for peer in $PEERS; do
    if ! declare -F "start_$peer" >/dev/null; then log "unknown peer $peer"; note "$peer" "" "unknown peer"; continue; fi
    runnable="" unsupported_rows=()
    for scenario in $SCENARIOS; do
      reason="$(unsupported "$peer" "$scenario")"
      if [[ -n "$reason" ]]; then unsupported_rows+=("$scenario" "skipped: $reason"); else runnable+=" $scenario"; fi
    done
    if [[ -z "$runnable" ]]; then log "skipping $peer: it has none of the scenarios"; note_rows "$peer" "${unsupported_rows[@]}"; continue; fi
    port="$(free_port)"
    SKIP_REASON=""
    log "round $round/$ROUNDS: starting $peer on 127.0.0.1:$port"
    if ! "start_$peer" "$port"; then
      log "skipping $peer: $SKIP_REASON (log: $WORK/$peer.log)"
      note "$peer" "" "skipped: $SKIP_REASON"
      note_rows "$peer" "${unsupported_rows[@]}"
      stop_peer
      continue
    fi
    server_pid="$(listener_pid "$port")"
    log "$peer is up: sampling pid $server_pid ($(tr '\0' ' ' < "/proc/$server_pid/cmdline" | cut -c1-100))"
    for scenario in $runnable; do
      log "$peer: $scenario"
      out="$WORK/$peer-$scenario-$round"
      rows_before="$(wc -l < "$RESULTS")"
      # The summary goes to $out.txt, the progress and any error to the terminal and $out.err. A peer that
      # rejects a scenario (no FIFO queues or no SNS, say) gets a failed row and the run goes on.
      if ! { "${BENCH[@]}" run --endpoint "$PEER_ENDPOINT" --scenario "$scenario" --label "$peer" \
          --duration "$DURATION" --warmup "$WARMUP" --concurrency "$CONCURRENCY" --body-size "$BODY_SIZE" \
          --server-pid "$server_pid" --json "$RESULTS" "${EXTRA[@]}" 2>&1 > "$out.txt" | tee "$out.err" >&2; }; then
        if [[ "$(wc -l < "$RESULTS")" == "$rows_before" ]]; then # no row written: the run did not get that far
          reason="$(grep '^error:' "$out.err" | tail -1 | cut -c8-200 || true)"
          note "$peer" "$scenario" "failed: ${reason:-see $out.err}"
        fi
      fi
    done
    log "stopping $peer"
    stop_peer
    note_rows "$peer" "${unsupported_rows[@]}" # after the peer's measured rows, so the table keeps the scenario order
  done
done

echo
echo "$(nproc) cores shared by the load generator and the server; ${DURATION}s per scenario after ${WARMUP}s warm-up; concurrency $CONCURRENCY; ${BODY_SIZE} B bodies; $ROUNDS round(s)"
"${BENCH[@]}" report "$RESULTS"
