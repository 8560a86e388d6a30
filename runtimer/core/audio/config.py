"""The `[sound]` table of the user's hand-edited config file.

```toml
[sound]
volume = 0.8                        # 0 (silent) to 1 (full)
rest_over = "~/sounds/gong.wav"     # any of rest_over, pip, hold_done, finished
backend = "auto"                    # auto, simpleaudio, system, bell or off
```

Reading is strict (a typo is reported with a suggestion, never silently ignored) and
forgiving (each bad value gets a notice naming the file, the line, what is wrong and
how to fix it, and its default is used). It never raises: a broken config must not
stop a workout.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from runtimer.core.audio.events import SoundEvent
from runtimer.core.paths import user_config_dir
from runtimer.core.positions import Positions, split_toml_error
from runtimer.core.safefile import FileReadError, read_regular
from runtimer.core.tomlfile import TomlTextError, decode_utf8, parse_toml

BACKEND_CHOICES = ("auto", "simpleaudio", "system", "bell", "off")
EVENT_KEYS = tuple(event.value for event in SoundEvent)
SOUND_KEYS = ("volume", "backend", *EVENT_KEYS)
DEFAULT_VOLUME = 1.0
DEFAULT_BACKEND = "auto"
#: A config file is a few lines; anything bigger is not one.
MAX_CONFIG_BYTES = 1024 * 1024


def default_config_path() -> Path:
    return user_config_dir() / "config.toml"


@dataclass(frozen=True)
class CustomSound:
    """A user's own WAV file for one event, with where it was set (for messages)."""

    path: Path
    where: str  # `/home/me/.config/runtimer/config.toml, line 4`


@dataclass(frozen=True)
class SoundConfig:
    volume: float = DEFAULT_VOLUME
    backend: str = DEFAULT_BACKEND
    custom: Mapping[SoundEvent, CustomSound] = field(default_factory=dict)
    source: Path | None = None  # the config file read, if there was one


def load_sound_config(
    path: Path | None = None, *, other_sections: Collection[str] = ()
) -> tuple[SoundConfig, list[str]]:
    """Read the sound settings; returns them and the notices to show at start-up.

    A missing file is normal (everything at its default) and gives no notice.
    `other_sections` are top-level tables other parts of runtimer own, so they are not
    reported as unknown here.
    """
    path = path if path is not None else default_config_path()
    try:
        raw, _file_id = read_regular(path, MAX_CONFIG_BYTES)
    except FileReadError as error:
        if error.missing:
            return SoundConfig(), []
        return SoundConfig(), [
            f"{path}: cannot be read ({error.detail}). Sound settings use their defaults."
        ]
    try:
        text = decode_utf8(raw)
        document = parse_toml(text)
    except TomlTextError as problem:
        if problem.syntax is not None:
            detail, line, _column, _at_end = split_toml_error(str(problem.syntax))
            what = f"not valid TOML ({detail})"
        else:
            detail, line, what = problem.message, problem.line, problem.message
        where = f"{path}, line {line}" if line is not None else str(path)
        return SoundConfig(), [
            f"{where}: {what}. Fix the file; until then sound settings use their defaults."
        ]
    return parse_sound_config(document, text, path, other_sections=other_sections)


def parse_sound_config(
    document: Mapping[str, object],
    text: str,
    path: Path,
    *,
    other_sections: Collection[str] = (),
) -> tuple[SoundConfig, list[str]]:
    """Check an already-parsed config document (`text` is its source, for line numbers)."""
    positions = Positions(text)
    notices: list[str] = []

    def where(*keys: str) -> str:
        line, _column = positions.find(keys)
        return f"{path}, line {line}"

    known_top = ("sound", *other_sections)
    for key in document:
        if key not in known_top:
            notices.append(
                f"{where(key)}: unknown setting `{key}`.{_suggest(key, known_top)} "
                "Sound settings go in a [sound] table; this one is ignored."
            )
    table = document.get("sound", {})
    if not isinstance(table, dict):
        notices.append(
            f"{where('sound')}: `sound` must be a table ([sound] followed by its settings), "
            f"not {_describe(table)}. Sound settings use their defaults."
        )
        return SoundConfig(source=path), notices

    volume = DEFAULT_VOLUME
    backend = DEFAULT_BACKEND
    custom: dict[SoundEvent, CustomSound] = {}
    for key, value in table.items():
        here = where("sound", key)
        if key == "volume":
            volume = _volume(value, here, notices)
        elif key == "backend":
            backend = _backend(value, here, notices)
        elif key in EVENT_KEYS:
            event = SoundEvent(key)
            chosen = _sound_path(key, value, here, path, notices)
            if chosen is not None:
                custom[event] = CustomSound(chosen, here)
        else:
            notices.append(
                f"{here}: unknown setting `{key}` in [sound].{_suggest(key, SOUND_KEYS)} "
                f"Known settings: {', '.join(sorted(SOUND_KEYS))}. It is ignored."
            )
    return SoundConfig(volume, backend, custom, path), notices


def _volume(value: object, where: str, notices: list[str]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        notices.append(
            f"{where}: volume must be a number from 0 to 1, e.g. `volume = 0.8`; "
            f"got {_describe(value)}. Using full volume."
        )
        return DEFAULT_VOLUME
    if not 0 <= value <= 1:
        notices.append(
            f"{where}: volume must be from 0 (silent) to 1 (full), e.g. `volume = 0.8` "
            f"for 80 %; got {value}{_percent_hint(value)}. Using full volume."
        )
        return DEFAULT_VOLUME
    return float(value)


def _backend(value: object, where: str, notices: list[str]) -> str:
    if isinstance(value, str) and value in BACKEND_CHOICES:
        return value
    choices = ", ".join(f'"{choice}"' for choice in BACKEND_CHOICES)
    hint = _suggest(value, BACKEND_CHOICES) if isinstance(value, str) else ""
    notices.append(
        f'{where}: backend must be one of {choices}; got {_describe(value)}.{hint} Using "auto".'
    )
    return DEFAULT_BACKEND


def _sound_path(
    key: str, value: object, where: str, config_path: Path, notices: list[str]
) -> Path | None:
    if not isinstance(value, str):
        notices.append(
            f'{where}: {key} must be the path of a WAV file in quotes, e.g. `{key} = "~/sounds/'
            f'{key}.wav"`; got {_describe(value)}. Using the built-in sound.'
        )
        return None
    if not value.strip():
        notices.append(
            f"{where}: {key} is empty; give the path of a WAV file or remove the line. "
            "Using the built-in sound."
        )
        return None
    chosen = Path(value).expanduser()
    if not chosen.is_absolute():
        # Relative to the config file, so a config folder can carry its own sounds.
        chosen = config_path.parent / chosen
    return chosen


def _percent_hint(value: float) -> str:
    """`volume = 80` almost certainly meant 80 %."""
    return f" (for {value:g} % write {value / 100:g})" if 10 <= value <= 100 else ""


def _suggest(key: str, known: Collection[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1, cutoff=0.6)
    return f" Did you mean `{close[0]}`?" if close else ""


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'the text "{value}"'
    if isinstance(value, int | float):
        return f"{value}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"a {type(value).__name__}"  # dates and times
