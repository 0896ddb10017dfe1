"""A trainer who is not a developer: `pip install` of the built wheel, without the test tools, gives a
`course-builder` that starts a course anywhere (with the guide in it) and builds it from its own folder.

The wheel is built from a copy of the files it is made of, installed into a fresh virtual environment
from wheels only (the dependencies are downloaded once into ~/.cache/course-builder/wheels), and run
from folders outside this repository. Under a minute (about 12 s of CPU): marked `slow`, so `./dev fast`
leaves it out and `./dev test` runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# What the wheel is built from (pyproject.toml, setup.py and MANIFEST.in say what goes in).
SOURCES = ["pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "LICENSE", "docs/authoring.md", "course_builder"]
TEST_TOOLS = ["pytest", "playwright", "hypothesis", "ruff", "mypy"]

pytestmark = pytest.mark.slow


def wheel_cache() -> Path:
    base = os.environ.get("COURSE_BUILDER_CACHE") or Path.home() / ".cache" / "course-builder"
    return Path(base) / "wheels"


def pip(*args: str, python: Path | None = None) -> subprocess.CompletedProcess:
    target = ["--python", str(python)] if python else []
    return subprocess.run(
        [sys.executable, "-m", "pip", *target, *args, "--quiet", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        timeout=600,
    )


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300, env=env)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """A fresh venv with the wheel installed in it: its bin/ folder, and the wheel."""
    tmp = tmp_path_factory.mktemp("trainer")
    source = tmp / "source"
    for name in SOURCES:
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / name, source / name)
    built = pip("wheel", str(source), "--no-deps", "-w", str(tmp / "wheel"))
    assert built.returncode == 0, built.stderr
    (wheel,) = (tmp / "wheel").glob("course_builder-*.whl")
    environment = tmp / "venv"
    venv.create(environment, with_pip=False)
    python = environment / "bin" / "python"
    offline = ["install", "--no-index", "--find-links", str(wheel_cache()), "--no-compile", str(wheel)]
    result = pip(*offline, python=python)
    if result.returncode != 0:  # first run, or a new dependency: fetch the dependencies' wheels
        # pip download saves our own wheel into the cache too, and on the next download takes that older
        # copy (same name, same version) for this one, with its older dependencies: remove it first.
        for old in wheel_cache().glob("course_builder-*.whl"):
            old.unlink()
        fetched = pip("download", "--dest", str(wheel_cache()), str(wheel))
        if fetched.returncode != 0:
            message = f"cannot download the dependencies' wheels into {wheel_cache()}: {fetched.stderr[-500:]}"
            if os.environ.get("CI"):
                pytest.fail(message)
            pytest.skip(message)
        result = pip(*offline, python=python)
    assert result.returncode == 0, result.stderr
    return environment / "bin", wheel


def test_a_trainer_installs_the_wheel_then_starts_and_builds_a_course(installed, tmp_path):
    installed, wheel = installed
    with zipfile.ZipFile(wheel) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        requires = [line for line in archive.read(metadata).decode().splitlines() if line.startswith("Requires-Dist:")]
    for tool in TEST_TOOLS:  # only with the [test] extra, and not installed
        assert all("extra ==" in line for line in requires if line.split()[1].lower().startswith(tool)), requires
        assert run([str(installed / "python"), "-c", f"import {tool}"], tmp_path).returncode != 0, tool
    where = run([str(installed / "python"), "-c", "import course_builder; print(course_builder.__file__)"], tmp_path)
    assert where.stdout.startswith(str(installed.parent)), where  # the wheel, not this checkout

    cli = str(installed / "course-builder")
    started = run([cli, "new", "course", "onboarding"], tmp_path)
    assert started.returncode == 0, started.stderr
    course = tmp_path / "onboarding"
    guide = (REPO / "docs" / "authoring.md").read_text(encoding="utf-8")
    assert (course / "GUIDE.md").read_text(encoding="utf-8") == guide
    assert "GUIDE.md" in (course / "course.yml").read_text() and "GUIDE.md" in started.stdout

    docs = run([cli, "docs"], course)
    assert docs.returncode == 0 and str(installed.parent) in docs.stdout, docs  # the packaged copy
    assert run([cli, "docs", "--write", "guide-copy.md"], course).returncode == 0
    assert (course / "guide-copy.md").read_text(encoding="utf-8") == guide

    built = run([cli, "build"], course)  # the course is the current folder
    assert built.returncode == 0, built.stderr
    assert "Built Onboarding 0.1.0" in built.stdout
    assert (course / "site" / "index.html").is_file()
    for zip_path in sorted((course / "dist").glob("*.zip")):
        assert "imsmanifest.xml" in zipfile.ZipFile(zip_path).namelist()
    assert len(list((course / "dist").glob("onboarding-0.1.0-scorm*.zip"))) == 2
    assert run([cli, "check"], course / "content").returncode == 1  # not a course folder: said so
    outside = run([cli, "build"], tmp_path)
    assert outside.returncode == 1 and f"no course.yml in {tmp_path}" in outside.stderr, outside.stderr
