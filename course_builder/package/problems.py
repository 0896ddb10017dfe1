"""Package problems with a severity.

A `PackageProblem` is a `Problem` (so `CourseError` and the CLI print it as usual) that also says
whether an LMS would refuse the package ("error") or merely something looks off ("warning").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from course_builder.errors import CourseError, Problem

ERROR = "error"
WARNING = "warning"


@dataclass
class PackageProblem(Problem):
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        text = super().__str__()
        return f"warning: {text}" if self.severity == WARNING else text


def only_errors(problems: Sequence[Problem]) -> list[Problem]:
    """The problems that stop an import (plain `Problem`s count as errors)."""
    return [p for p in problems if getattr(p, "severity", ERROR) == ERROR]


def package_problems(error: CourseError) -> list[PackageProblem]:
    """The problems of a CourseError raised by the package checks, which raise only PackageProblems."""
    return cast("list[PackageProblem]", list(error.problems))
