"""A TCP proxy that can be opened and closed: the network between the gateway and Rasa.

Closed, nothing listens on its port (the engine is unreachable, as when it is down); open, it
forwards every connection to the real Rasa; with a `delay`, each request waits that long first
(a slow engine). Standard library only; threads, for tests.
"""

from __future__ import annotations

import socket
import threading
import time

from tests.support.net import free_port


class TcpProxy:
    def __init__(self, *, target_port: int):
        self.port = free_port()
        self._target = ("127.0.0.1", target_port)
        self._listener: socket.socket | None = None
        self.delay = 0.0  # seconds each chunk towards the target waits: a slow engine

    def open(self) -> None:
        """Start forwarding connections to the target."""
        self._listener = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
        threading.Thread(target=self._accept, args=(self._listener,), daemon=True).start()

    def close(self) -> None:
        """Stop accepting connections (existing ones finish on their own)."""
        if self._listener is not None:
            self._listener.close()
            self._listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # closed
            upstream = socket.create_connection(self._target)
            threading.Thread(target=_pump, args=(client, upstream, lambda: self.delay),
                             daemon=True).start()
            threading.Thread(target=_pump, args=(upstream, client), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket, delay=lambda: 0.0) -> None:
    try:
        while data := source.recv(65536):
            time.sleep(delay())
            sink.sendall(data)
    except OSError:
        pass
    finally:
        for sock in (source, sink):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
