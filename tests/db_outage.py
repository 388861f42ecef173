"""A database that went away, for tests: the default connection pointed at a PostgreSQL address.

The real PostgreSQL server is never stopped here (other test runs share it): the outage is a closed
port, and `TcpRelay` is a port that can be opened and closed on demand in front of the real server.
"""

import socket
import threading
from contextlib import contextmanager, suppress

from django.db import connections
from django.db.utils import ConnectionHandler

#: Nothing listens on port 1 of the loopback address: connecting is refused at once.
CLOSED_PORT = 1


@contextmanager
def default_database_at(host, port, **overrides):
    """Make `connections["default"]` a PostgreSQL connection to host:port for the block.

    It has production's settings (persistent connection, health checks, connect timeout), like a
    gunicorn worker's connection; the test database's connection comes back afterwards.
    """
    real = connections["default"]
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "klastry",
        "USER": "postgres",
        "HOST": host,
        "PORT": str(port),
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": 3},
        **overrides,
    }
    wrapper = ConnectionHandler({"default": settings})["default"]
    connections["default"] = wrapper
    try:
        yield wrapper
    finally:
        wrapper.close()
        connections["default"] = real


class TcpRelay:
    """A local port relaying to a real server; `close()` cuts every connection and the port."""

    def __init__(self, target_host, target_port):
        self.target = (target_host, int(target_port))
        self.port = None
        self._listener = None
        self._sockets = []
        self._lock = threading.Lock()

    def open(self):
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port or 0))
        listener.listen()
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self):
        with self._lock:
            sockets, self._sockets = self._sockets, []
            listener, self._listener = self._listener, None
        for sock in [listener, *sockets]:
            if sock is None:
                continue
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
