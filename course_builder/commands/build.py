"""A build as a short pipeline: load and validate -> render the site -> package for the LMS.

Everything is written to a staging folder first and moved into place only when every step has
succeeded, so a failed build leaves the previous site/ and dist/ exactly as they were.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from course_builder.core.progress import SuspendBudget, check_suspend_budget, suspend_budget
from course_builder.load.course import load_course
from course_builder.model import Course
from course_builder.package import DeflateCache, package_filename, write_package
from course_builder.runtime.launcher import LAUNCH_PAGE, launcher_html
from course_builder.site.render import build_site

EDITIONS = ("scorm12", "scorm2004")
# MkDocs stamps the sitemap with the build date unless this is set: same input, same bytes out.
REPRODUCIBLE_EPOCH = "315532800"  # 1980-01-01, also the timestamp inside our zips
# Staging folders are named .course-builder-<pid>-<random>: a build that was killed (SIGKILL, power
# cut) cannot remove its own, so the next build removes those whose process is gone.
STAGING_PREFIX = ".course-builder-"
_STAGING = re.compile(re.escape(STAGING_PREFIX) + r"(\d+)-")
_UNNAMED_STAGING_AGE = 3600  # seconds; staging folders of older versions carry no pid


@dataclass
class BuildResult:
    course: Course
    site_dir: Path | None
    packages: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    suspend: SuspendBudget | None = None


def build(
    root: Path,
    site_dir: Path | None = None,
    dist_dir: Path | None = None,
    editions: tuple[str, ...] = EDITIONS,
    make_site: bool = True,
    progress: Callable[[str], None] | None = None,
    load: Callable[[Path], Course] = load_course,
    label: str = "",
) -> BuildResult:
    """`progress`, if given, is called with each stage's name as it starts: load, site, then each edition.
    A translated course (`build --lang`) comes with its own `load` and a `label` (the language) that its
    packages' names carry, so that they do not replace the source language's."""
    started = time.monotonic()
    stage = progress or (lambda name: None)
    root = Path(root).resolve()
    site_dir = Path(site_dir or root / "site").resolve()
    dist_dir = Path(dist_dir or root / "dist").resolve()
    os.environ.setdefault("SOURCE_DATE_EPOCH", REPRODUCIBLE_EPOCH)

    if site_dir.parent.is_dir():
        _clean_up_after_killed_builds(site_dir)
    stage("load")
    course = load(root)
    # Known before anything is written: the largest progress record this course can need.
    budget = check_suspend_budget(course) if "scorm12" in editions else suspend_budget(course)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site_dir.parent))
    try:
        staged_site = staging / "site"
        stage("site")
        build_site(course, staged_site)
        staged_packages = []
        # Both editions zip the same site files: deflate each once. For one edition, keeping every
        # deflated file would only add to the build's peak memory (tens of MB at 5,000 lessons).
        deflated = DeflateCache() if len(editions) > 1 else None
        for edition in editions:
            stage(edition)
            staged_packages.append(
                write_package(
                    course,
                    edition,
                    staged_site,
                    {LAUNCH_PAGE: launcher_html(course, edition)},
                    LAUNCH_PAGE,
                    staging / _labelled(package_filename(course, edition), label),
                    deflated,
                )
            )
        # Every step succeeded: now, and only now, replace the previous outputs.
        result = BuildResult(course, site_dir if make_site else None, suspend=budget)
        if make_site:
            _replace_dir(staged_site, site_dir)
        dist_dir.mkdir(parents=True, exist_ok=True)
        for staged in staged_packages:
            target = dist_dir / staged.name
            os.replace(staged, target)
            result.packages.append(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    result.seconds = time.monotonic() - started
    return result


def _labelled(name: str, label: str) -> str:
    """credit-collections-1.1.0-scorm12.zip -> credit-collections-1.1.0-fr-scorm12.zip"""
    stem, _, edition = name.rpartition("-")
    return f"{stem}-{label}-{edition}" if label else name


def _clean_up_after_killed_builds(site_dir: Path) -> None:
    """Remove what a killed build left behind, and put back a site it had moved aside."""
    for folder in site_dir.parent.glob(STAGING_PREFIX + "*"):
        match = _STAGING.match(folder.name)
        stale = (
            not _process_alive(int(match.group(1)))
            if match
            else time.time() - folder.stat().st_mtime > _UNNAMED_STAGING_AGE
        )
        if stale and folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder, ignore_errors=True)
    previous = site_dir.with_name(site_dir.name + ".previous")
    if previous.is_dir() and not site_dir.exists():
        os.replace(previous, site_dir)  # killed between the two renames of _replace_dir


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: leave its folder alone
    except OSError:
        return False
    return True


def _replace_dir(new: Path, target: Path) -> None:
    old = target.with_name(target.name + ".previous")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    shutil.rmtree(old, ignore_errors=True)
