#!/bin/bash
# Kannel with LINKS throttled operator links (link1..linkN, smsc = http, system-type = kannel, throughput = THROUGHPUT
# each) plus the recipe's fakemo on 10001, and per link one sink.py as its "operator network", which prints what it
# receives the way fakesmsc does (RUN/fakesmsc-linkN.out) and sends the final delivery reports. Why not smsc = fake:
# its throttle is a sleep that every newly queued SMS cuts short, so a link that is topped up drains 3-6x faster than
# `throughput` (measured; see bench/README.md). The http link sleeps 1/throughput per SMS, uninterrupted.
# Env: RUN (state dir), LINKS (default 3), THROUGHPUT (SMS/s per link, default 100), LOG_LEVEL (0..4, default 4),
# MO_URL, LINK_KIND=fake for smsc = fake links with one fakesmsc each instead (only to show the leaky throttle). PIDs go to RUN/*.pid; stop.sh stops exactly those. Link i listens on port 10000 + 2(i-1).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="${RUN:-$HERE/run}"; LINKS="${LINKS:-3}"; THROUGHPUT="${THROUGHPUT:-100}"; LOG_LEVEL="${LOG_LEVEL:-4}"; KIND="${LINK_KIND:-http}"
MO_URL="${MO_URL:-http://127.0.0.1:18080/mo}"
[[ "$LINKS" =~ ^[1-9]$ ]] || { echo "LINKS must be 1..9" >&2; exit 2; }
[[ "$THROUGHPUT" =~ ^[0-9]+$ ]] || { echo "THROUGHPUT must be a number (0 = unthrottled)" >&2; exit 2; }
mkdir -p "$RUN"
port() { echo $(( 10000 + 2 * ($1 - 1) )); }
{
  sed -e "s#@RUN@#$RUN#g" -e "s#@MO_URL@#$MO_URL#g" -e "s#@LOG_LEVEL@#$LOG_LEVEL#g" "$HERE/kannel.conf.template"
  for i in $(seq 1 "$LINKS"); do
    if [ "$KIND" = fake ]; then
      printf '\ngroup = smsc\nsmsc = fake\nsmsc-id = link%d\nsmsc-admin-id = link%d\nour-host = 127.0.0.1\nport = %d\nconnect-allow-ip = "127.0.0.1"\n' "$i" "$i" "$(port "$i")"
    else
      printf '\ngroup = smsc\nsmsc = http\nsystem-type = kannel\nsmsc-id = link%d\nsmsc-admin-id = link%d\nsend-url = "http://127.0.0.1:%d/cgi-bin/sendsms"\nsmsc-username = operator\nsmsc-password = operator\n' "$i" "$i" "$(port "$i")"
    fi
    [ "$THROUGHPUT" -gt 0 ] && printf 'throughput = %d\n' "$THROUGHPUT"
  done
} >"$RUN/kannel.conf"
echo "$LINKS $THROUGHPUT $KIND" >"$RUN/links"
wait_port() { for _ in $(seq 1 $(( $3 * 10 ))); do (exec 3<>/dev/tcp/$1/$2) 2>/dev/null && return 0; sleep 0.1; done
  echo "port $1:$2 not up after $3 s" >&2; return 1; }
if [ "$KIND" != fake ]; then
  # The operator sinks first (the links send to them): "Got message N: <from to text>" per SMS, like fakesmsc.
  for i in $(seq 1 "$LINKS"); do
    : >"$RUN/fakesmsc-link$i.out"
    /usr/bin/python3 "$HERE/sink.py" "$(port "$i")" "$RUN/fakesmsc-link$i.out" >"$RUN/sink-link$i.err" 2>&1 &
    echo $! >"$RUN/sink-link$i.pid"
  done
  for i in $(seq 1 "$LINKS"); do wait_port 127.0.0.1 "$(port "$i")" 15; done
fi
/usr/sbin/bearerbox -v "$LOG_LEVEL" "$RUN/kannel.conf" >"$RUN/bearerbox.out" 2>&1 & echo $! >"$RUN/bearerbox.pid"
wait_port 127.0.0.1 13001 15
[ "$KIND" = fake ] && for i in $(seq 1 "$LINKS"); do wait_port 127.0.0.1 "$(port "$i")" 15; done
/usr/sbin/smsbox -v "$LOG_LEVEL" "$RUN/kannel.conf" >"$RUN/smsbox.out" 2>&1 & echo $! >"$RUN/smsbox.pid"
wait_port 127.0.0.1 13013 15
if [ "$KIND" = fake ]; then
  # fakesmsc as each link's phone network: -m 0 sends nothing, prints "Got message N: <from to text ...>" per SMS.
  for i in $(seq 1 "$LINKS"); do
    /usr/lib/kannel/test/fakesmsc -H 127.0.0.1 -r "$(port "$i")" -m 0 "0 0 text unused" >"$RUN/fakesmsc-link$i.out" 2>&1 &
    echo $! >"$RUN/fakesmsc-link$i.pid"
  done
fi
for _ in $(seq 1 100); do
  st=$(curl -s "http://127.0.0.1:13000/status.txt?password=statuspw" || true)
  online=$(grep -cE "link[0-9]+\[link[0-9]+\].*online" <<<"$st" || true)
  grep -q "smsbox:" <<<"$st" && [ "$online" -ge "$LINKS" ] && exit 0
  sleep 0.1
done
echo "kannel did not come online with $LINKS links; see $RUN/*.out" >&2; exit 1
