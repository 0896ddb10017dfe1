"""What a build keeps for the next one (core/user_cache.py): files that passed the schema check, and
compiled templates. A cache may save work, never change a result: failures are checked every time, and
a build writes the same bytes with the cache as without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from harness.courses import copy_fixture

from course_builder.load import schema_check
from course_builder.load.yaml_source import load_yaml

VALID = "id: a-quiz\ntitle: A quiz\nquestions:\n  - id: q1\n    type: true-false\n    objective: measure\n    prompt: Yes?\n    answer: true\n    explanation: Because.\n"


@pytest.fixture
def private_cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("COURSE_BUILDER_CACHE", str(folder))
    return folder


def test_a_file_that_passed_is_not_checked_again(private_cache, tmp_path, monkeypatch):
    quiz = tmp_path / "a-quiz.yml"
    quiz.write_text(VALID)
    assert schema_check.schema_problems(load_yaml(quiz), "quiz") == []
    assert len(list((private_cache / "schema-checked").iterdir())) == 1

    def no_validator():
        raise AssertionError("validated again")

    monkeypatch.setattr(schema_check, "_validator_class", no_validator)
    assert schema_check.schema_problems(load_yaml(quiz), "quiz") == []
    quiz.write_text(VALID.replace("Yes?", "Really?"))  # changed: checked again
    with pytest.raises(AssertionError, match="validated again"):
        schema_check.schema_problems(load_yaml(quiz), "quiz")


def test_a_file_with_problems_is_checked_every_time(private_cache, tmp_path):
    quiz = tmp_path / "a-quiz.yml"
    quiz.write_text(VALID.replace("type: true-false", "type: true-or-false"))
    for _ in range(2):
        problems = schema_check.schema_problems(load_yaml(quiz), "quiz")
        assert len(problems) == 1 and problems[0].line == 5
    assert list((private_cache / "schema-checked").iterdir()) == []


def test_without_a_usable_cache_folder_files_are_still_checked(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("COURSE_BUILDER_CACHE", str(blocker))
    quiz = tmp_path / "a-quiz.yml"
    quiz.write_text(VALID.replace("type: true-false", "type: true-or-false"))
    assert len(schema_check.schema_problems(load_yaml(quiz), "quiz")) == 1


def test_a_build_writes_the_same_bytes_with_a_cache_as_without(tmp_path):
    """Each build in its own process, as trainers run it: the first fills a fresh cache, the second reads it,
    the third has none (its folder cannot be made)."""
    (tmp_path / "no-cache").write_text("")
    outputs = []
    for name, cache in (("first", "cache"), ("second", "cache"), ("none", "no-cache/x")):
        root = copy_fixture("mini_course", tmp_path / name)
        env = {**os.environ, "COURSE_BUILDER_CACHE": str(tmp_path / cache)}
        subprocess.run(
            [sys.executable, "-m", "course_builder", "build", str(root)], check=True, env=env, capture_output=True
        )
        outputs.append(
            {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "site").rglob("*")) if p.is_file()}
            | {p.name: p.read_bytes() for p in (root / "dist").glob("*.zip")}
        )
    assert list((tmp_path / "cache" / "templates").iterdir()), "the templates were cached"
    assert outputs[0] == outputs[1] == outputs[2]
