import os, socket, subprocess, sys
# Runs argv[2:] with its stderr on one end of a socket pair, as systemd runs a service with stderr on
# journald's stream socket, and prints what arrived. argv[1]: "match" sets JOURNAL_STREAM to that socket,
# "other" to another inode, "none" leaves it unset.
a, b = socket.socketpair()
st = os.fstat(b.fileno())
env = dict(os.environ)
mode = sys.argv[1]
if mode == "match":
    env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino)
elif mode == "other":
    env["JOURNAL_STREAM"] = "%d:%d" % (st.st_dev, st.st_ino + 1)
p = subprocess.Popen(sys.argv[2:], stderr=b, stdout=subprocess.DEVNULL, env=env)
b.close()
data = b""
a.settimeout(120)
while True:
    d = a.recv(65536)
    if not d:
        break
    data += d
p.wait(120)
sys.stdout.buffer.write(data)
