"""The Textual application: screens, and the glue between the session, sounds and the log.

The app is thin on purpose: the session engine decides what happens, the screens
draw it, and this class routes the engine's events to the sound player and the log.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol, TextIO

from textual.app import App

from runtimer.catalog import Catalog, Entry, discover
from runtimer.screens.menu import MenuScreen
from runtimer.screens.summary import SummaryScreen
from runtimer.screens.workout import WorkoutScreen
from runtimer.session import Clock, Event, EventKind, Session

SOUND_FOR = {
    EventKind.PIP: "pip",
    EventKind.REST_ENDED: "rest_over",
    EventKind.WARMUP_ENDED: "rest_over",
    EventKind.HOLD_STARTED: "rest_over",
    EventKind.HOLD_ENDED: "hold_done",
    EventKind.FINISHED: "finished",
}


class Sounds(Protocol):
    """What the app needs from the audio system (runtimer.audio provides it)."""

    muted: bool

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
        clock: Clock = time.monotonic,
        sounds: Sounds | None = None,
        mute: bool = False,
    ) -> None:
        super().__init__()
        self._catalog_loader = catalog_loader or discover
        self.catalog = self._catalog_loader()
        self._start = start
        self.clock = clock
        self.sounds: Sounds = sounds if sounds is not None else BellSounds(self, mute)
        if mute:
            self.sounds.set_muted(True)
        self.session: Session | None = None
        self.sound_log: list[str] = []  # what was asked to play, for tests and the bench
        # RUNTIMER_TRACE=FILE records each session event's due time and handling time,
        # so the benchmark can measure how late the rest-end event fires.
        trace = os.environ.get("RUNTIMER_TRACE")
        self._trace: TextIO | None = open(trace, "a", encoding="utf-8") if trace else None  # noqa: SIM115

    def on_mount(self) -> None:
        self.push_screen(MenuScreen())
        if self._start is not None:
            self.start_workout(self._start)

    # -- navigation ----------------------------------------------------------------------

    def reload_catalog(self) -> None:
        self.catalog = self._catalog_loader()

    def start_workout(self, entry: Entry) -> None:
        assert entry.routine is not None
        self.session = Session(entry.routine, self.clock)
        self.push_screen(WorkoutScreen(self.session))

    def stop_workout(self, session: Session) -> None:
        self.show_summary(session, finished=False)

    def show_summary(self, session: Session, finished: bool = True) -> None:
        self.switch_screen(SummaryScreen(session.routine.name, session.summary(), finished))

    def back_to_menu(self) -> None:
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.session = None

    def show_history(self) -> None:
        self.notify("History comes with the workout log.", severity="information")

    # -- session glue --------------------------------------------------------------------

    def on_session_event(self, session: Session, event: Event) -> None:
        if self._trace is not None:
            self._trace.write(f"{event.kind.name} {event.at:.6f} {self.clock():.6f}\n")
            self._trace.flush()
        name = SOUND_FOR.get(event.kind)
        if name is not None:
            self.sound_log.append(name)
            self.sounds.play_name(name)

    def history_hint(self, session: Session, exercise_index: int) -> str:
        return ""

    def notice_text(self) -> str:
        return ""

    def toggle_mute(self) -> None:
        muted = not self.sounds.muted
        self.sounds.set_muted(muted)
        self.notify("Sounds off" if muted else "Sounds on", timeout=2)


def run_app(catalog: Catalog, start: Entry | None, mute: bool, extra: Iterable[Path] = ()) -> int:
    folders = [folder for origin, folder in catalog.folders if origin.value == "--routines"]
    app = RuntimerApp(lambda: discover(folders), start=start, mute=mute)
    app.run()
    return 0
