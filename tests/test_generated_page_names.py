"""A trainer's own content/print.md or certificate.md would clash with the pages the site makes itself
(print.html, the handout; certificate.html): `check` refuses the names, saying which file and to rename it."""

from __future__ import annotations

import shutil
from pathlib import Path

from course_builder.commands.cli import main
from course_builder.load.course import GENERATED_PAGES
from course_builder.runtime import handout

FIXTURES = Path(__file__).parent / "fixtures"


def test_the_refused_names_are_the_generated_pages():
    assert set(GENERATED_PAGES) == {Path(handout.HANDOUT_PAGE).stem, Path(handout.CERTIFICATE_PAGE).stem}


def test_lessons_named_like_the_generated_pages_are_refused_with_the_fix(tmp_path, capsys):
    root = tmp_path / "course"
    shutil.copytree(FIXTURES / "mini_course", root)
    shutil.copytree(FIXTURES / "clashing_pages" / "content", root / "content", dirs_exist_ok=True)
    config = root / "course.yml"
    config.write_text(
        config.read_text().replace("      - basics/second.md\n", "      - basics/second.md\n      - print.md\n")
    )

    assert main(["check", str(root)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("2 problems found:\n"), err
    assert (
        "content/print.md: the name print.md is taken: the course makes print.html itself, the printable handout"
    ) in err
    assert "fix: rename it, for example to content/print-notes.md" in err
    assert "content/Certificate.md: the name Certificate.md is taken: the course makes certificate.html itself" in err
    assert "not listed in course.yml" not in err  # one message per file: the name is what to change

    (root / "content" / "print.md").rename(root / "content" / "print-notes.md")
    config.write_text(config.read_text().replace("- print.md", "- print-notes.md"))
    (root / "content" / "Certificate.md").unlink()
    assert main(["check", str(root)]) == 0
