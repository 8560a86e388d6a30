"""The Textual application: it switches screens on their messages and runs workers.

The app is thin on purpose. What a workout does lives in the core's `Workout`; the
screens draw what they are given (attributes down) and say what the user wants
(messages up, see `messages`); this class answers those messages, keeps the things
that outlive a screen (the catalog, the history, the sound player, the lock, logs
still to be saved) and turns signals into a clean exit.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from textual import on, work
from textual.app import App, SystemCommand
from textual.message import Message
from textual.notifications import SeverityLevel

from runtimer.core.catalog import Catalog, Entry, discover
from runtimer.core.safetext import terminal_safe
from runtimer.ui.chops import install as install_partial_updates
from runtimer.ui.messages import (
    CuePlayed,
    HistoryRequested,
    MenuRequested,
    MuteToggled,
    ReloadRequested,
    Spoken,
    StartRequested,
    VoiceToggled,
    WorkoutEnded,
)
from runtimer.ui.screens.menu import MenuScreen

# Only what the menu needs is imported up front, so it paints quickly; the workout,
# the log and history are imported when first used (after the first paint).
if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.screen import Screen

    from runtimer.core.audio.events import SoundEvent
    from runtimer.core.config import Config
    from runtimer.core.history.store import History
    from runtimer.core.lock import WorkoutLock
    from runtimer.core.program.block import BlockRead
    from runtimer.core.program.engine import TodayPlan
    from runtimer.core.records.model import SessionLog, Store
    from runtimer.core.records.writer import SessionWriter
    from runtimer.core.resume import Offer
    from runtimer.core.routine import Routine
    from runtimer.core.session import Clock, Session
    from runtimer.core.workout import Workout
    from runtimer.ui.commands import PaletteCommand, RuntimerCommands
    from runtimer.ui.screens.history import HistoryScreen

#: How often a log that could not be saved is tried again while nothing else happens.
LOG_RETRY_SECONDS = 5.0
#: Signals that end the app cleanly: the log stays resumable, the terminal is
#: restored, and the exit status is 128 + the signal's number, as a shell reports it.
EXIT_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP", "SIGINT") if hasattr(signal, name)
)


class Sounds(Protocol):
    """What the app needs from the audio system (runtimer.core.audio provides it)."""

    @property
    def muted(self) -> bool: ...

    def play(self, event: SoundEvent) -> None: ...

    def set_muted(self, muted: bool) -> None: ...


class Voice(Protocol):
    """What the app needs of a speaker (`core.voice.speaker.Speaker`; tests fake it)."""

    def say(self, text: str) -> None: ...

    def set_muted(self, muted: bool) -> None: ...


class BellSounds:
    """No sound player (yet): the terminal bell, for every cue."""

    def __init__(self, app: App[None], muted: bool = False) -> None:
        self.app = app
        self.muted = muted

    def play(self, event: SoundEvent) -> None:
        if not self.muted:
            self.app.bell()

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


def _local_now() -> datetime:
    """The log's wall clock (`records.model.local_now`), its module imported on the
    first set rather than before the menu is painted."""
    from runtimer.core.records.model import local_now

    return local_now()


def _runtimer_commands() -> type[RuntimerCommands]:
    """The palette's provider, imported when the palette first opens."""
    from runtimer.ui.commands import RuntimerCommands

    return RuntimerCommands


class RuntimerApp(App[None]):
    CSS_PATH = "runtimer.tcss"
    TITLE = "runtimer"
    COMMANDS = App.COMMANDS | {_runtimer_commands}

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
        config: Config | None = None,
        voice: Voice | None = None,
        program_dirs: Sequence[Path] = (),
    ) -> None:
        """`background=False` reads the log folder on the event loop (tests: no thread
        to wait for); `make_sounds`, when set, builds the real sound player in a thread.
        `wall` is the logs' wall clock (tests inject one). `config`: what config.toml
        says (default: what `read_config` reads, else every setting at its default).
        `voice`: the speaker the config and the machine allow (None: no voice, unless
        `make_voice` finds one). `program_dirs`: folders of program files besides the
        bundled and the user's (`--programs DIR`)."""
        super().__init__()
        install_partial_updates()  # a changed digit is sent alone (see `chops`)
        self._config = config
        #: Reads config.toml: (the config, its problems as messages). Called when the
        #: config is first needed, after the first paint (the menu uses none of it).
        self.read_config: Callable[[], tuple[Config, Sequence[str]]] | None = None
        self._catalog_loader = catalog_loader or discover
        self.catalog = catalog if catalog is not None else self._catalog_loader()
        self._start = start
        self.program_dirs = tuple(program_dirs)
        self.clock = clock
        self.today = today
        self.wall = wall or _local_now
        self.sounds: Sounds = sounds if sounds is not None else BellSounds(self, mute)
        if mute:
            self.sounds.set_muted(True)
        self._store = store
        self._history: History | None = None  # read once, after the first paint
        self.workout: Workout | None = None
        self.startup_notices: tuple[str, ...] = ()
        self.background = background
        self._logs_lock = threading.Lock()
        self.make_sounds: Callable[[], Sounds] | None = None
        #: Called once the first screen is painted (the command line resumes the
        #: garbage collector it paused for the start-up).
        self.after_first_paint: Callable[[], None] | None = None
        self._lock: WorkoutLock | None = None
        self._rescue_asked = False
        self._mute_asked = mute  # --mute: this run says nothing about sound at all
        self._sound_notices: list[str] = []  # kept until the menu is on screen
        self._said_notices: set[str] = set()  # each is said once a run
        self._menu: MenuScreen | None = None
        self._history_screen: HistoryScreen | None = None  # waiting for the first read
        # Writers whose log is not yet all on disk after their workout ended (a full
        # disk): retried while the app runs, rescued to a file when it exits.
        self.unsaved: list[SessionWriter] = []
        self.exit_signal: int | None = None
        self.sound_log: list[str] = []  # what was asked to play, for tests and the bench
        self.voice = voice
        #: Finds the speaker the config asks for, after the first paint (a few PATH
        #: look-ups, and the speaker's module); `voice` wins when given.
        self.make_voice: Callable[[Config], Voice | None] | None = None
        #: The v key's choice (remembered in the state file; read after the first paint).
        self.voice_on = True
        self.speech_log: list[str] = []  # what the voice was given to say, for tests
        # RUNTIMER_TRACE=FILE records each session event's due time and handling time,
        # so the benchmark can measure how late the rest-end event fires.
        trace = os.environ.get("RUNTIMER_TRACE")
        self._trace: TextIO | None = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115

    @property
    def config(self) -> Config:
        """What config.toml says: read on first use, and its problems queued to be
        said in the menu."""
        if self._config is None:
            if self.read_config is not None:
                config, problems = self.read_config()
                self.startup_notices = (*self.startup_notices, *problems)
            else:
                from runtimer.core.config import Config

                config = Config()
            self._config = config
        return self._config

    @property
    def store(self) -> Store:
        """Where the workout logs live (the user's data folder unless given)."""
        if self._store is None:
            from runtimer.core.records.model import Store

            self._store = store_ = Store.default()
            return store_
        return self._store

    @property
    def session(self) -> Session | None:
        """The session of the workout under way, if any."""
        return self.workout.session if self.workout is not None else None

    @property
    def lock(self) -> WorkoutLock:
        """One workout at a time on this data folder (see `core.lock`)."""
        if self._lock is None:
            from runtimer.core.lock import WorkoutLock

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
        from runtimer.ui.palette import open_command_palette

        open_command_palette(self)

    def search_themes(self) -> None:
        """The palette's "Theme" command, with the same safe palette."""
        from runtimer.ui.palette import open_theme_palette

        open_theme_palette(self)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Of Textual's own palette commands, the two that mean something here: the
        theme, and Quit (which asks first during a workout, as `q` does). "Keys",
        "Maximize" and "Screenshot" are for developers; the help is `?`."""
        yield SystemCommand("Theme", "Change the colours (remembered)", self.action_change_theme)
        yield SystemCommand(
            "Quit",
            "Quit runtimer (during a workout: asks first, as q does)",
            self.action_quit,
        )

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

    # -- start-up ------------------------------------------------------------------

    def _restore_theme(self) -> None:
        """The theme chosen last time in the command palette, and remember the next."""
        from runtimer.core.state import load_theme

        theme = load_theme()
        if theme is not None and theme in self.available_themes:
            self.theme = theme
        self.theme_changed_signal.subscribe(self, self._theme_changed)

    def _theme_changed(self, theme: object) -> None:
        from runtimer.core.state import save_theme

        try:
            save_theme(self.theme)
        except OSError as error:
            self.notify(
                f"The theme cannot be remembered ({error.strerror or error}); it applies "
                "until runtimer closes.",
                severity="warning",
                markup=False,
            )

    def get_default_screen(self) -> MenuScreen:
        """The menu is the first screen, at the bottom of the stack: composed with the
        app, so its first frame is whole (a screen pushed from `on_mount` is painted
        empty, then without its title, before it is complete). The theme is restored
        first, so that frame is in the right colours."""
        self._restore_theme()
        self._menu = MenuScreen(self.catalog)
        return self._menu

    def on_mount(self) -> None:
        self._catch_signals()
        self.app_resume_signal.subscribe(self, self._resumed)
        self.set_interval(LOG_RETRY_SECONDS, self._retry_unsaved)
        # The menu paints first; config.toml, the voice, the log folder and the audio
        # backends are looked at after that, so none of them delays the menu.
        if not self.background:
            self._history_ready(self.read_logs())
        self.call_after_refresh(self._start_up)

    class HistoryRead(Message):
        """The start-up read of the log folder is done."""

        def __init__(self, history: History) -> None:
            super().__init__()
            self.history = history

    class SoundsReady(Message):
        """The sound player has tried its backends and is ready."""

        def __init__(self, sounds: Sounds) -> None:
            super().__init__()
            self.sounds = sounds

    def _start_up(self) -> None:
        if self.after_first_paint is not None:
            self.after_first_paint()
        config = self.config
        if self.make_sounds is None:  # no sound set-up to wait for (see `_sounds_ready`)
            self._queue_config_notices()
            self._say_sound_notices()
        if self.voice is None and self.make_voice is not None:
            self.voice = self.make_voice(config)
        if self.voice is not None:
            from runtimer.core.state import load_voice

            remembered = load_voice()
            self.voice_on = remembered if remembered is not None else True
            self._sync_voice()
        if self.make_sounds is not None:
            self._create_sounds()
        if self._history is None:
            self._read_history()

    @property
    def history(self) -> History:
        """The log folder as read once at start-up, kept current from this run's own
        logs. Something that needs it before the read is done (a very quick start)
        reads it there and then."""
        if self._history is None:
            self._history = self.read_logs()
        return self._history

    def _remember(self, log: SessionLog) -> None:
        """A log of this run changed on disk: the history shows it as it is now."""
        if self._history is not None:
            self._history = self._history.with_log(log)

    @work(thread=True, group="sounds", exit_on_error=False)
    def _create_sounds(self) -> None:
        assert self.make_sounds is not None
        try:
            sounds = self.make_sounds()
        except Exception as error:  # a bug in the audio set-up must not cost the bell
            self.call_from_thread(
                self.sound_notice,
                f"Sound could not start ({type(error).__name__}: {error}); cues ring the bell.",
            )
            return
        self.post_message(self.SoundsReady(sounds))

    @on(SoundsReady)
    def _sounds_ready(self, message: SoundsReady) -> None:
        sounds = message.sounds
        if self.sounds.muted and not sounds.muted:
            sounds.set_muted(True)  # the user pressed m while the backends were tried
        self.sounds = sounds
        self._sync_voice()  # the player knows whether m was left on last time
        # What the sound set-up has to say is said once, in the menu: never over the
        # cues of a workout, and not at all to someone who asked for --mute.
        notices = list(getattr(sounds, "notices", ()))
        # A sound file config.toml names and that cannot be played is one of its
        # problems: counted with the others, in one notice.
        place = f"{self.config.source}:" if self.config.source is not None else None
        of_config = [n for n in notices if place is not None and n.startswith(place)]
        self._queue_config_notices(of_config)
        if not self._mute_asked:
            self._sound_notices.extend(n for n in notices if n not in of_config)
        self._say_sound_notices()

    def _queue_config_notices(self, more: Sequence[str] = ()) -> None:
        """config.toml's problems (`startup_notices`, and `more` found by the sound
        set-up), said once in the menu, with or without --mute: one as it is; several
        as one notice with their number and where to read them all, since a stack of
        long notices outgrows an 80×24 screen and fades before it can be read."""
        problems = [*self.startup_notices, *more]
        self.startup_notices = ()
        if len(problems) == 1:
            self._sound_notices.insert(0, problems[0])
        elif problems:
            name = self.config.source.name if self.config.source is not None else "config.toml"
            self._sound_notices.insert(
                0,
                f"{name} has {len(problems)} problems; those settings keep their defaults. "
                "`runtimer check` lists them all.",
            )

    def _say_sound_notices(self) -> None:
        """Say what the sound set-up has to say, in the menu, each thing once a run: a
        backend that fails again on every cue of a workout does not bring the same
        notice back each time the menu returns."""
        if self._sound_notices and self.screen is self._menu:
            notices, self._sound_notices = self._sound_notices, []
            for notice in dict.fromkeys(notices):
                if notice not in self._said_notices:
                    self._said_notices.add(notice)
                    self.notify(notice, severity="warning", timeout=15, markup=False)

    @work(thread=True, group="history", exit_on_error=False)
    def _read_history(self) -> None:
        from runtimer.core.history.store import ReadStopped

        with contextlib.suppress(ReadStopped):
            self.post_message(self.HistoryRead(self.read_logs()))

    @on(HistoryRead)
    def _history_read(self, message: HistoryRead) -> None:
        self._history_ready(message.history)

    def _history_ready(self, history: History) -> None:
        if self._history is None:
            self._history = history
        self.show_program_today()
        if self._history_screen is not None and self._history_screen.is_attached:
            self._history_screen.show(self._history)
        self._history_screen = None
        if self.workout is not None:
            return  # a workout already started: no resume question in the middle of it
        if self._offer_rescued():
            return  # asked first; this runs again once it is answered
        pending = self._settle_stale()
        if pending is not None:
            self.offer_resume(pending)
        elif self._start is not None:
            self.start_workout(self._start)

    def read_logs(self) -> History:
        """Read the log folder. One read at a time: a second read while the first is
        building the index would parse every file again; after it, it is quick.

        In a worker thread the read stops as soon as the worker is cancelled (the app
        is closing): the process then exits at once instead of waiting for a long
        first read to end. The caller gets ReadStopped."""
        from textual.worker import NoActiveWorker, get_current_worker

        from runtimer.core.history.store import load_history

        try:
            worker = get_current_worker()
        except NoActiveWorker:
            stop = None
        else:

            def stop() -> bool:
                return worker.is_cancelled

        with self._logs_lock:
            return load_history(self.store, stop)

    def _ask(self, offer: Offer, answered: Callable[[str], None]) -> None:
        from runtimer.ui.screens.dialogs import ChoiceDialog

        self.push_screen(
            ChoiceDialog(offer.title, offer.detail, list(offer.choices)),
            lambda choice: answered(choice or ""),
        )

    def _offer_rescued(self) -> bool:
        """A log that could not be saved last time waits in the rescue folder: offer to
        bring it back into the log folder. True if a question is on screen."""
        from runtimer.core.rescue import bring_back, find_rescued
        from runtimer.core.resume import rescue_offer

        if self.store.rescue is None or self._rescue_asked:
            return False
        self._rescue_asked = True
        found = find_rescued(self.store.rescue)
        if not found:
            return False

        def answered(choice: str) -> None:
            if choice == "back":
                for each in found:
                    writer = bring_back(each, self.store.sessions)
                    self._remember(writer.log)
                    if writer.problem:
                        self.notify(writer.problem, severity="error", timeout=10, markup=False)
                        break
            self._history_ready(self.history)

        self._ask(rescue_offer(found), answered)
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
            for log in (*unfinished.empty, *unfinished.older):
                assert log.path is not None
                try:
                    writer = SessionWriter.reopen(log.path, now=self.wall)
                except UnreadableLog:
                    continue
                # Stopped before the first set ended (e.g. in the warm-up): nothing to
                # resume. discard() deletes only a file we wrote with no sets.
                if log.sets:
                    writer.keep_partial()
                else:
                    writer.discard()
                self._remember(writer.log)
            if unfinished.older:
                count = len(unfinished.older)
                self.notify(
                    f"Kept {count} older unfinished workout{'s' if count > 1 else ''} as "
                    "partial; the most recent one can be resumed.",
                    timeout=8,
                    markup=False,
                )
        finally:
            if self.workout is None:
                self.lock.release()
        return unfinished.offer

    # -- what the screens ask for --------------------------------------------------------

    @on(StartRequested)
    def _start_requested(self, message: StartRequested) -> None:
        if message.plan is not None:
            self.start_program_session(message.entry, message.plan)
        else:
            self.start_workout(message.entry)

    @on(HistoryRequested)
    def show_history(self) -> None:
        from runtimer.ui.screens.history import HistoryScreen

        screen = HistoryScreen(self._history, self.today(), program=self.program_block)
        if self._history is None:
            self._history_screen = screen  # shown once the start-up read is done
        self.push_screen(screen)

    @on(ReloadRequested)
    def _reload_requested(self) -> None:
        self.catalog = self._catalog_loader()
        if self._menu is not None:
            self._menu.catalog = self.catalog
        self.show_program_today()

    @on(CuePlayed)
    def _cue_played(self, message: CuePlayed) -> None:
        self.sound_log.append(message.cue.value)
        self.sounds.play(message.cue)

    @on(Spoken)
    def _spoken(self, message: Spoken) -> None:
        if self.voice is not None and self.voice_on and not self.sounds.muted:
            self.speech_log.append(message.phrase)
            self.voice.say(message.phrase)

    def _sync_voice(self) -> None:
        """The voice is quiet while muted (m, --mute) or turned off (v)."""
        if self.voice is not None:
            self.voice.set_muted(self.sounds.muted or not self.voice_on)

    @on(VoiceToggled)
    def toggle_voice(self) -> None:
        from runtimer.core.state import save_voice

        if self.voice is None:
            why = (
                "it is off in config.toml (enabled = false)"
                if self.config.voice.enabled is False
                else "no speech program was found; install espeak-ng or speech-dispatcher"
            )
            self.notify(f"No voice: {why}. `runtimer sound` says more.", timeout=4, markup=False)
            return
        self.voice_on = not self.voice_on
        self._sync_voice()
        try:
            save_voice(self.voice_on)
        except OSError as error:
            self.notify(
                f"The voice choice cannot be remembered ({error.strerror or error}); it "
                "applies until runtimer closes.",
                severity="warning",
                markup=False,
            )
        self.notify("Voice on" if self.voice_on else "Voice off", timeout=2, markup=False)

    @on(MuteToggled)
    def toggle_mute(self) -> None:
        from runtimer.ui.screens.workout import WorkoutScreen

        muted = not self.sounds.muted
        self.sounds.set_muted(muted)
        self._sync_voice()
        for screen in self.screen_stack:
            if isinstance(screen, WorkoutScreen):
                screen.muted = muted
        self.notify("Sounds off" if muted else "Sounds on", timeout=2, markup=False)

    @on(WorkoutEnded)
    def _workout_ended(self, message: WorkoutEnded) -> None:
        """Finished or stopped: its log is settled. One not all on disk yet is kept for
        retries and, at exit, the rescue file; the lock is held until it is saved, so
        no other runtimer takes its log for an unfinished one."""
        from runtimer.ui.screens.summary import SummaryScreen

        workout = self.workout
        if workout is None:
            return
        self._remember(workout.writer.log)
        if not workout.saved and workout.writer not in self.unsaved:
            self.unsaved.append(workout.writer)
        if not self.unsaved:
            self.lock.release()
        self.switch_screen(SummaryScreen(workout, message.finished))
        if message.leave:
            self.call_later(self._quit_now)

    @on(MenuRequested)
    def back_to_menu(self) -> None:
        while len(self.screen_stack) > 1:  # the menu is the bottom screen
            self.pop_screen()
        if self.workout is not None:
            self._remember(self.workout.writer.log)  # a rating given on the summary
        self.workout = None
        self.show_program_today()
        self.call_after_refresh(self._say_sound_notices)

    def palette_commands(self) -> list[PaletteCommand]:
        """What the command palette offers besides Textual's own commands."""
        from runtimer.ui.commands import PaletteCommand

        muted = self.sounds.muted
        commands = [
            PaletteCommand(
                "Unmute" if muted else "Mute",
                "sounds on again" if muted else "no sounds (remembered)",
                self.toggle_mute,
            ),
            PaletteCommand(
                "Voice off" if self.voice is not None and self.voice_on else "Voice on",
                "the spoken coach (remembered)",
                self.toggle_voice,
            ),
        ]
        if self.workout is not None:
            return commands
        menu = self._menu
        commands.append(PaletteCommand("History", "past sessions and progress", self.show_history))
        if menu is not None:
            commands.append(
                PaletteCommand("New routine", "from the commented template", menu.action_new)
            )
        for entry in self.catalog.entries:
            if entry.routine is not None:
                commands.append(
                    PaletteCommand(
                        f"Start {entry.routine.name}",
                        f"a workout of {entry.path.name}",
                        functools.partial(self.start_workout, entry),
                    )
                )
        return commands

    # -- workouts --------------------------------------------------------------------

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
        from runtimer.core.workout import Workout

        assert entry.routine is not None
        if not self._take_lock():
            return
        workout = Workout.start(
            entry.routine,
            self.store.sessions,
            past=self.history.past_for(entry.routine),
            today=self.today,
            clock=self.clock,
            wall=self.wall,
            warning=self.config.workout.warning,
        )
        self._begin(workout)

    def start_program_session(self, entry: Entry, plan: TodayPlan) -> None:
        """The active program's session: its routine with today's targets in it (the
        log keeps them as planned, and as its `[program]` record, from which a resume
        gets them back), started at the targets' loads, each exercise's advice line
        saying why its target is what it is."""
        from runtimer.core.workout import Workout

        if not self._take_lock():
            return
        workout = Workout.start(
            plan.routine,
            self.store.sessions,
            past=self.history.past_for(plan.routine),
            today=self.today,
            clock=self.clock,
            wall=self.wall,
            warning=self.config.workout.warning,
            loads=plan.loads,
            advice=plan.advice,
            program=plan.record(),
        )
        self._begin(workout)

    def show_program_today(self) -> None:
        """Work out the active program's session for today and put it in the menu (on
        start-up once the log is read, after each workout, on a reload)."""
        from runtimer.core.program.today import active_today

        if self._menu is None or self._history is None:
            return
        self._menu.today = active_today(
            self.catalog, self._history, self.today(), program_dirs=self.program_dirs
        )

    def program_block(self, history: History) -> BlockRead | None:
        """The active program's block for the history screen (None: no program)."""
        from runtimer.core.program.block import active_block

        return active_block(self.catalog, history, self.today(), program_dirs=self.program_dirs)

    def _begin(self, workout: Workout) -> None:
        from runtimer.ui.screens.workout import WorkoutScreen

        workout.trace = self._trace
        self.workout = workout
        self._remember(workout.writer.log)
        screen = WorkoutScreen(workout)
        screen.muted = self.sounds.muted
        self.push_screen(screen)

    def _retry_unsaved(self) -> None:
        """Every few seconds: save again what the disk refused (a workout under way, or
        one that ended unsaved)."""
        if self.workout is not None and not self.workout.saved:
            self.workout.retry()
        for writer in list(self.unsaved):
            if writer.retry():
                self.unsaved.remove(writer)
                self._remember(writer.log)
        if not self.unsaved and self.workout is None:
            self.lock.release()

    def pending_writers(self) -> list[SessionWriter]:
        """Every log of this run that is not all on disk yet (for the exit)."""
        writers = list(self.unsaved)
        if self.workout is not None and self.workout.writer not in writers:
            writers.append(self.workout.writer)
        return [writer for writer in writers if not writer.saved]

    def unsaved_problem(self) -> str | None:
        """Why something recorded is not on disk yet; None if all is saved."""
        return next((w.problem for w in self.pending_writers() if w.problem), None)

    # -- resuming an unfinished workout ----------------------------------------------------

    def offer_resume(self, log: SessionLog) -> None:
        from runtimer.core.resume import find_routine, resume_offer

        extra = [self._start] if self._start is not None else []
        routine = find_routine(log, self.catalog, extra)
        self._ask(
            resume_offer(log, routine),
            lambda choice: self._settle_pending(log, routine, choice),
        )

    def _settle_pending(self, log: SessionLog, routine: Routine | None, choice: str) -> None:
        """Carry out the answer to "You have an unfinished workout". The log is read
        afresh under the lock: the question may have been on screen a long time."""
        from runtimer.core.workout import Workout

        if choice in ("resume", "discard", "keep") and self._take_lock():
            writer = self._reopen_unfinished(log)
            workout: Workout | None = None
            if writer is not None:
                if choice == "resume" and routine is not None:
                    self._start = None  # resuming wins over the routine asked for
                    workout = Workout.resume(
                        routine,
                        writer,
                        past=self.history.past_for(routine),
                        today=self.today,
                        clock=self.clock,
                        wall=self.wall,
                        warning=self.config.workout.warning,
                    )
                    if workout is None:
                        self.notify(
                            "Every set of that workout was already saved; it is now finished.",
                            markup=False,
                        )
                elif choice == "discard":
                    writer.discard()
                elif choice == "keep":
                    writer.keep_partial()
                self._remember(writer.log)
                if writer.problem:
                    self.notify(writer.problem, severity="error", timeout=10, markup=False)
            if workout is not None:
                self._begin(workout)
                return
            self.lock.release()
        # escape: leave it unfinished; it will be offered again next time.
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
            writer = SessionWriter.reopen(log.path, now=self.wall)
        except UnreadableLog as error:
            self.notify(error.about(log.path.name), severity="error", markup=False)
            return None
        if writer.log.status is not Status.IN_PROGRESS:
            return None  # settled meanwhile (by another runtimer): nothing to do here
        return writer

    # -- sound -----------------------------------------------------------------------

    def ring(self, event: SoundEvent) -> None:
        """The bell backend: no audio device, so the terminal bell (the backend has
        already left out the pips if the config says `bell_pips = false`)."""
        self.bell()

    def sound_notice(self, text: str) -> None:
        """A backend stopped working mid-run, or sound could not start: said in the
        menu (now, or when it is next on screen)."""
        self._queue_config_notices()  # not said yet if the sound set-up failed
        if not self._mute_asked:
            self._sound_notices.append(text)
        self._say_sound_notices()

    # -- leaving -----------------------------------------------------------------------

    async def action_quit(self) -> None:
        """ctrl+q and the palette's Quit. During a workout they ask what `q` asks
        ("Stop this workout?"), then quit; otherwise quit, but first say so if a
        finished workout is still not on disk."""
        from runtimer.ui.screens.workout import WorkoutScreen

        under_way = [s for s in self.screen_stack if isinstance(s, WorkoutScreen)]
        if under_way:
            while self.screen is not under_way[-1]:
                self.pop_screen()  # a dialog or the help over it: the question replaces it
            under_way[-1].action_stop(leave=True)
            return
        await self._quit_now()

    async def _quit_now(self) -> None:
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

    def _resumed(self, app: object) -> None:
        """Back from a suspend (SIGTSTP, then `fg`): the terminal's screen was the
        shell's meanwhile, so all of it is drawn again. Textual does this after its
        own `suspend()` but not after the signals, which left rows blank until they
        changed (the title, for good)."""
        self.refresh(layout=True, repaint=True)
        self.screen.refresh(layout=True, repaint=True)

    def _signalled(self, number: int) -> None:
        if self.exit_signal is not None:
            os._exit(128 + number)  # a second signal: the clean way is stuck
        self.exit_signal = number
        self.exit(return_code=128 + number)


__all__ = ["EXIT_SIGNALS", "LOG_RETRY_SECONDS", "RuntimerApp", "Sounds"]
