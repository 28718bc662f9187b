# A client of the firewall test host: tries every target at once, each with a bounded wait, and
# prints one line per target: "SPEC open" or "SPEC closed".
# Usage: probe.py SPEC...   where SPEC is tcp:ADDRESS:PORT or udp:ADDRESS:PORT
import socket
import sys
import threading

WAIT = 0.8
results = {}


def probe(spec):
    proto, rest = spec.split(":", 1)
    addr, port = rest.rsplit(":", 1)
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    ok = False
    try:
        if proto == "tcp":
            s = socket.create_connection((addr, int(port)), timeout=WAIT)
            s.close()
            ok = True
        else:
            s = socket.socket(family, socket.SOCK_DGRAM)
            s.settimeout(WAIT)
            s.sendto(b"ping", (addr, int(port)))
            ok = s.recvfrom(2048)[0] == b"ping"
            s.close()
    except OSError:
        ok = False
    results[spec] = ok


threads = [threading.Thread(target=probe, args=(spec,)) for spec in sys.argv[1:]]
for t in threads:
    t.start()
for t in threads:
    t.join(5)
for spec in sys.argv[1:]:
    print(spec, "open" if results.get(spec) else "closed")
