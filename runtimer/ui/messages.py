"""What the screens ask the app for: messages up, never calls into the app.

Screens and widgets post these and the app handles them (`@on` in `app.py`); what a
screen needs to show comes down to it as attributes (the catalog, the workout, the
history). So no screen imports the app, and a screen can be tested on its own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

from runtimer.core.catalog import Entry

if TYPE_CHECKING:
    from runtimer.core.audio.events import SoundEvent
    from runtimer.core.program.engine import TodayPlan


class StartRequested(Message):
    """Start a workout of this routine (the menu's enter); with `plan`, the active
    program's session, its targets applied."""

    def __init__(self, entry: Entry, plan: TodayPlan | None = None) -> None:
        super().__init__()
        self.entry = entry
        self.plan = plan


class HistoryRequested(Message):
    """Show the history (the menu's h)."""


class ReloadRequested(Message):
    """Read the routine files again; `keep` is the one to keep selected."""

    def __init__(self, keep: Path | None = None) -> None:
        super().__init__()
        self.keep = keep


class CuePlayed(Message):
    """Play this sound now (the workout's pips, "go", "hold done", "finished")."""

    def __init__(self, cue: SoundEvent) -> None:
        super().__init__()
        self.cue = cue


class Spoken(Message):
    """Say this phrase now, if the voice is on ("Rest. Next: ...", "3.", "Go.")."""

    def __init__(self, phrase: str) -> None:
        super().__init__()
        self.phrase = phrase


class MuteToggled(Message):
    """The m key: sounds (and the voice) off or on again."""


class VoiceToggled(Message):
    """The v key: the voice off or on again (the sounds stay as they are)."""


class WorkoutEnded(Message):
    """The workout is over: finished, or stopped early (its log is already settled).
    `leave`: it was stopped because the user asked to quit runtimer (ctrl+q, the
    palette's Quit), so the app quits next instead of showing the summary."""

    def __init__(self, finished: bool, leave: bool = False) -> None:
        super().__init__()
        self.finished = finished
        self.leave = leave


class MenuRequested(Message):
    """Back to the menu (from the summary)."""
