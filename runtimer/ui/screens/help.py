"""The key help (`?`), made from the screen's own bindings.

Each binding that belongs in the help carries its explanation as its `tooltip`, so
the help can never list a key that does nothing or miss one that was added. A key
bound to several actions (space counts a rep, starts a hold or ends a rest) gets one
row; two keys that share an explanation (+ and -) share a row.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from runtimer.ui.text import line, plain

#: How a key reads in the help.
KEY_NAMES = {
    "right": "→",
    "left": "←",
    "plus": "+",
    "minus": "-",
    "question_mark": "?",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "greater_than_sign": ">",
    "less_than_sign": "<",
}
#: Keys bound only so the same key works without shift (= for +, . for >): not shown.
UNSHIFTED = frozenset({"equals_sign", "underscore", "full_stop", "comma"})


def help_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a tooltip, in binding order."""
    rows: list[tuple[list[str], list[str]]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.tooltip:
            continue
        keys = [
            KEY_NAMES.get(key, key)
            for key in (part.strip() for part in binding.key.split(","))
            if key not in UNSHIFTED
        ]
        same_keys = next((row for row in rows if row[0] == keys), None)
        same_text = next((row for row in rows if row[1] == [binding.tooltip]), None)
        if same_keys is not None:
            if binding.tooltip not in same_keys[1]:
                same_keys[1].append(binding.tooltip)
        elif same_text is not None:
            same_text[0].extend(key for key in keys if key not in same_text[0])
        else:
            rows.append((keys, [binding.tooltip]))
    return [(" / ".join(keys), "; ".join(texts)) for keys, texts in rows]


class HelpScreen(ModalScreen[None]):
    """The keys in two columns, then a few paragraphs of advice. A long explanation
    wraps within its own column, under its text and not under the keys; a paragraph
    is one string that the box wraps to its width (hard line breaks in it would be
    wrapped again into fragments on a narrow screen)."""

    BINDINGS = [Binding("escape,q,question_mark,enter", "close", "Close")]
    DEFAULT_CSS = """
    HelpScreen .help-row { height: auto; }
    HelpScreen .help-title { margin: 0 0 1 0; }
    HelpScreen .help-keys { text-style: bold; color: $accent; text-align: right; padding: 0 2 0 0; }
    HelpScreen .help-text { width: 1fr; }
    HelpScreen .help-advice { margin: 1 0 0 0; }
    """

    def __init__(self, rows: list[tuple[str, str]], advice: tuple[str, ...] = ()) -> None:
        """`advice`: paragraphs, each a whole paragraph in one string."""
        super().__init__()
        self.rows = rows
        self.advice = advice

    def compose(self) -> ComposeResult:
        width = max((len(keys) for keys, _ in self.rows), default=0)
        with VerticalScroll(classes="dialog-box help-box"):
            yield Static(line(("Keys", "bold")), classes="help-title")
            for keys, text in self.rows:
                with Horizontal(classes="help-row"):
                    key_column = Static(plain(keys), classes="help-keys")
                    key_column.styles.width = width + 2  # every row's keys: one column
                    yield key_column
                    yield Static(plain(text), classes="help-text")
            for paragraph in self.advice:
                yield Static(plain(paragraph), classes="help-advice")

    def action_close(self) -> None:
        self.dismiss(None)
