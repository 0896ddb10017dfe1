"""A course folder from many hands: links out of it, special files, web resources, killed builds.

Each case breaks a copy of the mini course that was built once, builds again through the real
command line, and checks the message, the exit code, and that the earlier site/ and dist/ are
byte for byte what they were (and that nothing from outside the course got into them).
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from course_builder.commands.cli import main

SECRET = "course-builder-secret-7f3a"  # must never reach site/ or dist/


@pytest.fixture
def built(built_mini_course) -> Path:
    """The mini course, built (conftest): read it, or break a copy (`course`)."""
    return built_mini_course.root


@pytest.fixture
def course(built, tmp_path) -> Path:
    """A copy of the built course (outputs included), to break."""
    root = tmp_path / "course"
    subprocess.run(["cp", "-a", str(built), str(root)], check=True)
    return root


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET)
    (folder / "secret.md").write_text(f"# Secret\n\n{SECRET}\n")
    (folder / "quiz.yml").write_text(
        (Path(__file__).parent / "fixtures/mini_course/quizzes/basics-check.yml").read_text().replace("Check", SECRET)
    )
    return folder


def outputs(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("site", "dist")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


def build_fails(root: Path, capsys) -> str:
    before = outputs(root)
    assert main(["build", str(root)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "the previous site/ and dist/ are unchanged" in err
    assert outputs(root) == before
    assert not list(root.glob(".course-builder-*")), "a failed build left its staging folder"
    return err


def no_secret_in_outputs(root: Path) -> None:
    for file in (root / "site").rglob("*"):
        if file.is_file():
            assert SECRET.encode() not in file.read_bytes(), file
    for package in (root / "dist").glob("*.zip"):
        with zipfile.ZipFile(package) as archive:
            for name in archive.namelist():
                assert SECRET.encode() not in archive.read(name), (package.name, name)


@pytest.mark.parametrize(
    "link, target, shown",
    [
        ("content/passwd.txt", "secret.txt", "content/passwd.txt"),  # a file next to the lessons
        ("content/basics/notes", ".", "content/basics/notes"),  # a whole folder (indexed for search)
        ("quizzes/extra.yml", "quiz.yml", "quizzes/extra.yml"),  # a quiz read and rendered
        ("course.yml", None, "course.yml"),  # the course file itself
    ],
)
def test_symlinks_out_of_the_course_are_refused(course, outside, capsys, link, target, shown):
    path = course / link
    if target is None:  # replace course.yml by a link to a copy outside
        (outside / "course.yml").write_text(path.read_text())
        path.unlink()
        path.symlink_to(outside / "course.yml")
        expected = outside / "course.yml"
    else:
        path.symlink_to(outside / target)
        expected = (outside / target).resolve()
    err = build_fails(course, capsys)
    assert f"{shown}: a symlink to {expected}, outside the course folder" in err
    assert f"fix: copy the {'folder' if expected.is_dir() else 'file'} into the course (in place of the link)" in err
    no_secret_in_outputs(course)
    assert main(["check", str(course)]) == 1


def test_the_content_folder_itself_may_not_live_outside(course, outside, capsys):
    (outside / "content").mkdir()
    os.replace(course / "content", outside / "content" / "real")
    (course / "content").symlink_to(outside / "content" / "real")
    err = build_fails(course, capsys)
    assert "content: a symlink to" in err and "outside the course folder: building would publish that folder" in err


def test_links_inside_the_course_are_fine(course, capsys):
    (course / "content" / "basics" / "figure.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (course / "content" / "shared.svg").symlink_to("basics/figure.svg")
    assert main(["build", str(course)]) == 0
    assert (course / "site" / "shared.svg").read_text().startswith("<svg")


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda c: ((c / "content/a").symlink_to("b"), (c / "content/b").symlink_to("a")),
            "content/a: a symlink to b, which loops back on itself",
        ),
        (
            lambda c: (c / "content/basics/up").symlink_to(".."),
            "content/basics/up: a symlink to .., a folder that contains the link itself: the build would walk it forever",
        ),
        (
            lambda c: (c / "quizzes/gone.yml").symlink_to("nowhere.yml"),
            "quizzes/gone.yml: a symlink to nowhere.yml, which does not exist",
        ),
        (
            lambda c: os.mkfifo(c / "content/basics/pipe.md"),
            "content/basics/pipe.md: not an ordinary file but a named pipe: reading it would hang or fail the build",
        ),
    ],
)
def test_loops_dangling_links_and_pipes_get_a_message_not_a_hang(course, capsys, make, message):
    make(course)
    assert message in build_fails(course, capsys)


LESSON_WITH_WEB_RESOURCES = """\
# Second lesson

A [link to the web](https://www.consumerfinance.gov/) is the learner's choice: fine.
Code that shows a tag is fine too: `<img src="https://example.com/in-code.png">`

```html
<script src="https://cdn.example.com/in-a-code-block.js"></script>
```

![The logo](https://example.com/logo.png)

<iframe width="560" height="315"
        src="https://www.youtube.com/embed/abc"></iframe>

<p style="background: url('//cdn.example.com/bg.png')">Styled</p>

```mermaid
graph TD; Invoice-->Reminder
```
"""


def test_web_resources_and_diagrams_are_refused_with_their_line(course, capsys):
    lesson = course / "content" / "basics" / "second.md"
    lesson.write_text(LESSON_WITH_WEB_RESOURCES + "\n" + lesson.read_text().split("\n", 1)[1])
    err = build_fails(course, capsys)
    shown = "content/basics/second.md"
    assert f"{shown}:10:13: the image loads https://example.com/logo.png from the internet" in err
    assert f"{shown}:13:14: the <iframe> loads https://www.youtube.com/embed/abc from the internet" in err
    assert f"{shown}:15:28: the style loads //cdn.example.com/bg.png from the internet" in err
    assert f"{shown}:17:1: a ```mermaid diagram: drawing it needs a script from the internet" in err
    assert "fix: draw the diagram as an image (SVG or PNG) in content/" in err
    assert "in-code.png" not in err and "in-a-code-block.js" not in err and "consumerfinance" not in err
    assert err.count(f"{shown}:") == 4


def test_the_built_site_loads_nothing_from_the_web(built):
    """Every src/href that a page fetches by itself points into the site (the browser tests watch the
    network too; this covers every page of a build, including ones no browser test opens)."""
    import re

    fetched = re.compile(r"<(?:script|img|iframe|source|link)\b[^>]*?\s(?:src|href)=\"((?:https?:)?//[^\"]+)\"")
    for page in (built / "site").rglob("*.html"):
        for match in fetched.finditer(page.read_text(encoding="utf-8")):
            tag = match.group(0)
            assert tag.startswith("<link") and ('rel="canonical"' in tag or 'rel="alternate"' in tag), (page, tag)


def test_staging_left_by_a_killed_build_is_removed_by_the_next(course):
    """SIGKILL mid-build leaves .course-builder-<pid>-* in the course folder; the next build cleans up."""
    before = outputs(course)
    build = subprocess.Popen(
        [sys.executable, "-m", "course_builder", "build", str(course)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while not list(course.glob(".course-builder-*/site")) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert build.poll() is None, "the build ended before it could be killed mid-way"
    build.send_signal(signal.SIGKILL)
    build.wait()
    assert list(course.glob(".course-builder-*")), "nothing was left behind: the kill came too late to test"
    assert outputs(course) == before, "a killed build changed the outputs"
    assert main(["build", str(course)]) == 0
    assert not list(course.glob(".course-builder-*"))
    assert outputs(course) == before  # same input, same bytes


def test_a_site_moved_aside_by_a_killed_build_is_put_back(course, capsys):
    """Killed between moving site/ aside and moving the new one in: the next build, even a failing one,
    starts by putting the previous site back."""
    before = outputs(course)
    os.replace(course / "site", course / "site.previous")
    (course / "content" / "basics" / "second.md").write_text("no title\n")
    assert main(["build", str(course)]) == 1
    assert "the lesson has no title" in capsys.readouterr().err
    assert outputs(course) == before and not (course / "site.previous").exists()


def test_an_output_that_cannot_be_written_gets_a_message(course, tmp_path, capsys):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    assert main(["build", str(course), "--site-dir", str(in_the_way / "site")]) == 1
    err = capsys.readouterr().err
    assert f"{in_the_way}: File exists; the previous site/ and dist/ are unchanged" in err
    assert "fix: check that the output folders can be written" in err and "Traceback" not in err


def test_an_internal_error_is_one_paragraph_asking_for_a_report(course, capsys, monkeypatch):
    import course_builder.commands.build

    monkeypatch.setattr(course_builder.commands.build, "build_site", lambda *args: {}["a bug"])
    assert main(["build", str(course)]) == 3
    err = capsys.readouterr().err
    assert err.startswith("course-builder stopped on an internal error (KeyError: 'a bug'); the previous site/")
    assert "COURSE_BUILDER_TRACEBACK=1" in err and "Traceback" not in err
    monkeypatch.setenv("COURSE_BUILDER_TRACEBACK", "1")
    with pytest.raises(KeyError):
        main(["build", str(course)])


def test_a_page_mkdocs_would_publish_unchecked_is_refused(course, capsys):
    (course / "content" / "basics" / "extra.markdown").write_text("# Extra\n\n<script>unchecked()</script>\n")
    err = build_fails(course, capsys)
    assert "content/basics/extra.markdown: lessons end in .md, not .markdown" in err
    assert "fix: rename it to extra.md and list it in course.yml, or delete it" in err


def test_a_link_to_a_course_folder_is_followed_as_mkdocs_would(course, outside, capsys):
    """content/shared -> ../extras is inside the course, but MkDocs publishes what extras/ links to."""
    (course / "extras").mkdir()
    (course / "extras" / "notes.txt").symlink_to(outside / "secret.txt")
    (course / "content" / "shared").symlink_to("../extras")
    err = build_fails(course, capsys)
    assert f"extras/notes.txt: a symlink to {(outside / 'secret.txt').resolve()}, outside the course folder" in err
    no_secret_in_outputs(course)
