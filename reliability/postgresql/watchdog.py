"""Cuts a database connection whose answer is overdue, so that the waiting request fails at once.

A path that stops forwarding (a hung server or proxy, a firewall dropping state) leaves the
client waiting forever: the kernel at the far end still acknowledges every packet, so neither
TCP keepalives nor `tcp_user_timeout` notice, and a server-side `statement_timeout` cannot help
because its cancellation never comes back. The only way out is on this side: shut the socket
down, which wakes the blocked driver with "server closed the connection" and leaves the
connection unusable, as a dropped connection would.

One thread per process watches every pending answer. It holds a duplicate of each watched
socket's descriptor, so a connection closed meanwhile can never make it shut down another
socket that reused the number.
"""

import math
import os
import socket
import threading
import time
from contextlib import contextmanager


class _Watch:
    def __init__(self, fileno, deadline):
        self.fileno = fileno
        self.deadline = deadline
        self.cut = False

    def cut_connection(self):
        # Marked first: the shutdown wakes the waiting thread, which then asks whether it was cut.
        self.cut = True
        sock = socket.socket(fileno=self.fileno)
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed by the far end
        finally:
            sock.detach()


class Watchdog:
    def __init__(self):
        self._forget_thread()
        # gunicorn forks workers from a master that imported everything: threads do not survive
        # a fork, so each worker starts its own on its first watch.
        os.register_at_fork(after_in_child=self._forget_thread)

    def _forget_thread(self):
        self._condition = threading.Condition()
        self._watches = set()
        self._wakes_at = math.inf
        self._thread = None

    @contextmanager
    def watch(self, fileno, seconds):
        """Within the block, the socket `fileno` is shut down once `seconds` have passed; the
        yielded watch's `cut` says whether that happened."""
        watch = _Watch(os.dup(fileno), time.monotonic() + seconds)
        with self._condition:
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="database-watchdog", daemon=True
                )
                self._thread.start()
            self._watches.add(watch)
            # The thread sleeps until the earliest deadline it knows; wake it only for an
            # earlier one, not on every statement.
            if watch.deadline < self._wakes_at:
                self._condition.notify()
        try:
            yield watch
        finally:
            with self._condition:
                self._watches.discard(watch)
                os.close(watch.fileno)

    def _run(self):
        with self._condition:
            while True:
                now = time.monotonic()
                for watch in self._watches:
                    if not watch.cut and watch.deadline <= now:
                        watch.cut_connection()
                pending = [watch.deadline for watch in self._watches if not watch.cut]
                self._wakes_at = min(pending, default=math.inf)
                timeout = None if self._wakes_at == math.inf else self._wakes_at - now
                self._condition.wait(timeout)


watchdog = Watchdog()
