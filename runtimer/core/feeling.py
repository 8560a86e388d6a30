"""How a set felt, rated with one key after it: the signal the progression advice uses."""

from __future__ import annotations

from enum import Enum


class Feeling(Enum):
    EASY = "easy"
    OK = "ok"
    HARD = "hard"

    @property
    def rank(self) -> int:
        """Easy < ok < hard, for "the hardest set of the session"."""
        return _RANK[self]


_RANK = {Feeling.EASY: 0, Feeling.OK: 1, Feeling.HARD: 2}
