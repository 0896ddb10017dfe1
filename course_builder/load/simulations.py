"""Load simulations/*.yml: shape checked by simulation.schema.json, the conversation's graph checked here.

A simulation is a graph: steps joined by the learner's choices, ending in endings. Besides each
file's shape, a trainer needs to hear about every way a learner could get stuck: a `next:` naming
nothing, a step nobody can reach, a step without choices, and loops no choice leads out of.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from course_builder.errors import CourseError, Problem
from course_builder.load.quizzes import CHOICE_IDS, _check_id_matches_file, _choice_names, _document
from course_builder.load.yaml_source import YamlDocument
from course_builder.model import Course, Ending, SimChoice, Simulation, Step


def load_simulations(course: Course) -> tuple[dict[str, Simulation], set[str], list[Problem]]:
    """Every simulation in simulations/ (the folder is optional), the names of those that failed to
    load, and all problems found. Pass the course with its quizzes loaded: ids are shared with quizzes."""
    simulations: dict[str, Simulation] = {}
    broken: set[str] = set()
    problems: list[Problem] = []
    folder = course.simulations_dir
    if not folder.is_dir():
        return simulations, broken, problems
    for file in sorted(folder.iterdir()):
        if file.suffix == ".yaml":
            problems.append(
                Problem(
                    "simulation files end in `.yml`", f"simulations/{file.name}", hint=f"rename it to {file.stem}.yml"
                )
            )
            broken.add(file.stem)
            continue
        if file.suffix != ".yml":
            continue
        try:
            simulation = load_simulation(file, course)
        except CourseError as error:
            problems += error.problems
            broken.add(file.stem)
            continue
        simulations[simulation.id] = simulation
    return simulations, broken, problems


def load_simulation(file: Path, course: Course) -> Simulation:
    shown = f"simulations/{file.name}"
    doc = _document(file, shown, "simulation")
    data = doc.data
    problems: list[Problem] = []
    _check_id_matches_file(doc, file, "simulation", problems)
    if data["id"] in course.quizzes or (course.quizzes_dir / f"{data['id']}.yml").is_file():
        problems.append(
            doc.problem(
                ("id",),
                f"`{data['id']}` is also the id of a quiz (quizzes/{data['id']}.yml)",
                "rename the simulation (file and `id:`): the LMS keeps quizzes and simulations under one set of ids",
            )
        )
    objectives = sorted(o.id for o in course.objectives)
    if data["objective"] not in objectives:
        problems.append(
            doc.problem(
                ("objective",),
                f"objective `{data['objective']}` is not in course.yml",
                _did_you_mean(data["objective"], objectives, "use one of: " + ", ".join(objectives)),
            )
        )
    steps = [_step(doc, step_id, step, problems) for step_id, step in data["steps"].items()]
    endings = [
        Ending(ending_id, ending["title"].strip(), ending["debrief"].strip())
        for ending_id, ending in data["endings"].items()
    ]
    if not any(c["points"] > 0 for step in data["steps"].values() for c in step.get("choices") or ()):
        problems.append(
            doc.problem(
                ("steps",),
                "no choice in this simulation earns more than 0 points, so every run would score 0%",
                "give the best choice at each step more points than the others (up to 10)",
                at_key=True,
            )
        )
    problems += _graph_problems(doc, data)
    if problems:
        raise CourseError(sorted(problems, key=lambda p: (p.line or 0, p.column or 0)))
    return Simulation(
        id=data["id"],
        title=data["title"].strip(),
        source=Path(shown),
        kind=data["kind"],
        objective=data["objective"],
        party=data["party"].strip(),
        briefing=data["briefing"].strip(),
        start=data["start"],
        steps=tuple(steps),
        endings=tuple(endings),
        passing_score=data.get("passing_score", course.passing_score),
        scored=data.get("scored", False),
        required=data.get("required", False),
    )


def _did_you_mean(name: str, known, otherwise: str) -> str:
    close = difflib.get_close_matches(name, sorted(known), n=1)
    return f"did you mean `{close[0]}`?" if close else otherwise


def _step(doc: YamlDocument, step_id: str, step: dict, problems: list[Problem]) -> Step:
    path = ("steps", step_id)
    if "says" not in step and "situation" not in step:
        problems.append(
            doc.problem(
                path,
                f"step `{step_id}` has neither `says` nor `situation`",
                "add `says:` with the other party's words, `situation:` with what happens, or both",
                at_key=True,
            )
        )
    choices = step.get("choices") or []
    texts: dict[str, int] = {}
    ids: dict[str, int] = {}
    start = len(problems)
    for i, choice in enumerate(choices):
        text = " ".join(str(choice["text"]).split())
        if text in texts:
            problems.append(
                doc.problem(
                    path + ("choices", i, "text"),
                    f"choices {texts[text] + 1} and {i + 1} of step `{step_id}` have the same text",
                    "reword or remove one of them",
                )
            )
        texts.setdefault(text, i)
        if "id" in choice and choice["id"] in ids:
            first = doc.where(path + ("choices", ids[choice["id"]], "id"))[0]
            problems.append(
                doc.problem(
                    path + ("choices", i, "id"),
                    f"choice id `{choice['id']}` is used twice in step `{step_id}` (first on line {first})",
                    "give each choice its own id",
                )
            )
        ids.setdefault(choice.get("id"), i)
    # Duplicate ids are reported above, in words about steps; here only the names are made unique.
    names = _choice_names(doc, path, choices, []) if len(problems) == start else [""] * len(choices)
    return Step(
        step_id,
        str(step.get("says", "")).strip(),
        str(step.get("situation", "")).strip(),
        tuple(
            SimChoice(CHOICE_IDS[i], str(c["text"]).strip(), c["feedback"].strip(), c["points"], c["next"], names[i])
            for i, c in enumerate(choices)
        ),
    )


def _graph_problems(doc: YamlDocument, data: dict) -> list[Problem]:
    """Where the conversation can go: every target exists, everything is reachable, every step has a
    way to an ending."""
    steps, endings, start = data["steps"], data["endings"], data["start"]
    problems: list[Problem] = []
    for ending_id in endings:
        if ending_id in steps:
            problems.append(
                doc.problem(
                    ("endings", ending_id),
                    f"`{ending_id}` is the id of a step and of an ending",
                    "rename one of them (and the `next:` lines that lead to it)",
                    at_key=True,
                )
            )
    if start not in steps:
        problems.append(
            doc.problem(
                ("start",),
                f"`start` names the ending `{start}`; it must name a step"
                if start in endings
                else f"`start` names no step: `{start}`",
                "set `start:` to the step the conversation opens with"
                if start in endings
                else _did_you_mean(start, steps, "use one of: " + ", ".join(steps)),
            )
        )
    stuck = missing = False  # the checks below would only repeat these problems in other words
    for step_id, step in steps.items():
        if not step.get("choices"):
            stuck = True
            problems.append(
                doc.problem(
                    ("steps", step_id),
                    f"step `{step_id}` has no choices, so the conversation would stop there without an ending",
                    "add `choices:` (each with `text`, `points`, `feedback` and `next`), or "
                    "send the choices that lead here to an ending instead",
                    at_key=True,
                )
            )
        for i, choice in enumerate(step.get("choices") or ()):
            if choice["next"] not in steps and choice["next"] not in endings:
                stuck = missing = True
                problems.append(
                    doc.problem(
                        ("steps", step_id, "choices", i, "next"),
                        f"`next: {choice['next']}` names no step or ending",
                        _did_you_mean(
                            choice["next"],
                            list(steps) + list(endings),
                            f"add a step or an ending called `{choice['next']}`, or correct the name",
                        ),
                    )
                )
    if start not in steps or missing:  # a misspelt `next:` would make its target look unreachable
        return problems
    reached = _reachable(steps, [start])
    for step_id in steps:
        if step_id not in reached:
            problems.append(
                doc.problem(
                    ("steps", step_id),
                    f"step `{step_id}` can never be reached: no choices lead to it from `start` (`{start}`)",
                    "point a choice's `next:` at it, or delete the step",
                    at_key=True,
                )
            )
    for ending_id in endings:
        if ending_id not in reached and ending_id not in steps:
            problems.append(
                doc.problem(
                    ("endings", ending_id),
                    f"ending `{ending_id}` can never be reached: no choices lead to it from `start` (`{start}`)",
                    "point a choice's `next:` at it, or delete the ending",
                    at_key=True,
                )
            )
    if not stuck:
        problems += _loop_problems(doc, steps, endings, reached)
    return problems


def _reachable(steps: dict, frontier: list[str]) -> set[str]:
    """Step and ending ids that choices lead to from `frontier`, which included."""
    seen = set(frontier)
    while frontier:
        step = steps.get(frontier.pop())
        for choice in (step or {}).get("choices") or ():
            if choice["next"] not in seen:
                seen.add(choice["next"])
                frontier.append(choice["next"])
    return seen


def _loop_problems(doc: YamlDocument, steps: dict, endings: dict, reached: set[str]) -> list[Problem]:
    """Reachable steps from which no ending can be reached: their choices lead only to each other."""
    trapped = [step_id for step_id in steps if step_id in reached and not set(endings) & _reachable(steps, [step_id])]
    if not trapped:
        return []
    hint = "give one of them a choice whose `next:` is an ending, or a step that leads to one"
    if len(trapped) == 1:
        message = (
            f"step `{trapped[0]}` is a loop with no way out: every choice leads back to it, so no ending can be reached"
        )
        hint = "give it a choice whose `next:` is an ending, or a step that leads to one"
    else:
        names = ", ".join(f"`{step_id}`" for step_id in trapped[:-1]) + f" and `{trapped[-1]}`"
        message = (
            f"steps {names} are a loop with no way out: their choices lead only to each other, so no "
            "ending can be reached"
        )
    return [doc.problem(("steps", trapped[0]), message, hint, at_key=True)]
