"""`course-builder pdf`: the printable handout (print.html) as a PDF, printed by headless Chromium.

Chromium is found as $COURSE_BUILDER_CHROMIUM, else `chromium`, `chromium-browser`, `google-chrome` on
the PATH. No Python browser library is needed: Chromium's own --print-to-pdf does the printing.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from course_builder.commands.paths import course_root, shown
from course_builder.core.wording import counted
from course_builder.errors import CourseError, Problem

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
INSTALL_HINT = (
    "install Chromium (Debian/Ubuntu: sudo apt-get install chromium; Fedora: sudo dnf install chromium; "
    "macOS: brew install --cask chromium), or set COURSE_BUILDER_CHROMIUM to a Chromium or Chrome "
    "executable; meanwhile, open site/print.html in a browser and print it to PDF"
)


def find_chromium() -> str | None:
    given = os.environ.get("COURSE_BUILDER_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    chromium = find_chromium()
    if not chromium:
        raise CourseError(
            Problem("Chromium is needed to print the course to PDF, and it was not found", hint=INSTALL_HINT)
        )
    return chromium


def print_to_pdf(html: Path, out: Path, chromium: str, timeout: float = 180) -> Path:
    """Print `html` (a file of a built site) to `out` as a PDF, with the page's print stylesheet."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-builder-pdf-") as profile:
        target = Path(profile) / "handout.pdf"
        command = [
            chromium,
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            "--print-to-pdf-no-header",
            f"--print-to-pdf={target}",
            Path(html).resolve().as_uri(),
        ]
        if hasattr(os, "geteuid") and os.geteuid() == 0:
            command.insert(2, "--no-sandbox")  # Chromium refuses to run as root with its sandbox
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise CourseError(
                Problem(
                    f"Chromium did not finish printing {html} within {timeout:.0f} s",
                    hint="try again; if it keeps happening, print site/print.html from a browser",
                )
            ) from None
        except OSError as exc:
            raise CourseError(Problem(f"Chromium ({chromium}) could not be started: {exc}", hint=INSTALL_HINT)) from exc
        if not target.is_file() or not target.read_bytes().startswith(b"%PDF"):
            detail = (run.stderr or run.stdout).strip().splitlines()[-3:]
            raise CourseError(
                Problem(
                    f"Chromium ({chromium}) did not produce a PDF (exit code {run.returncode})"
                    + (": " + " / ".join(detail) if detail else ""),
                    hint="check that this Chromium runs: " + " ".join(command[:2]) + " --version",
                )
            )
        shutil.move(str(target), out)
    return out


def page_count(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))


def add_parser(sub) -> None:
    pdf = sub.add_parser(
        "pdf", help="print the course handout (every lesson and job aid) to a PDF with headless Chromium"
    )
    pdf.add_argument("course", nargs="?", help="the course folder (default: this folder, else the bundled course)")
    pdf.add_argument(
        "-o", "--output", type=Path, help="the PDF to write (default: COURSE/dist/<course id>-<version>-handout.pdf)"
    )
    pdf.add_argument("--site", type=Path, help="print this already built site instead of building the course")
    pdf.set_defaults(run=cmd_pdf)


def cmd_pdf(args) -> int:
    from course_builder.load.course import load_course

    chromium = require_chromium()  # before a build that would be wasted
    root = course_root(args.course).resolve()
    course = load_course(root)
    output = args.output or root / "dist" / f"{course.id}-{course.version}-handout.pdf"
    if args.site:
        handout = Path(args.site) / "print.html"
        if not handout.is_file():
            raise CourseError(Problem(f"{handout} does not exist", hint="build the course first: course-builder build"))
        print_to_pdf(handout, output, chromium)
    else:
        from course_builder.commands.build import build

        # The site is built aside: site/ and dist/ stay as the last `course-builder build` left them.
        with tempfile.TemporaryDirectory(prefix="course-builder-handout-") as scratch:
            # With the handout even where course.yml leaves it out of the site (`handout: false`).
            build(
                root,
                Path(scratch) / "site",
                Path(scratch) / "dist",
                editions=(),
                load=lambda folder: dataclasses.replace(load_course(folder), handout=True),
            )
            print_to_pdf(Path(scratch) / "site" / "print.html", output, chromium)
    pages = page_count(Path(output).read_bytes())
    print(
        f"Printed {course.title} {course.version}: {shown(Path(output).resolve())} "
        f"({counted(pages, 'page')}, {Path(output).stat().st_size / 1024:.0f} KiB)"
    )
    return 0
