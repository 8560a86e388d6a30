"""Small modal dialogs: confirm, choose, ask for a name."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static

from runtimer.ui.screens.help import KEY_NAMES
from runtimer.ui.text import plain


def dialog_box(question: str, detail: str, buttons: list[Button]) -> Vertical:
    """The box every dialog shows: the question, an optional detail, the buttons.
    The question and detail often carry user text (routine names), so they are plain."""
    parts: list[Widget] = [Label(plain(question), classes="dialog-title")]
    if detail:
        parts.append(Static(plain(detail), classes="dialog-detail"))
    parts.append(Horizontal(*buttons, classes="dialog-buttons"))
    return Vertical(*parts, classes="dialog-box")


def _keys(keys: list[str]) -> str:
    """`n / → / enter`: keys as the help shows them."""
    return " / ".join(KEY_NAMES.get(key, key) for key in keys)


class ConfirmDialog(ModalScreen[bool]):
    """Yes or no: by default `y` confirms and `n` or escape cancel; enter presses the
    focused button, "no" unless `confirm_by_default`.

    A dialog that follows a key can take that key as its yes (`yes_keys`): after `n`
    (skip) in a workout, "Skip the last set?" is confirmed by `n` again or enter, so
    the same key never means skip and then don't. The buttons name their keys."""

    BINDINGS = [Binding("escape", "answer(False)", "No", show=False)]

    def __init__(
        self,
        question: str,
        detail: str = "",
        yes: str = "Yes",
        no: str = "No",
        *,
        yes_keys: tuple[str, ...] = ("y",),
        no_keys: tuple[str, ...] = ("n",),
        confirm_by_default: bool = False,
    ) -> None:
        super().__init__(classes="dialog")
        self.question = question
        self.detail = detail
        self.yes = yes
        self.no = no
        self.yes_keys = yes_keys
        self.no_keys = no_keys
        self.confirm_by_default = confirm_by_default

    def compose(self) -> ComposeResult:
        yes_keys = [*self.yes_keys, *(["enter"] if self.confirm_by_default else [])]
        no_keys = [*self.no_keys, *(["escape"] if self.confirm_by_default else [])]
        buttons = [
            Button(f"{self.yes} ({_keys(yes_keys)})", variant="error", id="yes"),
            Button(f"{self.no} ({_keys(no_keys)})", variant="primary", id="no"),
        ]
        yield dialog_box(self.question, self.detail, buttons)

    def on_mount(self) -> None:
        self.query_one("#yes" if self.confirm_by_default else "#no", Button).focus()

    def on_key(self, event: events.Key) -> None:
        if event.key in self.yes_keys or event.key in self.no_keys:
            event.stop()
            event.prevent_default()
            self.dismiss(event.key in self.yes_keys)

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
