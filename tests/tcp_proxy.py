"""A TCP proxy on loopback that a test can cut and restore, to put an outage between the app and
PostgreSQL or Redis without touching either.

    with TcpProxy(5432) as proxy:        # forwards 127.0.0.1:<proxy.port> to 127.0.0.1:5432
        proxy.cut("refuse")              # connections closed; new ones refused (ECONNREFUSED)
        proxy.cut("blackhole")           # connections closed; new ones accepted, never answered
        proxy.freeze()                   # connections stay open, nothing is forwarded any more
        proxy.restore()                  # forwards again, on the same port

"blackhole" and "freeze" are the outages that make a naive client hang: the kernel still accepts
and acknowledges, and only a client-side timeout notices that nothing comes back.

One thread moves every byte with a selector, so cutting, freezing and restoring are decided in
one place and take effect between two reads.
"""

import selectors
import socket
import threading

FORWARD, REFUSE, BLACKHOLE, FREEZE = "forward", "refuse", "blackhole", "freeze"
CHUNK = 65536


class TcpProxy:
    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.mode = FORWARD
        self._lock = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._selector.register(self._wake_reader, selectors.EVENT_READ, "wake")
        self._pairs = {}  # socket -> its peer, both directions
        self._held = []  # open but never read: accepted during an outage, or frozen
        self._listener = None
        self._listen(port=0)
        self.port = self._listener.getsockname()[1]
        self._running = True
        self._thread = threading.Thread(target=self._loop, name="tcp-proxy", daemon=True)
        self._thread.start()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()

    # What the test calls.

    def cut(self, mode):
        """Close every connection; from now on refuse new ones, or accept and ignore them."""
        if mode not in (REFUSE, BLACKHOLE):
            raise ValueError(f"cut() takes {REFUSE!r} or {BLACKHOLE!r}, not {mode!r}")
        self._switch(mode, close_connections=True)

    def freeze(self):
        """Stop forwarding without closing anything, as a hung network path or server would."""
        self._switch(FREEZE, close_connections=False)

    def restore(self):
        # Connections that waited through the outage are closed, as a real outage leaves them:
        # their clients gave up on them long ago.
        self._switch(FORWARD, close_connections=True)

    def close(self):
        self._running = False
        self._wake()
        self._thread.join(timeout=5)
        with self._lock:
            self._close_connections()
            self._stop_listening()
        self._selector.close()
        self._wake_reader.close()
        self._wake_writer.close()

    # The proxy's own work.

    def _switch(self, mode, close_connections):
        with self._lock:
            if close_connections:
                self._close_connections()
            elif mode == FREEZE:
                self._hold_connections()
            if mode == REFUSE:
                self._stop_listening()
            elif self._listener is None:
                self._listen(port=self.port)
            self.mode = mode
        self._wake()

    def _listen(self, port):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", port))
        listener.listen(64)
        listener.setblocking(False)
        self._selector.register(listener, selectors.EVENT_READ, "accept")
        self._listener = listener

    def _stop_listening(self):
        if self._listener is not None:
            self._selector.unregister(self._listener)
            self._listener.close()
            self._listener = None

    def _close_connections(self):
        self._hold_connections()
        for sock in self._held:
            sock.close()
        self._held.clear()

    def _hold_connections(self):
        """Keep the forwarded connections open but read them no more."""
        for sock in self._pairs:
            self._selector.unregister(sock)
            self._held.append(sock)
        self._pairs.clear()

    def _wake(self):
        self._wake_writer.send(b"x")

    def _loop(self):
        while self._running:
            for key, _ in self._selector.select(timeout=0.5):
                if key.data == "wake":
                    self._wake_reader.recv(CHUNK)
                    continue
                with self._lock:
                    if key.data == "accept" and key.fileobj is self._listener:
                        self._accept()
                    elif key.data == "pipe" and key.fileobj in self._pairs:
                        self._pump(key.fileobj)

    def _accept(self):
        try:
            client, _ = self._listener.accept()
        except BlockingIOError:
            return
        if self.mode != FORWARD:
            self._held.append(client)
            return
        try:
            server = socket.create_connection(self.target, timeout=2)
        except OSError:
            client.close()
            return
        for sock in (client, server):
            sock.setblocking(True)
            sock.settimeout(2)
        self._pairs[client], self._pairs[server] = server, client
        self._selector.register(client, selectors.EVENT_READ, "pipe")
        self._selector.register(server, selectors.EVENT_READ, "pipe")

    def _pump(self, source):
        peer = self._pairs[source]
        try:
            data = source.recv(CHUNK)
            if data:
                peer.sendall(data)
                return
        except OSError:
            pass
        for sock in (source, peer):
            self._selector.unregister(sock)
            del self._pairs[sock]
            sock.close()
