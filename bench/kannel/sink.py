#!/usr/bin/python3
"""The operator network behind one throttled Kannel link (smsc = http, system-type = kannel; see README "priority").

Takes the MT requests Kannel's link makes (at most `throughput` per second: the http link's throttle is honest, unlike
the fake SMSC's), prints each SMS the way fakesmsc does ("<stamp> Got message N: <from to text>") and answers
"0: Accepted for delivery". When the SMS asked for a final delivery report (dlr-mask with bit 1), it then calls the
SMS's dlr-url with %d = 1 (delivered) — what the operator's confirmation does through a real link — from a small pool
of keep-alive connections, so the callbacks never hold the link up.
Usage: sink.py PORT OUTFILE"""
import http.client, queue, sys, threading, time, urllib.parse
from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

port, out = int(sys.argv[1]), open(sys.argv[2], "a", buffering=1)
lock, n, reports = threading.Lock(), [0], queue.Queue()

def report_worker():
    conns = {}
    while True:
        url = reports.get()
        u = urllib.parse.urlsplit(url)
        for attempt in (1, 2):
            try:
                c = conns.get(u.netloc) or conns.setdefault(u.netloc, http.client.HTTPConnection(u.hostname, u.port or 80, timeout=30))
                c.request("GET", u.path + ("?" + u.query if u.query else ""))
                c.getresponse().read()
                break
            except Exception as e:
                conns.pop(u.netloc, None)
                if attempt == 2: out.write("%s report failed: %s %s\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), url, e))

for _ in range(4): threading.Thread(target=report_worker, daemon=True).start()

def expand(url, to, frm):
    q = lambda s: urllib.parse.quote(s, safe="")
    for k, v in (("%d", "1"), ("%p", q(to)), ("%P", q(frm)), ("%A", q("delivered")), ("%T", str(int(time.time())))):
        url = url.replace(k, v)
    return url

class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def do_GET(self):
        q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
        get = lambda k: q.get(k, [""])[0]
        to, frm = get("to"), get("from")
        with lock:
            n[0] += 1
            out.write("%s Got message %d: <%s %s %s>\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), n[0], frm, to, get("text").replace("\n", " ")))
        body = b"0: Accepted for delivery"
        self.send_response(202); self.send_header("Content-Length", str(len(body))); self.end_headers(); self.wfile.write(body)
        dlr, mask = get("dlr-url"), get("dlr-mask")
        if dlr and mask.isdigit() and int(mask) & 1: reports.put(expand(dlr, to, frm))
    do_POST = do_GET
    def log_message(self, *a): pass

out.write("%s sink listening on %d\n" % (time.strftime("%Y-%m-%d %H:%M:%S"), port))
ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
