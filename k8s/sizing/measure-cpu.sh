#!/usr/bin/env bash
# Measures the CPU each request costs, which the production overlay's HorizontalPodAutoscalers are
# sized from (docs/decisions/autoscaling-targets.md): runs hello and auth from source exactly as
# `deno task start` does, and nginx with nginx/frontend.conf in front of a hello, all on loopback;
# drives each with wrk and reads the CPU time (user + system, every thread) of the measured process
# from /proc before and after. Prints req/s and the CPU cores the process used, and their quotient:
# requests per CPU-second, which does not depend on how much CPU wrk and other load left us.
#   usage: k8s/sizing/measure-cpu.sh [ROUNDS]     (env DURATION=10s CONNECTIONS=32)
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
SECRET=cpu-measurement-secret
work=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"' EXIT

# The run flags come from the start task in deno.json, as in measure-rss.sh.
read -ra task <<<"$(jq -r .tasks.start deno.json)"
[ "${task[0]}" = deno ] && [ "${task[1]}" = run ] && [ "${task[-1]}" = main.ts ] ||
  { echo "measure-cpu.sh: unexpected start task in deno.json: ${task[*]}" >&2; exit 1; }
run_flags=("${task[@]:2:${#task[@]}-3}")
ticks=$(getconf CLK_TCK)

cpu_ticks() { # pid... -> utime + stime of each, summed (clock ticks)
  local total=0 p
  for p in "$@"; do
    # Fields after the ")" that ends the command name: utime is the 12th, stime the 13th.
    read -ra f <<<"$(sed 's/.*) //' "/proc/$p/stat")"
    total=$((total + f[11] + f[12]))
  done
  echo "$total"
}

start_app() { # mode -> sets app_pid, app_url
  local log="$work/$1.log"
  deno run "${run_flags[@]}" --quiet main.ts "$1" -http 127.0.0.1:0 -health 127.0.0.1:0 -secret "$SECRET" \
    >/dev/null 2>"$log" &
  app_pid=$!
  pids+=("$app_pid")
  local port=""
  for _ in $(seq 100); do
    port=$(sed -nE 's/.*HTTP service listening on [0-9.]+:([0-9]+).*/\1/p' "$log")
    [ -n "$port" ] && grep -q "Health service listening" "$log" && break
    sleep 0.1
  done
  app_url="http://127.0.0.1:${port:?app $1 did not start: $(cat "$log")}"
}

stop() { kill -TERM "$1"; wait "$1" 2>/dev/null || true; }

# measure URL PIDS [wrk args...]: req/s, CPU cores used by PIDS, requests per CPU-second
measure() {
  local url=$1 watched=$2
  shift 2
  local before after rate out
  # shellcheck disable=SC2086 # PIDS is a space-separated list on purpose
  before=$(cpu_ticks $watched)
  out=$(wrk -t1 -c"$CONNECTIONS" -d"$DURATION" "$@" "$url")
  if grep -q "Non-2xx" <<<"$out"; then echo "measure-cpu.sh: $url answered errors: $out" >&2; return 1; fi
  rate=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
  # shellcheck disable=SC2086
  after=$(cpu_ticks $watched)
  awk -v r="$rate" -v t=$((after - before)) -v hz="$ticks" -v d="${DURATION%s}" \
    'BEGIN { cores = t / hz / d; printf "%9.1f req/s %5.2f cores %8.1f req/CPU-s", r, cores, r / cores }'
}

# A token for /secure, from an auth signing with the same secret.
start_app auth
token=$(curl -sf -u user:password "$app_url/login" | jq -r .token)
stop "$app_pid"
start_app hello
hello_pid=$app_pid hello_url=$app_url
# 20000 distinct tokens, more than the verifier's cache holds, cycled by bench/tokens.lua (as the bench does).
deno eval "import { createTokenService } from './src/auth/tokens.ts';
const t = createTokenService({ secret: '$SECRET', cacheSize: 0 });
console.log(Array.from({ length: 20000 }, (_, i) => t.sign({ name: 'user' + i, email: 'user' + i + '@example.com' })).join('\\n'));" \
  >"$work/tokens.txt"
: >"$work/report.lua"

# A TLS frontend: nginx/frontend.conf with its marked lines pointed at loopback (as scripts/lib/nginx.ts).
deno run -P=app --quiet main.ts certgen -out "$work/tls" >/dev/null
nginx_port=$(deno eval 'const l = Deno.listen({ hostname: "127.0.0.1", port: 0 }); console.log(l.addr.port); l.close();')
sed -E \
  -e "s|listen [0-9]+ ssl; # @listen|listen 127.0.0.1:$nginx_port ssl; # @listen|" \
  -e "s|server auth:80; # @upstream|server 127.0.0.1:9; # @upstream|" \
  -e "s|server hello:80; # @upstream|server ${hello_url#http://}; # @upstream|" \
  -e "s|/etc/tls/|$work/tls/|" nginx/frontend.conf >"$work/site.conf"
[ "$(grep -c "127.0.0.1.*# @\|$work/tls/.*# @tls-file" "$work/site.conf")" = 5 ] ||
  { echo "measure-cpu.sh: nginx/frontend.conf's marked lines changed" >&2; exit 1; }
for d in client_body proxy fastcgi uwsgi scgi; do mkdir -p "$work/$d"; done
cat >"$work/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log notice;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/client_body; proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi; uwsgi_temp_path $work/uwsgi; scgi_temp_path $work/scgi;
    include $work/site.conf;
}
EOF
nginx -p "$work" -c "$work/nginx.conf" -e "$work/error.log" &
nginx_pid=$!
pids+=("$nginx_pid")
for _ in $(seq 100); do curl -sf --cacert "$work/tls/ca.pem" "https://127.0.0.1:$nginx_port/" >/dev/null && break; sleep 0.1; done
nginx_pids="$nginx_pid $(pgrep -P "$nginx_pid" | tr '\n' ' ')"

echo "requests per CPU-second; deno run ${run_flags[*]} main.ts MODE ($(deno --version | head -1)), $(nginx -v 2>&1)"
echo "wrk -t1 -c$CONNECTIONS -d$DURATION on loopback, $(nproc) CPUs shared with wrk and whatever else runs"
row() { # label measure-args...: one line of the table; stops the script when a load run failed
  local result
  result=$(measure "${@:2}") || exit 1
  printf '  %-22s %s\n' "$1" "$result"
}

for round in $(seq "$ROUNDS"); do
  echo "round $round"
  row "hello GET /" "$hello_url/" "$hello_pid"
  row "hello GET /secure one" "$hello_url/secure" "$hello_pid" -H "Authorization: Bearer $token"
  TOKENS="$work/tokens.txt" REPORT_LUA="$work/report.lua" \
    row "hello GET /secure new" "$hello_url/secure" "$hello_pid" -s bench/tokens.lua
  row "nginx GET / keep-alive" "https://127.0.0.1:$nginx_port/" "$nginx_pids"
  row "nginx GET / new TLS" "https://127.0.0.1:$nginx_port/" "$nginx_pids" -H "Connection: close"
  start_app auth
  row "auth GET /login" "$app_url/login" "$app_pid" -H "Authorization: Basic $(printf user:password | base64)"
  stop "$app_pid"
done
