"""The moments runtimer makes a sound for.

The values double as the config keys (`rest_over = "/path/x.wav"`) and as the names
of the bundled files (`sounds/rest_over.wav`), so the three can never drift apart.
"""

from __future__ import annotations

from enum import Enum


class SoundEvent(Enum):
    REST_OVER = "rest_over"  # start the next set now: the one cue that must never be missed
    WARNING = "warning"  # a rest ends soon (10 s by default): get into position
    PIP = "pip"  # each of the last three seconds of a rest or a hold
    HOLD_DONE = "hold_done"  # a timed hold is over: let go
    FINISHED = "finished"  # the whole routine is done

    @property
    def label(self) -> str:
        """`rest over`: how the event reads in messages."""
        return self.value.replace("_", " ")

    @property
    def filename(self) -> str:
        return f"{self.value}.wav"
