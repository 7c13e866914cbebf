#!/usr/bin/env bash
# Stops what tools/voice/start.sh started in $RUN: exactly the PIDs it wrote, nothing else.
set -uo pipefail
RUN=${RUN:?set RUN to the state directory given to start.sh}
[ -f "$RUN/pids" ] || exit 0
pids=$(cat "$RUN/pids")
# Only a PID that is still a baresip: a number reused by another program since is left alone.
pids=$(for p in $pids; do [ "$(cat /proc/$p/comm 2>/dev/null)" = baresip ] && echo "$p"; done)
for p in $pids; do kill "$p" 2>/dev/null; done
for _ in $(seq 50); do
  alive=0; for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
  [ $alive -eq 0 ] && break; sleep 0.1
done
for p in $pids; do kill -9 "$p" 2>/dev/null; done
: >"$RUN/pids"
