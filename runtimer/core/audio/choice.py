"""Which backends to try, in what order, how long a try may take, and what the user is
told when the preferred one did not work.

The player tries the backends at start-up (and again when one fails while the app
runs); `runtimer sound` tries the spares too. Both go through `run_bounded`, so a
backend that hangs on a stuck sound device can never stop either of them.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from runtimer.core.audio.backends import (
    PROBE_TIMEOUT,
    Backend,
    BackendError,
    BellBackend,
    OffBackend,
    Ring,
    system_backends,
)
from runtimer.core.audio.simpleaudio_backend import SimpleaudioBackend


@dataclass(frozen=True)
class BackendStatus:
    """How trying one backend went, for `runtimer sound`."""

    name: str
    ok: bool
    reason: str = ""  # why it does not work; empty when it works or was not tried
    tried: bool = True


def default_backends(
    choice: str = "auto",
    *,
    ring: Ring | None = None,
    platform: str = sys.platform,
    which: Callable[[str], str | None] = shutil.which,
    timeout: float = PROBE_TIMEOUT,
    bell_pips: bool = True,
) -> list[Backend]:
    """The backends to try for a config `backend = ...` choice, best first. The bell is
    always the last resort before silence, so a cue is never silently lost (and with
    `bell_pips`, the pips ring it too)."""
    bell = BellBackend(ring, pips=bell_pips)
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
