# Started by MotoServerEmulator with the project's virtualenv python.
# Serves every moto service on a free loopback port, prints the port, and exits when its stdin
# closes - that is, when the JVM that started it goes away, however it goes away.
import sys
import threading
from importlib.metadata import version

from moto.server import ThreadedMotoServer

host = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
server = ThreadedMotoServer(ip_address=host, port=0, verbose=False)
starter = threading.Thread(target=server.start, daemon=True)
starter.start()
starter.join(60)
if starter.is_alive():
    print("moto server did not start within 60 s", file=sys.stderr, flush=True)
    sys.exit(1)
_, port = server.get_host_and_port()
print(f"PROBEFLEET-MOTO-READY {port} {version('moto')}", flush=True)
try:
    sys.stdin.read()
finally:
    server.stop()
