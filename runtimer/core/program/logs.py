"""The logs a program looks at, asked of the history index instead of every log.

The engine (`plan_today`), the block (`program_block`) and the starting weights
(`starting_loads`) take a sequence of logs and make of it what they make of every log
that counts. With years of logs, building every session for them is slow and holds
hundreds of megabytes, and they look at few: a block is at most a few months. So the
app hands them the history itself (`LogIndex`, which `History` is), and this module
asks it for exactly the logs that decide their answers:

* every session that counts from the day the block started to today (the block's
  sessions, and the replay of the program's rules over them);
* for each exercise of the program's routines, the session before the block in which
  it last carried a load: the weight the program starts from when it gives none
  (`engine._last_or_own`: the newest done set with a load; any outing after that
  session carried none, so the ones left out never change it);
* the latest session of the program's `starting_routine` (its weight test).

Given these, every answer is the one every log gives (a test holds them to it). A
plain sequence of logs (tests, tools) is used as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Protocol

from runtimer.core.program.engine import routine_key_of
from runtimer.core.program.model import Program
from runtimer.core.progress import exercise_key
from runtimer.core.records.model import SessionLog
from runtimer.core.routine import Routine


class LogIndex(Protocol):
    """What the program code asks of the history (`core.history.store.History`)."""

    def counted_between(self, first: date, last: date) -> Sequence[SessionLog]: ...

    def last_loaded(self, exercises: Iterable[str], before: date) -> Sequence[SessionLog]: ...

    def latest_counted(
        self, match: Callable[[SessionLog], bool], until: date
    ) -> SessionLog | None: ...


#: Every log that counts, or the history to ask for the ones that matter.
Logs = Sequence[SessionLog] | LogIndex


def block_logs(logs: Logs, start: date, today: date) -> Sequence[SessionLog]:
    """What `block.program_block` needs: the sessions from the block's start to today."""
    if isinstance(logs, Sequence):
        return logs
    return logs.counted_between(start, today)


def plan_logs(
    logs: Logs, program: Program, start: date, today: date, routines: Mapping[str, Routine]
) -> Sequence[SessionLog]:
    """What `today.starting_loads` and `engine.plan_today` need (see the module's
    docstring), oldest first."""
    if isinstance(logs, Sequence):
        return logs
    since = logs.counted_between(start, today)
    exercises = {
        exercise_key(exercise.name)
        for key in program.routine_names
        if (routine := routines.get(key)) is not None
        for exercise in routine.exercises
    }
    found = [*logs.last_loaded(exercises, start), *since]
    if program.starting_routine is not None:
        names = {exercise_key(routine.name): key for key, routine in routines.items()}
        wanted = program.starting_routine
        tested = logs.latest_counted(lambda log: routine_key_of(log, names) == wanted, today)
        if tested is not None and tested not in found:
            found.append(tested)
    return tuple(sorted(found, key=lambda log: log.started))
