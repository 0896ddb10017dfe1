"""Property: whatever a course file holds, `load_course` succeeds or raises CourseError whose every
Problem names a file (and a line, for a problem found inside a file that could be read). Never
another exception, never a hang.

Into each kind of course file (course.yml, a lesson, the welcome page, a quiz, a quiz drawing from a
bank, the bank, a simulation) of a small course go: arbitrary bytes; random bytes spliced into the
real file; random text; valid YAML of random shapes; and the real file's YAML with one value replaced
by a random one. Derandomized and without a database, so CI runs the same examples every time.
"""

from __future__ import annotations

import contextlib
import functools
import signal
from datetime import timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_hostile_input import make_full_course

from course_builder.errors import CourseError
from course_builder.load.course import load_course

TARGETS = [
    "course.yml",
    "content/basics/first.md",
    "content/index.md",
    "quizzes/basics-check.yml",
    "quizzes/final.yml",
    "quizzes/banks/call-bank.yml",
    "simulations/late-payment.yml",
]
YAML_TARGETS = [target for target in TARGETS if target.endswith(".yml")]
EXAMPLE_TIMEOUT = 20  # seconds for one load; a load takes about 20 ms

# Problems about a whole file (it is not used anywhere, or missing): they have no line to point at.
WHOLE_FILE = (
    "is not embedded in any lesson",
    "is not drawn from by any quiz",
    "is not listed in course.yml",
    "is missing",
    "lists no sources",
    "the file is saved as UTF-",
    "more than the",
    "cannot be read",
    "not a file",
)

PROPERTY = settings(
    max_examples=20,
    derandomize=True,
    database=None,
    deadline=timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = make_full_course(tmp_path_factory.mktemp("property") / "course")
    load_course(root)  # the course itself is clean
    return root


@contextlib.contextmanager
def time_limit(seconds: int):
    """A hang fails the example instead of stopping the whole run."""

    def expired(signum, frame):
        raise TimeoutError(f"load_course took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def assert_loads_or_explains(root: Path, target: str, content: bytes) -> None:
    file = root / target
    original = file.read_bytes()
    file.write_bytes(content)
    try:
        with time_limit(EXAMPLE_TIMEOUT):
            load_course(root)
    except CourseError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.file is not None, f"no file: {problem}"
            assert problem.message and "Traceback" not in problem.message
            if problem.line is None:
                assert any(words in problem.message for words in WHOLE_FILE), f"no line: {problem}"
            str(problem)
    finally:
        file.write_bytes(original)


# Values YAML can hold, as trainers' files might (text that looks like numbers, dates, yes/no).
scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.text(max_size=30)
    | st.sampled_from(
        [
            "yes",
            "no",
            "2024-13-45",
            "0x1F",
            "1e999",
            "~",
            "-",
            ".nan",
            "basics-check",
            "call-bank",
            "opening",
            "measure",
            "when-paid",
            "single",
            "multiple",
            "true-false",
            "fill-in",
            "numeric",
            "matching",
            "ordering",
        ]
    )
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=12)
            | st.sampled_from(
                [
                    "id",
                    "title",
                    "type",
                    "questions",
                    "choices",
                    "text",
                    "correct",
                    "answer",
                    "feedback",
                    "draw",
                    "bank",
                    "count",
                    "steps",
                    "next",
                    "points",
                    "modules",
                    "lessons",
                    "objectives",
                    "pairs",
                    "item",
                    "match",
                    "items",
                    "range",
                    "accept",
                    "tolerance",
                    "distractors",
                    "says",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)


def _dump(data) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


@pytest.mark.parametrize("target", TARGETS)
@PROPERTY
@given(content=st.binary(max_size=600))
def test_arbitrary_bytes(root, target, content):
    assert_loads_or_explains(root, target, content)


@pytest.mark.parametrize("target", TARGETS)
@PROPERTY
@given(data=st.data())
def test_bytes_spliced_into_the_real_file(root, target, data):
    original = (root / target).read_bytes()
    at = data.draw(st.integers(0, len(original)), label="at")
    cut = data.draw(st.integers(0, 8), label="cut")
    spliced = data.draw(st.binary(min_size=1, max_size=8), label="bytes")
    assert_loads_or_explains(root, target, original[:at] + spliced + original[at + cut :])


@pytest.mark.parametrize("target", TARGETS)
@PROPERTY
@given(text=st.text(max_size=300))
def test_random_text(root, target, text):
    assert_loads_or_explains(root, target, text.encode("utf-8", "surrogatepass"))


@pytest.mark.parametrize("target", YAML_TARGETS)
@PROPERTY
@given(data=values)
def test_yaml_of_random_shape(root, target, data):
    assert_loads_or_explains(root, target, _dump(data))


@pytest.mark.parametrize("target", YAML_TARGETS)
@settings(PROPERTY, max_examples=45)
@given(data=st.data())
def test_one_value_of_the_real_file_replaced(root, target, data):
    document, paths = _document_and_paths(root / target)
    path = data.draw(st.sampled_from(paths), label="path")
    replacement = data.draw(values, label="value")
    assert_loads_or_explains(root, target, _dump(_replaced(document, path, replacement)))


@functools.cache
def _document_and_paths(file: Path) -> tuple[object, list[tuple]]:
    """The real file's YAML (each example restores the file, so it is read once) and the path to each of its
    values. Shared by every example: _replaced copies what it changes, never changing the document."""
    document = yaml.safe_load(file.read_text(encoding="utf-8"))
    return document, list(_paths(document))


def _paths(data, path=()):
    yield path
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, path + (key,))


def _replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = _replaced(data[path[0]], path[1:], value)
    return copy
