"""What the node tests in this folder check the browser code against, as JSON on stdout: Python's
hashlib and sealing, course data as the build writes it, and the grade a plain reference grader gives
each of many answers (right, wrong, partly right), so grading.js grading against checks is shown to
agree with grading against the answer key itself.

    python tests/js/fixture_data.py            (run by tests/js/*.test.js)
"""

from __future__ import annotations

import hashlib
import itertools
import json
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from course_builder.core.answer_key import grading_data, normalize_text, seal  # noqa: E402
from course_builder.core.calculators import CALCULATORS  # noqa: E402
from course_builder.core.calculators import spec as calculator_spec  # noqa: E402
from course_builder.core.progress import ideal_run  # noqa: E402
from course_builder.load.course import load_course  # noqa: E402
from course_builder.model import Item, Question  # noqa: E402
from course_builder.runtime.files import course_data, report_words  # noqa: E402

COURSES = {
    "types": REPO / "tests" / "fixtures" / "types_course",
    "assessment": REPO / "tests" / "fixtures" / "assessment_course",
    "bundled": REPO,
}

TEXTS = [
    "",
    "abc",
    "a" * 55,
    "a" * 56,
    "a" * 64,
    "a" * 119,
    "a" * 1000,
    "types-check\ndso-name\nanswer\ndso",
    "caf\u00e9 \u00fcber \u2014 \u65e5\u672c\u8a9e \U0001f600",
    "\u0130stanbul \u03a3\u039f\u03a3",
]

SPACED = [
    "  Days   SALES outstanding ",
    "\u00a0DSO\u3000",
    "\tA\nB\u2028C\ufeff",
    "\u1e9e\u0130\u03a3\u039f\u03a3",
    "\u00c9t\u00e9 \u00c0 L'OUEST",
    "x\u0085y\u001fz",
]


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def reference_credit(q: Question, answer: str) -> float:
    """The grade from the plain answer key: what the browser gave before the key was hidden."""
    if q.type == "fill-in":
        given = normalize_text(answer, q.case_sensitive)
        return float(given != "" and given in {normalize_text(a, q.case_sensitive) for a in q.accept})
    if q.type == "numeric":
        value = _number(answer)
        return float(value is not None and Decimal(repr(q.low)) <= value <= Decimal(repr(q.high)))
    if q.type == "matching":
        share = sum(a == m for a, m in zip(answer, q.matches)) / len(q.matches)
        return share if q.partial_credit or share == 1 else 0.0
    if q.type == "ordering":
        key = "".join(item.id for item in q.items)
        if answer == key:
            return 1.0
        if not q.partial_credit or len(answer) != len(key):
            return 0.0
        pairs = list(itertools.combinations(key, 2))
        return sum(answer.index(x) < answer.index(y) for x, y in pairs) / len(pairs)
    return float(answer != "" and sorted(answer) == sorted(c.id for c in q.choices if c.correct))


def answers_to_try(q: Question) -> list[str]:
    if q.type == "fill-in":
        tries = [""]
        for a in q.accept:
            tries += [a, a.upper(), a.lower(), f"  {a}  ", a.replace(" ", "   "), a + "s", a[:-1]]
        return tries
    if q.type == "numeric":
        low, high = Decimal(repr(q.low)), Decimal(repr(q.high))
        step = Decimal(1).scaleb(min(low.normalize().as_tuple().exponent, high.normalize().as_tuple().exponent, 0) - 1)
        values = [
            low,
            high,
            (low + high) / 2,
            low - step,
            high + step,
            low + step,
            high - step,
            low - 1,
            high + 1,
            -low,
            Decimal(0),
        ]
        return [str(v) for v in values] + [f"{low:.3f}", f"{high}0", "nonsense"]
    if q.type == "matching":
        targets = sorted({c.id for c in q.choices})
        right = "".join(q.matches)
        tries = [right, "_" * len(right), targets[0] * len(right)]
        for i in range(len(right)):
            tries += [right[:i] + t + right[i + 1 :] for t in targets if t != right[i]]
        return tries
    if q.type == "ordering":
        ids = "".join(item.id for item in q.items)
        perms = ["".join(p) for p in itertools.permutations(ids)]
        return perms[:200] + [ids[:-1]]
    letters = [c.id for c in q.choices]
    return [""] + ["".join(s) for n in range(1, len(letters) + 1) for s in itertools.combinations(letters, n)][:127]


def synthetic() -> dict:
    """What the bundled courses do not have: numeric ranges negative, awkward, wide or of a single value;
    fill-in answers with unusual spaces and letters (JavaScript's and Python's idea of them must agree);
    a long ordering."""
    ranges = [
        (-5, 5),
        (0.5, 1000),
        (-3.25, 7),
        (1_000_000, 1_100_000),
        (0, 0),
        (2.5, 2.5),
        (-10.75, -0.001),
        (0.000123, 0.0125),
        (99.9, 100.1),
        (123456789, 987654321),
    ]
    questions, cases = [], []
    for n, (low, high) in enumerate(ranges):
        q = Question(
            id=f"r{n}",
            type="numeric",
            objective="o",
            prompt="?",
            choices=(),
            explanation="",
            low=float(low),
            high=float(high),
        )
        questions.append(
            {
                "id": q.id,
                "key": f"k{n:03d}",
                "type": "numeric",
                "points": 1,
                "objective": "o",
                **grading_data("synthetic", q),
            }
        )
        lo, hi = Decimal(repr(q.low)), Decimal(repr(q.high))
        values = {lo, hi, (lo + hi) / 2, Decimal(0), Decimal(-1), Decimal(1)}
        for delta in ("0.1", "0.01", "0.001", "0.0001", "0.000001", "1", "10"):
            values |= {lo - Decimal(delta), lo + Decimal(delta), hi - Decimal(delta), hi + Decimal(delta)}
        for value in sorted(values):
            text = format(value.normalize(), "f")
            if len(text.lstrip("-")) <= 15:
                cases.append({"question": q.id, "answer": text, "credit": reference_credit(q, text)})
    for n, text in enumerate(SPACED):
        for case_sensitive in (False, True):
            q = Question(
                id=f"t{n}{'c' if case_sensitive else ''}",
                type="fill-in",
                objective="o",
                prompt="?",
                choices=(),
                explanation="",
                accept=(text,),
                case_sensitive=case_sensitive,
            )
            questions.append(
                {
                    "id": q.id,
                    "key": f"t{n:02d}{'c' if case_sensitive else 'i'}",
                    "type": "fill-in",
                    "points": 1,
                    "objective": "o",
                    "caseSensitive": case_sensitive,
                    **grading_data("synthetic", q),
                }
            )
            for answer in sorted({text, text.upper(), text.lower(), text.strip(), " ".join(text.split()), text + " "}):
                cases.append({"question": q.id, "answer": answer, "credit": reference_credit(q, answer)})
    items = tuple(Item(c, c, c) for c in "abcdefg")
    for q in (
        Question(
            id="seven",
            type="ordering",
            objective="o",
            prompt="?",
            choices=(),
            explanation="",
            items=items,
            partial_credit=True,
        ),
    ):
        questions.append(
            {
                "id": q.id,
                "key": "kord",
                "type": "ordering",
                "points": 1,
                "objective": "o",
                "entryCount": len(items),
                "partial": True,
                **grading_data("synthetic", q),
            }
        )
        for p in itertools.islice(itertools.permutations("abcdefg"), 0, 5040, 37):
            cases.append({"question": q.id, "answer": "".join(p), "credit": reference_credit(q, "".join(p))})
    return {
        "quiz": {
            "id": "synthetic",
            "key": "synt",
            "kind": "check",
            "draws": [],
            "passingScore": 80,
            "questions": questions,
        },
        "cases": cases,
    }


def main() -> None:
    out = {
        "hashes": [[t, hashlib.sha256(t.encode("utf-8")).hexdigest()] for t in TEXTS],
        "seals": [
            [f"key {n}", seal(f"key {n}", value), value]
            for n, value in enumerate(["", "b", {"accept": ["DSO", "caf\u00e9 \U0001f600"]}, "x" * 100])
        ],
        "courses": {},
        "synthetic": synthetic(),
        # What calculator.js gets for each calculator (the form's JSON), example figures included.
        "calculators": {name: calculator_spec(calculator) for name, calculator in CALCULATORS.items()},
    }
    for name, root in COURSES.items():
        course = load_course(root)
        cases = [
            {"quiz": quiz.id, "question": q.id, "type": q.type, "answer": a, "credit": reference_credit(q, a)}
            for quiz in course.quizzes.values()
            for q in quiz.questions
            for a in answers_to_try(q)
        ]
        # `data` as every site page has it; `words` as the launch page adds them (report-words.js).
        out["courses"][name] = {"data": course_data(course), "words": report_words(course), "cases": cases}
        # What tracker.names must give for matching and ordering questions, by letter.
        out.setdefault("names", {})[name] = {
            f"{quiz.id}.{q.id}": {
                "choices": {c.id: c.name for c in q.choices},
                "items": {i.id: i.name for i in q.items},
            }
            for quiz in course.quizzes.values()
            for q in quiz.questions
            if q.type in ("matching", "ordering")
        }
        # What a simulation step's sealed answer opens to, and the best run with its points.
        out.setdefault("simulations", {})[name] = {
            sim.id: {
                "steps": {
                    step.id: {
                        "correct": "".join(c.id for c in step.choices if c.points == step.max_points),
                        "points": {c.id: c.points for c in step.choices},
                    }
                    for step in sim.steps
                },
                "bestRun": ideal_run(sim),
                "bestPoints": sum({s.id: s for s in sim.steps}[step_id].max_points for step_id, _ in ideal_run(sim)),
            }
            for sim in course.simulations.values()
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
