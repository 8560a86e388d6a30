"""A real, non-editable install works from anywhere, with the routines inside the package.

This catches what no in-tree test can: files missing from the wheel (the bundled
routines, the sounds, the template), code that finds files relative to the working
directory or the repository, and a broken `runtimer` entry point.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from runtimer import __version__
from tests.conftest import UserDirs

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


def project_files() -> list[Path]:
    """Tracked and untracked files, without what .gitignore leaves out (caches, venvs)."""
    try:
        listing = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("git is needed to list the project's files")
    files = [ROOT / name for name in listing.decode().split("\0") if name]
    return [path for path in files if path.is_file()]


def run(argv: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 120) -> str:
    result = subprocess.run(
        [str(arg) for arg in argv],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, f"{argv} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(
    tmp_path_factory: pytest.TempPathFactory, pytestconfig: pytest.Config
) -> tuple[Path, Path]:
    """(venv, site-packages/runtimer) of a fresh venv with runtimer installed from a copy."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    for path in project_files():
        target = source / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    python = venv / "bin" / "python"
    # A pip cache inside the project's .pytest_cache keeps later runs quick and offline-ish.
    # (With `-p no:cacheprovider` there is no cache at all: a folder of the run's own.)
    cache = getattr(pytestconfig, "cache", None)
    pip_cache = cache.mkdir("pip-cache") if cache is not None else base / "pip"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "PIP_", "VIRTUAL_ENV"))
    }
    env["PIP_CACHE_DIR"] = str(pip_cache)
    run(
        [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", source],
        cwd=base,
        env=env,
        timeout=900,
    )
    package = Path(
        run(
            [python, "-c", "import runtimer, os; print(os.path.dirname(runtimer.__file__))"],
            cwd=base,
            env=env,
        ).strip()
    )
    return venv, package


def clean_env(venv: Path) -> dict[str, str]:
    """The test's environment (user folders already pointed at tmp), venv first on PATH."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PYTHON", "VIRTUAL_ENV"))
    }
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def test_the_package_is_installed_in_the_venv_not_linked_to_the_repo(
    installed: tuple[Path, Path],
) -> None:
    venv, package = installed
    assert package.is_relative_to(venv)
    assert "site-packages" in package.parts
    assert not (package / "__editable__").exists()
    for name in ("routines", "sounds"):
        shipped = sorted(p.name for p in (ROOT / name).iterdir() if p.is_file())
        assert shipped, f"the repository has no {name}"
        assert sorted(p.name for p in (package / name).iterdir()) == shipped
    assert (package / "core" / "template.toml").is_file()


def test_runtimer_list_from_another_folder_finds_the_bundled_routines(
    installed: tuple[Path, Path], tmp_path: Path, user_dirs: UserDirs
) -> None:
    venv, package = installed
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = run([venv / "bin" / "runtimer", "list"], cwd=elsewhere, env=clean_env(venv))
    assert f"bundled:    {package / 'routines'}" in out
    assert f"yours:      {user_dirs.routines}" in out
    for path in sorted((ROOT / "routines").glob("*.toml")):
        [line] = [line for line in out.splitlines() if line.startswith(f"{path.stem} ")]
        assert line.endswith(str(package / "routines" / path.name))
    assert str(ROOT) not in out
    assert "Broken" not in out


def test_runtimer_check_and_new_work_in_the_installed_package(
    installed: tuple[Path, Path], tmp_path: Path, user_dirs: UserDirs
) -> None:
    venv, _ = installed
    env = clean_env(venv)
    runtimer = venv / "bin" / "runtimer"
    created = run([runtimer, "new", "Installed legs"], cwd=tmp_path, env=env).strip()
    assert created == str(user_dirs.routines / "installed-legs.toml")
    out = run([runtimer, "check"], cwd=tmp_path, env=env)
    count = len(list((ROOT / "routines").glob("*.toml"))) + 1
    assert out.splitlines()[-1] == f"all {count} routine files are valid"
    assert f"ok  {created}" in out.splitlines()


def test_python_dash_m_runtimer_version(installed: tuple[Path, Path], tmp_path: Path) -> None:
    venv, _ = installed
    out = run([venv / "bin" / "python", "-m", "runtimer", "--version"], tmp_path, clean_env(venv))
    assert out == f"runtimer {__version__}\n"
