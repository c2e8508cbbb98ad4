"""Sound and desktop notifications in the running board (pytest-qt, fake clock, no sleeps)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QShortcut
from PySide6.QtNetwork import QLocalSocket

from noc_wallboard.domain.board import BoardIncident, BoardState, SourceStatus
from noc_wallboard.domain.incident import IncidentState
from noc_wallboard.domain.severity import Severity
from noc_wallboard.services.sound import NullPlayer, SoundPolicy
from noc_wallboard.ui.attention import Attention
from noc_wallboard.ui.control import control_name, install_signal_controls
from noc_wallboard.ui.main_window import BoardWindow
from noc_wallboard.ui.sound import SoundController, built_in_sound, make_player
from noc_wallboard.ui.tray import TrayNotifier
from noc_wallboard.ui.wall import prepare_wall_window
from tests.factories import NOW, incident

S = timedelta(seconds=1)


class FakeClock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakePlayer(NullPlayer):
    """Records cues like the null player, but claims a working speaker."""

    @property
    def available(self) -> bool:
        return True


def board(*incidents, sources=()) -> BoardState:
    return BoardState(
        generated_at=NOW,
        incidents=tuple(BoardIncident(i, None) for i in incidents),
        sources=sources,
    )


def ticks(controller: SoundController, clock: FakeClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        controller.tick(clock.now)


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def wall_sound(qtbot, clock):
    player = FakePlayer()
    controller = SoundController(SoundPolicy(), "wall", player, clock)
    return controller, player


def test_wall_plays_a_new_critical_repeats_and_stops_when_acknowledged(wall_sound, clock):
    controller, player = wall_sound
    crit = incident("c1", Severity.CRITICAL)
    controller.on_state(board())
    controller.on_state(board(crit))
    assert player.played == ["critical"]
    ticks(controller, clock, 119)
    assert player.played == ["critical"]
    ticks(controller, clock, 1)  # the repeat period (2 min by default)
    assert player.played == ["critical", "critical"]
    acked = replace(crit, state=IncidentState.ACKNOWLEDGED, acknowledged_by="alice")
    controller.on_state(board(acked))
    ticks(controller, clock, 600)
    assert player.played == ["critical", "critical"]


def test_the_desk_is_quiet_unless_the_config_asks(qtbot, clock):
    quiet = FakePlayer()
    desk = SoundController(SoundPolicy(), "desk", quiet, clock)
    desk.on_state(board(incident("c1", Severity.CRITICAL)))
    ticks(desk, clock, 300)
    assert quiet.played == [] and not desk.enabled
    loud = FakePlayer()
    asked = SoundController(SoundPolicy(modes=frozenset({"desk"})), "desk", loud, clock)
    asked.on_state(board(incident("c1", Severity.CRITICAL)))
    assert loud.played == ["critical"]


def test_mute_and_snooze_from_the_desk_buttons_and_the_indicator(qtbot, clock):
    window = BoardWindow(mode="desk")
    qtbot.addWidget(window)
    player = FakePlayer()
    attention = Attention(
        "desk", SoundPolicy(modes=frozenset({"desk"})), windows=lambda: [window], player=player
    )
    attention.sound._clock = clock
    attention.attach([window])
    bar = window.attention
    assert not bar.isHidden() and bar.mute.text() == "Mute"
    attention.on_state(board(incident("c1", Severity.CRITICAL)))
    assert player.played == ["critical"]
    assert "sounding: CRITICAL" in bar.label.text()

    qtbot.mouseClick(bar.mute, Qt.MouseButton.LeftButton)
    assert bar.mute.text() == "Unmute" and "SOUND MUTED" in bar.label.text()
    ticks(attention.sound, clock, 600)
    assert player.played == ["critical"]
    qtbot.mouseClick(bar.mute, Qt.MouseButton.LeftButton)  # unmute: the open alarm sounds
    assert player.played == ["critical", "critical"]

    qtbot.mouseClick(bar.snooze, Qt.MouseButton.LeftButton)
    assert bar.snooze.text() == "End snooze" and "SNOOZED" in bar.label.text()
    ticks(attention.sound, clock, 15 * 60 - 1)
    assert player.played == ["critical", "critical"]
    ticks(attention.sound, clock, 1)  # snooze over, still unacknowledged: it sounds
    assert player.played == ["critical", "critical", "critical"]
    assert bar.snooze.text() == "Snooze 15 min"
    attention.stop()


def _wall_attention(qtbot, clock, name):
    """A wall window as `--mode wall` makes it (never takes the focus), its sound
    controlled over the local socket `name`."""
    window = BoardWindow(mode="wall")
    qtbot.addWidget(window)
    prepare_wall_window(window)
    window.show()
    assert window.windowFlags() & Qt.WindowType.WindowDoesNotAcceptFocus
    assert window.testAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
    player = FakePlayer()
    attention = Attention("wall", SoundPolicy(), windows=lambda: [window], player=player)
    attention.sound._clock = clock
    attention.attach([window])
    assert attention.open_control(name, signals=False)
    return window, attention, player


def _ask(qtbot, name: str, line: str) -> str:
    """What a client (the `sound` command) gets back, without blocking the loop the
    board's server runs on."""
    sock = QLocalSocket()
    got: list[bytes] = []
    sock.readyRead.connect(lambda: got.append(bytes(sock.readAll().data())))
    sock.connectToServer(name)
    qtbot.waitUntil(lambda: sock.state() == QLocalSocket.LocalSocketState.ConnectedState)
    sock.write((line + "\n").encode())
    qtbot.waitUntil(lambda: b"".join(got).endswith(b"\n"))
    sock.abort()
    return b"".join(got).decode().strip()


@pytest.fixture
def control_name_(tmp_path):
    # Unique per test: a path-like name keeps the socket inside tmp_path.
    return str(tmp_path / "control")


def test_a_wall_that_never_has_the_focus_is_muted_and_snoozed_over_its_socket(
    qtbot, clock, control_name_
):
    window, attention, player = _wall_attention(qtbot, clock, control_name_)
    attention.on_state(board(incident("c1", Severity.CRITICAL)))
    assert player.played == ["critical"]
    assert window.attention.isHidden()  # sounding is not news on a wall: the rows say it
    assert window.attention.mute.isHidden()  # a wall has no buttons

    reply = _ask(qtbot, control_name_, "mute")
    assert reply.startswith("ok: muted") and attention.sound.scheduler.muted
    assert window.attention.isVisible() and "SOUND MUTED" in window.attention.label.text()
    ticks(attention.sound, clock, 600)
    assert player.played == ["critical"]
    assert _ask(qtbot, control_name_, "unmute").startswith("ok: sound on")
    assert player.played == ["critical", "critical"]  # the end of a silence sounds
    assert window.attention.isHidden()

    reply = _ask(qtbot, control_name_, "snooze 30")
    assert "snoozed until" in reply and "SNOOZED" in window.attention.label.text()
    assert attention.sound.scheduler.snoozed_until == clock.now + timedelta(minutes=30)
    assert _ask(qtbot, control_name_, "unsnooze").startswith("ok")
    assert attention.sound.scheduler.snoozed_until is None
    assert _ask(qtbot, control_name_, "status") == "ok: sound on, 1 alarm(s), worst critical"
    assert _ask(qtbot, control_name_, "snooze soon").startswith("error: snooze takes minutes")
    assert _ask(qtbot, control_name_, "shout").startswith("error: expected one of")
    attention.stop()


@pytest.mark.skipif(not hasattr(signal, "SIGUSR1"), reason="POSIX signals")
def test_sigusr1_mutes_and_sigusr2_snoozes_a_wall(qtbot, clock, tmp_path):
    window, attention, _player = _wall_attention(qtbot, clock, str(tmp_path / "c"))
    restore = install_signal_controls(attention.sound)
    try:
        attention.on_state(board(incident("c1", Severity.CRITICAL)))
        os.kill(os.getpid(), signal.SIGUSR1)
        qtbot.waitUntil(lambda: attention.sound.scheduler.muted)
        assert "SOUND MUTED" in window.attention.label.text()
        os.kill(os.getpid(), signal.SIGUSR1)
        qtbot.waitUntil(lambda: not attention.sound.scheduler.muted)
        os.kill(os.getpid(), signal.SIGUSR2)
        qtbot.waitUntil(lambda: attention.sound.scheduler.snoozed_until is not None)
        assert "SNOOZED" in window.attention.label.text()
    finally:
        restore()
        attention.stop()


def test_the_sound_command_reaches_the_running_wall(qtbot, clock, control_name_):
    """`noc-wallboard sound snooze 5` from another process (an engineer over ssh)."""
    _window, attention, _ = _wall_attention(qtbot, clock, control_name_)
    root = Path(__file__).resolve().parents[2]
    cmd = [sys.executable, "-m", "noc_wallboard", "sound", "snooze", "5"]
    proc = subprocess.Popen(
        [*cmd, "--control", control_name_],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    try:
        qtbot.waitUntil(lambda: proc.poll() is not None, timeout=60000)
    finally:
        if proc.poll() is None:
            proc.kill()
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert out.startswith("ok: sound on, snoozed until")
    assert attention.sound.scheduler.snoozed_until == clock.now + timedelta(minutes=5)
    attention.stop()


def test_the_sound_command_says_when_no_board_listens(tmp_path, capsys):
    from noc_wallboard.cli import main

    assert main(["sound", "mute", "--control", str(tmp_path / "nobody")]) == 1
    assert "no board listens" in capsys.readouterr().err


def test_a_stale_socket_is_taken_over_and_a_live_one_is_not(qtbot, clock, tmp_path):
    name = str(tmp_path / "c")
    Path(name).write_text("")  # what a crashed board leaves behind
    _, first, _ = _wall_attention(qtbot, clock, name)
    assert first.control is not None and first.control.listening
    second = Attention("wall", SoundPolicy(), player=FakePlayer())
    assert not second.open_control(name, signals=False)
    assert _ask(qtbot, name, "status").startswith("ok")
    first.stop()


def test_a_board_without_sound_opens_no_control(qtbot, tmp_path):
    quiet = Attention("wall", SoundPolicy(modes=frozenset()), player=FakePlayer())
    assert not quiet.open_control(str(tmp_path / "c"))
    assert quiet.control is None


def test_control_name_is_per_user_and_display(tmp_path):
    a = control_name({"DISPLAY": ":0"})
    b = control_name({"DISPLAY": ":1"})
    w = control_name({"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"})
    assert a != b and w.endswith("wayland-0") and a.startswith("noc-wallboard-")
    assert "/" not in control_name({"DISPLAY": "host/unix:0"})
    # In the user's private runtime dir when there is one (ssh sessions share it).
    run = control_name({"DISPLAY": ":0", "XDG_RUNTIME_DIR": str(tmp_path)})
    assert run == str(tmp_path / "noc-wallboard-_0.sock")
    gone = control_name({"DISPLAY": ":0", "XDG_RUNTIME_DIR": str(tmp_path / "nope")})
    assert gone == a


def test_a_wall_without_audio_says_so(qtbot, clock):
    window = BoardWindow(mode="wall")
    qtbot.addWidget(window)
    attention = Attention("wall", SoundPolicy(), windows=lambda: [window], player=NullPlayer())
    attention.attach([window])
    assert "NO AUDIO DEVICE" in window.attention.label.text()
    assert not window.attention.isHidden()


def test_windows_of_screens_plugged_later_are_attached_once(qtbot, clock):
    first, second = BoardWindow(mode="wall"), BoardWindow(mode="wall")
    for w in (first, second):
        qtbot.addWidget(w)
    windows = [first]
    attention = Attention("wall", SoundPolicy(), windows=lambda: windows, player=FakePlayer())
    attention.start()
    windows.append(second)
    attention.attach(windows)
    attention.attach(windows)
    # One M/S pair per window, never twice for one window.
    assert [len(w.findChildren(QShortcut)) for w in (first, second)] == [2, 2]
    attention.sound.toggle_mute()
    assert "SOUND MUTED" in second.attention.label.text()
    attention.stop()


@pytest.mark.qt_log_ignore(".*")  # the audio backend talks about the missing sound server
def test_make_player_never_fails_without_audio(qtbot):
    from PySide6.QtMultimedia import QMediaDevices

    player = make_player(SoundPolicy())
    player.play("critical")  # a no-op or a real beep: never an exception
    player.stop()
    # A real player exactly when there is an output to play on; else a null one that
    # says why (the indicator shows NO AUDIO DEVICE).
    has_output = bool(QMediaDevices.audioOutputs())
    assert player.available is has_output
    assert isinstance(player, NullPlayer) is not has_output
    if not has_output:
        assert player.why == "no audio output"


def test_the_player_is_rebuilt_when_audio_outputs_change(qtbot, clock):
    """A wall booted before its speaker (or whose HDMI audio came back with the
    screen) sounds once the output appears; an open alarm sounds at once then."""
    window = BoardWindow(mode="wall")
    qtbot.addWidget(window)
    made: list[NullPlayer] = []

    def factory(policy, parent):
        made.append(NullPlayer("no audio output") if len(made) == 0 else FakePlayer())
        return made[-1]

    controller = SoundController(SoundPolicy(), "wall", clock=clock, player_factory=factory)
    attention = Attention("wall", SoundPolicy(), windows=lambda: [window], player=FakePlayer())
    attention.sound = controller
    attention.attach([window])
    controller.on_state(board(incident("c1", Severity.CRITICAL)))
    assert "NO AUDIO DEVICE" in window.attention.label.text()
    assert made[0].played == ["critical"]  # decided, but nobody heard it
    assert controller._devices is not None
    controller._devices.audioOutputsChanged.emit()  # a speaker is plugged in
    assert len(made) == 2 and controller.player is made[1]
    assert made[1].played == ["critical"]  # at once, not at the next repeat
    assert window.attention.isHidden()  # nothing wrong with the sound any more
    controller.stop()


def test_every_built_in_sound_is_shipped():
    for cue in SoundPolicy().sounds:
        path = built_in_sound(cue)
        assert path.is_file() and path.read_bytes()[:4] == b"RIFF", cue


# ---------------------------------------------------------------- tray notifications
class FakeTray(QObject):
    activated = Signal(object)

    def __init__(self) -> None:
        super().__init__()
        self.messages: list[tuple[str, str]] = []

    def setToolTip(self, text):
        pass

    def setContextMenu(self, menu):
        self.menu = menu

    def show(self):
        pass

    def showMessage(self, title, body, icon, msecs):
        self.messages.append((title, body))


def test_desk_notifies_new_critical_incidents_and_down_sources(qtbot):
    window = BoardWindow(mode="desk")
    qtbot.addWidget(window)
    tray = FakeTray()
    notifier = TrayNotifier(window, "desk", tray=tray)
    assert notifier.enabled
    notifier.on_state(board(incident("c1", Severity.CRITICAL, title="db-01 down")))
    notifier.on_state(board(incident("c1", Severity.CRITICAL, title="db-01 down")))
    assert tray.messages == [("\u2716 CRITICAL incident", "db-01 down\nacme \u00b7 c1:9100")]
    source = SourceStatus("am", "alertmanager", False, None, error="timeout", last_attempt=NOW)
    notifier.on_state(board(sources=(source,)))
    assert tray.messages[-1] == ("\u2716 Source am is down", "timeout")


def test_the_wall_never_notifies(qtbot):
    window = BoardWindow(mode="wall")
    qtbot.addWidget(window)
    tray = FakeTray()
    notifier = TrayNotifier(window, "wall", tray=tray)
    notifier.on_state(board(incident("c1", Severity.CRITICAL)))
    assert not notifier.enabled and tray.messages == []


def test_no_system_tray_no_notifier(qtbot):
    # The offscreen platform has no tray: the desk runs without notifications.
    window = BoardWindow(mode="desk")
    qtbot.addWidget(window)
    attention = Attention("desk", SoundPolicy(), windows=lambda: [window], player=FakePlayer())
    attention.attach([window])
    assert attention.tray is not None and not attention.tray.enabled
    attention.on_state(board(incident("c1", Severity.CRITICAL)))
