"""The command line: list, check, new and start, as a user at a terminal meets them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from runtimer import __version__
from runtimer.cli import main
from runtimer.core.loader import load_routine
from runtimer.core.plan import estimate_seconds
from runtimer.core.routine import format_estimate
from tests.conftest import UserDirs

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "routines"

GOOD = """\
name = "{name}"
[[exercise]]
name = "Squats"
sets = 2
reps = 10
"""

BROKEN = """\
name = "Broken"
[[exercise]]
name = "Squats"
sets = 0
rep = 10
"""


def write(folder: Path, file_name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / file_name
    path.write_text(text, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def line_for(out: str, key: str) -> str:
    [line] = [line for line in out.splitlines() if line.startswith(f"{key} ")]
    return line


# -- list -------------------------------------------------------------------------------------


def test_list_shows_each_bundled_routine_with_its_length_and_file(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    code, out, err = run(capsys, "list")
    assert (code, err) == (0, "")
    assert f"bundled:    {BUNDLED}" in out
    assert f"yours:      {user_dirs.routines}" in out
    bundled = sorted(BUNDLED.glob("*.toml"))
    assert len(bundled) >= 6
    for path in bundled:
        routine = load_routine(path)
        line = line_for(out, path.stem)
        count = len(routine.exercises)
        assert routine.name in line
        assert f" {count} exercise{'s' if count != 1 else ''} " in line
        assert f" {format_estimate(estimate_seconds(routine))} " in line
        assert line.endswith(str(path))
    full_body = line_for(out, "full-body")
    assert "Full body for runners" in full_body
    assert "10 exercises" in full_body and " 54 min " in full_body


def test_a_user_file_with_a_bundled_files_name_takes_its_place(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    mine = write(user_dirs.routines, "full-body.toml", GOOD.format(name="My full body"))
    code, out, _ = run(capsys, "list")
    assert code == 0
    line = line_for(out, "full-body")
    assert "My full body" in line and "1 exercise " in line
    assert f"{mine}  (replaces {BUNDLED / 'full-body.toml'})" in line
    assert "Full body for runners" not in out


def test_broken_files_are_listed_with_their_first_error_and_hide_nothing(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    broken = write(user_dirs.routines, "broken.toml", BROKEN)
    write(user_dirs.routines, "also-broken.toml", "name = \n")
    write(user_dirs.routines, "mine.toml", GOOD.format(name="Mine"))
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert "Mine" in line_for(out, "mine")
    assert "Full body for runners" in line_for(out, "full-body")
    broken_part = out.split("Broken (2): fix these, then run 'runtimer check'\n")[1]
    assert (
        f"  {broken}:4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, "
        "got 0 (+1 more)"
    ) in broken_part.splitlines()
    assert (
        f"{user_dirs.routines / 'also-broken.toml'}:1:8: not valid TOML: Invalid value"
        in broken_part
    )


def test_extra_folders_are_listed_too(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    before, after = tmp_path / "before", tmp_path / "after"
    write(before, "one.toml", GOOD.format(name="Routine one"))
    write(after, "two.toml", GOOD.format(name="Routine two"))
    code, out, _ = run(capsys, "--routines", str(before), "list", "--routines", str(after))
    assert code == 0
    assert f"--routines: {before}" in out and f"--routines: {after}" in out
    assert "Routine one" in line_for(out, "one")
    assert "Routine two" in line_for(out, "two")


def test_a_routines_folder_that_does_not_exist(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, "list", "--routines", str(missing))
    assert (code, out) == (2, "")
    assert err == f"runtimer: --routines {missing}: no such folder\n"


@pytest.mark.parametrize(
    "command",
    [["list"], ["check"], ["history"], ["export", "--csv"], ["new", "Tuesday"], ["sound"]],
    ids=["list", "check", "history", "export", "new", "sound"],
)
def test_routines_is_accepted_after_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    """`--routines DIR` may come after any command, as it may before it."""
    missing = tmp_path / "nowhere"
    code, out, err = run(capsys, *command, "--routines", str(missing))
    assert (code, out) == (2, "")  # read, and checked like any --routines
    assert err == f"runtimer: --routines {missing}: no such folder\n"


# -- check ------------------------------------------------------------------------------------


def test_check_passes_for_every_bundled_routine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check")
    assert (code, err) == (0, "")
    for path in BUNDLED.glob("*.toml"):
        assert f"ok  {path}" in out.splitlines()
    assert out.splitlines()[-1].startswith("all ") and out.endswith(" routine files are valid\n")


def test_check_of_one_good_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "good.toml", GOOD.format(name="Good"))
    assert run(capsys, "check", str(path)) == (0, f"ok  {path}\nthe routine file is valid\n", "")


def test_check_prints_every_problem_on_stderr_and_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, "good.toml", GOOD.format(name="Good"))
    bad = write(tmp_path, "bad.toml", BROKEN)
    code, out, err = run(capsys, "check", str(good), str(bad))
    assert code == 1
    assert out == f"ok  {good}\n"
    assert err.splitlines() == [
        f"{bad}:4:1: exercise 1 (\"Squats\"): 'sets' must be a whole number from 1 to 20, got 0",
        f"{bad}:5:1: exercise 1 (\"Squats\"): 'rep' is not a key of an exercise; "
        "did you mean 'reps'?",
        "1 of 2 routine files has problems",
    ]


def test_check_finds_broken_files_in_the_users_folder(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    bad = write(user_dirs.routines, "bad.toml", BROKEN)
    code, _, err = run(capsys, "check")
    assert code == 1
    assert err.startswith(f"{bad}:4:1: ")
    assert err.endswith(" routine files has problems\n")


def test_check_of_a_folder_and_of_a_missing_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.toml"
    code, out, err = run(capsys, "check", str(tmp_path), str(missing))
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"{tmp_path}:1:1: this is a folder, not a routine file; give the path of a .toml file",
        f"{missing}:1:1: no such file; check the path (runtimer list shows every routine found)",
        "2 of 2 routine files have problems",
    ]


# -- new --------------------------------------------------------------------------------------


def test_new_creates_a_routine_from_the_template(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    code, out, err = run(capsys, "new", "Tuesday legs")
    path = user_dirs.routines / "tuesday-legs.toml"
    assert (code, out, err) == (0, f"{path}\n", "")
    routine = load_routine(path)
    assert routine.name == "Tuesday legs"
    assert len(routine.exercises) >= 2
    assert path.read_text(encoding="utf-8").startswith("#")  # the commented template
    code, out, _ = run(capsys, "list")
    assert "Tuesday legs" in line_for(out, "tuesday-legs")


def test_new_never_overwrites_a_file(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    path = write(user_dirs.routines, "tuesday-legs.toml", "# my own careful work\n")
    code, out, err = run(capsys, "new", "Tuesday  legs")
    assert (code, out) == (1, "")
    assert err == f"runtimer: {path} already exists; edit it, or choose another name\n"
    assert path.read_text(encoding="utf-8") == "# my own careful work\n"


@pytest.mark.parametrize(
    ("name", "file_name"),
    [
        ('Tom\'s "hard" day', "tom-s-hard-day.toml"),
        ("Échauffement du mardi", "echauffement-du-mardi.toml"),
        ("脚の日", "脚の日.toml"),
        ("Back\\slash [bold]x[/]", "back-slash-bold-x.toml"),
        ("!!!", "routine.toml"),
    ],
)
def test_new_accepts_names_with_quotes_and_unicode(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs, name: str, file_name: str
) -> None:
    code, out, _ = run(capsys, "new", name)
    path = user_dirs.routines / file_name
    assert (code, out) == (0, f"{path}\n")
    assert load_routine(path).name == name


def test_new_refuses_an_empty_or_overlong_name(
    capsys: pytest.CaptureFixture[str], user_dirs: UserDirs
) -> None:
    assert run(capsys, "new", "   ") == (
        2,
        "",
        'runtimer: give the new routine a name, e.g. runtimer new "Tuesday legs"\n',
    )
    assert run(capsys, "new", "x" * 81) == (
        2,
        "",
        "runtimer: keep the routine name to 80 characters\n",
    )
    assert not user_dirs.routines.exists() or not any(user_dirs.routines.iterdir())


# -- start ------------------------------------------------------------------------------------


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """Stand in for the Textual app: records what `start` would have opened."""
    calls: list[dict[str, Any]] = []

    def fake_run_app(**kwargs: Any) -> int:
        calls.append(kwargs)
        return 0

    monkeypatch.setattr("runtimer.cli.app.run_app", fake_run_app)
    return calls


def test_start_an_unknown_routine(
    capsys: pytest.CaptureFixture[str], started: list[dict[str, Any]]
) -> None:
    code, out, err = run(capsys, "start", "zumba")
    assert (code, out) == (2, "")
    assert err == "runtimer: no routine called 'zumba'; 'runtimer list' shows them all\n"
    assert started == []


def test_start_suggests_a_close_name(
    capsys: pytest.CaptureFixture[str], started: list[dict[str, Any]]
) -> None:
    code, _, err = run(capsys, "start", "ful-body")
    assert code == 2
    assert err.startswith("runtimer: no routine called 'ful-body'; did you mean full-body")
    assert len(err.splitlines()) == 1 and "Traceback" not in err


def test_start_a_missing_path_or_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, started: list[dict[str, Any]]
) -> None:
    missing = tmp_path / "mine.toml"
    assert run(capsys, "start", str(missing)) == (2, "", f"runtimer: {missing}: no such file\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    assert run(capsys, "start", str(folder)) == (
        2,
        "",
        f"runtimer: {folder}: a folder, not a routine file\n",
    )
    assert started == []


def test_start_a_broken_file_shows_its_problems(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, started: list[dict[str, Any]]
) -> None:
    bad = write(tmp_path, "bad.toml", BROKEN)
    code, out, err = run(capsys, "start", str(bad))
    assert (code, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{bad}:4:1: ")
    assert len(err.splitlines()) == 2
    assert started == []


def test_start_by_name_or_path_opens_that_routine(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, started: list[dict[str, Any]]
) -> None:
    assert run(capsys, "start", "Full body for runners") == (0, "", "")
    assert run(capsys, "--mute", "start", "full-body") == (0, "", "")
    mine = write(tmp_path, "mine.toml", GOOD.format(name="Mine"))
    assert run(capsys, "start", str(mine), "--mute") == (0, "", "")
    first, second, third = started
    assert first["start"].path == BUNDLED / "full-body.toml" and first["mute"] is False
    assert second["start"].path == BUNDLED / "full-body.toml"
    assert second["mute"] is True  # --mute before the command is not lost
    assert third["start"].routine.name == "Mine" and third["mute"] is True


# -- help and version -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["--help"],
        ["start", "--help"],
        ["list", "--help"],
        ["check", "--help"],
        ["new", "--help"],
        ["sound", "--help"],
        ["history", "--help"],
        ["export", "--help"],
    ],
    ids=lambda argv: " ".join(argv),
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    out, err = capsys.readouterr()
    assert (caught.value.code, err) == (0, "")
    command = f" {argv[0]}" if argv[0] != "--help" else ""
    assert out.startswith(f"usage: runtimer{command}")
    assert "--help" in out


def test_the_top_level_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("start", "list", "check", "new", "sound", "history", "export"):
        assert f"    {command} " in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out == f"runtimer {__version__}\n"


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "invalid choice: 'frobnicate'" in err and "Traceback" not in err


def test_python_dash_m_runtimer_help_in_a_real_process(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "runtimer", "--help"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage: runtimer")
    assert result.stderr == ""
