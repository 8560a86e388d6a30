"""The key help is made from the bindings, so it lists every key that does something."""

from __future__ import annotations

from textual.binding import Binding

from runtimer.ui.screens.help import help_rows
from runtimer.ui.screens.workout import WorkoutScreen


def test_every_workout_key_is_in_the_help_and_has_an_id() -> None:
    bindings = [b for b in WorkoutScreen.BINDINGS if isinstance(b, Binding)]
    assert all(b.id for b in bindings)
    assert len({b.id for b in bindings}) == len(bindings)
    # Each action has its explanation, except enter's second "go now" (space's twin).
    assert {b.action for b in bindings if not b.tooltip} == {"go"}
    keys = [keys for keys, _ in help_rows(bindings)]
    assert keys == [
        "space",
        "enter",
        "backspace",
        "p",
        "→ / n",
        "+ / -",
        "q / escape",
        "?",
        "← / b",
        "m",
        "v",
        "1 / 2 / 3",
        "> / <",
        "a",
    ]


def test_a_key_bound_twice_gets_one_row_and_shared_words_share_one() -> None:
    rows = help_rows(
        [
            Binding("space", "a", "A", tooltip="count"),
            Binding("space", "b", "B", tooltip="start"),
            Binding("plus,equals_sign", "c", "C", tooltip="more or less"),
            Binding("minus", "d", "D", tooltip="more or less"),
            Binding("x", "e", "E"),
        ]
    )
    assert rows == [("space", "count; start"), ("+ / -", "more or less")]
