"""The running sound player: `play(event)` hands the cue to the chosen backend.

`create_player` (in `create`) does everything slow once: read the config and the
saved mute state, decode every WAV, apply the volume, and really try the backends in
order until one plays. After that `play` only hands the cue to the chosen backend,
which returns at once.

When the backend fails while the app runs (its helper dies, a player hangs or exits
with an error), the player adds one notice and falls through to the next backend on
a background thread; the cue that was lost is replayed there if it is still fresh.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from runtimer.core.audio.assets import ClipFolder, LoadedSound, builtin_sound
from runtimer.core.audio.backends import PROBE_TIMEOUT, Backend, BackendError, Clip, Clock
from runtimer.core.audio.choice import BackendStatus, run_bounded
from runtimer.core.audio.events import SoundEvent
from runtimer.core.audio.wav import silence
from runtimer.core.state import save_muted

#: A cue lost to a failing backend is replayed on the next one if it is at most this
#: old. A "go" a second late still beats none (the runner is waiting for it); much
#: later it would only confuse.
REPLAY_WINDOW = 1.5

Notify = Callable[[str], None]


class SoundPlayer:
    """Plays the four cues. Build it with `create_player`; call everything from the
    app's event-loop thread (callbacks come back on that thread too)."""

    def __init__(
        self,
        sounds: dict[SoundEvent, LoadedSound],
        candidates: Sequence[Backend],
        *,
        folder: ClipFolder,
        state_path: Path,
        muted: bool,
        notices: list[str],
        volume: float = 1.0,
        sounds_dir: Path | None = None,
        on_notice: Notify | None = None,
        clock: Clock = time.monotonic,
        start_timeout: float = PROBE_TIMEOUT,
    ) -> None:
        """`volume` and `sounds_dir` are for a built-in sound that replaces a user's
        file the chosen backend cannot play."""
        self.notices = notices
        self.statuses: list[BackendStatus] = []
        self.sounds = sounds
        self._candidates = list(candidates)
        self._volume = volume
        self._sounds_dir = sounds_dir
        self._folder = folder
        self._state_path = state_path
        self._muted = muted
        self._on_notice = on_notice
        self._clock = clock
        self._start_timeout = start_timeout
        self._lock = threading.RLock()
        self._active: Backend | None = None
        self._switcher: threading.Thread | None = None
        self._requested: dict[SoundEvent, float] = {}  # when each cue was last asked for
        self._pending: dict[SoundEvent, float] = {}  # asked for while switching backends
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._closed = False
        self._probe = folder.clip("probe", silence())
        self._clips = {
            event: folder.clip(event.value, loaded.sound) for event, loaded in sounds.items()
        }

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

    def unmute_for_now(self) -> None:
        """Unmute without remembering it: `runtimer sound` plays every cue even when the
        app is muted, and leaves the saved choice as it was."""
        self._muted = False

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
        self._folder.remove()

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
            self.sounds[event] = builtin_sound(event, self._volume, self.notices, self._sounds_dir)
            clip = self._clips[event] = self._folder.clip(event.value, self.sounds[event].sound)
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
