"""What a command-line user expects: no app without a terminal, shell completion,
`--version`, and an editor that works on every platform."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runtimer import __version__
from runtimer.cli import _parser
from runtimer.cli.completion import completion_script, describe
from runtimer.core import editor

ROOT = Path(__file__).resolve().parents[1]


def run_detached(tmp_path: Path, *argv: str) -> tuple[int, bytes, bytes]:
    """runtimer as cron or `ssh host runtimer` run it: stdin /dev/null, stdout a file."""
    out = tmp_path / "out.txt"
    with out.open("wb") as stdout:
        done = subprocess.run(
            [sys.executable, "-m", "runtimer", *argv],
            stdin=subprocess.DEVNULL,
            stdout=stdout,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
            timeout=60,
            check=False,
        )
    return done.returncode, out.read_bytes(), done.stderr


@pytest.mark.parametrize("argv", [[], ["--mute"], ["start", "full-body"]], ids=" ".join)
def test_the_app_without_a_terminal_says_so_and_exits_2(tmp_path: Path, argv: list[str]) -> None:
    code, out, err = run_detached(tmp_path, *argv)
    assert code == 2
    assert out == b""
    assert b"\x1b" not in err
    (line,) = err.decode().splitlines()
    assert line.startswith("runtimer: the menu and workouts need a terminal")
    assert line.endswith("lists the commands that work without a terminal.")  # a whole sentence


@pytest.mark.parametrize(
    "argv",
    [["list"], ["check"], ["history"], ["export", "--csv"], ["--version"], ["completion", "bash"]],
    ids=" ".join,
)
def test_every_other_command_works_without_a_terminal(tmp_path: Path, argv: list[str]) -> None:
    code, out, err = run_detached(tmp_path, *argv)
    assert (code, err) == (0, b"")
    assert out and b"\x1b" not in out


def test_version_is_the_package_version(tmp_path: Path) -> None:
    code, out, _ = run_detached(tmp_path, "--version")
    assert (code, out.decode()) == (0, f"runtimer {__version__}\n")
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]  # written once, in runtimer/__init__.py
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["hatch"]["version"]["path"] == "runtimer/__init__.py"


# -- completion -----------------------------------------------------------------------


def test_completion_knows_every_command_the_help_lists() -> None:
    parser = _parser()
    names = [command.name for command in describe(parser)[1:]]
    assert names[:7] == ["start", "list", "check", "new", "sound", "history", "export"]
    assert "completion" in names
    assert "_routines" not in names  # the scripts' helper is not offered


PARSE = {
    "bash": ["bash", "-n"],
    "zsh": ["zsh", "-n"],
    "fish": ["fish", "--no-execute"],
}


@pytest.mark.parametrize("shell", sorted(PARSE))
def test_each_script_parses_in_its_shell(tmp_path: Path, shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell})")
    script = tmp_path / f"runtimer.{shell}"
    script.write_text(completion_script(shell, _parser()), encoding="utf-8")
    done = subprocess.run(
        [*PARSE[shell], str(script)], capture_output=True, text=True, timeout=30, check=False
    )
    assert (done.returncode, done.stderr) == (0, "")


def in_shell(tmp_path: Path, shell: str, argv: list[str]) -> list[str]:
    """Save the `shell` completion script as `runtimer.SHELL` in `tmp_path` and run
    `argv` (which sources it) there, with the real `runtimer` first on PATH; the
    lines it prints."""
    script = tmp_path / f"runtimer.{shell}"
    script.write_text(completion_script(shell, _parser()), encoding="utf-8")
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        argv, capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


def complete_in_bash(tmp_path: Path, *words: str) -> list[str]:
    """What bash offers for the last of `words` (`runtimer st<TAB>` is "runtimer", "st")."""
    driver = (
        "source runtimer.bash\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMPREPLY=()\n'
        "_runtimer\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    return in_shell(tmp_path, "bash", ["bash", "-c", driver, "bash", *words])


def test_bash_completes_commands_options_and_routines(tmp_path: Path) -> None:
    if shutil.which("runtimer", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the runtimer command is not installed next to this Python")
    assert complete_in_bash(tmp_path, "runtimer", "st") == ["start"]
    assert complete_in_bash(tmp_path, "runtimer", "h") == ["history"]
    assert complete_in_bash(tmp_path, "runtimer", "--m") == ["--mute"]
    assert complete_in_bash(tmp_path, "runtimer", "export", "--c") == ["--csv"]
    assert complete_in_bash(tmp_path, "runtimer", "completion", "") == ["bash", "zsh", "fish"]
    assert complete_in_bash(tmp_path, "runtimer", "start", "full") == ["full-body"]
    # Options before the command, and their values, are stepped over.
    (tmp_path / "mine").mkdir()
    assert "full-body" in complete_in_bash(tmp_path, "runtimer", "--routines", "mine", "start", "")
    assert complete_in_bash(tmp_path, "runtimer", "--routines", "mi") == ["mine"]


def test_the_routine_names_are_the_catalogs(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from runtimer.cli import main

    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "tuesday-legs.toml").write_text(
        'name = "Tuesday legs"\n[[exercise]]\nname = "Squats"\nsets = 2\nreps = 10\n'
    )
    (folder / "with space.toml").write_text("broken")
    assert main(["_routines", "--routines", str(folder)]) == 0
    names = capsys.readouterr().out.splitlines()
    assert "tuesday-legs" in names and "full-body" in names
    assert "with space" not in names  # a shell would split it; `runtimer list` shows it
    assert names == sorted(names)


# -- the editor -----------------------------------------------------------------------


def fake_platform(monkeypatch: pytest.MonkeyPatch, platform: str, found: set[str]) -> None:
    monkeypatch.setattr(editor.sys, "platform", platform)
    monkeypatch.setattr(
        editor.shutil, "which", lambda name: f"/bin/{name}" if name in found else None
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)


def test_windows_splits_the_editor_the_windows_way(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_platform(monkeypatch, "win32", set())
    monkeypatch.setenv("EDITOR", r'"C:\Program Files\Notepad++\notepad++.exe" -multiInst')
    assert editor.editor_command() == [r"C:\Program Files\Notepad++\notepad++.exe", "-multiInst"]
    monkeypatch.setenv("VISUAL", r"C:\Tools\micro.exe")
    assert editor.editor_command() == [r"C:\Tools\micro.exe"]  # backslashes kept


def test_posix_splits_the_editor_as_a_shell_would(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_platform(monkeypatch, "linux", set())
    monkeypatch.setenv("EDITOR", "'/opt/my editor/bin/ed' --wait")
    assert editor.editor_command() == ["/opt/my editor/bin/ed", "--wait"]


@pytest.mark.parametrize(
    ("platform", "found", "expected"),
    [
        ("win32", set(), ["notepad"]),
        ("darwin", {"nano", "vi"}, ["open", "-W", "-t"]),
        ("linux", {"nano", "vi"}, ["/bin/nano"]),
        ("linux", {"vi"}, ["/bin/vi"]),
        ("linux", set(), None),
    ],
)
def test_a_sensible_editor_without_visual_or_editor(
    monkeypatch: pytest.MonkeyPatch, platform: str, found: set[str], expected: list[str] | None
) -> None:
    fake_platform(monkeypatch, platform, found)
    assert editor.editor_command() == expected


# -- folders --------------------------------------------------------------------------


def test_windows_folders_name_runtimer_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs puts an author folder in front on Windows unless told not to."""
    import platformdirs.windows

    from runtimer.core import paths

    known = {"CSIDL_APPDATA": r"C:\Users\me\AppData\Roaming"}
    known["CSIDL_LOCAL_APPDATA"] = r"C:\Users\me\AppData\Local"
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", known.__getitem__)
    monkeypatch.setattr(paths.platformdirs, "PlatformDirs", platformdirs.windows.Windows)
    for folder in (
        paths.user_config_dir(),
        paths.user_data_dir(),
        paths.user_state_dir(),
        paths.user_cache_dir(),
    ):
        assert str(folder).startswith(r"C:\Users\me\AppData")
        assert str(folder).count("runtimer") == 1, folder


def complete_in_zsh(tmp_path: Path, *words: str) -> list[str]:
    """What the zsh script offers for the last of `words`, with zsh's completion
    functions (compadd, _describe, _files) standing in as printers."""
    driver = (
        'compadd() { while [[ $1 != -- ]]; do shift; done; shift; print -rl -- "$@" }\n'
        '_describe() { local -a listed; listed=("${(@P)2}"); '
        'print -rl -- "${listed[@]%%:*}" }\n'
        "_files() { print -r -- '<files>' }\n"
        "compdef() { : }\n"
        "source runtimer.zsh\n"
        'words=("$@"); CURRENT=$#\n'
        "_runtimer\n"
    )
    return in_shell(tmp_path, "zsh", ["zsh", "-f", "-c", driver, "zsh", *words])


def complete_in_fish(tmp_path: Path, line: str) -> list[str]:
    """What fish offers at the end of the command `line` (`complete -C`)."""
    quoted = "'" + line.replace("\\", "\\\\").replace("'", "\\'") + "'"
    command = f"source runtimer.fish; complete -C {quoted}"
    return [
        row.split("\t")[0]
        for row in in_shell(tmp_path, "fish", ["fish", "--no-config", "-c", command])
    ]


def _needs(shell: str) -> None:
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed (apt-get install {shell})")
    if shutil.which("runtimer", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("the runtimer command is not installed next to this Python")


ACTIONS = ["status", "start", "stop", "review"]
PROGRAMS = ["home-atr-block", "strength-for-runners"]


def test_bash_completes_each_argument_in_its_place(tmp_path: Path) -> None:
    _needs("bash")
    assert complete_in_bash(tmp_path, "runtimer", "program", "") == ACTIONS
    assert complete_in_bash(tmp_path, "runtimer", "program", "start", "") == PROGRAMS
    assert complete_in_bash(tmp_path, "runtimer", "program", "start", "str") == PROGRAMS[1:]
    assert (
        complete_in_bash(tmp_path, "runtimer", "program", "--programs", ".", "start", "h")
        == PROGRAMS[:1]
    )
    # A routine is named once: nothing more after it; check takes any number of files.
    assert complete_in_bash(tmp_path, "runtimer", "start", "full-body", "") == []
    (tmp_path / "legs.toml").write_text("")
    assert complete_in_bash(tmp_path, "runtimer", "check", "runtimer.bash", "le") == ["legs.toml"]


def test_zsh_completes_commands_routines_and_programs(tmp_path: Path) -> None:
    _needs("zsh")
    assert "start" in complete_in_zsh(tmp_path, "runtimer", "")
    assert "--mute" in complete_in_zsh(tmp_path, "runtimer", "--m")  # zsh filters by prefix
    assert "full-body" in complete_in_zsh(tmp_path, "runtimer", "start", "")
    assert complete_in_zsh(tmp_path, "runtimer", "program", "") == ACTIONS
    assert complete_in_zsh(tmp_path, "runtimer", "program", "start", "") == PROGRAMS
    assert complete_in_zsh(tmp_path, "runtimer", "start", "full-body", "") == []
    assert complete_in_zsh(tmp_path, "runtimer", "check", "") == ["<files>"]
    assert complete_in_zsh(tmp_path, "runtimer", "check", "a.toml", "") == ["<files>"]


def test_fish_completes_commands_routines_and_programs(tmp_path: Path) -> None:
    _needs("fish")
    assert "start" in complete_in_fish(tmp_path, "runtimer ")
    assert "full-body" in complete_in_fish(tmp_path, "runtimer start ")
    assert complete_in_fish(tmp_path, "runtimer program ") == sorted(ACTIONS)  # fish sorts
    assert complete_in_fish(tmp_path, "runtimer program start ") == PROGRAMS
    assert complete_in_fish(tmp_path, "runtimer program --programs . start str") == PROGRAMS[1:]
    assert complete_in_fish(tmp_path, "runtimer start full-body ") == []
    (tmp_path / "legs.toml").write_text("")
    assert complete_in_fish(tmp_path, "runtimer check runtimer.fish le") == ["legs.toml"]


def test_the_program_names_are_the_programs_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from runtimer.cli import main

    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "my-block.toml").write_text("broken")
    (folder / "with space.toml").write_text("broken")
    assert main(["_programs", "--programs", str(folder)]) == 0
    names = capsys.readouterr().out.splitlines()
    assert names == sorted(["my-block", *PROGRAMS])  # a broken file is still named
