#!/usr/bin/env bash
# Starts BinHub's call engine on this machine: CHANNELS baresip processes (one per channel, each one call at a time), each
# driven by BinHub over its own ctrl_tcp port, no registrar; and, for tests and demos, PHONES: "member phones" that answer,
# stay silent, ring forever, are busy or reject, and record what they hear.
#
#   RUN=/tmp/binhub-voice CHANNELS=8 PHONES="answer-press1 answer-silent no-answer busy reject" tools/voice/start.sh
#   tools/voice/stop.sh   (same RUN) stops exactly the processes started here (PIDs in $RUN/pids).
#
# Ports, all in B..B+999 where B = PORT_BASE (default 15000, away from Kannel's 13000-13013 / 10000-10004 and
# PostgreSQL's 5432 / 55432; another base, e.g. 16000, lets a second rig run beside the first):
#   channel i (0..15):  SIP 127.0.0.1:B+2i      ctrl_tcp 127.0.0.1:B+100+i   RTP B+400+10i .. +9
#   phone k  (0..39):   SIP 127.0.0.1:B+200+2k  ctrl_tcp 127.0.0.1:B+300+k   RTP B+600+10k .. +9
#   (baresip also listens for SIP over TLS on the SIP port + 1, hence the steps of 2)
# BinHub: Voice:Calls=Baresip, Voice:ControlPort=B+100, Voice:Channels=$CHANNELS; phone k is sip:phone@127.0.0.1:(B+200+2k)
# (map a member's number to it with Voice:Dial:<E.164>). $RUN/phones.tsv lists: k, behaviour, SIP URI, ctrl port, recordings.
#
# Behaviours (the phone's SIP side is baresip 1.0.0 configuration; what needs a hand is done by whoever connects to the
# phone's ctrl_tcp port, tests/BinHub.Tests/Support/VoicePhones.cs):
#   answer-press1 / answer-press2-then-1 / answer-silent   answer at once (answermode=auto); the driver sends the digits
#   no-answer                                              rings (180) and never answers (answermode=manual)
#   ring-answer-press1                                     rings; the driver answers after a while (VoicePhone.AnswerAfter), then presses 1
#   busy                                                   every call is refused "486 Busy Here" (contact access=block)
#   reject                                                 rings; the driver hangs up: baresip 1.0.0 declines "486 Rejected"
# Every phone records what it hears: $RUN/phone-k/rec/*-dec.wav (baresip's sndfile module).
set -euo pipefail
RUN=${RUN:?set RUN to a state directory}
CHANNELS=${CHANNELS:-8}
PHONES=${PHONES:-}
B=${PORT_BASE:-15000}
LIFETIME=${LIFETIME:-}          # seconds: each baresip quits by itself after this long (a safety net for tests)
command -v baresip >/dev/null || { echo "baresip is not installed (apt-get install baresip)" >&2; exit 1; }
[ "$CHANNELS" -ge 0 ] && [ "$CHANNELS" -le 16 ] || { echo "CHANNELS must be 0..16" >&2; exit 1; }
[ "$B" -ge 1024 ] && [ "$B" -le 64000 ] || { echo "PORT_BASE must be 1024..64000" >&2; exit 1; }
[ "$(echo $PHONES | wc -w)" -le 40 ] || { echo "at most 40 PHONES" >&2; exit 1; }
mkdir -p "$RUN"; RUN=$(cd "$RUN" && pwd)
: >>"$RUN/pids"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

config() { # dir sip ctrl rtp_from source player extra_modules
  cat >"$1/config" <<CONF
poll_method		epoll
call_local_timeout	120
sip_listen		127.0.0.1:$2
ctrl_tcp_listen		127.0.0.1:$3
audio_player		$6
audio_source		$5
audio_alert		$6
audio_buffer		20-160
rtp_ports		$4-$(($4 + 9))
jitter_buffer_delay	5-10
module_path		/usr/lib/baresip/modules
module			g711.so
module			aubridge.so
module			aufile.so
$7
module_tmp		uuid.so
module_tmp		account.so
module_app		contact.so
module_app		menu.so
module_app		ctrl_tcp.so
net_interface		127.0.0.1
CONF
}

start() { # dir ctrl name
  if ! port_free "$2"; then echo "port $2 is in use: is another call engine running? (tools/voice/stop.sh)" >&2; exit 1; fi
  baresip -f "$1" ${LIFETIME:+-t "$LIFETIME"} </dev/null >"$1/out.log" 2>&1 &
  echo $! >>"$RUN/pids"
  for _ in $(seq 100); do
    if ! port_free "$2"; then return 0; fi
    kill -0 "$!" 2>/dev/null || break
    sleep 0.1
  done
  echo "$3 did not start (see $1/out.log):" >&2; tail -5 "$1/out.log" >&2; exit 1
}

for ((i = 0; i < CHANNELS; i++)); do
  d=$RUN/channel-$i; mkdir -p "$d"
  # The account is created by BinHub on connect (uanew, with Voice:CallerId): the engine has none of its own.
  : >"$d/accounts"
  # Nobody may call in: an incoming call would become "the current call" that BinHub's commands act on.
  echo '<sip:*@*>;access=block' >"$d/contacts"
  config "$d" $((B + 2 * i)) $((B + 100 + i)) $((B + 400 + 10 * i)) "aubridge,binhub-idle" "aubridge,binhub-sink" ""
  start "$d" $((B + 100 + i)) "channel $i"
done

if [ -n "$PHONES" ]; then
  [ -f "$RUN/phone-source.wav" ] || sox -n -r 8000 -c 1 -b 16 -e signed-integer "$RUN/phone-source.wav" trim 0 300
  : >"$RUN/phones.tsv"
  k=0
  for behaviour in $PHONES; do
    d=$RUN/phone-$k; mkdir -p "$d/rec"
    case $behaviour in
      answer-*) mode=auto; contacts="" ;;
      no-answer|reject|ring-answer-press1) mode=manual; contacts="" ;;
      busy) mode=manual; contacts='<sip:*@*>;access=block' ;;
      *) echo "unknown phone behaviour: $behaviour" >&2; exit 1 ;;
    esac
    echo "<sip:phone@127.0.0.1:$((B + 200 + 2 * k))>;regint=0;answermode=$mode;audio_codecs=pcmu" >"$d/accounts"
    echo "$contacts" >"$d/contacts"
    # The phone "speaks" silence: its audio source must run, or baresip sends no DTMF (telephone-events go out with audio).
    config "$d" $((B + 200 + 2 * k)) $((B + 300 + k)) $((B + 600 + 10 * k)) "aufile,$RUN/phone-source.wav" "aubridge,phone-sink" \
      "module			sndfile.so
snd_path		$d/rec"
    start "$d" $((B + 300 + k)) "phone $k ($behaviour)"
    printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$behaviour" "sip:phone@127.0.0.1:$((B + 200 + 2 * k))" $((B + 300 + k)) "$d/rec" >>"$RUN/phones.tsv"
    k=$((k + 1))
  done
fi
echo "call engine: $CHANNELS channel(s) on ctrl_tcp 127.0.0.1:$((B + 100))..$((B + 100 + CHANNELS - 1)); phones: ${PHONES:-none} (state in $RUN)"
