"""What a coach says, and when: one short phrase for a batch of session events.

A runner on the mat is not looking at the screen, so the voice says what the screen
would tell them: "Rest. Next: Dumbbell row, left side, 12 reps, 8 kilos." when a rest
begins, "10 seconds." at the early warning, "3.", "2.", "1.", "Go." as it ends,
"Hold 30 seconds." when a hold starts ("Go. 40 seconds." for timed work, "Run 3
minutes." for a timed run, "Run 400 metres." as a leg by distance begins), "Lap 2."
at each lap time of a running leg, "Workout complete." at the end.

A batch of events can hold several things at once (a hold ends, its set is recorded
and a rest begins); a second phrase would only cut off the first, so one is chosen,
the most important. Numbers are written as digits: every speech program reads them.
"""

from __future__ import annotations

from collections.abc import Sequence

from runtimer.core.amount import Amount, AmountKind, step_amount
from runtimer.core.plan import RestKind, Step, StepKind
from runtimer.core.routine import format_amount
from runtimer.core.session import Event, EventKind, Session
from runtimer.core.voice.speaker import Speaker
from runtimer.core.voice.text import MAX_NAME, speakable

FINISHED = "Workout complete."
SWITCH_SIDES = "Switch sides."
WARMUP = "Warm-up."
GO = "Go."
#: How a load's unit is read out (singular, plural).
UNIT_WORDS = {"kg": ("kilo", "kilos"), "lb": ("pound", "pounds")}


def phrase_for(events: Sequence[Event], session: Session, *, entered: bool) -> str | None:
    """The phrase for `events`, which `session` just produced (its state is already
    the new one), or None. `entered`: the session moved to another step in this batch.

    Most important first: the workout's end; the step just entered (a rest says what
    comes next, a switch-sides pause says so, the warm-up names itself); a hold
    starting; a rest or the warm-up ending ("Go."); a lap ("Lap 2."); the early warning;
    the pips.
    """
    kinds = {event.kind for event in events}
    if EventKind.FINISHED in kinds:
        return FINISHED
    if entered:
        entering = _entering(session)
        if entering is not None:
            return entering
    for event in events:
        if event.kind is EventKind.HOLD_STARTED and event.step_index < len(session.plan):
            started = _started(session.plan[event.step_index])
            if started is not None:
                return started
    if kinds & {EventKind.REST_ENDED, EventKind.WARMUP_ENDED}:
        return GO
    for kind, say in (
        (EventKind.LAP, _lap),
        (EventKind.WARNING, _seconds),
        (EventKind.PIP, _number),
    ):
        latest = [event for event in events if event.kind is kind]
        if latest:
            return say(latest[-1].count)
    return None


def next_phrase(session: Session) -> str | None:
    """`Next: Plank, hold 30 seconds.`: the next work step, as the rest screen shows it."""
    step = session.next_work_step()
    if step is None:
        return None
    exercise = session.routine.exercises[step.exercise_index]
    parts = [speakable(exercise.name, MAX_NAME) or "the next exercise"]
    if step.side is not None:
        parts.append(f"{step.side.value} side")
    parts.append(_said(step_amount(step, exercise.sides)))
    load = session.load_for(step)  # that set's own weight, as the screen shows it
    if load:  # no load, or none left (lowered to 0): nothing to say
        one, many = UNIT_WORDS.get(exercise.unit, (exercise.unit, exercise.unit))
        parts.append(f"{format_amount(load)} {one if load == 1 else many}")
    return "Next: " + ", ".join(parts) + "."


def _entering(session: Session) -> str | None:
    step: Step | None = session.step
    if step is None:
        return None
    if step.kind is StepKind.WARMUP:
        return WARMUP
    if step.target_distance is not None:
        return _sentence(_said(step_amount(step)))
    if step.kind is not StepKind.REST:
        return None
    if step.rest_kind is RestKind.SWITCH_SIDES:
        return SWITCH_SIDES
    following = next_phrase(session)
    upcoming = session.next_work_step()
    if step.rest_kind is RestKind.BETWEEN_STATIONS and following and upcoming is not None:
        # A short move inside a round: the station, not a rest.
        return f"Station {upcoming.station}: {following.removeprefix('Next: ')}"
    if step.rest_kind is RestKind.BETWEEN_ROUNDS and upcoming is not None:
        done = f"Round {upcoming.set_number - 1} done."
        return f"{done} Rest. {following}" if following else f"{done} Rest."
    return f"Rest. {following}" if following else "Rest."


def _started(step: Step) -> str | None:
    """What is said as a countdown of work begins: `Hold 30 seconds.`, `Run 3
    minutes.`, `Go. 40 seconds.`; nothing for a step that does not count down."""
    amount = step_amount(step)
    if amount.kind is AmountKind.WORK:
        return f"{GO} {_sentence(_duration(amount.seconds))}"
    if amount.kind in (AmountKind.HOLD, AmountKind.RUN):
        return _sentence(_said(amount))
    return None


def _said(amount: Amount) -> str:
    """`hold 30 seconds`, `run 3 minutes`, `40 seconds, as many as you can`, `run 400
    metres`, `12 reps each side`, `at least 8 reps`: a step's amount read out."""
    match amount.kind:
        case AmountKind.HOLD:
            return f"hold {_count(amount.seconds, 'second')}"
        case AmountKind.RUN:
            return f"run {_duration(amount.seconds)}"
        case AmountKind.WORK:
            return f"{_duration(amount.seconds)}, as many as you can"
        case AmountKind.DISTANCE:
            return f"run {_distance(amount.metres)}"
        case _:
            reps = _count(amount.reps, "rep")
            reps = f"at least {reps}" if amount.at_least else reps
            return f"{reps} each side" if amount.each_side else reps


def _sentence(words: str) -> str:
    """`run 3 minutes` -> `Run 3 minutes.`"""
    return f"{words[:1].upper()}{words[1:]}."


def _duration(seconds: int) -> str:
    """`40 seconds`, `3 minutes`, `1 minute 30 seconds`: a duration read out."""
    minutes, secs = divmod(seconds, 60)
    words = [_count(minutes, "minute")] if minutes else []
    if secs or not minutes:
        words.append(_count(secs, "second"))
    return " ".join(words)


def _distance(metres: float) -> str:
    """`400 metres`, `1.5 kilometres`, `1 kilometre`."""
    if metres >= 1000:
        km = metres / 1000
        return f"{km:g} kilometre" + ("" if km == 1 else "s")
    return f"{metres:g} metre" + ("" if metres == 1 else "s")


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def _seconds(count: int) -> str:
    return f"{_count(count, 'second')}."


def _number(count: int) -> str:
    return f"{count}."


def _lap(count: int) -> str:
    return f"Lap {count}."


class Coach:
    """The voice in the app: hand it every batch of session events, it says the
    phrase for it (if any) through `speaker` (None: no voice, phrases only)."""

    def __init__(self, speaker: Speaker | None) -> None:
        self.speaker = speaker
        self._session: Session | None = None
        self._index = -1

    def handle(
        self, events: Sequence[Event], session: Session, *, entered: bool | None = None
    ) -> str | None:
        """Say the phrase for `events`; returns it. `entered` defaults to "the session's
        step is not the one it was at the last call" (a new session counts as entered)."""
        if entered is None:
            entered = session is not self._session or session.index != self._index
        self._session, self._index = session, session.index
        phrase = phrase_for(events, session, entered=entered)
        if phrase is not None and self.speaker is not None:
            self.speaker.say(phrase)
        return phrase
