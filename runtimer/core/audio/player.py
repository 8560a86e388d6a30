"""The sound player the app talks to: `create_player(...)`, then `play(event)`.

Start-up does everything slow once: read the config and the saved mute state, decode
every WAV, apply the volume, and really try the backends in order until one plays.
After that `play` only hands the cue to the chosen backend, which returns at once.

When the backend fails while the app runs (its helper dies, a player hangs or exits
with an error), the player adds one notice and falls through to the next backend on
a background thread; the cue that was lost is replayed there if it is still fresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from runtimer.core.audio.alsa import silence_alsa_errors
from runtimer.core.audio.backends import (
    PROBE_TIMEOUT,
    Backend,
    BackendError,
    BellBackend,
    Clip,
    Clock,
    OffBackend,
    Ring,
    system_backends,
)
from runtimer.core.audio.config import SoundConfig, load_sound_config
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.simpleaudio_backend import SimpleaudioBackend
from runtimer.core.audio.state import default_state_path, load_muted, save_muted
from runtimer.core.audio.wav import (
    Sound,
    SoundFileError,
    bundled_sound_path,
    decode_wav,
    fallback_beep,
    scale,
    silence,
    write_wav,
)

#: A cue lost to a failing backend is replayed on the next one if it is at most this
#: old. A "go" a second late still beats none (the runner is waiting for it); much
#: later it would only confuse.
REPLAY_WINDOW = 1.5

Notify = Callable[[str], None]


@dataclass(frozen=True)
class BackendStatus:
    """How trying one backend went, for `runtimer sound`."""

    name: str
    ok: bool
    reason: str = ""  # why it does not work; empty when it works or was not tried
    tried: bool = True


@dataclass(frozen=True)
class LoadedSound:
    event: SoundEvent
    sound: Sound  # volume applied
    source: Path | None  # the file it came from (None: built-in fallback beep)
    where: str | None = None  # for the user's own file: the config line that names it

    @property
    def custom(self) -> bool:
        return self.where is not None


class SoundPlayer:
    """Plays the four cues. Build it with `create_player`; call everything from the
    app's event-loop thread (callbacks come back on that thread too)."""

    def __init__(
        self,
        sounds: dict[SoundEvent, LoadedSound],
        candidates: Sequence[Backend],
        *,
        workdir: Path,
        state_path: Path,
        muted: bool,
        notices: list[str],
        volume: float = 1.0,
        sounds_dir: Path | None = None,
        on_notice: Notify | None = None,
        clock: Clock = time.monotonic,
        start_timeout: float = PROBE_TIMEOUT,
        cleanup: Callable[[], None] | None = None,
    ) -> None:
        self.notices = notices
        self.statuses: list[BackendStatus] = []
        self.sounds = sounds
        self._candidates = list(candidates)
        self._volume = volume
        self._sounds_dir = sounds_dir
        self._workdir = workdir
        self._state_path = state_path
        self._muted = muted
        self._on_notice = on_notice
        self._clock = clock
        self._start_timeout = start_timeout
        self._cleanup = cleanup
        self._lock = threading.RLock()
        self._active: Backend | None = None
        self._switcher: threading.Thread | None = None
        self._requested: dict[SoundEvent, float] = {}  # when each cue was last asked for
        self._pending: dict[SoundEvent, float] = {}  # asked for while switching backends
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._closed = False
        self._write_failed = False
        self._probe = self._clip("probe", silence())
        self._clips = {event: self._clip(event.value, item.sound) for event, item in sounds.items()}

    # -- the API the app uses ----------------------------------------------------------

    @property
    def backend_name(self) -> str:
        """`simpleaudio`, `pw-play`, `paplay`, `aplay`, `afplay`, `winsound`, `bell` or
        `off`; `switching` for the moment a failed backend is being replaced."""
        active = self._active
        return active.name if active is not None else "switching"

    @property
    def remaining_backends(self) -> tuple[Backend, ...]:
        """The fallbacks not tried yet, in order."""
        return tuple(self._candidates)

    @property
    def probe_clip(self) -> Clip:
        """The silent clip backends are tried with."""
        return self._probe

    @property
    def muted(self) -> bool:
        return self._muted

    @muted.setter
    def muted(self, value: bool) -> None:
        """Mute or unmute, and remember it for the next run."""
        self._muted = bool(value)
        try:
            save_muted(self._muted, self._state_path)
        except OSError as error:
            self._notice(
                f"{self._state_path}: cannot save the mute setting ({error.strerror or error}); "
                "it applies until runtimer closes."
            )

    def set_muted(self, muted: bool) -> None:
        """Same as `player.muted = muted` (the app's `Sounds` protocol)."""
        self.muted = muted

    def play_name(self, name: str) -> None:
        """`play` by event name (`"rest_over"`), for the app's `Sounds` protocol."""
        try:
            event = SoundEvent(name)
        except ValueError:
            return
        self.play(event)

    def toggle_mute(self) -> bool:
        """The `m` key. Returns the new state: True if now muted."""
        self.muted = not self._muted
        return self._muted

    def play(self, event: SoundEvent) -> None:
        """Start the cue and return at once (well under a millisecond with a working
        backend). Does nothing while muted."""
        if self._muted or self._closed:
            return
        self._remember_loop()
        now = self._clock()
        self._requested[event] = now
        with self._lock:
            backend = self._active
            if backend is None:  # a failed backend is being replaced: play it after
                self._pending[event] = now
                return
        backend.check()
        with self._lock:
            if backend is not self._active:  # check() found it stuck
                self._pending[event] = now
                return
        self._dispatch(backend, event)

    def wait_done(self, timeout: float = 5.0) -> bool:
        """Block until every cue started so far has finished playing, including any
        backend switch it caused. For `runtimer sound` and tests, not for the app."""
        deadline = time.monotonic() + timeout
        while True:
            with self._lock:  # `_failed` assigns and starts the switcher under the lock
                switcher = self._switcher
            if switcher is not None:
                switcher.join(max(0.0, deadline - time.monotonic()))
            backend = self._active
            if backend is None:
                return False
            done = backend.wait_done(max(0.0, deadline - time.monotonic()))
            if self._switcher is switcher and self._active is backend:
                return done
            if time.monotonic() >= deadline:
                return False

    def close(self) -> None:
        """Stop sounds and helper processes and delete the temporary files. Safe twice."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            backend, self._active = self._active, None
        if backend is not None:
            with contextlib.suppress(Exception):
                backend.close()
        if self._cleanup is not None:
            self._cleanup()

    def __enter__(self) -> SoundPlayer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- choosing a backend ------------------------------------------------------------

    def choose_backend(self) -> list[BackendStatus]:
        """Try the remaining candidates in order and make the first that plays the
        active one. Blocks for at most about `start_timeout` per candidate."""
        statuses, chosen = self._find_backend()
        with self._lock:
            self._active = chosen
        return statuses

    def _find_backend(self) -> tuple[list[BackendStatus], Backend | None]:
        statuses: list[BackendStatus] = []
        chosen: Backend | None = None
        while self._candidates and not self._closed:
            backend = self._candidates.pop(0)
            reason = self._try(backend)
            statuses.append(BackendStatus(backend.name, reason is None, reason or ""))
            if reason is None:
                chosen = backend
                break
        statuses += [BackendStatus(b.name, False, tried=False) for b in self._candidates]
        return statuses, chosen

    def _try(self, backend: Backend) -> str | None:
        """Start `backend` and load every clip; the reason it cannot play, or None."""

        def attempt() -> None:
            backend.start(lambda reason, event: self._failed(backend, reason, event), self._probe)
            for event in SoundEvent:
                self._load(backend, event)

        return run_bounded(backend, attempt, self._start_timeout)

    def _load(self, backend: Backend, event: SoundEvent) -> None:
        item = self.sounds[event]
        clip = self._clips[event]
        if item.where is not None:
            problem = backend.can_play(clip)
            if problem is None:
                try:
                    backend.load(event, clip)
                    return
                except BackendError as error:
                    problem = str(error)
            self._notice(f"{item.where}: {event.value}: {problem}. Using the built-in sound.")
            self.sounds[event] = _default_sound(event, self._volume, self.notices, self._sounds_dir)
            clip = self._clips[event] = self._clip(event.value, self.sounds[event].sound)
        backend.load(event, clip)

    # -- failures at run time ----------------------------------------------------------

    def _failed(self, backend: Backend, reason: str, event: SoundEvent | None) -> None:
        """A backend reports it stopped working (from any thread); `event` is the cue
        it lost, if any."""
        with self._lock:
            if backend is not self._active or self._closed:
                return
            self._active = None
            if event is not None and event in self._requested:
                self._pending.setdefault(event, self._requested[event])
            self._switcher = threading.Thread(
                target=self._switch,
                args=(backend, reason),
                name="runtimer-sound-switch",
                daemon=True,
            )
            self._switcher.start()

    def _switch(self, old: Backend, reason: str) -> None:
        with contextlib.suppress(Exception):
            old.close()
        statuses, chosen = self._find_backend()
        with self._lock:
            if self._closed:
                if chosen is not None:
                    chosen.close()
                return
            self._active = chosen
            pending, self._pending = self._pending, {}
        skipped = [f"{s.name}: {s.reason}" for s in statuses if s.tried and not s.ok]
        now_using = chosen.name if chosen is not None else "no sound"
        detail = f" ({'; '.join(skipped)})" if skipped else ""
        self._notice(
            f"Sound: {old.name} stopped working ({reason}); now using {now_using}{detail}."
        )
        if chosen is None or self._muted:
            return
        # Replay the latest cue lost or asked for meanwhile, if still recent; only one:
        # two cues at once would blur together.
        now = self._clock()
        fresh = {event: at for event, at in pending.items() if now - at <= REPLAY_WINDOW}
        if fresh:
            self._dispatch(chosen, max(fresh, key=fresh.__getitem__))

    # -- plumbing ----------------------------------------------------------------------

    def _dispatch(self, backend: Backend, event: SoundEvent) -> None:
        def run() -> None:
            try:
                backend.play(event)
            except Exception as error:
                self._failed(backend, f"{type(error).__name__}: {error}", event)

        if backend.inline:
            self._call_in_loop(run)
        else:
            run()

    def _remember_loop(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._loop = loop
        self._loop_thread = threading.get_ident()

    def _call_in_loop(self, function: Callable[[], None]) -> None:
        """Run on the app's event-loop thread (where `play` was called), so callbacks
        such as `on_bell` may touch the UI directly."""
        loop = self._loop
        if loop is None or threading.get_ident() == self._loop_thread:
            function()
            return
        with contextlib.suppress(RuntimeError):  # the loop has closed: the app is gone
            loop.call_soon_threadsafe(function)

    def _notice(self, text: str) -> None:
        self.notices.append(text)
        if self._on_notice is not None:
            callback = self._on_notice
            self._call_in_loop(lambda: callback(text))

    def _clip(self, name: str, sound: Sound) -> Clip:
        """The sound plus a WAV file of it. If the file cannot be written, players that
        read files fail their trial and the bell takes over; one notice says why."""
        path = self._workdir / f"{name}.wav"
        try:
            write_wav(path, sound)
        except OSError as error:
            if not self._write_failed:
                self._write_failed = True
                self.notices.append(
                    f"Cannot write the sound files to {self._workdir} "
                    f"({error.strerror or error}); sound players that need them will not work."
                )
        return Clip(sound, path)


def create_player(
    config_path: Path | None = None,
    state_path: Path | None = None,
    mute: bool = False,
    on_bell: Ring | None = None,
    backends: Sequence[Backend] | None = None,
    *,
    on_notice: Notify | None = None,
    sounds_dir: Path | None = None,
    clock: Clock = time.monotonic,
    start_timeout: float = PROBE_TIMEOUT,
    other_sections: Collection[str] = (),
) -> SoundPlayer:
    """Build the app's sound player. Never raises for bad input: problems become
    `player.notices`, one clear sentence each, to show at start-up.

    config_path: the user's config.toml (default: the user config folder's).
    state_path: where the mute choice is remembered (default: the user state folder's).
    mute: start muted (`--mute`) without changing the remembered choice.
    on_bell: called with the event when the terminal bell is the backend; ring the bell
        and flash the screen there. Called on the thread that called `play`.
    backends: the backends to try, in order (tests); default from the config.
    on_notice: called with each notice added *after* start-up (a backend failing).
    sounds_dir: where the bundled WAVs are (tests); default `bundled_sounds_dir()`.
    other_sections: top-level config tables other parts of runtimer own (not "unknown").
    """
    silence_alsa_errors()
    notices: list[str] = []
    config, config_notices = load_sound_config(config_path, other_sections=other_sections)
    notices += config_notices
    state_path = state_path if state_path is not None else default_state_path()
    remembered, state_notices = load_muted(state_path)
    notices += state_notices
    sounds = load_sounds(config, notices, sounds_dir)
    if backends is None:
        backends = default_backends(config.backend, ring=on_bell, timeout=start_timeout)
    try:
        workdir = tempfile.TemporaryDirectory(prefix="runtimer-sounds-")
        folder, cleanup = Path(workdir.name), workdir.cleanup
    except OSError:  # no usable temporary folder: the first clip's notice says so
        folder, cleanup = Path(tempfile.gettempdir()) / "runtimer-sounds", None
    player = SoundPlayer(
        sounds,
        backends,
        workdir=folder,
        state_path=state_path,
        muted=mute or remembered,
        notices=notices,
        volume=config.volume,
        sounds_dir=sounds_dir,
        on_notice=on_notice,
        clock=clock,
        start_timeout=start_timeout,
        cleanup=cleanup,
    )
    player.statuses = player.choose_backend()
    notice = fallback_notice(player.statuses)
    if notice:
        notices.append(notice)
    return player


def fallback_notice(statuses: Sequence[BackendStatus]) -> str:
    """One start-up notice when the preferred backend did not work; none otherwise."""
    failed = [status for status in statuses if status.tried and not status.ok]
    chosen = next((status.name for status in statuses if status.ok), "off")
    if not failed:
        return ""
    if chosen in ("bell", "off"):
        names = ", ".join(status.name for status in failed)
        effect = "cues ring the terminal bell" if chosen == "bell" else "cues are silent"
        return (
            f"No sound player works here (tried {names}), so {effect}. "
            "`runtimer sound` shows why and what to install."
        )
    first = failed[0]
    return (
        f"Sounds play through {chosen}: {first.name} does not work here ({first.reason}). "
        "`runtimer sound` shows the details."
    )


def default_backends(
    choice: str = "auto",
    *,
    ring: Ring | None = None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    timeout: float = PROBE_TIMEOUT,
) -> list[Backend]:
    """The backends to try for a config `backend = ...` choice, best first. The bell is
    always the last resort before silence, so a cue is never silently lost."""
    bell = BellBackend(ring)
    chosen: list[Backend]
    if choice == "off":
        return [OffBackend()]
    if choice == "bell":
        chosen = []
    elif choice == "simpleaudio":
        chosen = [SimpleaudioBackend(start_timeout=timeout)]
    elif choice == "system":
        chosen = system_backends(platform, which, timeout)
    else:
        chosen = [
            SimpleaudioBackend(start_timeout=timeout),
            *system_backends(platform, which, timeout),
        ]
    return [*chosen, bell, OffBackend()]


def load_sounds(
    config: SoundConfig, notices: list[str], sounds_dir: Path | None = None
) -> dict[SoundEvent, LoadedSound]:
    """Decode every cue once, volume applied; bad custom files fall back to the
    built-in sound with a notice saying what is wrong and how to fix it."""
    loaded: dict[SoundEvent, LoadedSound] = {}
    for event in SoundEvent:
        custom = config.custom.get(event)
        if custom is not None:
            try:
                sound = decode_wav(custom.path)
            except SoundFileError as error:
                notices.append(f"{custom.where}: {event.value}: {error}. Using the built-in sound.")
            else:
                loaded[event] = LoadedSound(
                    event, scale(sound, config.volume), custom.path, custom.where
                )
                continue
        loaded[event] = _default_sound(event, config.volume, notices, sounds_dir)
    return loaded


def _default_sound(
    event: SoundEvent, volume: float, notices: list[str], sounds_dir: Path | None = None
) -> LoadedSound:
    path = bundled_sound_path(event, sounds_dir)
    try:
        sound = decode_wav(path)
    except SoundFileError as error:
        notices.append(
            f"The built-in {event.label} sound is damaged or missing ({error}); a plain beep "
            "stands in. Reinstalling runtimer restores it."
        )
        return LoadedSound(event, scale(fallback_beep(event), volume), None)
    return LoadedSound(event, scale(sound, volume), path)


def run_bounded(backend: Backend, attempt: Callable[[], None], timeout: float) -> str | None:
    """Run a backend's start-up `attempt` on a helper thread, for at most about
    `timeout` seconds; the reason it failed (backend then closed), or None."""
    outcome: list[str | None] = []

    def guarded() -> None:
        try:
            attempt()
            outcome.append(None)
        except BackendError as error:
            outcome.append(str(error))
        except Exception as error:  # a bug in a backend must not stop the app
            outcome.append(f"unexpected error: {type(error).__name__}: {error}")

    thread = threading.Thread(target=guarded, name=f"runtimer-try-{backend.name}", daemon=True)
    thread.start()
    thread.join(timeout + 1.0)
    reason = outcome[0] if outcome else f"did not answer within {timeout:g} s"
    if reason is not None:
        with contextlib.suppress(Exception):
            backend.close()
    return reason
