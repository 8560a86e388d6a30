"""The user's hand-edited config file, `config.toml`: read once, every section checked.

```toml
[workout]
warning = "10s"                     # the early warning before a rest ends; 0: none

[sound]
volume = 0.8                        # 0 (silent) to 1 (full)
rest_over = "~/sounds/gong.wav"     # any of rest_over, warning, pip, hold_done, finished
backend = "auto"                    # auto, simpleaudio, system, bell or off
bell_pips = true                    # with only the bell: ring it for the pips too

[voice]
enabled = "auto"                    # auto (on if a speech program is found), true, false
program = "espeak-ng"               # spd-say, espeak-ng, espeak, say or powershell
rate = 170                          # words per minute, 80 to 400
voice = "en-gb"                     # the program's own voice name
```

Reading is strict (a typo is reported with a suggestion, never silently ignored) and
forgiving: each problem reads like a routine's, `path:line:col: message`, followed by
what happens instead (`Using full volume.`), and the setting keeps its default. It
never raises: a broken config must not stop a workout.

Each section (`SECTIONS`) is a top-level table with a reader of its own (`_sound`,
`_workout`, `_voice`) and a field of `Config`. A top-level key that is none of them is
reported with a did-you-mean and ignored.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from runtimer.core.audio.events import SoundEvent
from runtimer.core.loader.syntax import toml_problem
from runtimer.core.paths import user_config_dir
from runtimer.core.positions import Positions
from runtimer.core.routine import DEFAULT_WARNING
from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml
from runtimer.core.validate import Collect, Problem, Table, show, suggestion

BACKEND_CHOICES = ("auto", "simpleaudio", "system", "bell", "off")
EVENT_KEYS = tuple(event.value for event in SoundEvent)
SOUND_KEYS = ("volume", "backend", "bell_pips", *EVENT_KEYS)
WORKOUT_KEYS = ("warning",)
VOICE_KEYS = ("enabled", "program", "rate", "voice")
#: The speech programs `[voice] program` may name, in the order they are tried.
VOICE_PROGRAMS = ("spd-say", "espeak-ng", "espeak", "say", "powershell")
DEFAULT_VOLUME = 1.0
DEFAULT_BACKEND = "auto"
MAX_WARNING = 5 * 60
MIN_RATE, MAX_RATE = 80, 400
MAX_VOICE_NAME = 100
#: The config's top-level tables.
SECTIONS = ("workout", "sound", "voice")
#: A config file is a few lines; anything bigger is not one.
MAX_CONFIG_BYTES = 1024 * 1024
#: Longer than any path a system allows (Linux: 4096 bytes).
MAX_PATH_TEXT = 4096

_BACKENDS = {choice: choice for choice in BACKEND_CHOICES}
_PROGRAMS = {program: program for program in VOICE_PROGRAMS}
_DEFAULTS_USED = "All settings use their defaults."


def default_config_path() -> Path:
    return user_config_dir() / "config.toml"


@dataclass(frozen=True)
class CustomSound:
    """A user's own WAV file for one event, with where it was set (for messages)."""

    path: Path
    where: str  # `/home/me/.config/runtimer/config.toml:4:1`


@dataclass(frozen=True)
class SoundConfig:
    volume: float = DEFAULT_VOLUME
    backend: str = DEFAULT_BACKEND
    custom: Mapping[SoundEvent, CustomSound] = field(default_factory=dict)
    source: Path | None = None  # the config file read, if there was one
    #: With only the terminal bell, it rings for each of the last three seconds too.
    bell_pips: bool = True


@dataclass(frozen=True)
class WorkoutConfig:
    #: Seconds before a rest ends that the early warning sounds and shows; 0: none.
    warning: int = DEFAULT_WARNING


@dataclass(frozen=True)
class VoiceConfig:
    #: None: on when a speech program is found ("auto"); True/False as written.
    enabled: bool | None = None
    program: str | None = None  # one of VOICE_PROGRAMS; None: the first found
    rate: int | None = None  # words per minute; None: the program's own
    voice: str | None = None  # the program's voice name; None: its default


@dataclass(frozen=True)
class Config:
    """Everything `config.toml` says, each section at its defaults unless set."""

    sound: SoundConfig = field(default_factory=SoundConfig)
    source: Path | None = None  # the config file read, if there was one
    workout: WorkoutConfig = field(default_factory=WorkoutConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)


def load_config(
    path: Path | None = None, *, other_sections: Collection[str] = ()
) -> tuple[Config, list[Problem]]:
    """Read the config; returns it and its problems (to show at start-up), top down.

    A missing file is normal (everything at its default) and no problem.
    `other_sections` are top-level tables something else owns, so they are not
    reported as unknown here.
    """
    path = path if path is not None else default_config_path()
    try:
        raw, _file_id = read_regular(path, MAX_CONFIG_BYTES)
    except FileReadError as error:
        if error.missing:
            return Config(), []
        message = f"the file cannot be read ({error.detail}). {_DEFAULTS_USED}"
        return Config(), [Problem(path, 1, 1, message)]
    try:
        text = decode_utf8(raw)
    except TomlTextError as error:
        return Config(), [_unusable(Problem(path, error.line, error.column, error.message))]
    try:
        document = parse_toml(text)
    except TomlTextError as error:
        return Config(), [_unusable(toml_problem(error, text, path))]
    return parse_config(document, text, path, other_sections=other_sections)


def _unusable(problem: Problem) -> Problem:
    """A problem that keeps the whole file from being used, saying so."""
    message = f"{problem.message}. Fix the file; until then {_DEFAULTS_USED.lower()}"
    return Problem(problem.path, problem.line, problem.column, message)


def load_sound_config(
    path: Path | None = None, *, other_sections: Collection[str] = ()
) -> tuple[SoundConfig, list[str]]:
    """The `[sound]` section of the config, and every problem of the file as a notice."""
    config, problems = load_config(path, other_sections=other_sections)
    return config.sound, [str(problem) for problem in problems]


def parse_config(
    document: Mapping[str, object],
    text: str,
    path: Path,
    *,
    other_sections: Collection[str] = (),
) -> tuple[Config, list[Problem]]:
    """Check an already-parsed config document (`text` is its source, for positions)."""
    found = Collect(path, Positions(text))
    top = Table(document, found, instead="It is ignored.")
    known = (*SECTIONS, *other_sections)
    for key in document:
        if key in known:
            continue
        home = next(
            (
                name
                for name, keys in (("sound", SOUND_KEYS), ("workout", WORKOUT_KEYS))
                if key in keys
            ),
            None,
        )
        if home is not None:  # `volume = 0.8` above the [sound] line
            top.report(key, f"'{key}' belongs in [{home}]; write [{home}] on the line above it")
            continue
        close = suggestion(key, known)
        hint = f"did you mean '{close}'?" if close else "the sections are: " + ", ".join(known)
        top.report(key, f"'{key}' is not a section of the config; {hint}")
    # Each section's reader, in SECTIONS order.
    workout = _workout(top)
    sound = _sound(top, found)
    voice = _voice(top)
    return Config(sound, path, workout, voice), found.in_order()


def _workout(top: Table) -> WorkoutConfig:
    table = top.table(
        "workout",
        prefix="workout: ",
        how="write [workout] on its own line, then its settings below it",
        instead="The workout settings use their defaults.",
    )
    if table is None:
        return WorkoutConfig()
    table.then("It is ignored.").unknown_keys(WORKOUT_KEYS, "[workout]")
    warning = table.then(f"Warning {DEFAULT_WARNING} s before a rest ends.").duration(
        "warning", 0, MAX_WARNING
    )
    return WorkoutConfig(DEFAULT_WARNING if warning is None else warning)


def _voice(top: Table) -> VoiceConfig:
    table = top.table(
        "voice",
        prefix="voice: ",
        how="write [voice] on its own line, then its settings below it",
        instead="The voice settings use their defaults.",
    )
    if table is None:
        return VoiceConfig()
    table.then("It is ignored.").unknown_keys(VOICE_KEYS, "[voice]")
    enabled: bool | None = None
    raw = table.data.get("enabled")
    if isinstance(raw, bool):
        enabled = raw
    elif raw is not None and not (isinstance(raw, str) and raw.strip().lower() == "auto"):
        # Not a `choice`: two of the three answers are not text.
        table.then('Using "auto".').report(
            "enabled", f"'enabled' must be true, false or \"auto\", got {show(raw)}"
        )
    program = table.then("Using the first one found.").choice("program", _PROGRAMS, fold=True)
    rate = table.then("Using the program's own rate.").integer("rate", MIN_RATE, MAX_RATE)
    voice = table.then("Using the program's own voice.").text(
        "voice", MAX_VOICE_NAME, one_line=True
    )
    return VoiceConfig(enabled, program, rate, voice.strip() or None if voice else None)


def _sound(top: Table, found: Collect) -> SoundConfig:
    table = top.table(
        "sound",
        prefix="sound: ",
        how="write [sound] on its own line, then its settings below it",
        instead="The sound settings use their defaults.",
    )
    if table is None:
        return SoundConfig(source=found.path)
    table.then("It is ignored.").unknown_keys(SOUND_KEYS, "[sound]")
    volume = table.then("Using full volume.").number("volume", 0.0, 1.0, advice=_percent_hint)
    backend = table.then(f'Using "{DEFAULT_BACKEND}".').choice("backend", _BACKENDS)
    custom: dict[SoundEvent, CustomSound] = {}
    wav = table.then("Using the built-in sound.")
    for event in SoundEvent:
        key = event.value
        value = wav.text(key, MAX_PATH_TEXT, kind="the path of a WAV file in quotes")
        if value is None:
            continue
        if not value.strip():
            wav.report(key, f"'{key}' is empty; give the path of a WAV file or remove the line")
            continue
        chosen = Path(value).expanduser()
        if not chosen.is_absolute():
            # Relative to the config file, so a config folder can carry its own sounds.
            chosen = found.path.parent / chosen
        custom[event] = CustomSound(chosen, found.place((*table.where, key)))
    bell_pips = table.then("The bell rings for the pips.").flag("bell_pips")
    return SoundConfig(
        DEFAULT_VOLUME if volume is None else volume,
        DEFAULT_BACKEND if backend is None else backend,
        custom,
        found.path,
        bell_pips=True if bell_pips is None else bell_pips,
    )


def _percent_hint(value: float) -> str:
    """`volume = 80` almost certainly meant 80 %."""
    return f"; for {value:g} % write volume = {value / 100:g}" if 10 <= value <= 100 else ""
