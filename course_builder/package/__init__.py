"""SCORM 1.2 and SCORM 2004 4th Edition packages: manifest, schemas, zip, and the checks an LMS makes.

`write_package` is the one entry point the build uses. It refuses to leave a package behind that
an LMS would reject: the manifest is validated against the official schemas and the finished zip
goes through ADL's package checks before it replaces the previous package.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

from course_builder.errors import CourseError, Problem
from course_builder.model import Course
from course_builder.package.checks import check_package
from course_builder.package.editions import edition as get_edition
from course_builder.package.manifest import build_manifest
from course_builder.package.problems import PackageProblem, only_errors
from course_builder.package.schema_validation import MANIFEST_NAME, validate_manifest
from course_builder.package.zipper import DeflateCache, write_zip

__all__ = [
    "write_package",
    "package_filename",
    "DeflateCache",
    "check_package",
    "build_manifest",
    "validate_manifest",
    "PackageProblem",
    "only_errors",
]


def package_filename(course: Course, edition: str) -> str:
    """credit-collections-1.0.0-scorm12.zip / ...-scorm2004.zip"""
    ed = get_edition(edition)
    # A version like "2024/1" must not turn the file name into a path.
    version = re.sub(r"[^A-Za-z0-9._+-]", "-", course.version)
    return f"{course.id}-{version}-{ed.name}.zip"


def write_package(
    course: Course,
    edition: str,
    site_dir: Path,
    extra_files: dict[str, bytes],
    launch_href: str,
    out_path: Path,
    cache: DeflateCache | None = None,
) -> Path:
    """Zip the built site, `extra_files` (e.g. the launcher page), the schemas and the manifest.

    Packages of one site (one per edition) can share a `cache`: each site file is then deflated once.

    Raises CourseError, leaving `out_path` as it was, when the manifest or the zip would be
    refused by an LMS. Returns `out_path`.
    """
    ed = get_edition(edition)
    site_dir, out_path = Path(site_dir), Path(out_path)
    content = _content_entries(site_dir, extra_files)
    schemas = dict(ed.schema_files())
    _refuse_clashes(content, schemas, site_dir)

    manifest = build_manifest(course, ed.name, list(content), launch_href)
    problems = validate_manifest(manifest, ed.name)
    if problems:
        raise CourseError(list(problems))

    out_path.parent.mkdir(parents=True, exist_ok=True)
    # Build next to the target and swap it in at the end: a failed build never leaves a
    # half-written zip, nor destroys the last good package.
    fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".tmp", dir=out_path.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            write_zip({**content, **schemas, MANIFEST_NAME: manifest}, handle, cache)
        refused = only_errors(check_package(tmp, display_name=out_path.name))
        if refused:
            raise CourseError(refused)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a package is meant to be shared
        os.replace(tmp, out_path)
    finally:
        tmp.unlink(missing_ok=True)
    return out_path


# Site files no page of a package loads: the sitemap is for search engines crawling a hosted site.
NOT_PACKAGED = {"sitemap.xml", "sitemap.xml.gz"}


def _content_entries(site_dir: Path, extra_files: dict[str, bytes]) -> dict[str, bytes | Path]:
    if not site_dir.is_dir():
        raise CourseError(
            Problem(f"the built site folder {site_dir} does not exist", hint="build the site before packaging it")
        )
    entries: dict[str, bytes | Path] = {}
    for path in sorted(site_dir.rglob("*")):
        if not path.is_file():
            continue
        name = path.relative_to(site_dir).as_posix()
        if name in NOT_PACKAGED:
            continue
        if "\\" in name:  # legal on Linux, but LMS servers and Windows unzip read it as a folder separator
            raise CourseError(
                Problem(f"the site file name {name} contains a backslash", path, hint='rename the file without "\\"')
            )
        entries[name] = path
    for name, data in extra_files.items():
        name = name.replace("\\", "/")
        if name in entries:
            raise CourseError(
                Problem(
                    f"the package file {name} is produced twice (by the site and by the packager)",
                    site_dir / name,
                    hint="rename the page in the site; this name is reserved for the packager",
                )
            )
        entries[name] = data
    return entries


def _refuse_clashes(content: dict, schemas: dict, site_dir: Path) -> None:
    reserved = {MANIFEST_NAME, *schemas}
    clashes = sorted(reserved.intersection(content))
    if clashes:
        raise CourseError(
            [
                Problem(
                    f"the site has a file named {name}, which the SCORM package needs for its own "
                    "manifest or schema files",
                    site_dir / name,
                    hint="rename or remove that file from the site",
                )
                for name in clashes
            ]
        )
