"""Which sound a batch of session events calls for.

`Session.tick()` and the key handlers return lists of events; several can come at
once (a hold ends and the workout finishes in the same tick; a late tick crosses two
deadlines). Playing every matching sound at once would blur them, so the most
important one wins: finished over hold done over "go" over the early warning over a
pip.
"""

from __future__ import annotations

from collections.abc import Iterable

from runtimer.core.audio.events import SoundEvent
from runtimer.core.session import Event, EventKind

_SOUNDS = {
    EventKind.WARNING: SoundEvent.WARNING,
    EventKind.PIP: SoundEvent.PIP,
    EventKind.LAP: SoundEvent.PIP,  # a running leg's lap time: one soft beep
    EventKind.REST_ENDED: SoundEvent.REST_OVER,
    EventKind.WARMUP_ENDED: SoundEvent.REST_OVER,  # the warm-up is over: start working
    EventKind.HOLD_STARTED: SoundEvent.REST_OVER,  # get-ready counted down: hold now
    EventKind.HOLD_ENDED: SoundEvent.HOLD_DONE,
    EventKind.FINISHED: SoundEvent.FINISHED,
}
_PRIORITY = (
    SoundEvent.FINISHED,
    SoundEvent.HOLD_DONE,
    SoundEvent.REST_OVER,
    SoundEvent.WARNING,
    SoundEvent.PIP,
)


def cue_for(events: Iterable[Event]) -> SoundEvent | None:
    """The one sound to play for these events, or None."""
    wanted = {_SOUNDS[event.kind] for event in events if event.kind in _SOUNDS}
    return next((sound for sound in _PRIORITY if sound in wanted), None)
