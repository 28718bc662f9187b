# The server of the firewall test host: TCP listeners that accept and close, UDP listeners that echo.
# Usage: server.py SPEC...   where SPEC is tcp:ADDRESS:PORT or udp:ADDRESS:PORT; prints "ready".
import socket
import sys
import threading
import time


def tcp(addr, port):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, port))
    s.listen(64)
    def serve():
        while True:
            c, _ = s.accept()
            c.close()
    threading.Thread(target=serve, daemon=True).start()


def udp(addr, port):
    s = socket.socket(socket.AF_INET6 if ":" in addr else socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((addr, port))
    def serve():
        while True:
            data, peer = s.recvfrom(2048)
            try:
                s.sendto(data, peer)
            except OSError:
                pass  # an output chain that drops the reply (EPERM) must not end the listener
    threading.Thread(target=serve, daemon=True).start()


for spec in sys.argv[1:]:
    proto, rest = spec.split(":", 1)
    addr, port = rest.rsplit(":", 1)
    (tcp if proto == "tcp" else udp)(addr, int(port))
print("ready", flush=True)
time.sleep(600)  # bounded: the test kills it long before
