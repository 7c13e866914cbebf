#!/bin/bash
# Stops what start.sh started, by the PIDs in RUN/*.pid only: fakesmsc (LINK_KIND=fake), smsbox, bearerbox, then the
# operator sinks (last, so that nothing Kannel is still passing on is refused).
HERE="$(cd "$(dirname "$0")" && pwd)"; RUN="${RUN:-$HERE/run}"
shopt -s nullglob
for f in "$RUN"/fakesmsc-link*.pid "$RUN/smsbox.pid" "$RUN/bearerbox.pid" "$RUN"/sink-link*.pid; do
  [ -f "$f" ] || continue; pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid"; for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$f"
done
