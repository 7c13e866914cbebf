#!/usr/bin/env bash
# Runs every BinHub test on a fresh machine of this kind (only the .NET SDK needed beforehand):
# installs and starts what the tests need (PostgreSQL, Chromium; Kannel is started by its tests), runs the integration suite once on
# SQLite and once on PostgreSQL, then the browser tests. Idempotent: safe to run twice.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$PWD
STATE=${BINHUB_TEST_STATE:-/tmp/binhub-test-env}
PG_PORT=${BINHUB_PG_PORT:-55432}
ARTIFACTS=$ROOT/artifacts
mkdir -p "$STATE" "$ARTIFACTS"; rm -rf "$ARTIFACTS/test-results"

SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
PACKAGES=(postgresql chromium fonts-dejavu-core kannel kannel-extras curl python3-aiosmtpd espeak-ng sox baresip)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The SMS tests start their own Kannel on fixed ports: a Kannel started by the package must not hold them.
if pgrep -x bearerbox >/dev/null && [ ! -f "${BINHUB_KANNEL_KEEP:-/nonexistent}" ]; then
  (service kannel stop || /etc/init.d/kannel stop) >/dev/null 2>&1 || true
fi

# The call tests (tests/BinHub.Tests/Voice) start their own baresip engines and phones with tools/voice/start.sh on
# 127.0.0.1:15000-15999 (browser tests 16000-16999, system tests and the bench 17000-17999) and stop exactly those.

# A throwaway PostgreSQL cluster for the tests (never the system one on 5432).
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PG_DIR=$STATE/pg
if ! "$PG_BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -q 2>/dev/null; then
  echo "== starting PostgreSQL on $PG_PORT"
  rm -rf "$PG_DIR"; mkdir -p "$PG_DIR"; chown postgres "$PG_DIR" 2>/dev/null || true
  as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres >/dev/null
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
fi
export BINHUB_TEST_PG="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"

echo "== building"
dotnet build BinHub.slnx -c Release -nologo -v q 2>&1 | grep -vE "NU1603" || true
dotnet build BinHub.slnx -c Release -nologo -v q -p:TreatWarningsAsErrors=true >/dev/null

status=0
# Issue 11: packages must not drift. Newer patches are reported, known vulnerable packages fail the run.
echo "== packages"
tools/ci/packages.sh "$ARTIFACTS/packages.txt" || status=1

run() { # name, env..., project
  local name=$1; shift
  echo "== tests: $name"
  if ! env "$@" dotnet test "${TEST_PROJECT}" -c Release --no-build --nologo \
       --logger "trx;LogFileName=$name.trx" --results-directory "$ARTIFACTS/test-results" ${TEST_FILTER:+--filter "$TEST_FILTER"}; then
    status=1
  fi
}
TEST_PROJECT=tests/BinHub.Tests/BinHub.Tests.csproj
run sqlite BINHUB_TEST_PROVIDER=Sqlite
run postgres BINHUB_TEST_PROVIDER=Postgres
# Nothing lost (issue 7): BinHub as a separate process on PostgreSQL with a real Kannel — killed, its gateway and its
# database stopped under it, two instances, a report storm. They may restart this throwaway PostgreSQL server.
if [ -z "${SKIP_SYSTEM:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then PG_CTL="runuser -u postgres -- $PG_BIN/pg_ctl"; else PG_CTL="$PG_BIN/pg_ctl"; fi
  TEST_PROJECT=tests/BinHub.SystemTests/BinHub.SystemTests.csproj
  run system BINHUB_TEST_PG_CTL="$PG_CTL -D $PG_DIR/data -l $PG_DIR/log"
  # The benchmark harness must not rot: one small run of each verb, lost=0 / errors=0 or CI fails.
  echo "== bench smoke"
  export BINHUB_BENCH_RESULTS="$ARTIFACTS/bench"
  for provider in sqlite postgres; do
    dotnet run -c Release --no-build --project bench/BinHub.Bench -- fanout --smoke --provider $provider --pg "$BINHUB_TEST_PG" \
      2>"$ARTIFACTS/bench-fanout-$provider.log" | tail -1 || status=1
  done
  dotnet run -c Release --no-build --project bench/BinHub.Bench -- pages --smoke --provider sqlite 2>"$ARTIFACTS/bench-pages.log" | tail -5 || status=1
  # Issue 12: an alarm behind a prevention backlog on two throttled links (lost=0 or CI fails; targets printed).
  dotnet run -c Release --no-build --project bench/BinHub.Bench -- priority --smoke --provider sqlite 2>"$ARTIFACTS/bench-priority.log" | tail -1 || status=1
  # Issue 13: 20 calls on 4 channels through the call engine to real baresip phones (lost=0 or CI fails; targets printed).
  dotnet run -c Release --no-build --project bench/BinHub.Bench -- calls --smoke --provider sqlite 2>"$ARTIFACTS/bench-calls.log" | tail -1 || status=1
fi
if [ -f tests/BinHub.BrowserTests/BinHub.BrowserTests.csproj ] && [ -z "${SKIP_BROWSER:-}" ]; then
  TEST_PROJECT=tests/BinHub.BrowserTests/BinHub.BrowserTests.csproj
  run browser BINHUB_TEST_PROVIDER=Postgres BINHUB_SCREENSHOTS="$ARTIFACTS/screenshots"
fi

# One plain closing line over all runs, read from the result files.
python3 - "$ARTIFACTS/test-results" <<'PY' || true
import sys, glob, re
p = f = s = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    t = open(path, encoding="utf-8").read()
    m = re.search(r'<Counters [^>]*', t)
    if not m: continue
    g = lambda k: int(re.search(k + r'="(\d+)"', m.group(0)).group(1))
    p += g("passed"); f += g("failed"); s += g("notExecuted")
print(f"tests: {p} passed, {f} failed, {s} skipped")
PY
exit $status
