"""Python-Markdown extension: `::simulation[id]` on a line of its own becomes a branching call or exchange.

A plain Markdown extension, like `::quiz[...]`, so it works under any Python-Markdown host. What reads
without JavaScript is rendered here: the title, who the learner talks to, the pass mark and the
briefing. The conversation itself (steps, choices, feedback, endings) travels as HTML fragments in a
JSON block that `simulation.js` plays one turn at a time; grading and the LMS go through
the page's progress (runtime/js/progress.js), like quizzes. What would give the best path away is sealed (answer_key.seal):
each choice's points and feedback until it is chosen, each ending's title and debrief until it is
reached; an ending is known by its token, not its id.

Options:
    simulations     dict of simulation id -> course_builder.model.Simulation (required)
"""

from __future__ import annotations

import html

import markdown

from course_builder.core.answer_key import choice_key, ending_key, ending_tokens, salt, seal
from course_builder.markdown_ext.embed import PRIORITY, EmbedBlockProcessor, script_json, templates
from course_builder.markdown_ext.text import block_html, inline_html
from course_builder.messages import Messages
from course_builder.model import STEP_VISIT_LIMIT, Simulation


class SimulationExtension(markdown.Extension):
    def __init__(self, **kwargs):
        self.config = {
            "simulations": [{}, "Simulations by id (course_builder.model.Simulation)"],
            "messages": [Messages("en"), "The interface's words (course_builder.messages.Messages)"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(
            SimulationProcessor(md, self.getConfig("simulations"), self.getConfig("messages")),
            "course_builder_simulation",
            PRIORITY,
        )


def makeExtension(**kwargs):  # noqa: N802 (the name Python-Markdown looks for)
    return SimulationExtension(**kwargs)


class SimulationProcessor(EmbedBlockProcessor):
    kind = "simulation"

    def render(self, name, sim):
        return render_simulation(sim, self.messages)


def party_name(party: str) -> str:
    """How the transcript names the other party: "Dana Ruiz, accounts payable at ..." -> "Dana Ruiz"."""
    return party.split(",")[0].split(" (")[0].strip() or party


def simulation_key(sim: Simulation) -> dict:
    """What the player needs to show each turn: trainer text as HTML, and where each choice leads."""
    endings = ending_tokens(sim)
    return {
        "id": sim.id,
        "kind": sim.kind,
        "party": html.escape(party_name(sim.party)),
        "start": sim.start,
        "passingScore": sim.passing_score,
        "visitLimit": STEP_VISIT_LIMIT,
        "steps": {
            step.id: {
                "says": inline_html(step.says) if step.says else "",
                "situation": inline_html(step.situation) if step.situation else "",
                "best": step.max_points,
                "choices": [
                    {
                        "id": c.id,
                        "text": inline_html(c.text),
                        "next": endings.get(c.next, c.next),
                        "sealed": seal(
                            choice_key(salt(sim.id, step.id), c.id),
                            {"feedback": inline_html(c.feedback), "points": c.points},
                        ),
                    }
                    for c in step.choices
                ],
            }
            for step in sim.steps
        },
        "endings": {
            endings[ending.id]: seal(
                ending_key(salt(sim.id, endings[ending.id])),
                {"title": inline_html(ending.title), "debrief": block_html(ending.debrief)},
            )
            for ending in sim.endings
        },
    }


def render_simulation(sim: Simulation, messages: Messages | None = None) -> str:
    messages = messages or Messages("en")
    return templates.get_template("simulation.html").render(
        t=messages.t,
        t_html=messages.t_html,
        tn=messages.tn,
        sim=sim,
        inline=inline_html,
        block=block_html,
        key=script_json(simulation_key(sim)),
    )
