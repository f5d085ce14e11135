#!/usr/bin/env bash
# Runs every installed SQS, SNS and Kinesis conformance suite against $SHOAL_ENDPOINT and ends
# with one line "N passed, N failed" summed over the suites (non-zero exit if
# any test failed). A client that is not installed is skipped with a reason.
#
#   SHOAL_ENDPOINT=http://127.0.0.1:4566 tests/conformance/run.sh
#   CONFORMANCE_SUITES="boto3-json js" tests/conformance/run.sh   # only these
#
# Suites: boto3-json (pyenv python3, boto3 1.43, JSON 1.0), boto3-query
# (/usr/bin/python3, Debian boto3 1.26, Query/XML), cli-v1 / cli-v2 (the aws
# CLIs found, driven from python), js (@aws-sdk/client-sqs, -sns, -kinesis and -firehose,
# node --test).
# SNS is AWS Query for every client; the SNS tests are the files named *sns*. Kinesis is JSON 1.1
# for every client (HTTP/2 cleartext from JS); the Kinesis tests are the files named *kinesis*.
set -u

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
export SHOAL_ENDPOINT="${SHOAL_ENDPOINT:-http://127.0.0.1:4566}"
LOG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/shoal-conformance.XXXXXX")"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()

wanted() {
  [ -z "${CONFORMANCE_SUITES:-}" ] && return 0
  [[ " $CONFORMANCE_SUITES " == *" $1 "* ]]
}

skip() {
  echo "== $1: skipped: $2"
  SUMMARY+=("$1: skipped ($2)")
}

# record NAME PASSED FAILED
record() {
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
  SUMMARY+=("$1: $2 passed, $3 failed")
}

# A python suite prints "<label>: N passed, N failed, N skipped" last; a suite
# that died without it counts as one failure.
run_python_suite() {
  local name="$1" interpreter="$2" folder="$3"
  shift 3
  local log="$LOG_DIR/$name.log"
  echo "== $name: $interpreter run_suite.py $folder"
  (cd "$HERE/python" && env "$@" "$interpreter" -B run_suite.py "$folder" "$name") 2>&1 | tee "$log"
  local line
  line="$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed" "$log" | tail -n 1)"
  if [ -z "$line" ]; then
    echo "== $name: no summary line; counted as 1 failure"
    record "$name" 0 1
    return
  fi
  local passed failed
  passed="$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<<"$line")"
  failed="$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$line")"
  record "$name" "$passed" "$failed"
}

has_boto3() {
  "$1" -c "import boto3" >/dev/null 2>&1
}

# e.g. "boto3 1.43.11 / botocore 1.43.11, SQS protocol json"
boto3_description() {
  "$1" -c "import boto3, botocore
c = boto3.client('sqs', region_name='us-east-1', aws_access_key_id='x', aws_secret_access_key='x')
print('boto3', boto3.__version__, '/ botocore', botocore.__version__ + ', SQS protocol', c.meta.service_model.protocol)" 2>&1
}

# --- python / boto3 ----------------------------------------------------------

PYENV_PYTHON="$(command -v python3 || true)"
DEBIAN_PYTHON=/usr/bin/python3

if wanted boto3-json; then
  if [ -n "$PYENV_PYTHON" ] && [ "$PYENV_PYTHON" != "$DEBIAN_PYTHON" ] && has_boto3 "$PYENV_PYTHON"; then
    echo "== boto3-json: $(boto3_description "$PYENV_PYTHON")"
    run_python_suite boto3-json "$PYENV_PYTHON" sdk
  else
    skip boto3-json "no python3 with boto3 on PATH besides $DEBIAN_PYTHON"
  fi
fi

if wanted boto3-query; then
  if [ -x "$DEBIAN_PYTHON" ] && has_boto3 "$DEBIAN_PYTHON"; then
    echo "== boto3-query: $(boto3_description "$DEBIAN_PYTHON")"
    run_python_suite boto3-query "$DEBIAN_PYTHON" sdk
  else
    skip boto3-query "Debian python3-boto3 not installed (apt-get install -y python3-boto3)"
  fi
fi

# --- aws CLIs (v1 from pyenv, v2 from Debian's awscli) -------------------------

CLI_PYTHON="${PYENV_PYTHON:-$DEBIAN_PYTHON}"
declare -A CLI_BY_MAJOR=()
for candidate in "$(command -v aws || true)" /usr/bin/aws; do
  [ -n "$candidate" ] && [ -x "$candidate" ] || continue
  major="$("$candidate" --version 2>&1 | sed -nE 's#^aws-cli/([0-9]+)\..*#\1#p' | head -n 1)"
  [ -n "$major" ] && [ -z "${CLI_BY_MAJOR[$major]:-}" ] && CLI_BY_MAJOR[$major]="$candidate"
done

for major in 1 2; do
  name="cli-v$major"
  wanted "$name" || continue
  if [ -n "${CLI_BY_MAJOR[$major]:-}" ]; then
    echo "== $name: $("${CLI_BY_MAJOR[$major]}" --version 2>&1)"
    run_python_suite "$name" "$CLI_PYTHON" cli "AWS_CLI=${CLI_BY_MAJOR[$major]}"
  else
    skip "$name" "no aws CLI v$major found (v1: pip awscli; v2: apt-get install -y awscli)"
  fi
done

# --- JavaScript SDK v3 -----------------------------------------------------------

# Every client present in js/node_modules (otherwise the suite runs `npm ci` first).
JS_CLIENTS="sqs sns kinesis firehose"
js_clients_installed() {
  local client
  for client in $JS_CLIENTS; do
    [ -d "$HERE/js/node_modules/@aws-sdk/client-$client" ] || return 1
  done
}

js_client_version() {
  node -p "require('$HERE/js/node_modules/@aws-sdk/client-$1/package.json').version" 2>/dev/null || echo '?'
}

if wanted js; then
  if ! command -v node >/dev/null 2>&1; then
    skip js "node is not installed"
  elif ! js_clients_installed &&
       ! (command -v npm >/dev/null 2>&1 &&
          cd "$HERE/js" && npm ci --no-audit --no-fund >"$LOG_DIR/npm-ci.log" 2>&1); then
    skip js "an @aws-sdk client ($JS_CLIENTS) not installed and 'npm ci' failed (see $LOG_DIR/npm-ci.log)"
  else
    versions=""
    for client in $JS_CLIENTS; do versions+=", @aws-sdk/client-$client $(js_client_version "$client")"; done
    echo "== js: node $(node --version)$versions"
    log="$LOG_DIR/js.log"
    (cd "$HERE/js" && node --test --test-reporter=tap test/) 2>&1 | tee "$log"
    passed="$(sed -nE 's/^# pass ([0-9]+)$/\1/p' "$log" | tail -n 1)"
    failed="$(sed -nE 's/^# fail ([0-9]+)$/\1/p' "$log" | tail -n 1)"
    if [ -z "$passed" ] || [ -z "$failed" ]; then
      echo "== js: no summary; counted as 1 failure"
      record js 0 1
    else
      record js "$passed" "$failed"
    fi
  fi
fi

echo
echo "== conformance against $SHOAL_ENDPOINT (logs in $LOG_DIR)"
for line in "${SUMMARY[@]}"; do
  echo "   $line"
done
echo "$TOTAL_PASSED passed, $TOTAL_FAILED failed"
[ "$TOTAL_FAILED" -eq 0 ]
