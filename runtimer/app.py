"""The Textual application: screens, and the glue between the session, sounds and the log.

The app is thin on purpose: the session engine decides what happens, the screens
draw it, and this class routes the engine's events to the sound player and the log.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from textual.app import App

from runtimer.catalog import Catalog, Entry, Origin, discover, load_entry
from runtimer.routine import Routine
from runtimer.screens.menu import MenuScreen

# Only what the menu needs is imported up front, so it paints quickly; the workout,
# the log and history are imported when first used (after the first paint).
if TYPE_CHECKING:
    from runtimer.audio.events import SoundEvent
    from runtimer.audio.player import SoundPlayer
    from runtimer.history import History
    from runtimer.log import SessionLog, SessionWriter, Store
    from runtimer.recorder import Recorder
    from runtimer.screens.history import HistoryScreen
    from runtimer.session import Clock, Event, Session

#: How often a log that could not be saved is tried again while nothing else happens.
LOG_RETRY_SECONDS = 5.0


class Sounds(Protocol):
    """What the app needs from the audio system (runtimer.audio provides it)."""

    @property
    def muted(self) -> bool: ...

    def play_name(self, name: str) -> None: ...

    def set_muted(self, muted: bool) -> None: ...


class BellSounds:
    """No audio backend: the terminal bell, for the events that matter most."""

    def __init__(self, app: App[None], muted: bool = False) -> None:
        self.app = app
        self.muted = muted

    def play_name(self, name: str) -> None:
        if not self.muted and name != "pip":
            self.app.bell()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


class RuntimerApp(App[None]):
    CSS_PATH = "runtimer.tcss"
    TITLE = "runtimer"

    def __init__(
        self,
        catalog_loader: Callable[[], Catalog] | None = None,
        *,
        start: Entry | None = None,
        catalog: Catalog | None = None,
        clock: Clock = time.monotonic,
        sounds: Sounds | None = None,
        mute: bool = False,
        store: Store | None = None,
        today: Callable[[], date] = date.today,
        background: bool = True,
    ) -> None:
        """`background=False` reads the log folder on the event loop (tests: no thread
        to wait for); `make_sounds`, when set, builds the real sound player in a thread."""
        super().__init__()
        self._catalog_loader = catalog_loader or discover
        self.catalog = catalog if catalog is not None else self._catalog_loader()
        self._start = start
        self.clock = clock
        self.today = today
        self.sounds: Sounds = sounds if sounds is not None else BellSounds(self, mute)
        if mute:
            self.sounds.set_muted(True)
        self._store = store
        self._history: History | None = None  # read after the first paint
        self.session: Session | None = None
        self.recorder: Recorder | None = None
        self._hints: dict[int, str] = {}
        self._past: tuple[SessionLog, ...] = ()  # history for advice, this workout left out
        self.startup_notices: tuple[str, ...] = ()
        self.background = background
        self._logs_lock = threading.Lock()
        self.make_sounds: Callable[[], Sounds] | None = None
        self._last_retry = float("-inf")
        self.sound_log: list[str] = []  # what was asked to play, for tests and the bench
        # RUNTIMER_TRACE=FILE records each session event's due time and handling time,
        # so the benchmark can measure how late the rest-end event fires.
        trace = os.environ.get("RUNTIMER_TRACE")
        self._trace: TextIO | None = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115

    @property
    def store(self) -> Store:
        """Where the workout logs live (the user's data folder unless given)."""
        if self._store is None:
            from runtimer.log import Store

            self._store = store_ = Store.default()
            return store_
        return self._store

    def on_mount(self) -> None:
        self.push_screen(MenuScreen())
        for notice in self.startup_notices:
            self.notify(notice, severity="warning", timeout=8, markup=False)
        # The menu paints first; the log folder and the audio backends are looked at
        # after that, so a long history or a slow sound device never delays the menu.
        if not self.background:
            self._history_ready(self.read_logs())
        self.call_after_refresh(self._start_up)

    def _start_up(self) -> None:
        if self.make_sounds is not None:
            threading.Thread(target=self._create_sounds, name="sounds", daemon=True).start()
        if self._history is None:
            self.run_worker(self._read_history, thread=True, group="history")

    @property
    def history(self) -> History:
        """The log folder as last read. Something that needs it before the background
        read is done (a very quick start) reads it there and then."""
        if self._history is None:
            self._history = self.read_logs()
        return self._history

    @history.setter
    def history(self, value: History) -> None:
        self._history = value

    def _create_sounds(self) -> None:
        assert self.make_sounds is not None
        sounds = self.make_sounds()
        self.call_from_thread(self._sounds_ready, sounds)

    def _sounds_ready(self, sounds: Sounds) -> None:
        if self.sounds.muted and not sounds.muted:
            sounds.set_muted(True)  # the user pressed m while the backends were tried
        self.sounds = sounds
        for notice in getattr(sounds, "notices", ()):
            self.notify(notice, severity="warning", timeout=8, markup=False)

    def _read_history(self) -> None:
        history = self.read_logs()
        self.call_from_thread(self._history_ready, history)

    def _history_ready(self, history: History) -> None:
        from runtimer.history import find_resumable
        from runtimer.log import SessionWriter, UnreadableLog

        if self._history is None:
            self._history = history
        if self.session is not None:
            return  # a workout already started: no resume question in the middle of it
        pending = find_resumable(self.history)
        if pending is not None and not pending.sets and pending.path is not None:
            # Stopped before the first set ended (e.g. during the warm-up): nothing to
            # resume, so do not ask. discard() deletes only a file we wrote with no sets.
            with contextlib.suppress(UnreadableLog):
                SessionWriter.reopen(pending.path).discard()
            self.history = self.read_logs()
            pending = None
        if pending is not None:
            self.offer_resume(pending)
        elif self._start is not None:
            self.start_workout(self._start)

    # -- navigation ----------------------------------------------------------------------

    def reload_catalog(self) -> None:
        self.catalog = self._catalog_loader()

    def start_workout(self, entry: Entry) -> None:
        from runtimer.log import SessionWriter
        from runtimer.session import Session

        assert entry.routine is not None
        routine = entry.routine
        writer = SessionWriter.start(self.store.sessions, routine)
        loads = _default_loads(routine, self._past_sessions(writer))
        self._begin(Session(routine, self.clock, loads=loads), writer)

    def _past_sessions(self, writer: SessionWriter) -> tuple[SessionLog, ...]:
        """The sessions that count for advice, without the one `writer` is writing: a
        resumed workout must not be its own "last time"."""
        mine = writer.path
        return tuple(s for s in self.history.counted if mine is None or s.path != mine)

    def _begin(self, session: Session, writer: SessionWriter) -> None:
        from runtimer.recorder import Recorder
        from runtimer.screens.workout import WorkoutScreen

        self.session = session
        self.recorder = Recorder(writer, session)
        self._past = self._past_sessions(writer)
        self._hints = {}
        self.push_screen(WorkoutScreen(session))

    def stop_workout(self, session: Session) -> None:
        if self.recorder is not None:
            self.recorder.stop()
        self.show_summary(session, finished=False)

    def show_summary(self, session: Session, finished: bool = True) -> None:
        from runtimer.screens.summary import SummaryScreen

        self.history = self.read_logs()
        self.switch_screen(SummaryScreen(session.routine.name, session.summary(), finished))

    def back_to_menu(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.session = None
        self.recorder = None

    def show_history(self) -> None:
        from runtimer.screens.history import HistoryScreen

        if not self.background:
            self.history = self.read_logs()
            self.push_screen(HistoryScreen(self.history, self.today()))
            return
        screen = HistoryScreen(None, self.today())
        self.push_screen(screen)

        def read() -> None:
            history = self.read_logs()
            self.call_from_thread(self._history_read, screen, history)

        self.run_worker(read, thread=True, group="history")

    def _history_read(self, screen: HistoryScreen, history: History) -> None:
        self.history = history
        if screen.is_attached:
            screen.show(history)

    def read_logs(self) -> History:
        """Read the log folder. One read at a time: a second read while the first is
        building the index would parse every file again; after it, it is quick."""
        from runtimer.history import load_history

        with self._logs_lock:
            return load_history(self.store)

    # -- resuming an unfinished workout ----------------------------------------------------

    def offer_resume(self, log: SessionLog) -> None:
        from runtimer.history import format_day
        from runtimer.safetext import terminal_safe
        from runtimer.log import routine_changed
        from runtimer.screens.dialogs import ChoiceDialog

        routine = self._routine_for(log)
        started = f"{format_day(log.started.date())} {log.started:%H:%M}"
        detail = (
            f"{terminal_safe(log.routine)}, started {started}: "
            f"{log.sets_done} of {log.sets_planned} sets done."
        )
        choices = [("k", "Keep as partial", "keep"), ("d", "Discard", "discard")]
        if routine is not None:
            choices.insert(0, ("r", "Resume", "resume"))
            if routine_changed(log, routine):
                detail += " Its routine file has changed since; sets are matched by name."
        else:
            detail += " Its routine file is missing or broken, so it cannot be resumed."

        def answered(choice: str | None) -> None:
            self._settle_pending(log, routine, choice or "")

        self.push_screen(ChoiceDialog("You have an unfinished workout", detail, choices), answered)

    def _routine_for(self, log: SessionLog) -> Routine | None:
        """The routine the log was made from: the same file if it still loads (even one
        started by path with `runtimer start ./file.toml`, outside the catalog), else
        a routine of the same name."""
        entries = [*self.catalog.entries, *([self._start] if self._start is not None else [])]
        for entry in entries:
            if entry.routine is not None and str(entry.path) == log.routine_path:
                return entry.routine
        if log.routine_path:
            source = Path(log.routine_path)
            if source.is_file():
                entry = load_entry(source, Origin.EXTRA)
                if entry.routine is not None:
                    return entry.routine
        found = self.catalog.find(log.routine)
        return found.routine if found is not None else None

    def _settle_pending(self, log: SessionLog, routine: Routine | None, choice: str) -> None:
        from runtimer.safetext import terminal_safe
        from runtimer.log import SessionWriter, UnreadableLog

        assert log.path is not None
        writer: SessionWriter | None = None
        try:
            writer = SessionWriter.reopen(log.path)
        except UnreadableLog as error:
            self.notify(
                f"{terminal_safe(log.path.name)}: {error.reason}", severity="error", markup=False
            )
        if writer is not None:
            if choice == "resume" and routine is not None:
                self._start = None  # resuming wins over the routine asked for
                if self._resume(writer, routine):
                    return
            elif choice == "discard":
                writer.discard()
            elif choice == "keep":
                writer.keep_partial()
            # escape: leave it unfinished; it will be offered again next time.
            if writer.problem:
                self.notify(writer.problem, severity="error", timeout=10, markup=False)
        self.history = self.read_logs()
        start, self._start = self._start, None
        if start is not None:
            self.start_workout(start)

    def _resume(self, writer: SessionWriter, routine: Routine) -> bool:
        """Continue the log's workout at its next set; False if nothing was left to do."""
        from runtimer.recorder import resumed_session
        from runtimer.session import Phase

        loads = _default_loads(routine, self._past_sessions(writer))
        session = resumed_session(routine, writer.log, self.clock, loads=loads)
        if session.phase is Phase.DONE:
            # Killed between saving the last set and marking the log finished.
            writer.finish()
            self.notify(
                "Every set of that workout was already saved; it is now finished.", markup=False
            )
            return False
        self._begin(session, writer)
        return True

    # -- session glue --------------------------------------------------------------------

    def on_session_events(self, session: Session, events: list[Event]) -> None:
        """Log every event; play one sound for the batch (the most important one)."""
        from runtimer.audio.cues import cue_for

        for event in events:
            if self._trace is not None:
                self._trace.write(f"{event.kind.name} {event.at:.6f} {self.clock():.6f}\n")
                self._trace.flush()
            if self.recorder is not None:
                self.recorder.handle(event)
        cue = cue_for(events)
        if cue is not None:
            self.sound_log.append(cue.value)
            self.sounds.play_name(cue.value)

    def ring(self, event: SoundEvent) -> None:
        """The bell backend: no audio device, so the terminal bell (not for pips)."""
        from runtimer.audio.events import SoundEvent

        if event is not SoundEvent.PIP:
            self.bell()

    def sound_notice(self, text: str) -> None:
        self.notify(text, severity="warning", timeout=8, markup=False)

    def history_hint(self, session: Session, exercise_index: int) -> str:
        """`last: 2×12 @ 8 kg, felt easy · Easy two sessions in a row: try 10 kg.`
        Worked out once per exercise and workout: it is shown on every redraw."""
        from runtimer.progress import advise, last_time

        if exercise_index not in self._hints:
            exercise = session.routine.exercises[exercise_index]
            counted = self._past
            last = last_time(counted, exercise.name)
            parts = [last] if last else []
            advice = advise(counted, exercise, self.today())
            if advice.reason:
                parts.append(advice.reason)
            self._hints[exercise_index] = "  ·  ".join(parts)
        return self._hints[exercise_index]

    def notice_text(self) -> str:
        """A problem the user must know about during the workout (the log not saving).
        Called on every redraw, so it also retries a failed save every few seconds."""
        recorder = self.recorder
        if recorder is None or not recorder.problem:
            return ""
        now = self.clock()
        if now - self._last_retry >= LOG_RETRY_SECONDS:
            self._last_retry = now
            recorder.writer.retry()
        return recorder.problem or ""

    def toggle_mute(self) -> None:
        muted = not self.sounds.muted
        self.sounds.set_muted(muted)
        self.notify("Sounds off" if muted else "Sounds on", timeout=2, markup=False)


def _default_loads(routine: Routine, past: tuple[SessionLog, ...]) -> dict[int, float]:
    """Each exercise's starting load: the last one used, else the routine's."""
    from runtimer.progress import default_load

    loads = {}
    for index, exercise in enumerate(routine.exercises):
        load = default_load(exercise, past)
        if load is not None:
            loads[index] = load.amount
    return loads


def run_app(catalog: Catalog, start: Entry | None, mute: bool) -> int:
    folders = [folder for origin, folder in catalog.folders if origin is Origin.EXTRA]
    app = RuntimerApp(lambda: discover(folders), start=start, catalog=catalog, mute=mute)
    players: list[SoundPlayer] = []

    def make_sounds() -> SoundPlayer:
        # Trying the backends can take a moment: it runs in a thread after the first
        # paint. `--mute` goes to the player only, so it mutes this run without
        # changing the saved choice.
        from runtimer.audio import create_player

        player = create_player(mute=mute, on_bell=app.ring, on_notice=app.sound_notice)
        players.append(player)
        return player

    app.make_sounds = make_sounds
    try:
        app.run()
    finally:
        for player in players:
            player.close()
    return 0


__all__ = ["RuntimerApp", "run_app"]
