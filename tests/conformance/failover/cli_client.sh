#!/usr/bin/env bash
# The aws CLI as a user runs it, while the harness kills a broker behind its endpoint.
#
#   cli_client.sh AWS_BINARY ENDPOINT QUEUE_NAME SECONDS
#
# Creates the queue, then sends, receives and deletes one message at a time for SECONDS with the CLI's
# default retries and timeouts. Any command that fails ends the run with its exit code, as it would end a
# script; so does a sent message that never comes back. The last line reports the commands run and the
# slowest one.
set -euo pipefail
aws_binary=$1 endpoint=$2 name=$3 seconds=$4
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
times=$(mktemp)
trap 'rm -f "$times"' EXIT

run_aws() { # runs one CLI command and notes how long it took, in ms (from subshells too, hence the file)
  local started
  started=$(date +%s%3N)
  "$aws_binary" --endpoint-url "$endpoint" --output text "$@"
  echo $(( $(date +%s%3N) - started )) >> "$times"
}

receive_and_delete() { # options for receive-message; fails if any command fails
  local received message_id handle
  received=$(run_aws sqs receive-message --queue-url "$url" --max-number-of-messages 10 "$@" \
               --query 'Messages[].[MessageId,ReceiptHandle]')
  while read -r message_id handle; do
    [ -n "$message_id" ] && [ "$message_id" != None ] || continue
    unset "sent[$message_id]"
    run_aws sqs delete-message --queue-url "$url" --receipt-handle "$handle"
  done <<< "$received"
}

url=$(run_aws sqs create-queue --queue-name "$name" --query QueueUrl)
declare -A sent=()
end=$(( $(date +%s) + ${seconds%.*} ))
n=0
while [ "$(date +%s)" -lt "$end" ]; do
  id=$(run_aws sqs send-message --queue-url "$url" --message-body "m$n" --query MessageId)
  sent[$id]=1
  n=$((n + 1))
  receive_and_delete --visibility-timeout 5
done
# Drain what is left (in flight for at most 5 s).
for _ in 1 2 3 4 5 6 7 8; do receive_and_delete --wait-time-seconds 1; done
slowest=$(sort -n "$times" | tail -1)
echo "$("$aws_binary" --version 2>&1 | cut -d' ' -f1): $(wc -l < "$times") commands, $n sends acknowledged, ${#sent[@]} never received, slowest command $((slowest / 1000)).$((slowest % 1000 / 100))s"
[ "${#sent[@]}" -eq 0 ]
