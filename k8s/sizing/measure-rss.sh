#!/usr/bin/env bash
# Measures the memory the k8s requests/limits are sized from: runs each mode from source exactly as
# `deno task start` does (its permission and V8 flags, which the compile task bakes into the
# binary), on loopback, reads VmRSS idle, then drives it with wrk and reads VmRSS and VmHWM (peak)
# of that deno process from /proc. Loopback only; each load run is bounded by DURATION.
# Prints one line per mode and round in the format of the "rounds" of k8s/sizing/sizing.json.
#   usage: k8s/sizing/measure-rss.sh [ROUNDS]     (env DURATION=10s CONNECTIONS=32)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SECRET=rss-measurement-secret
log=$(mktemp)
trap 'kill "${pid:-}" 2>/dev/null || true; rm -f "$log"' EXIT

# The run flags come from the start task in deno.json (one source of truth): every word between
# `deno run` and `main.ts`, e.g. --allow-net ... --v8-flags=...
read -ra task <<<"$(jq -r .tasks.start deno.json)"
[ "${task[0]}" = deno ] && [ "${task[1]}" = run ] && [ "${task[-1]}" = main.ts ] ||
  { echo "measure-rss.sh: unexpected start task in deno.json: ${task[*]}" >&2; exit 1; }
run_flags=("${task[@]:2:${#task[@]}-3}")
printf '%s\n' "${run_flags[*]}" | grep -q -- --v8-flags= ||
  { echo "measure-rss.sh: the start task has no --v8-flags: ${task[*]}" >&2; exit 1; }

kib() { awk -v k="$1" '$1 == k":" { print $2 }' "/proc/$pid/status"; }

start() { # mode -> sets pid, url
  deno run "${run_flags[@]}" --quiet main.ts "$1" -http 127.0.0.1:0 -health 127.0.0.1:0 -secret "$SECRET" \
    >/dev/null 2>"$log" &
  pid=$!
  for _ in $(seq 100); do
    port=$(sed -nE 's/.*HTTP service listening on [0-9.]+:([0-9]+).*/\1/p' "$log")
    [ -n "$port" ] && grep -q "Health service listening" "$log" && break
    sleep 0.1
  done
  url="http://127.0.0.1:${port:?app $1 did not start: $(cat "$log")}"
  # The process measured is deno itself, started with the start task's flags.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "${run_flags[*]}" ||
    { echo "measure-rss.sh: pid $pid is not deno run ${run_flags[*]}" >&2; exit 1; }
}

stop() { kill -TERM "$pid"; wait "$pid" || true; }

load() { # path [header]
  if [ $# -gt 1 ]; then
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -H "$2" "$url$1" | awk '/Requests\/sec/ { print $2 }'
  else
    wrk -t2 -c"$CONNECTIONS" -d"$DURATION" "$url$1" | awk '/Requests\/sec/ { print $2 }'
  fi
}

start monolith
token=$(curl -sf -u user:password "$url/login" | jq -r .token)
stop

echo "deno run ${run_flags[*]} main.ts MODE ($(deno --version | head -1)), wrk -t2 -c$CONNECTIONS -d$DURATION" >&2
for round in $(seq "$ROUNDS"); do
  for mode in monolith auth hello; do
    start "$mode"
    sleep 1
    idle=$(kib VmRSS)
    rates=()
    case $mode in
      monolith | hello)
        rates+=("\"/\": $(load /)")
        rates+=("\"/secure\": $(load /secure "Authorization: Bearer $token")")
        ;;
    esac
    case $mode in
      monolith | auth) rates+=("\"/login\": $(load /login "Authorization: Basic $(printf user:password | base64)")") ;;
    esac
    joined=$(IFS=,; echo "${rates[*]}")
    printf '{ "mode": "%s", "round": %s, "idleKiB": %s, "peakKiB": %s, "reqPerSec": { %s } },\n' \
      "$mode" "$round" "$idle" "$(kib VmHWM)" "${joined//,/, }"
    stop
  done
done
