"""`course-builder validate` on hostile input (issue 12, items 9-12): the real CLI in its own process.

The corpus is validated in one run (one process for all its zips, as a trainer might check a folder),
and each case is checked in that run's report for its file; the valid case also runs alone, for its
exit code. The special files (a device, a FIFO, a folder, a missing file) get a process each. Each run
gets 1 GiB of address space and 60 s, so a regression (reading a zip bomb into memory, blocking on a
FIFO) fails the test instead of taking the machine down with it. The last test damages a valid zip at
random, in-process: whatever the bytes, problems come back, not exceptions.
"""

from __future__ import annotations

import io
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

import hostile_zips
import pytest
from hostile_zips import CASES, MANIFEST, baseline, with_doctype, write_zip
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course_builder.package.checks import check_package

REPO = Path(__file__).resolve().parent.parent
MEMORY_LIMIT = 1 << 30
TIME_LIMIT = 60


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def validate(*paths: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "course_builder", "validate", *map(str, paths)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=TIME_LIMIT,
        preexec_fn=_limit_memory,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # a run that dies keeps the reports printed before
    )


def assert_refused(result: subprocess.CompletedProcess, message: str) -> None:
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == 1, output
    assert "INVALID" in result.stdout, output
    assert message in result.stdout, output


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    return {case.name: path for case, path in hostile_zips.write_corpus(folder)}


@pytest.fixture(scope="module")
def corpus_run(corpus) -> tuple[subprocess.CompletedProcess, dict[str, str]]:
    """`validate` run once on every zip of the corpus: the run, and each case's report (the lines from
    its file's name to the next file's)."""
    result = validate(*corpus.values())
    names = {str(path): name for name, path in corpus.items()}
    starts = [m for m in re.finditer(r"^(\S.*?\.zip): ", result.stdout, re.MULTILINE) if m.group(1) in names]
    ends = [m.start() for m in starts[1:]] + [len(result.stdout)]
    return result, {names[m.group(1)]: result.stdout[m.start() : end] for m, end in zip(starts, ends)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_corpus_case(corpus, corpus_run, case):
    result, reports = corpus_run
    assert "Traceback" not in result.stdout + result.stderr, result.stdout + result.stderr
    assert case.name in reports, result.stdout + result.stderr  # the run reached this file
    report = reports[case.name]
    if case.verdict == "valid":
        assert report.startswith(f"{corpus[case.name]}: valid") and case.message in report, report
        alone = validate(corpus[case.name])  # and on its own, the exit code says so
        assert alone.returncode == 0, alone.stdout + alone.stderr
        assert alone.stdout == report
    else:
        assert report.startswith(f"{corpus[case.name]}: INVALID"), report
        assert case.message in report, report


def test_every_refusal_says_how_to_fix_it(corpus_run):
    result, reports = corpus_run
    assert result.returncode == 1 and "Traceback" not in result.stderr  # any invalid zip makes the run fail
    assert set(reports) == {c.name for c in CASES}
    refusals = [reports[c.name] for c in CASES if c.verdict == "invalid"]
    assert all(": INVALID" in report and "fix: " in report for report in refusals)


def test_dev_zero():
    assert_refused(validate("/dev/zero"), "this is a device (like /dev/zero), not a zip file saved on disk")


def test_fifo_does_not_hang(tmp_path):
    fifo = tmp_path / "package.zip"
    os.mkfifo(fifo)
    assert_refused(validate(fifo), "this is a named pipe (FIFO), not a zip file saved on disk")


def test_directory(tmp_path):
    assert_refused(validate(tmp_path), "this is a folder, not a zip file")


def test_missing_file(tmp_path):
    assert_refused(validate(tmp_path / "nothing.zip"), "the file cannot be opened (No such file or directory)")


def test_entities_and_dtds_make_no_request(tmp_path):
    # The manifest points an entity and its DTD at a port we listen on: nothing may connect.
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.setblocking(False)
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        manifest = with_doctype(
            f'<!DOCTYPE manifest SYSTEM "{url}/manifest.dtd" '
            f'[<!ENTITY % p SYSTEM "{url}/p.dtd"> %p; <!ENTITY x SYSTEM "{url}/x">]>',
            "&x;",
        )
        path = tmp_path / "xxe.zip"
        with open(path, "wb") as out:
            write_zip(out, baseline(**{MANIFEST: manifest}))
        assert_refused(validate(path), "declares a DOCTYPE")
        with pytest.raises(BlockingIOError):
            server.accept()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8), st.booleans()
)
def test_damaged_bytes_give_problems_never_an_exception(changes, near_the_end):
    # Damage a valid zip a few bytes at a time, mostly in its directory (the end) or anywhere.
    buffer = io.BytesIO()
    write_zip(buffer, baseline())
    data = bytearray(buffer.getvalue())
    start = max(0, len(data) - 4096) if near_the_end else 0
    for where, value in changes:
        data[start + int(where * (len(data) - start))] = value
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "damaged.zip"
        path.write_bytes(bytes(data))
        problems = check_package(path)
    assert all(p.message for p in problems)
