#!/usr/bin/env bash
# Start-up of the published app (docs/benchmarks.md "Start-up of the published app"). Publishes the local host for
# linux-x64 in Release (the function app's assemblies are the ones `dotnet publish src/RecoveryFunctions` ships),
# with and without ReadyToRun, then starts each build N times and reports, per run: the "function host" stage the
# local host prints (service graph, options validation, table and queue creation, Key Vault read) and the latency of
# the first request to three functions on the cold process (health, security questions, a captcha), each the first
# call of its code path, which is what a cold instance pays on top of the platform's own start.
# Usage: startup.sh [runs=5]. The Functions host itself cannot run here (docs/decisions/0001): its start is not included.
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-5}
port=7391; site=5391
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

first_ms() { # method path [body]: milliseconds of one request, from curl's own clock
  if [ $# -eq 3 ]; then
    curl -s -m 60 -o /dev/null -w '%{time_total}' -X "$1" -H 'Content-Type: application/json' -d "$3" "http://127.0.0.1:$port$2"
  else
    curl -s -m 60 -o /dev/null -w '%{time_total}' -X "$1" "http://127.0.0.1:$port$2"
  fi | awk '{printf "%.0f", $1 * 1000}'
}

for variant in jit r2r; do
  extra=(); [ "$variant" = r2r ] && extra=(-p:PublishReadyToRun=true)
  dotnet publish src/RecoveryFunctions.LocalHost -c Release -r linux-x64 --self-contained false "${extra[@]}" -o "$out/$variant" -v q -nologo >/dev/null
  size=$(du -sm "$out/$variant" | cut -f1)
  for run in $(seq 1 "$runs"); do
    log="$out/$variant-$run.log"
    dotnet "$out/$variant/RecoveryFunctions.LocalHost.dll" --port $port --site-port $site >"$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 240); do grep -q '^Ready in' "$log" && break; sleep 0.5; done
    stage=$(grep -o 'Starting the function host.*… [0-9.]* m\?s' "$log" | grep -o '[0-9.]* m\?s$' || echo '?')
    health=$(first_ms GET /api/health)
    questions=$(first_ms GET /api/security-questions)
    captcha=$(first_ms POST /api/captchas '{"purpose":"password-recovery"}')
    kill -TERM $pid; wait $pid 2>/dev/null || true  # SIGINT is ignored by background jobs of a script
    echo "$variant (${size} MB published) run $run: function host stage $stage; first health ${health} ms, first security questions ${questions} ms, first captcha ${captcha} ms"
  done
done
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
