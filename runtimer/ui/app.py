"""The Textual application: screens, and the glue between the session, sounds and the log.

The app is thin on purpose: the session engine decides what happens, the screens
draw it, and this class routes the engine's events to the sound player and the log.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TextIO

from textual.app import App
from textual.notifications import SeverityLevel

from runtimer.core.catalog import Catalog, Entry, Origin, discover, load_entry
from runtimer.core.lock import WorkoutLock
from runtimer.core.routine import Routine
from runtimer.core.safetext import terminal_safe
from runtimer.ui.palette import open_command_palette, open_theme_palette
from runtimer.ui.screens.menu import MenuScreen

# Only what the menu needs is imported up front, so it paints quickly; the workout,
# the log and history are imported when first used (after the first paint).
if TYPE_CHECKING:
    from textual.driver import Driver

    from runtimer.core.audio.events import SoundEvent
    from runtimer.core.audio.player import SoundPlayer
    from runtimer.core.history import History
    from runtimer.core.recorder import Recorder
    from runtimer.core.records.model import SessionLog, Store
    from runtimer.core.records.writer import SessionWriter
    from runtimer.core.session import Clock, Event, Session
    from runtimer.ui.screens.history import HistoryScreen

#: How often a log that could not be saved is tried again while nothing else happens.
LOG_RETRY_SECONDS = 5.0
#: Exit status when a workout log could not be saved and went to a rescue file.
EXIT_UNSAVED = 3
#: Signals that end the app cleanly: the log stays resumable, the terminal is
#: restored, and the exit status is 128 + the signal's number, as a shell reports it.
EXIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class Sounds(Protocol):
    """What the app needs from the audio system (runtimer.core.audio provides it)."""

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
        wall: Callable[[], datetime] | None = None,
    ) -> None:
        """`background=False` reads the log folder on the event loop (tests: no thread
        to wait for); `make_sounds`, when set, builds the real sound player in a thread."""
        super().__init__()
        self._catalog_loader = catalog_loader or discover
        self.catalog = catalog if catalog is not None else self._catalog_loader()
        self._start = start
        self.clock = clock
        self.today = today
        self.wall = wall  # the logs' wall clock (None: local time); tests inject one
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
        self._lock: WorkoutLock | None = None
        self._rescue_asked = False
        # Writers whose log is not yet all on disk after their workout ended (a full
        # disk): retried while the app runs, rescued to a file when it exits.
        self.unsaved: list[SessionWriter] = []
        self.exit_signal: int | None = None
        self.sound_log: list[str] = []  # what was asked to play, for tests and the bench
        # RUNTIMER_TRACE=FILE records each session event's due time and handling time,
        # so the benchmark can measure how late the rest-end event fires.
        trace = os.environ.get("RUNTIMER_TRACE")
        self._trace: TextIO | None = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115

    @property
    def store(self) -> Store:
        """Where the workout logs live (the user's data folder unless given)."""
        if self._store is None:
            from runtimer.core.records.model import Store

            self._store = store_ = Store.default()
            return store_
        return self._store

    def _wall(self) -> dict[str, Callable[[], datetime]]:
        """The wall clock for a log writer, when one was injected."""
        return {"now": self.wall} if self.wall is not None else {}

    @property
    def lock(self) -> WorkoutLock:
        """One workout at a time on this data folder (see `workoutlock`)."""
        if self._lock is None:
            self._lock = WorkoutLock(self.store.lock)
        return self._lock

    def get_driver_class(self) -> type[Driver]:
        """Textual's choice of driver, with pastes made safe on Linux and macOS: an ESC
        inside a bracketed paste is pasted text, never keys (see `driver`)."""
        driver_class = super().get_driver_class()
        if sys.platform != "win32":
            from runtimer.ui.driver import paste_safe

            driver_class = paste_safe(driver_class)
        return driver_class

    def action_command_palette(self) -> None:
        """Textual's, with a palette whose PageUp/PageDown cannot crash (see `palette`)."""
        open_command_palette(self)

    def search_themes(self) -> None:
        """The palette's "Theme" command, with the same safe palette."""
        open_theme_palette(self)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification may quote a file (a routine name, a path, a reason): its
        text is made terminal-safe here, once, for all of them."""
        super().notify(
            terminal_safe(message, multiline=True),
            title=terminal_safe(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def on_mount(self) -> None:
        self._catch_signals()
        self.set_interval(LOG_RETRY_SECONDS, self._retry_unsaved)
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
        try:
            sounds = self.make_sounds()
        except Exception as error:  # a bug in the audio set-up must not cost the bell
            message = (
                f"Sound could not start ({type(error).__name__}: {error}); cues ring the bell."
            )
            self.call_from_thread(self.sound_notice, message)
            return
        self.call_from_thread(self._sounds_ready, sounds)

    def _sounds_ready(self, sounds: Sounds) -> None:
        if self.sounds.muted and not sounds.muted:
            sounds.set_muted(True)  # the user pressed m while the backends were tried
        self.sounds = sounds
        for notice in getattr(sounds, "notices", ()):
            self.notify(notice, severity="warning", timeout=8, markup=False)

    def _read_history(self) -> None:
        from runtimer.core.history import ReadStopped

        with contextlib.suppress(ReadStopped):
            history = self.read_logs()
            self.call_from_thread(self._history_ready, history)

    def _history_ready(self, history: History) -> None:
        if self._history is None:
            self._history = history
        if self.session is not None:
            return  # a workout already started: no resume question in the middle of it
        if self._offer_rescued():
            return  # asked first; this runs again once it is answered
        pending = self._settle_stale()
        if pending is not None:
            self.offer_resume(pending)
        elif self._start is not None:
            self.start_workout(self._start)

    def _offer_rescued(self) -> bool:
        """A log that could not be saved last time waits in the rescue folder: offer to
        bring it back into the log folder. True if a question is on screen."""
        from runtimer.core.history import format_day
        from runtimer.core.rescue import find_rescued
        from runtimer.ui.screens.dialogs import ChoiceDialog

        if self.store.rescue is None or self._rescue_asked:
            return False
        self._rescue_asked = True
        found = find_rescued(self.store.rescue)
        if not found:
            return False
        item = found[-1]
        log = item.log
        started = f"{format_day(log.started.date())} {log.started:%H:%M}"
        more = f" ({len(found) - 1} more after it)" if len(found) > 1 else ""
        detail = (
            f"{log.routine}, started {started}: {log.sets_done} of {log.sets_planned} sets. "
            f"The log folder could not take it, so it was kept in {item.path}{more}."
        )
        choices = [("b", "Bring it back", "back"), ("l", "Later", "later")]

        def answered(choice: str | None) -> None:
            from runtimer.core.rescue import bring_back

            if choice == "back":
                for each in found:
                    writer = bring_back(each, self.store.sessions)
                    if writer.problem:
                        self.notify(writer.problem, severity="error", timeout=10, markup=False)
                        break
                self.history = self.read_logs()
            self._history_ready(self.history)

        self.push_screen(
            ChoiceDialog("A workout log was rescued last time", detail, choices), answered
        )
        return True

    def _settle_stale(self) -> SessionLog | None:
        """Tidy the logs left "in progress" by runtimers that died, and return the one to
        offer for resume. Nothing is touched while another runtimer has a workout under
        way on this data folder: its live log is among them."""
        from runtimer.core.records.model import UnreadableLog
        from runtimer.core.records.writer import SessionWriter
        from runtimer.core.resume import sort_unfinished

        unfinished = sort_unfinished(self.history)
        if unfinished.offer is None and not unfinished.empty:
            return None
        holder = self.lock.acquire()  # held while tidying: nobody starts meanwhile
        if holder is not None:
            self.notify(
                f"{holder.describe()}: its workout is not offered here. Menu and history "
                "work as usual.",
                severity="warning",
                timeout=10,
                markup=False,
            )
            return None
        try:
            changed = False
            for log in (*unfinished.empty, *unfinished.older):
                assert log.path is not None
                try:
                    writer = SessionWriter.reopen(log.path, **self._wall())
                except UnreadableLog:
                    continue
                # Stopped before the first set ended (e.g. in the warm-up): nothing to
                # resume. discard() deletes only a file we wrote with no sets.
                if log.sets:
                    writer.keep_partial()
                else:
                    writer.discard()
                changed = True
            if unfinished.older:
                count = len(unfinished.older)
                self.notify(
                    f"Kept {count} older unfinished workout{'s' if count > 1 else ''} as "
                    "partial; the most recent one can be resumed.",
                    timeout=8,
                    markup=False,
                )
            if changed:
                self.history = self.read_logs()
        finally:
            if self.session is None:
                self.lock.release()
        return unfinished.offer

    # -- navigation ----------------------------------------------------------------------

    def reload_catalog(self) -> None:
        self.catalog = self._catalog_loader()

    def _take_lock(self) -> bool:
        """Before a workout starts or resumes: False (and a message) if another
        runtimer has one under way on this data folder."""
        holder = self.lock.acquire()
        if holder is None:
            return True
        self.notify(
            f"{holder.describe()}. Finish or stop it there first; one workout at a time "
            "keeps your log in one piece.",
            severity="error",
            timeout=10,
            markup=False,
        )
        return False

    def start_workout(self, entry: Entry) -> None:
        from runtimer.core.records.writer import SessionWriter
        from runtimer.core.session import Session

        assert entry.routine is not None
        routine = entry.routine
        if not self._take_lock():
            return
        writer = SessionWriter.start(self.store.sessions, routine, **self._wall())
        loads = _default_loads(routine, self._past_sessions(writer))
        self._begin(Session(routine, self.clock, loads=loads), writer)

    def _past_sessions(self, writer: SessionWriter) -> tuple[SessionLog, ...]:
        """The sessions that count for advice, without the one `writer` is writing: a
        resumed workout must not be its own "last time"."""
        mine = writer.path
        return tuple(s for s in self.history.counted if mine is None or s.path != mine)

    def _begin(self, session: Session, writer: SessionWriter) -> None:
        from runtimer.core.recorder import Recorder
        from runtimer.ui.screens.workout import WorkoutScreen

        self.session = session
        self.recorder = Recorder(writer, session)
        self._past = self._past_sessions(writer)
        self._hints = {}
        self.push_screen(WorkoutScreen(session))

    def stop_workout(self, session: Session) -> None:
        if self.recorder is not None:
            self.recorder.stop()
        self.show_summary(session, finished=False)

    def _workout_over(self) -> None:
        """The workout ended (finished or stopped): its log is settled. One not all on
        disk yet is kept for retries and, at exit, the rescue file; the lock is held
        until it is saved, so no other runtimer takes its log for an unfinished one."""
        recorder = self.recorder
        if (
            recorder is not None
            and not recorder.writer.saved
            and recorder.writer not in self.unsaved
        ):
            self.unsaved.append(recorder.writer)
        if not self.unsaved:
            self.lock.release()

    def _retry_unsaved(self) -> None:
        for writer in list(self.unsaved):
            if writer.retry():
                self.unsaved.remove(writer)
        if not self.unsaved and self.session is None:
            self.lock.release()

    def pending_writers(self) -> list[SessionWriter]:
        """Every log of this run that is not all on disk yet (for the exit)."""
        recorder = self.recorder
        writers = list(self.unsaved)
        if recorder is not None and recorder.writer not in writers:
            writers.append(recorder.writer)
        return [writer for writer in writers if not writer.saved]

    def unsaved_problem(self) -> str | None:
        """Why something recorded is not on disk yet, for the stop dialog; None if all
        is saved."""
        return next((w.problem for w in self.pending_writers() if w.problem), None)

    def show_summary(self, session: Session, finished: bool = True) -> None:
        from runtimer.ui.screens.summary import SummaryScreen

        self._workout_over()
        self.history = self.read_logs()
        self.switch_screen(SummaryScreen(session.routine.name, session.summary(), finished))

    def back_to_menu(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.session = None
        self.recorder = None

    def show_history(self) -> None:
        from runtimer.ui.screens.history import HistoryScreen

        if not self.background:
            self.history = self.read_logs()
            self.push_screen(HistoryScreen(self.history, self.today()))
            return
        screen = HistoryScreen(None, self.today())
        self.push_screen(screen)

        def read() -> None:
            from runtimer.core.history import ReadStopped

            with contextlib.suppress(ReadStopped):
                history = self.read_logs()
                self.call_from_thread(self._history_read, screen, history)

        self.run_worker(read, thread=True, group="history")

    def _history_read(self, screen: HistoryScreen, history: History) -> None:
        self.history = history
        if screen.is_attached:
            screen.show(history)

    def read_logs(self) -> History:
        """Read the log folder. One read at a time: a second read while the first is
        building the index would parse every file again; after it, it is quick.

        In a worker thread the read stops as soon as the worker is cancelled (the app
        is closing): the process then exits at once instead of waiting for a long
        first read to end. The caller gets ReadStopped."""
        from textual.worker import NoActiveWorker, get_current_worker

        from runtimer.core.history import load_history

        try:
            worker = get_current_worker()
        except NoActiveWorker:
            stop = None
        else:

            def stop() -> bool:
                return worker.is_cancelled

        with self._logs_lock:
            return load_history(self.store, stop)

    # -- resuming an unfinished workout ----------------------------------------------------

    def offer_resume(self, log: SessionLog) -> None:
        from runtimer.core.history import format_day
        from runtimer.core.resume import routine_changed
        from runtimer.core.safetext import terminal_safe
        from runtimer.ui.screens.dialogs import ChoiceDialog

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
        """Carry out the answer to "You have an unfinished workout". The log is read
        afresh under the lock: the question may have been on screen a long time."""
        if choice in ("resume", "discard", "keep") and self._take_lock():
            writer = self._reopen_unfinished(log)
            resumed = False
            if writer is not None:
                if choice == "resume" and routine is not None:
                    self._start = None  # resuming wins over the routine asked for
                    resumed = self._resume(writer, routine)
                elif choice == "discard":
                    writer.discard()
                elif choice == "keep":
                    writer.keep_partial()
                if writer.problem:
                    self.notify(writer.problem, severity="error", timeout=10, markup=False)
            if resumed:
                return
            self.lock.release()
        # escape: leave it unfinished; it will be offered again next time.
        self.history = self.read_logs()
        start, self._start = self._start, None
        if start is not None:
            self.start_workout(start)

    def _reopen_unfinished(self, log: SessionLog) -> SessionWriter | None:
        """A writer for `log` if it is still unfinished on disk, else None (with a
        message if it can no longer be read)."""
        from runtimer.core.records.model import Status, UnreadableLog
        from runtimer.core.records.writer import SessionWriter

        assert log.path is not None
        try:
            writer = SessionWriter.reopen(log.path, **self._wall())
        except UnreadableLog as error:
            self.notify(f"{log.path.name}: {error.reason}", severity="error", markup=False)
            return None
        if writer.log.status is not Status.IN_PROGRESS:
            return None  # settled meanwhile (by another runtimer): nothing to do here
        return writer

    def _resume(self, writer: SessionWriter, routine: Routine) -> bool:
        """Continue the log's workout at its next set; False if nothing was left to do."""
        from runtimer.core.resume import resumed_session
        from runtimer.core.session import Phase

        loads = _default_loads(routine, self._past_sessions(writer))
        session = resumed_session(routine, writer.log, self.clock, loads=loads)
        if session.phase is Phase.DONE:
            # Killed between saving the last set and marking the log finished.
            writer.set_active_seconds(session.elapsed())
            writer.finish()
            self.notify(
                "Every set of that workout was already saved; it is now finished.", markup=False
            )
            return False
        writer.mark_resumed()  # the gap since the last set is not workout time
        self._begin(session, writer)
        return True

    # -- session glue --------------------------------------------------------------------

    def on_session_events(self, session: Session, events: list[Event]) -> None:
        """Log every event; play one sound for the batch (the most important one)."""
        from runtimer.core.audio.cues import cue_for

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
        from runtimer.core.audio.events import SoundEvent

        if event is not SoundEvent.PIP:
            self.bell()

    def sound_notice(self, text: str) -> None:
        self.notify(text, severity="warning", timeout=8, markup=False)

    def history_hint(self, session: Session, exercise_index: int) -> str:
        """`last: 2×12 @ 8 kg, felt easy · Easy two sessions in a row: try 10 kg.`
        Worked out once per exercise and workout: it is shown on every redraw."""
        from runtimer.core.progress import advise, last_time

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

    async def action_quit(self) -> None:
        """Quit, but first say so if a finished workout is still not on disk."""
        from runtimer.ui.screens.dialogs import ConfirmDialog

        problem = self.unsaved_problem()
        if not problem:
            self.exit()
            return

        def answered(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit()

        self.push_screen(
            ConfirmDialog(
                "Quit with a workout not saved?",
                f"{problem} If you quit now, the workout is written to a rescue file in "
                "the temp folder and the next start offers to bring it back.",
                yes="Quit",
                no="Stay",
            ),
            answered,
        )

    # -- signals -------------------------------------------------------------------------

    def _catch_signals(self) -> None:
        """SIGTERM, SIGHUP (the terminal was closed) and SIGINT end the app the clean way:
        every set is already on disk and the log stays resumable; Textual restores the
        terminal (alternate screen, mouse tracking) on its way out."""
        if sys.platform == "win32":  # pragma: no cover - asyncio has no signal handlers
            return
        loop = asyncio.get_running_loop()
        for number in EXIT_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(number, self._signalled, number)

    def _signalled(self, number: int) -> None:
        if self.exit_signal is not None:
            os._exit(128 + number)  # a second signal: the clean way is stuck
        self.exit_signal = number
        self.exit(return_code=128 + number)

    def toggle_mute(self) -> None:
        muted = not self.sounds.muted
        self.sounds.set_muted(muted)
        self.notify("Sounds off" if muted else "Sounds on", timeout=2, markup=False)


def _default_loads(routine: Routine, past: tuple[SessionLog, ...]) -> dict[int, float]:
    """Each exercise's starting load: the last one used, else the routine's."""
    from runtimer.core.progress import default_load

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
        from runtimer.core.audio import create_player

        player = create_player(mute=mute, on_bell=app.ring, on_notice=app.sound_notice)
        players.append(player)
        return player

    app.make_sounds = make_sounds
    try:
        app.run()
    finally:
        for player in players:
            player.close()
        rescued = save_or_rescue(app.pending_writers(), app.store.rescue, sys.stderr)
    if app.exit_signal is not None:
        return 128 + app.exit_signal
    return EXIT_UNSAVED if rescued else 0


def save_or_rescue(writers: list[SessionWriter], rescue_folder: Path | None, err: TextIO) -> bool:
    """At exit, after the terminal is restored: one last try to save every log not yet
    on disk, then a rescue file for each that still would not go (see `rescue`), its
    path printed on `err`. If even that fails the log itself is printed, so the user
    can copy it. True if anything had to be rescued."""
    from runtimer.core.rescue import rescue

    rescued = False
    for writer in writers:
        if writer.retry():
            continue
        rescued = True
        why = writer.problem or "it could not be saved"
        if rescue_folder is not None:
            try:
                path = rescue(writer.log, rescue_folder)
            except OSError as error:
                why += f" The rescue folder failed too ({error})."
            else:
                print(
                    f"runtimer: {terminal_safe(why)}\nruntimer: the workout was written to "
                    f"{terminal_safe(str(path))} instead; the next start offers to bring it "
                    "back into your log folder.",
                    file=err,
                )
                continue
        print(
            f"runtimer: {terminal_safe(why)}\nruntimer: here is the workout log; save it as "
            "a .toml file in your log folder:\n",
            file=err,
        )
        print(writer.toml_text(), file=err)
    return rescued


__all__ = ["RuntimerApp", "run_app"]
