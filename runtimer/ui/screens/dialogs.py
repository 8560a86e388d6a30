"""Small modal dialogs: confirm, ask for a name, and the key help."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from runtimer.ui.text import line, plain


def dialog_box(question: str, detail: str, buttons: list[Button]) -> Vertical:
    """The box every dialog shows: the question, an optional detail, the buttons.
    The question and detail often carry user text (routine names), so they are plain."""
    parts: list[Widget] = [Label(plain(question), classes="dialog-title")]
    if detail:
        parts.append(Static(plain(detail), classes="dialog-detail"))
    parts.append(Horizontal(*buttons, classes="dialog-buttons"))
    return Vertical(*parts, classes="dialog-box")


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no; `y`/`enter` confirm, `n`/`escape` cancel."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, detail: str = "", yes: str = "Yes", no: str = "No") -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        buttons = [
            Button(f"{self.yes} (y)", variant="error", id="yes"),
            Button(f"{self.no} (n)", variant="primary", id="no"),
        ]
        yield dialog_box(self.question, self.detail, buttons)

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, value: bool) -> None:
        self.dismiss(value)


class ChoiceDialog(ModalScreen[str]):
    """A question with a few answers, each with its own key."""

    BINDINGS = [Binding("escape", "choose('')", "Cancel", show=False)]

    def __init__(self, question: str, detail: str, choices: list[tuple[str, str, str]]) -> None:
        """`choices` are (key, label, value)."""
        super().__init__(classes="dialog")
        self.question = question
        self.detail = detail
        self.choices = choices

    def compose(self) -> ComposeResult:
        buttons = [
            Button(
                f"{label} ({key})",
                variant="primary" if number == 0 else "default",
                id=f"choice-{value}",
            )
            for number, (key, label, value) in enumerate(self.choices)
        ]
        yield dialog_box(self.question, self.detail, buttons)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_key(self, event: events.Key) -> None:
        for key, _label, value in self.choices:
            if event.key == key:
                event.stop()
                self.dismiss(value)
                return

    def on_button_pressed(self, event: Button.Pressed) -> None:
        assert event.button.id is not None
        self.dismiss(event.button.id.removeprefix("choice-"))

    def action_choose(self, value: str) -> None:
        self.dismiss(value)


class NameDialog(ModalScreen[str | None]):
    """Ask for a routine name (for `n` in the menu)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str) -> None:
        super().__init__(classes="dialog")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Label(plain(self.question), classes="dialog-title")
            yield Input(placeholder="e.g. Tuesday legs", id="name")
            yield Static(plain("enter to create, escape to cancel"), classes="dialog-detail")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if name:
            self.dismiss(name)

    def action_cancel(self) -> None:
        self.dismiss(None)


HELP_ROWS = [
    ("space", "count a rep; start a hold; end a rest or the warm-up"),
    ("enter", "finish the set (with no reps counted: done as planned)"),
    ("backspace", "take one rep back"),
    ("p", "pause or resume: every countdown stops"),
    ("→ / n", "skip this set, rest or warm-up"),
    ("← / b", "go back to the previous set and do it again"),
    ("+ / -", "add or remove 15 seconds of rest"),
    ("1 2 3", "after a set: it felt easy, ok or hard"),
    ("> / <", "raise or lower the weight by the exercise's step"),
    ("m", "mute or unmute the sounds (remembered)"),
    ("?", "this help"),
    ("q / escape", "stop the workout (asks first; sets done are kept)"),
]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,enter", "close", "Close")]

    def compose(self) -> ComposeResult:
        rows = [line((f"{key:>11}  ", "bold $accent"), text) for key, text in HELP_ROWS]
        body = Content("\n").join(
            [
                line(("Keys", "bold")),
                plain(""),
                *rows,
                plain(""),
                plain("The common flow needs only space and enter: count reps with space (or"),
                plain("not at all), enter when the set is done, and the rest counts down and"),
                plain("moves on by itself with a beep."),
            ]
        )
        with VerticalScroll(classes="dialog-box help-box"):
            yield Static(body)

    def action_close(self) -> None:
        self.dismiss(None)
