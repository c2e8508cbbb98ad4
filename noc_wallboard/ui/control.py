"""Mute and snooze a wall nobody can click: a wall window never takes the focus (it must
not steal it from whatever else runs on the machine), so keys pressed at it go nowhere.

Two ways in that need no focus:

- `noc-wallboard sound mute|unmute|toggle|snooze [MIN]|unsnooze|status`, which talks to
  the running board over a local socket (`QLocalServer`) per user and display (in the
  user's runtime dir), so an engineer at the wall's keyboard, over ssh or from a script
  reaches the board on that display;
- signals: `SIGUSR1` toggles the mute, `SIGUSR2` snoozes or ends the snooze
  (`pkill -USR1 -f 'noc-wallboard.*wall'` from a hotkey daemon, for instance).

The protocol is one line in (`snooze 30`), one line out (`ok: snoozed until 14:05` or
`error: …`).
"""

from __future__ import annotations

import getpass
import logging
import os
import re
import signal
from collections.abc import Callable, Mapping
from datetime import timedelta

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from noc_wallboard.ui.sound import SoundController

log = logging.getLogger(__name__)

COMMANDS = ("mute", "unmute", "toggle", "snooze", "unsnooze", "status")
_MAX_LINE = 256


def control_name(env: Mapping[str, str] | None = None) -> str:
    """One board with sound per user and display: `$XDG_RUNTIME_DIR/noc-wallboard-
    <display>.sock` where the user has a runtime dir (private to the user, the same for
    an ssh session of that user), else `noc-wallboard-<user>-<display>` in the temp dir."""
    env = os.environ if env is None else env
    display = env.get("WAYLAND_DISPLAY") or env.get("DISPLAY") or "console"
    display = re.sub(r"[^A-Za-z0-9._-]", "_", display)
    runtime = env.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isdir(runtime):
        return os.path.join(runtime, f"noc-wallboard-{display}.sock")
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^A-Za-z0-9._-]", "_", f"noc-wallboard-{user}-{display}")


def run_command(sound: SoundController, line: str) -> str:
    """Carry out one control line on the board's sound; the reply to send back."""
    words = line.split()
    if not words or words[0] not in COMMANDS:
        return f"error: expected one of {', '.join(COMMANDS)}"
    command, args = words[0], words[1:]
    if not sound.enabled:
        return "error: this board makes no sound (see [sound] modes, --no-sound)"
    if command == "mute":
        sound.set_muted(True)
    elif command == "unmute":
        sound.set_muted(False)
    elif command == "toggle":
        sound.toggle_mute()
    elif command == "snooze":
        minutes: float | None = None
        if args:
            try:
                minutes = float(args[0])
            except ValueError:
                return f"error: snooze takes minutes, got {args[0]!r}"
            if not 0 < minutes <= 24 * 60:
                return "error: snooze between 1 minute and 24 hours"
        sound.snooze(timedelta(minutes=minutes) if minutes is not None else None)
    elif command == "unsnooze":
        sound.end_snooze()
    return "ok: " + sound.status_text()


class SoundControlServer(QObject):
    """The board's end of `noc-wallboard sound …`."""

    def __init__(self, sound: SoundController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sound = sound
        self._server = QLocalServer(self)
        self._server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self._server.newConnection.connect(self._accept)
        self.name = ""

    @property
    def listening(self) -> bool:
        return self._server.isListening()

    def listen(self, name: str) -> bool:
        """Listen on `name` (a socket only this user may open). A socket left behind by
        a board that crashed is taken over; one a live board answers on is not: that
        board keeps its control and this one logs why."""
        probe = QLocalSocket()
        probe.connectToServer(name)
        alive = probe.waitForConnected(500)
        probe.abort()
        if alive:
            log.warning(
                "sound control: another board on this display already listens as %s; "
                "this one answers to SIGUSR1 (mute) and SIGUSR2 (snooze) only",
                name,
            )
            return False
        QLocalServer.removeServer(name)  # a crashed board's socket, if any
        if not self._server.listen(name):
            log.warning("sound control unavailable (%s)", self._server.errorString())
            return False
        self.name = name
        log.info("sound control: noc-wallboard sound … (socket %s)", name)
        return True

    def close(self) -> None:
        self._server.close()

    def _accept(self) -> None:
        while self._server.hasPendingConnections():
            conn = self._server.nextPendingConnection()
            if conn is None:
                return
            conn.setParent(self)
            conn.readyRead.connect(lambda c=conn: self._read(c))
            conn.disconnected.connect(conn.deleteLater)
            # A client that connects and says nothing is dropped.
            QTimer.singleShot(5000, conn, conn.abort)

    def _read(self, conn: QLocalSocket) -> None:
        if not conn.canReadLine():
            if conn.bytesAvailable() > _MAX_LINE:
                conn.abort()
            return
        line = bytes(conn.readLine(_MAX_LINE).data()).decode("utf-8", "replace").strip()
        reply = run_command(self._sound, line)
        log.info("sound control: %r → %s", line, reply)
        conn.write((reply + "\n").encode())
        conn.flush()
        conn.disconnectFromServer()


def send_command(line: str, name: str, timeout_ms: int = 3000) -> str:
    """The client side (the `sound` command): one line to the board, its one-line answer.
    Raises ConnectionError when no board listens."""
    if QCoreApplication.instance() is None:
        QCoreApplication([])  # sockets want an application object; the CLI has none
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        raise ConnectionError(f"no board listens as {name} ({sock.errorString()})")
    sock.write((line.strip() + "\n").encode())
    sock.flush()
    reply = b""
    while not reply.endswith(b"\n"):
        if not sock.waitForReadyRead(timeout_ms):
            break
        reply += bytes(sock.readAll().data())
    sock.abort()
    if not reply:
        raise ConnectionError(f"the board at {name} did not answer")
    return reply.decode("utf-8", "replace").strip()


def install_signal_controls(sound: SoundController) -> Callable[[], None]:
    """SIGUSR1 toggles the mute, SIGUSR2 snoozes (or ends the snooze). The handler only
    queues the action for the Qt loop. Returns what puts the old handlers back."""
    if not hasattr(signal, "SIGUSR1"):  # Windows
        return lambda: None
    actions = {signal.SIGUSR1: sound.toggle_mute, signal.SIGUSR2: sound.toggle_snooze}
    old = {}
    for signum, action in actions.items():

        def handler(_signum: int, _frame: object, action: Callable[[], None] = action) -> None:
            QTimer.singleShot(0, action)

        old[signum] = signal.signal(signum, handler)

    def restore() -> None:
        for signum, previous in old.items():
            signal.signal(signum, previous)

    return restore
