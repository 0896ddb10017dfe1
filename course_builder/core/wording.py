"""Counts in what the trainer reads: "1 module", "2 modules", never "1 modules" or "1 problem(s)"."""

from __future__ import annotations

# Where a message sends a trainer for more: a course `course-builder new course` starts holds it as
# GUIDE.md, and `course-builder docs` says where it is (docs/authoring.md in this repository).
GUIDE = "the trainer's guide (GUIDE.md; `course-builder docs` says where it is)"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`count` and the noun in the right number: counted(1, "quiz", "quizzes") is "1 quiz".
    The plural is the noun with an s unless given."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
