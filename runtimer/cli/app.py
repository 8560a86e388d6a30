"""`runtimer` and `runtimer start`: run the app, then account for every set.

After the app has given the terminal back, anything recorded that is still not on
disk (a full or read-only log folder) goes to a rescue file, and this says where;
the exit status tells a script what happened (see `output`).
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from runtimer.cli.output import EXIT_OK, EXIT_UNSAVED, EXIT_USAGE, shown
from runtimer.core.catalog import Catalog, Entry, Origin, discover

if TYPE_CHECKING:
    from runtimer.core.audio.player import SoundPlayer
    from runtimer.core.config import Config
    from runtimer.core.rescue import Rescue
    from runtimer.core.voice.speaker import Speaker


#: Seconds between GIL hand-overs while the app runs (Python's default is 0.005).
OUTPUT_SWITCH_INTERVAL = 0.0005

NO_TERMINAL = (
    "runtimer: the menu and workouts need a terminal (run it in one, or 'ssh -t' to a "
    "remote one); 'runtimer --help' lists the commands that work without a terminal."
)


def has_terminal() -> bool:
    """Are standard input, output and error all terminals? The app reads keys from
    stdin and Textual draws on stderr; under cron, `ssh host runtimer` without `-t` or
    `runtimer < /dev/null > file` it would write escape codes into a file and wait for
    keys that never come."""
    streams = (sys.__stdin__, sys.__stdout__, sys.__stderr__)
    try:
        return all(stream is not None and stream.isatty() for stream in streams)
    except (OSError, ValueError):  # a closed stream
        return False


def run_app(
    catalog: Catalog, start: Entry | None, mute: bool, program_dirs: Sequence[Path] = ()
) -> int:
    """Run the app on `catalog` (optionally straight into `start`'s workout), finding
    programs in `program_dirs` too (`--programs DIR`). Without a terminal: one line on
    stderr and exit status 2, before Textual writes a byte."""
    if not has_terminal():
        print(NO_TERMINAL, file=sys.stderr)
        return EXIT_USAGE
    with paused_gc() as resume_gc, prompt_output():
        return _run(catalog, start, mute, program_dirs, resume_gc)


@contextmanager
def prompt_output() -> Iterator[None]:
    """A shorter GIL switch interval while the app runs, so its frames reach the
    terminal when they are ready.

    Textual sends each frame from a writer thread, which needs the GIL to do it.
    While the main thread goes on working (the menu's first frame is followed by
    Textual's resize handling and the start-up work), that thread got the GIL only at
    the interpreter's switch interval, 5 ms, more than once per frame: the menu
    reached the terminal 7.6 ms after it was painted (median of 12 starts; 1.1 ms for
    an app with nothing left to do). At 0.5 ms it is 1.6 ms. A switch costs a few
    microseconds, and happens only while another thread waits for the GIL."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(min(before, OUTPUT_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(before)


@contextmanager
def paused_gc() -> Iterator[Callable[[], None]]:
    """No garbage collection until the menu is painted. Importing Textual and building
    the first screen allocates hundreds of thousands of objects and frees almost none,
    yet triggered about 125 collections before the first paint (40-60 ms of a 450 ms
    start). The function given resumes it (the app calls it after the first paint)
    and freezes what the start-up built, so later collections, during a rest
    countdown too, do not walk it again. Resumed in any case when the app ends."""
    was_enabled = gc.isenabled()
    gc.disable()

    def resume() -> None:
        if was_enabled and not gc.isenabled():
            gc.enable()
            gc.freeze()

    try:
        yield resume
    finally:
        resume()


def _run(
    catalog: Catalog,
    start: Entry | None,
    mute: bool,
    program_dirs: Sequence[Path],
    after_first_paint: Callable[[], None],
) -> int:
    from runtimer.ui.app import RuntimerApp

    folders = [folder for origin, folder in catalog.folders if origin is Origin.EXTRA]
    app = RuntimerApp(
        lambda: discover(folders),
        start=start,
        catalog=catalog,
        mute=mute,
        program_dirs=program_dirs,
    )

    def read_config() -> tuple[Config, tuple[str, ...]]:
        # Read once, after the first paint: the app uses [workout] and [voice], the
        # sound player [sound]; every problem of the file is shown in the menu, with
        # or without --mute.
        from runtimer.core.config import load_config

        config, problems = load_config()
        return config, tuple(str(problem) for problem in problems)

    voices: list[Speaker] = []

    def voice_for(config: Config) -> Speaker | None:
        voice = make_voice(config, mute)
        if voice is not None:
            voice.on_failure = lambda reason: app.call_from_thread(
                app.sound_notice, f"The voice stopped working: {reason}. Press v to turn it off."
            )
            voices.append(voice)
        return voice

    app.read_config = read_config
    app.make_voice = voice_for
    players: list[SoundPlayer] = []

    def make_sounds() -> SoundPlayer:
        # Trying the backends can take a moment: it runs in a thread after the first
        # paint. `--mute` goes to the player only, so it mutes this run without
        # changing the saved choice.
        from runtimer.core.audio import create_player

        player = create_player(
            mute=mute, on_bell=app.ring, on_notice=app.sound_notice, config=app.config.sound
        )
        players.append(player)
        return player

    app.make_sounds = make_sounds
    app.after_first_paint = after_first_paint
    try:
        app.run()
    finally:
        for player in players:
            player.close()
        for voice in voices:
            voice.close()
        # Imported at the end: the log's codec and writer are not needed to paint.
        from runtimer.core.rescue import rescue_unsaved

        rescued = rescue_unsaved(app.pending_writers(), app.store.rescue)
        report_rescues(rescued, sys.stderr)
    if app.exit_signal is not None:
        return 128 + app.exit_signal
    return EXIT_UNSAVED if rescued else EXIT_OK


def make_voice(config: Config, mute: bool) -> Speaker | None:
    """The speech program the config asks for (`[voice]`), if one is found: looking
    is a few PATH look-ups, and the speaker starts its thread on its first phrase."""
    from runtimer.core.voice.speaker import find_speaker

    return find_speaker(config.voice, muted=mute)


def report_rescues(rescued: list[Rescue], err: TextIO) -> None:
    """Say where each unsaved workout went; if even its rescue file failed, print
    the log itself, so the user can copy it into the log folder."""
    from runtimer.core.records.codec import session_to_toml

    for item in rescued:
        why = item.problem
        if item.path is not None:
            print(
                f"runtimer: {shown(why)}\nruntimer: the workout was written to "
                f"{shown(item.path)} instead; the next start offers to bring it back into "
                "your log folder.",
                file=err,
            )
            continue
        if item.failure:
            why += f" The rescue folder failed too ({item.failure})."
        print(
            f"runtimer: {shown(why)}\nruntimer: here is the workout log; save it as a .toml "
            "file in your log folder:\n",
            file=err,
        )
        print(session_to_toml(item.log), file=err)
