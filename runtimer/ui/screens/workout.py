"""The workout screen: one exercise at a time, readable from the mat.

The screen owns no workout logic. It renders the `Workout`'s state (it comes down as
an attribute), turns keys into session calls, and hands the events those calls return
to `Workout.handle`, which saves them; the sound to play and the end of the workout go
up to the app as messages. It wakes only when something visible changes:
`Session.next_wakeup()` says when the shown second of a countdown or of the elapsed
clock turns over.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

from runtimer.core.feeling import Feeling
from runtimer.core.plan import RestKind, Side, StepKind, expected_run_seconds
from runtimer.core.routine import (
    Exercise,
    Sides,
    format_amount,
    format_clock,
    format_duration,
)
from runtimer.core.session import (
    REST_ADJUST,
    Event,
    Phase,
    Session,
    amount_words,
    behind_words,
    describe_step,
    pace_words,
    set_words,
)
from runtimer.core.workout import Rated, Workout
from runtimer.ui.messages import CuePlayed, MuteToggled, Spoken, VoiceToggled, WorkoutEnded
from runtimer.ui.screens.dialogs import ConfirmDialog
from runtimer.ui.screens.help import HelpScreen, help_rows
from runtimer.ui.text import bullets, labelled, line
from runtimer.ui.widgets.counter import BigCounter
from runtimer.ui.widgets.line import TextLine
from runtimer.ui.widgets.progress import SessionProgress

#: The workout screen's rules (see `WorkoutScreen.DEFAULT_CSS`).
STYLESHEET = Path(__file__).with_name("workout.tcss")
FLASH_SECONDS = 0.6
#: The last seconds of a countdown in which the stage lights up (3 on, 2 off, 1 on).
PULSE_ON = (3, 1)
HELP_ADVICE = (
    "The common flow needs only space and enter: count reps with space (or not at "
    "all), enter when the set is done, and the rest counts down and moves on by "
    "itself with a beep.",
)
FEELING_KEYS = {"1": Feeling.EASY, "2": Feeling.OK, "3": Feeling.HARD}
PHASE_CLASSES = {
    Phase.WARMUP: "-warmup",
    Phase.WORK: "-work",
    Phase.GET_READY: "-hold",
    Phase.HOLD: "-hold",
    Phase.RUN: "-hold",
    Phase.REST: "-rest",
    Phase.DONE: "-work",
}


class WorkoutScreen(Screen[None]):
    # The screen's rules, kept in a stylesheet of their own and parsed when the first
    # workout opens: not before the menu's first paint. Not scoped, so a rule can
    # name the app's light mode (`App.-light-mode #stage.-rest #counter`).
    DEFAULT_CSS = STYLESHEET.read_text(encoding="utf-8")
    SCOPED_CSS = False
    # Small terminals drop the air and the extras (see the stylesheet): a screen under
    # 70 columns or 24 rows is small, under 50 or 18 tiny.
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny-width"), (50, "-small-width"), (70, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-tiny-height"), (18, "-small-height"), (24, "-tall")]
    # Footer order is priority order: a narrow terminal cuts the footer from the right.
    # Each binding has an id (for a configurable keymap) and, if it belongs in the
    # help, its explanation as its tooltip: the help screen is made from these.
    BINDINGS = [
        Binding("space", "rep", "+1 rep", id="workout.rep", tooltip="count a rep"),
        Binding(
            "space", "start_hold", "Start hold", id="workout.start-hold", tooltip="start a hold"
        ),
        Binding("space", "go", "Go now", id="workout.go", tooltip="end a rest or the warm-up now"),
        Binding(
            "enter",
            "finish",
            "Done",
            id="workout.done",
            tooltip="finish the set (with no reps counted: done as planned)",
        ),
        Binding(
            "enter",
            "start_hold",
            "Start hold",
            show=False,
            id="workout.start-hold-enter",
            tooltip="start a hold",
        ),
        Binding("enter", "end_hold", "End hold", id="workout.end-hold", tooltip="end a hold early"),
        Binding(
            "enter",
            "end_work",
            "End early",
            id="workout.end-work",
            tooltip="end timed work or a timed run early",
        ),
        Binding(
            "space",
            "finish",
            "Done",
            show=False,
            id="workout.done-space",
            tooltip="finish a running leg by distance",
        ),
        Binding("enter", "go", "Go now", show=False, id="workout.go-enter"),
        Binding(
            "backspace",
            "unrep",
            "-1 rep",
            show=False,
            id="workout.unrep",
            tooltip="take one rep back",
        ),
        Binding(
            "p",
            "pause",
            "Pause",
            id="workout.pause",
            tooltip="pause or resume: every countdown stops",
        ),
        Binding(
            "p",
            "resume",
            "Resume",
            id="workout.resume",
            tooltip="pause or resume: every countdown stops",
        ),
        Binding(
            "right,n", "skip", "Skip", id="workout.skip", tooltip="skip this set, rest or warm-up"
        ),
        Binding(
            "plus,equals_sign",
            "more_rest",
            "+15s",
            id="workout.more-rest",
            tooltip="add or remove 15 seconds of rest",
        ),
        Binding(
            "minus,underscore",
            "less_rest",
            "-15s",
            id="workout.less-rest",
            tooltip="add or remove 15 seconds of rest",
        ),
        Binding(
            "q,escape",
            "stop",
            "Stop",
            id="workout.stop",
            tooltip="stop the workout (asks first; sets done are kept)",
        ),
        Binding("question_mark", "help", "Help", id="workout.help", tooltip="this help"),
        Binding(
            "left,b",
            "back",
            "Back",
            id="workout.back",
            tooltip="go back to the previous set and do it again",
        ),
        Binding(
            "m",
            "mute",
            "Mute",
            id="workout.mute",
            tooltip="mute or unmute the sounds and the voice (remembered)",
        ),
        Binding(
            "v",
            "voice",
            "Voice",
            id="workout.voice",
            tooltip="turn the spoken coach off or on (remembered)",
        ),
        Binding(
            "1",
            "rate('easy')",
            "Easy",
            show=False,
            id="workout.easy",
            tooltip="after a set: it felt easy, ok or hard",
        ),
        Binding(
            "2",
            "rate('ok')",
            "OK",
            show=False,
            id="workout.ok",
            tooltip="after a set: it felt easy, ok or hard",
        ),
        Binding(
            "3",
            "rate('hard')",
            "Hard",
            show=False,
            id="workout.hard",
            tooltip="after a set: it felt easy, ok or hard",
        ),
        Binding(
            "greater_than_sign,full_stop",
            "load(1)",
            "Weight +",
            show=False,
            id="workout.heavier",
            tooltip="raise or lower the weight by the exercise's step",
        ),
        Binding(
            "less_than_sign,comma",
            "load(-1)",
            "Weight -",
            show=False,
            id="workout.lighter",
            tooltip="raise or lower the weight by the exercise's step",
        ),
        Binding(
            "a",
            "take_load",
            "Take weight",
            id="workout.take-load",
            tooltip="take the weight today's advice suggests",
        ),
    ]

    #: Sounds are off (the app sets it): said in the top bar.
    muted: var[bool] = var(False, init=False)
    #: A rating the last key gave to the set before the one under way.
    rated: var[Rated | None] = var(None, init=False)

    def watch_muted(self) -> None:
        if self.is_mounted:
            self.refresh_view()

    def __init__(self, workout: Workout) -> None:
        super().__init__()
        self.workout = workout
        self.session: Session = workout.session
        self._timer: Timer | None = None
        self._bound: tuple[object, ...] | None = None
        self._rated_at = -1
        self._phase: Phase | None = None
        self._drawn: tuple[object, ...] | None = None
        self._flash_until: float | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield TextLine(id="routine-name")
            yield TextLine(id="position")
        with Vertical(id="stage"):
            yield TextLine(id="title")
            yield TextLine(id="subtitle")
            yield BigCounter(id="counter")
            yield TextLine(id="caption")
        with VerticalScroll(id="details"):
            yield TextLine(id="cues")
            yield TextLine(id="history-line")
            yield TextLine(id="benefit")
            yield TextLine(id="harder")
            yield TextLine(id="easier")
            yield TextLine(id="notes")
            yield TextLine(id="next")
        yield TextLine(id="feeling")
        yield TextLine(id="notice")
        yield SessionProgress(id="progress")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one("#details").can_focus = False
        self._counter = self.query_one(BigCounter)
        self._progress = self.query_one(SessionProgress)
        self.refresh_view()
        self._schedule()

    def on_unmount(self) -> None:
        if self._timer is not None:
            self._timer.stop()

    # -- time ------------------------------------------------------------------------------

    def _schedule(self) -> None:
        """Sleep until the next visible change; never a fast fixed tick."""
        if self._timer is not None:
            self._timer.stop()
        if self.session.phase is Phase.DONE:
            self._timer = None
            return
        self._timer = self.set_timer(self.session.next_wakeup(), self.wake)

    def wake(self) -> None:
        self._handle(self.session.tick())
        if self.is_attached:
            self._schedule()

    def _moved_on(self) -> bool:
        """Before acting on a key, let anything already due happen. If that changed the
        step (a rest ended a moment before the timer woke), the key was meant for what
        was on screen, so it is dropped rather than applied to the new step."""
        before = self.session.index
        due = self.session.tick()
        if due:
            self._after(due)
        return self.session.index != before

    def _after(self, produced: list[Event]) -> None:
        """Common path after every key: react, redraw, sleep again."""
        self._handle(produced)
        if self.is_attached and self.session.phase is not Phase.DONE:
            self._schedule()

    def _handle(self, produced: list[Event]) -> None:
        outcome = self.workout.handle(produced)
        if outcome.cue is not None:
            self.post_message(CuePlayed(outcome.cue))
        if outcome.phrase is not None:
            self.post_message(Spoken(outcome.phrase))
        if outcome.flash:
            self.flash()
        if outcome.finished:
            if self._timer is not None:
                self._timer.stop()
            self.post_message(WorkoutEnded(finished=True))
            return
        self.refresh_view()

    def flash(self) -> None:
        """Light the stage for a moment. It goes out after FLASH_SECONDS, or at the
        first redraw after that much of the workout's own time (so a screen drawn on
        an injected clock does not depend on how fast the machine is)."""
        stage = self.query_one("#stage")
        stage.add_class("-flash")
        self._flash_until = self.session.now + FLASH_SECONDS
        self.set_timer(FLASH_SECONDS, lambda: stage.remove_class("-flash"))

    # -- drawing ---------------------------------------------------------------------------

    def _set(self, widget_id: str, content: Content | str) -> None:
        self.query_one(f"#{widget_id}", TextLine).text = content

    def refresh_view(self) -> None:
        session = self.session
        phase = session.phase
        if phase is Phase.DONE:
            return
        if phase is not self._phase:
            stage = self.query_one("#stage")
            for name in PHASE_CLASSES.values():
                stage.remove_class(name)
            stage.add_class(PHASE_CLASSES[phase])
            self._phase = phase
        if (session.index, phase, session.paused) != self._bound:
            # Which keys work (and what the footer offers) follows the step: back from a
            # rep set onto a hold offers the hold's keys, pause offers resume.
            self._bound = (session.index, phase, session.paused)
            self.refresh_bindings()
        if session.index != self._rated_at:
            self.rated = None  # a "rated the set before" note is for one step only
        notice = self.workout.problem or ""
        last = session.last_result
        upcoming = session.next_work_step()
        # Within one step most of the screen stays the same from second to second: it is
        # only rebuilt when something in this key changes; the counter always is.
        key = (
            session.index,
            phase,
            session.paused,
            session.reps,
            session.load(),
            session.load_for(upcoming) if upcoming is not None else None,
            last.feeling if last is not None else None,
            self.rated,
            self.muted,
            session.warned,
            notice,
            self.size.width < 70,  # the short form of the position
        )
        if key != self._drawn:
            self._drawn = key
            self._draw_text(phase, notice)
        self._draw_counter(phase)
        self._progress.show(
            session.sets_done(), session.total_sets, session.elapsed(), session.estimated_left()
        )

    def _draw_text(self, phase: Phase, notice: str) -> None:
        session = self.session
        self.query_one("#stage").set_class(session.paused, "-paused")
        step = session.step
        # At a circuit's station the one after it stays in sight (see the stylesheet).
        self.set_class(step is not None and step.is_work and step.circuit is not None, "-circuit")
        self._set("routine-name", session.routine.name)
        where = self._where(phase)
        self._set("position", f"{where}  ·  muted" if self.muted else where)
        if phase is Phase.WARMUP:
            self._draw_warmup()
        elif phase is Phase.REST:
            self._draw_rest()
        else:
            self._draw_work()
        if session.paused:
            self._set("caption", line(("PAUSED", "bold reverse"), "  p to resume"))
        self._set("notice", notice)

    def _where(self, phase: Phase) -> str:
        """`exercise 3 of 10`, or in a circuit `circuit A · round 2 of 3 · station 1 of 4`
        (during a rest: of what comes next)."""
        session = self.session
        if phase is Phase.WARMUP:
            return "warm-up"
        step = session.next_work_step() if phase is Phase.REST else session.step
        if step is not None and step.circuit is not None:
            rounds = session.routine.exercises[step.exercise_index].sets
            if self.size.width < 70:  # a small screen: the routine's name must fit too
                return f"round {step.set_number}/{rounds} · station {step.station}/{step.stations}"
            where = f"circuit {step.circuit} · round {step.set_number} of {rounds}"
            return f"{where} · station {step.station} of {step.stations}"
        number, count = session.work_number()
        return f"exercise {number} of {count}"

    def _draw_counter(self, phase: Phase) -> None:
        """The big number: reps against the target, or the countdown under way. The
        stage says a rest is nearly over (after the early warning) and pulses in the
        last three seconds of any countdown: on at 3 and 1, off at 2."""
        session = self.session
        step = session.step
        assert step is not None
        shown = session.shown_seconds()
        stage = self.query_one("#stage")
        stage.set_class(session.warned, "-warned")
        if self._flash_until is not None and session.now >= self._flash_until:
            stage.remove_class("-flash")
            self._flash_until = None
        stage.set_class(shown in PULSE_ON and not session.paused, "-pulse")
        if phase is Phase.WORK and step.target_reps is not None:
            target = f"{step.target_reps}{'+' if step.at_least else ''}"
            self._counter.show(str(session.reps), target)
        elif phase is Phase.WORK:
            self._counter.show(format_clock(step.timed or 0))
        elif phase is Phase.RUN:
            self._counter.show(format_clock(session.run_seconds() or 0))
            if not session.paused:
                self._set("caption", self._run_caption())
        elif phase is Phase.GET_READY:
            self._counter.show(str(session.shown_seconds() or 0))
        else:
            self._counter.show(self._countdown())

    def _countdown(self) -> str:
        shown = self.session.shown_seconds()
        return format_clock(shown or 0)

    def _draw_warmup(self) -> None:
        warmup = self.session.routine.warmup
        self._set("title", line(("WARM-UP", "bold")))
        self._set("subtitle", "get your body ready before the first exercise")
        if self.session.warned:
            self._set("caption", line(("GET INTO POSITION", "bold"), "  ·  space to start now"))
        else:
            self._set("caption", "space when you are ready to start")
        steps = warmup.steps if warmup is not None else ()
        self._set("cues", bullets(steps) if steps else "")
        self._set("history-line", "")
        self._clear_words()
        first = self.session.next_work_step()
        self._set(
            "next",
            labelled("First", describe_step(first, self.session.routine)) if first else "",
        )
        self._set("feeling", "")

    def _draw_rest(self) -> None:
        session = self.session
        step = session.step
        assert step is not None and step.kind is StepKind.REST
        titles = {
            RestKind.SWITCH_SIDES: "SWITCH SIDES",
            RestKind.BETWEEN_SETS: "REST",
            RestKind.BETWEEN_EXERCISES: "REST · NEXT EXERCISE",
            RestKind.BETWEEN_STATIONS: "NEXT STATION",
            RestKind.BETWEEN_ROUNDS: "REST · NEXT ROUND",
        }
        self._set("title", line((titles[step.rest_kind or RestKind.BETWEEN_SETS], "bold")))
        upcoming = session.next_work_step()
        exercise = session.routine.exercises[upcoming.exercise_index] if upcoming else None
        nxt = ""
        if upcoming is not None and exercise is not None:
            load = session.load_for(upcoming)  # that set's own weight (`load = [6, 8, 10]`)
            nxt = "  ·  ".join(
                [
                    describe_step(upcoming, session.routine),
                    *([f"{format_amount(load)} {exercise.unit}"] if load is not None else []),
                    *([", ".join(exercise.equipment)] if exercise.equipment else []),
                ]
            )
        self._set("subtitle", labelled("Next", nxt) if nxt else "")
        if session.warned:
            self._set("caption", line(("GET INTO POSITION", "bold"), "  ·  space to go now"))
        else:
            self._set("caption", f"space to go now · +/- {REST_ADJUST} s")
        self._set("cues", bullets(exercise.cues) if exercise and exercise.cues else "")
        self._set("history-line", self._hint(upcoming.exercise_index) if upcoming else "")
        self._set("benefit", self._last_leg())
        self._words(exercise)
        self._set("next", "")
        self._set("feeling", self._feeling_prompt())

    def _last_leg(self) -> Content | str:
        """After a running leg by distance, how it went: `1:52 for 400 m (4:40/km), 8 s
        ahead of pace`."""
        session = self.session
        last, index = session.last_result, session.last_step
        if last is None or index is None or last.worked is None or not last.planned_distance:
            return ""
        pace = session.plan[index].target_pace
        return labelled("Last leg", pace_words(last.planned_distance, last.worked, pace))

    def _words(self, exercise: Exercise | None) -> None:
        """What the routine itself says of the exercise: how to make it harder or
        easier, and its notes (the knees-down plank, "if set three felt easy...")."""
        harder = labelled("Harder", exercise.harder) if exercise and exercise.harder else ""
        easier = labelled("Easier", exercise.easier) if exercise and exercise.easier else ""
        self._set("harder", harder)
        self._set("easier", easier)
        self._set("notes", labelled("Note", exercise.notes) if exercise and exercise.notes else "")

    def _clear_words(self) -> None:
        self._set("benefit", "")
        self._words(None)

    def _hint(self, exercise_index: int) -> str:
        """Last time and today's advice, and the key that takes a suggested weight."""
        hint = self.workout.hint(exercise_index)
        suggested = self.workout.suggested_load(exercise_index)
        if suggested is None:
            return hint
        unit = self.session.routine.exercises[exercise_index].unit
        return f"{hint}  ·  a: take {format_amount(suggested)} {unit}"

    def _feeling_prompt(self) -> Content | str:
        last = self.session.last_result
        if last is None or last.skipped:
            return ""
        parts: list[str | tuple[str, str]] = ["How did that set feel?  "]
        for key, feeling in FEELING_KEYS.items():
            label = f" {key} {feeling.value} "
            parts.append((label, "bold reverse") if last.feeling is feeling else label)
            parts.append(" ")
        return line(*parts)

    def _draw_work(self) -> None:
        session = self.session
        phase = session.phase
        step = session.step
        exercise = session.exercise
        assert step is not None and exercise is not None
        self._set("title", line((exercise.name.upper(), "bold")))
        details = [set_words(step, session.routine)]
        if step.warmup_set:
            details.append("warm-up set")
        if step.side is not None:
            details.append(f"{step.side.value.upper()} side")
        elif exercise.sides is Sides.ALTERNATING:
            details.append(f"alternate sides, {exercise.reps} each")
        if step.target_hold is None and (step.target_reps is None or step.at_least):
            details.append(amount_words(step))  # a hold's length is on its counter
        load = session.load_for(step)
        if load is not None:
            details.append(f"{format_amount(load)} {exercise.unit}")
        if phase is Phase.HOLD and session.counts_reps and session.reps:
            details.append(f"{session.reps} reps counted")
        self._set("subtitle", "  ·  ".join(details))
        self._set("caption", self._work_caption(phase))
        self._set("cues", bullets(exercise.cues) if exercise.cues else "")
        self._set("history-line", self._hint(step.exercise_index))
        self._set("benefit", labelled("Why", exercise.benefit) if exercise.benefit else "")
        self._words(exercise)
        after = _following(session)
        self._set("next", labelled("Then", after) if after else "")
        rated = self.rated
        self._set("feeling", labelled("Rated the set before", rated.describe()) if rated else "")

    def _work_caption(self, phase: Phase) -> str:
        step = self.session.step
        assert step is not None
        if phase is Phase.RUN:
            return self._run_caption()
        if step.target_reps is not None:
            return "space +1 rep · enter when the set is done"
        what = "hold" if step.target_hold is not None else "run" if step.running else "work"
        if phase is Phase.WORK:
            return f"space or enter to start the {format_duration(step.timed or 0)} {what}"
        if phase is Phase.GET_READY:
            return "get ready…"
        if step.target_hold is not None:
            return "hold it · enter to stop early"
        if step.running:
            return "run · enter to stop early"
        return "go! space counts a rep · enter to stop early"

    def _run_caption(self) -> str:
        """A leg by distance: space or enter at the finish; with a pace, the time it
        should take and, once past it, how far behind."""
        session = self.session
        step = session.step
        assert step is not None
        caption = "space or enter at the finish"
        if step.target_pace is None:
            return caption
        target = expected_run_seconds(step)
        ran = session.run_seconds() or 0.0
        if ran <= target:
            return f"{caption} · target {format_clock(round(target))}"
        return f"{caption} · {behind_words(ran - target)}"

    # -- keys ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        session = self.session
        phase = session.phase
        step = session.step
        reps_step = step is not None and step.kind is StepKind.WORK and step.target_reps is not None
        if action in ("rep", "unrep"):
            return session.counts_reps
        if action == "start_hold":
            return phase is Phase.WORK and step is not None and step.timed is not None
        if action == "finish":
            return (phase is Phase.WORK and reps_step) or phase is Phase.RUN
        if action == "end_hold":
            return phase is Phase.HOLD and step is not None and step.target_hold is not None
        if action == "end_work":
            return phase is Phase.HOLD and step is not None and step.target_hold is None
        if action == "go":
            return phase in (Phase.REST, Phase.WARMUP)
        if action in ("more_rest", "less_rest"):
            return phase in (Phase.REST, Phase.WARMUP)
        if action == "load":
            return phase in (Phase.WORK, Phase.REST)
        if action == "pause":
            return not session.paused
        if action == "resume":
            return session.paused
        if action == "take_load":
            target = self._load_target()
            return target is not None and self.workout.suggested_load(target) is not None
        return True

    def action_rep(self) -> None:
        if not self._moved_on():
            self._after(self.session.count_rep())

    def action_unrep(self) -> None:
        if not self._moved_on():
            self._after(self.session.uncount_rep())

    def action_start_hold(self) -> None:
        if not self._moved_on():
            self._after(self.session.start_hold())

    def action_finish(self) -> None:
        if not self._moved_on():
            self._after(self.session.finish_set())

    def action_end_hold(self) -> None:
        if not self._moved_on():
            self._after(self.session.finish_set())

    def action_end_work(self) -> None:
        self.action_end_hold()

    def action_go(self) -> None:
        if not self._moved_on():
            self._after(self.session.skip())

    def action_skip(self) -> None:
        if self._moved_on():
            return
        session = self.session
        step = session.step
        last_work = (
            step is not None
            and step.is_work
            and not any(later.is_work for later in session.plan[session.index + 1 :])
        )
        if not last_work:
            self._after(session.skip())
            return

        def answered(skip: bool | None) -> None:
            if skip and self.session.step is step:
                self._after(self.session.skip())

        self.app.push_screen(
            ConfirmDialog(
                "Skip the last set?",
                "It is the last set of the workout: skipping it ends the workout. The sets "
                "you did are kept.",
                yes="Skip it",
                no="Do it",
                yes_keys=("n", "right"),  # the skip key again: skip; never "don't"
                no_keys=(),
                confirm_by_default=True,
            ),
            answered,
        )

    def action_back(self) -> None:
        if not self._moved_on():
            self._after(self.session.back())

    def action_pause(self) -> None:
        self._after(self.session.pause())

    def action_resume(self) -> None:
        self._after(self.session.resume())

    def action_more_rest(self) -> None:
        if not self._moved_on():
            self._after(self.session.adjust_rest(REST_ADJUST))

    def action_less_rest(self) -> None:
        if not self._moved_on():
            self._after(self.session.adjust_rest(-REST_ADJUST))

    def action_rate(self, value: str) -> None:
        """Rate the set just finished; in the next set it rates the one before, and
        the screen says so (a 2 meant for this set must not go unnoticed)."""
        rated = self.workout.rate(Feeling(value))
        if rated is not None and rated.earlier:
            self._rated_at = self.session.index
            self.rated = rated
        self.refresh_view()

    def _load_target(self) -> int | None:
        """The exercise the weight keys change: this set's, or during a rest the next."""
        session = self.session
        target = session.next_work_step() if session.phase is Phase.REST else session.step
        return target.exercise_index if target is not None and target.is_work else None

    def action_load(self, steps: int) -> None:
        """During a set: this exercise's weight; during a rest: the next one's. The
        weight shown on screen changes in place."""
        target = self._load_target()
        if target is not None:
            self.session.change_load(steps, target)
            self.refresh_view()

    def action_take_load(self) -> None:
        """Take the weight today's advice suggests ("try 14 kg")."""
        target = self._load_target()
        if target is not None and self.workout.accept_load(target) is not None:
            self.refresh_bindings()
            self.refresh_view()

    def action_mute(self) -> None:
        self.post_message(MuteToggled())

    def action_voice(self) -> None:
        self.post_message(VoiceToggled())

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(help_rows(self.BINDINGS), HELP_ADVICE))

    def action_stop(self, leave: bool = False) -> None:
        """Ask before stopping. Every way out of a workout asks this same question:
        `q` and escape here, and (with `leave`, the app then quits) ctrl+q and the
        palette's Quit, which the app sends here."""

        def answered(stop: bool | None) -> None:
            if stop:
                self.workout.stop()
                self.post_message(WorkoutEnded(finished=False, leave=leave))

        done = self.session.sets_done()
        detail = (
            f"{done} of {self.session.total_sets} sets done. Everything you did is kept "
            "in your log."
        )
        problem = self.workout.problem
        if problem:
            detail = (
                f"{done} of {self.session.total_sets} sets done, but not all of them are "
                f"saved yet: {problem} If it still cannot save when you quit runtimer, "
                "the workout is written to a rescue file and runtimer says where."
            )
        self.app.push_screen(
            ConfirmDialog(
                "Stop this workout?",
                detail,
                yes="Stop and quit" if leave else "Stop",
                no="Keep going",
            ),
            answered,
        )


def _following(session: Session) -> str:
    """What comes after the current work step, in a few words."""
    plan = session.plan
    for step in plan[session.index + 1 :]:
        if step.kind is StepKind.WORK:
            return describe_step(step, session.routine)
    return "that's the last set"


__all__ = ["Side", "WorkoutScreen"]
