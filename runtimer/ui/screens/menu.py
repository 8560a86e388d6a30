"""The routine menu: the list on the left, a preview on the right."""

from __future__ import annotations

import subprocess  # asyncio imports it anyway, before the first paint
from pathlib import Path
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult, SuspendNotSupported
from textual.binding import Binding
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from runtimer.core.catalog import Catalog, Entry, Origin
from runtimer.core.paths import user_routines_dir
from runtimer.ui.messages import HistoryRequested, ReloadRequested, StartRequested
from runtimer.ui.text import line
from runtimer.ui.widgets.preview import RoutinePreview

# The program's modules load only once a program is active; the editor, the template,
# the dialogs and the help when a key asks for them: the menu paints without them.
if TYPE_CHECKING:
    from runtimer.core.program.today import ProgramToday

HELP_ADVICE = (
    "↑ and ↓ choose a routine; the preview on the right shows what it asks for.",
    "ctrl+p opens the command palette: start a routine by name, open the history, "
    "mute, turn the voice on or off, switch the theme.",
)
#: How often the menu looks for routine files changed in another window (seconds).
WATCH_INTERVAL = 2.0


def _fingerprint(catalog: Catalog) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every routine file and folder."""
    stamps: list[tuple[str, int, int]] = []
    for _origin, folder in catalog.folders:
        stamps += _stat(folder)
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in files:
            stamps += _stat(path)
    return tuple(stamps)


def _stat(path: Path) -> list[tuple[str, int, int]]:
    try:
        info = path.stat()
    except OSError:
        return []
    return [(str(path), info.st_mtime_ns, info.st_size)]


class MenuScreen(Screen[None]):
    """The routines found (`catalog`, set by the app), each previewed on the right."""

    # As on the workout screen, a binding's tooltip is its line in the help (`?`).
    BINDINGS = [
        Binding("enter", "start", "Start", priority=True, tooltip="start the chosen routine"),
        Binding(
            "e",
            "edit",
            "Edit",
            tooltip="edit the routine in your editor (a bundled one: a copy in your folder)",
        ),
        Binding("n", "new", "New routine", tooltip="a new routine from a commented template"),
        Binding("h", "history", "History", tooltip="past sessions, progress and consistency"),
        Binding("r", "reload", "Reload", show=False, tooltip="read the routine files again"),
        Binding(
            "pagedown",
            "scroll_preview(1)",
            "More",
            show=False,
            priority=True,
            tooltip="scroll the preview of a long routine",
        ),
        Binding(
            "pageup",
            "scroll_preview(-1)",
            "Back up",
            show=False,
            priority=True,
            tooltip="scroll the preview of a long routine",
        ),
        Binding("q", "app.quit", "Quit", tooltip="quit runtimer"),
        Binding("question_mark", "help", "Help", tooltip="this help"),
        Binding("escape", "ask_quit", "Quit", show=False, tooltip="quit runtimer, asking first"),
    ]

    catalog: var[Catalog | None] = var(None, always_update=True, init=False)
    #: The active program's session (set by the app once the log is read); None: no
    #: program is active. Shown as the first entry of the list, and chosen on opening.
    today: var[ProgramToday | None] = var(None, always_update=True, init=False)

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self._keep: Path | None = None  # the file to select once the catalog is reloaded
        self._edited: Path | None = None  # just edited: say if it still has problems
        self._fingerprint: tuple[tuple[str, int, int], ...] = ()
        self.set_reactive(MenuScreen.catalog, catalog)

    def compose(self) -> ComposeResult:
        # The screen lays the list and the preview side by side (runtimer.tcss), with
        # the title docked above: no container between, one widget less to paint.
        yield Static(id="menu-title")
        yield OptionList(id="routine-list")
        yield RoutinePreview(id="preview")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#menu-title", Static).update(
            line(("runtimer", "bold"), ("  strength training for runners", "$text-muted"))
        )
        self.watch_catalog(self.catalog)
        self._watch = self.set_interval(WATCH_INTERVAL, self.check_for_changes)

    def watch_today(self, before: ProgramToday | None, today: ProgramToday | None) -> None:
        # The app sets it once the log is read, just after the first paint: without a
        # program (None again) the menu stays as it is, so a preview the user has
        # already scrolled is not sent back to its top.
        if before is None and today is None:
            return
        if self.catalog is not None and self.is_mounted:
            self.fill(self.catalog, opening=True)

    @property
    def _offset(self) -> int:
        """1 when the list starts with the program's "today" entry."""
        return 1 if self.today is not None else 0

    def watch_catalog(self, catalog: Catalog | None) -> None:
        """The app read the routine files (again): show them."""
        if catalog is None:
            return
        self._fingerprint = _fingerprint(catalog)
        keep, self._keep = self._keep, None
        self.fill(catalog, keep)
        edited, self._edited = self._edited, None
        entry = catalog.find(edited.stem) if edited is not None else None
        if edited is not None and entry is not None and entry.error is not None:
            self.notify(
                f"{edited.name} still has {len(entry.error.problems)} problem(s); see the preview.",
                severity="warning",
                markup=False,
            )

    # -- the list ------------------------------------------------------------------------

    def fill(self, catalog: Catalog, keep: Path | None = None, *, opening: bool = False) -> None:
        options = self.query_one("#routine-list", OptionList)
        on_today = self.today is not None and (opening or options.highlighted == 0)
        current = keep or (self.selected.path if self.selected is not None else None)
        options.clear_options()
        if self.today is not None:
            from runtimer.ui.widgets.today import today_label

            options.add_option(Option(today_label(self.today), id="today"))
        for index, entry in enumerate(catalog.entries):
            options.add_option(Option(self._label(entry), id=str(index)))
        if not catalog.entries and self.today is None:
            self.query_one(RoutinePreview).show(None)
            return
        target = 0
        for index, entry in enumerate(catalog.entries):
            if entry.path == current and not (on_today and keep is None):
                target = index + self._offset
        options.highlighted = target
        options.focus()
        self._preview()

    def _preview(self) -> None:
        preview = self.query_one(RoutinePreview)
        if self.today is not None and self._on_today:
            from runtimer.ui.widgets.today import today_content

            preview.show_content(today_content(self.today))
        else:
            preview.show(self.selected)

    @property
    def _on_today(self) -> bool:
        try:
            options = self.query_one("#routine-list", OptionList)
        except Exception:
            return False
        return self.today is not None and options.highlighted == 0

    @staticmethod
    def _label(entry: Entry) -> Content:
        if entry.routine is None:
            return line(("⚠ ", "bold $error"), entry.path.name, (" (broken)", "$error"))
        return line(entry.routine.name)

    @property
    def selected(self) -> Entry | None:
        try:
            options = self.query_one("#routine-list", OptionList)
        except Exception:
            return None
        index = options.highlighted
        entries = self.catalog.entries if self.catalog is not None else ()
        if index is None:
            return None
        index -= self._offset
        if not 0 <= index < len(entries):
            return None
        return entries[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._preview()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_start()

    # -- actions -------------------------------------------------------------------------

    def action_start(self) -> None:
        if self._on_today:
            self.start_today()
            return
        entry = self.selected
        if entry is None:
            return
        if entry.routine is None:
            self.notify(
                "This routine has problems (shown on the right). Press e to fix it.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(StartRequested(entry))

    def start_today(self) -> None:
        """Enter on the program's entry: today's session, its targets applied."""
        today = self.today
        plan = today.plan if today is not None else None
        if plan is None or self.catalog is None:
            self.notify(
                "The active program cannot be used (see the right); 'runtimer program' says more.",
                severity="warning",
                markup=False,
            )
            return
        entry = self.catalog.find(plan.routine_key)
        if entry is None or entry.routine is None:
            self.notify(
                f"The program's routine {plan.routine_key} is missing or broken.",
                severity="warning",
                markup=False,
            )
            return
        self.post_message(StartRequested(entry, plan))

    def action_reload(self) -> None:
        self.reload()

    def reload(self, keep: Path | None = None) -> None:
        """Ask for the routine files to be read again; `keep` stays selected."""
        self._keep = keep
        self.post_message(ReloadRequested(keep))

    def check_for_changes(self) -> None:
        """Pick up routine files added, removed or edited in another window."""
        if not self.is_current:
            return
        if self.catalog is None:
            return
        fingerprint = _fingerprint(self.catalog)
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint  # asked once, not again until it changes
            self.reload()

    def on_app_focus(self, event: events.AppFocus) -> None:
        self.check_for_changes()

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        self._watch.resume()
        self.check_for_changes()

    def on_screen_suspend(self, event: events.ScreenSuspend) -> None:
        # Nothing to watch while a workout is on screen: no wake-ups during the rests.
        self._watch.pause()

    def action_edit(self) -> None:
        """Edit the routine in `$VISUAL`/`$EDITOR`. A bundled routine is copied into
        your routines folder first and the copy edited, so the change survives an
        upgrade and the bundled file stays as it came."""
        entry = self.selected
        if entry is None:
            return
        path = entry.path
        if entry.origin is Origin.BUNDLED:
            from runtimer.core.template import NewRoutineError, copy_for_editing

            try:
                path = copy_for_editing(entry.path, user_routines_dir())
            except NewRoutineError as error:
                self.notify(error.message, severity="error", markup=False)
                return
            self.notify(
                f"Editing your own copy: {path}. It replaces the bundled routine.",
                timeout=6,
                markup=False,
            )
        self.edit(path)

    def action_scroll_preview(self, pages: int) -> None:
        """PageDown / PageUp: the preview of a long routine, by keyboard."""
        preview = self.query_one(RoutinePreview)
        if pages > 0:
            preview.scroll_page_down(animate=False)
        else:
            preview.scroll_page_up(animate=False)

    def action_ask_quit(self) -> None:
        """Escape is pressed by accident (or to leave a dialog that already closed):
        it asks before quitting; q quits at once."""

        async def answered(quit_now: bool | None) -> None:
            if quit_now:
                await self.app.run_action("quit")  # which asks about unsaved logs too

        from runtimer.ui.screens.dialogs import ConfirmDialog

        self.app.push_screen(ConfirmDialog("Quit runtimer?", yes="Quit", no="Stay"), answered)

    def edit(self, path: Path) -> None:
        from runtimer.core.editor import editor_command

        command = editor_command()
        if command is None:
            self.notify(
                "Set $EDITOR (or $VISUAL) to your editor to edit routines here.",
                severity="warning",
                markup=False,
            )
            return
        try:
            with self.app.suspend():
                subprocess.run([*command, str(path)], check=False)
        except SuspendNotSupported:
            # Headless (tests, or no real terminal): run it without handing over the screen.
            self._run_quietly(command, path)
        except OSError as error:
            self.notify(
                f"Could not run the editor {command[0]}: {error.strerror}",
                severity="error",
                markup=False,
            )
        self._edited = path
        self.reload(keep=path)

    def _run_quietly(self, command: list[str], path: Path) -> None:
        try:
            subprocess.run(
                [*command, str(path)],
                check=False,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError as error:
            self.notify(
                f"Could not run the editor {command[0]}: {error.strerror}",
                severity="error",
                markup=False,
            )

    def action_new(self) -> None:
        from runtimer.core.template import NewRoutineError, create_routine
        from runtimer.ui.screens.dialogs import NameDialog

        def created(name: str | None) -> None:
            if not name:
                return
            try:
                path = create_routine(name, user_routines_dir())
            except NewRoutineError as error:
                self.notify(error.message, severity="error", markup=False)
                return
            self.reload(keep=path)
            self.edit(path)

        self.app.push_screen(NameDialog("Name of the new routine"), created)

    def action_help(self) -> None:
        from runtimer.ui.screens.help import HelpScreen, help_rows

        self.app.push_screen(HelpScreen(help_rows(self.BINDINGS), HELP_ADVICE))

    def action_history(self) -> None:
        self.post_message(HistoryRequested())
