"""A real ``redis-server`` for tests: started on 127.0.0.1 and a free port,
talked to over plain sockets (no client library needed), stopped at the end.

The integration tests and the benchmarks import this module too.
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import threading
import time
import typing as t
from pathlib import Path

START_TIMEOUT = 20.0
STOP_TIMEOUT = 10.0

MISSING_SERVER = (
    "redis-server is not installed, and the Redis session store is tested"
    " against a real server. Install it from your system's packages"
    " (Debian/Ubuntu: 'apt-get install redis-server'; Fedora: 'dnf install"
    " redis'; macOS: 'brew install redis'); '.ci/run' does this in CI."
)

Reply = str | int | bytes | None | list["Reply"]


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _encode(*words: str | bytes | int) -> bytes:
    """A command in the Redis protocol: an array of bulk strings."""
    parts = [f"*{len(words)}\r\n".encode()]
    for word in words:
        data = word if isinstance(word, bytes) else str(word).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(data), data))
    return b"".join(parts)


class _Replies:
    """Reads replies in the Redis protocol from a socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._file = sock.makefile("rb")

    def read(self) -> Reply:
        line = self._file.readline()
        if not line:
            raise ConnectionError("the server closed the connection")
        kind, rest = line[:1], line[1:-2]
        if kind == b"+":
            return rest.decode()
        if kind == b"-":
            raise RuntimeError(rest.decode())
        if kind == b":":
            return int(rest)
        if kind == b"$":
            size = int(rest)
            if size < 0:
                return None
            data = self._file.read(size + 2)[:-2]
            return data
        if kind == b"*":
            size = int(rest)
            return None if size < 0 else [self.read() for _ in range(size)]
        raise ValueError(f"unexpected reply {line!r}")

    def close(self) -> None:
        self._file.close()


class RedisServer:
    """One ``redis-server`` process. With ``persistent`` it keeps its data in
    an append-only file in ``folder``, so it survives :meth:`restart`."""

    def __init__(self, folder: Path, persistent: bool = False) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError(MISSING_SERVER)
        self.executable = executable
        self.folder = folder
        self.persistent = persistent
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log_file = folder / "redis-server.log"

    @property
    def url(self) -> str:
        """A ``redis://`` URL for clients."""
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start on a free port (a new one the first time, the same one on a
        restart) and wait until it answers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        for _ in range(5):
            port = self.port or free_port()
            self.process = subprocess.Popen(
                [
                    self.executable,
                    "--bind",
                    "127.0.0.1",
                    "--port",
                    str(port),
                    "--dir",
                    str(self.folder),
                    "--save",
                    "",
                    "--appendonly",
                    "yes" if self.persistent else "no",
                    "--appendfsync",
                    "always",
                    "--protected-mode",
                    "no",
                    "--logfile",
                    str(self.log_file),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.STDOUT,
            )
            if self._wait_until_ready(port):
                self.port = port
                return
            self._end_process()
        raise RuntimeError(f"redis-server did not start:\n{self._output()}")

    def _wait_until_ready(self, port: int) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            with contextlib.suppress(OSError, RuntimeError):
                if self._command_on(port, "PING") == "PONG":
                    return True
            time.sleep(0.05)
        return False

    def _output(self) -> str:
        try:
            return self.log_file.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def _end_process(self) -> None:
        process = self.process
        if process is None:
            return
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=STOP_TIMEOUT)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=STOP_TIMEOUT)
        self.process = None

    def stop(self) -> None:
        """Stop the server (its port stays reserved for :meth:`restart`)."""
        self._end_process()

    def restart(self) -> None:
        """Start it again on the same port."""
        self.start()

    def _command_on(self, port: int, *words: str | bytes | int) -> Reply:
        return command_on(port, *words)

    def command(self, *words: str | bytes | int) -> Reply:
        """Send one command on a new connection and return the reply."""
        return command_on(self.port, *words)

    def monitor(self) -> t.ContextManager[CommandLog]:
        """Record every command the server receives while the block runs."""
        return monitor(self.port)


def command_on(port: int, *words: str | bytes | int) -> Reply:
    """Send one command to the server on ``port`` and return the reply."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(_encode(*words))
        replies = _Replies(sock)
        try:
            return replies.read()
        finally:
            replies.close()


@contextlib.contextmanager
def monitor(port: int) -> t.Iterator[CommandLog]:
    """Record every command the server on ``port`` receives while the block
    runs."""
    log = CommandLog(port)
    log.begin()
    try:
        yield log
    finally:
        log.end()


class CommandLog:
    """What ``MONITOR`` showed: one entry per command, with where it came
    from (``"lua"`` for commands a script ran, else the client's address)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.entries: list[tuple[str, str]] = []
        self._marker = f"end-of-log-{id(self)}"
        self._done = threading.Event()

    def begin(self) -> None:
        self._sock = socket.create_connection(("127.0.0.1", self.port), 5)
        self._sock.sendall(_encode("MONITOR"))
        self._replies = _Replies(self._sock)
        assert self._replies.read() == "OK"
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        with contextlib.suppress(OSError, ConnectionError, ValueError):
            while True:
                line = self._replies.read()
                assert isinstance(line, str)
                # 1700000000.123456 [0 127.0.0.1:5555] "HGETALL" "session:..."
                source = line.split("[", 1)[1].split("]", 1)[0].split(" ", 1)[1]
                command = line.split("] ", 1)[1].split(" ", 1)[0].strip('"').upper()
                if self._marker in line:
                    self._done.set()
                    return
                self.entries.append((source, command))

    def end(self) -> None:
        """Wait until everything sent so far was logged, then stop."""
        command_on(self.port, "ECHO", self._marker)
        self._done.wait(START_TIMEOUT)
        with contextlib.suppress(OSError):
            self._sock.close()
        self._thread.join(STOP_TIMEOUT)

    @property
    def round_trips(self) -> list[str]:
        """The commands clients sent (not those run by scripts)."""
        return [command for source, command in self.entries if source != "lua"]
