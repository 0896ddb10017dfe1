"""Lessons must work with no internet: nothing a learner opens may fetch from the web.

Learners open the course offline, from a file, or inside an LMS whose network or content policy
blocks other hosts; a picture, video or script from the web is then a hole in the page. Links
(`<a href>`, `[text](https://...)`) are fine: following one is the learner's choice. What is
refused is anything the page would load by itself:

- images, videos, audio, frames, scripts, stylesheets and fonts from a web address;
- ```` ```mermaid ```` diagrams: Material draws them with a script it loads from a public CDN.
"""

from __future__ import annotations

import re

from course_builder.errors import Problem

# A web address that a browser would fetch: http(s):// or protocol-relative //host/.
_WEB = r"(?P<url>(?:https?:)?//[^\s\"'<>)]+)"
_CHECKS = (
    (re.compile(r"!\[[^\]\n]*\]\(\s*<?" + _WEB, re.I), "the image"),
    (
        re.compile(
            r"<(?P<tag>img|video|audio|source|track|iframe|frame|embed|script|input)\b[^>]*?\s"
            r"(?:src|srcset|poster)\s*=\s*[\"']?\s*" + _WEB,
            re.I | re.S,
        ),
        None,
    ),
    (re.compile(r"<(?P<tag>object)\b[^>]*?\sdata\s*=\s*[\"']?\s*" + _WEB, re.I | re.S), None),
    (re.compile(r"<(?P<tag>link)\b[^>]*?\shref\s*=\s*[\"']?\s*" + _WEB, re.I | re.S), None),
    (re.compile(r"url\(\s*[\"']?" + _WEB, re.I), "the style"),
    (re.compile(r"@import\s+[\"']?" + _WEB, re.I), "the @import"),
)
_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*\{?\s*\.?([\w-]*)")
_INLINE_CODE = re.compile(r"`[^`\n]*`")
DIAGRAM_FENCES = ("mermaid",)


def offline_problems(text: str, shown: str) -> list[Problem]:
    """Everything in a lesson's Markdown that the page would fetch from the internet."""
    problems = []
    kept = []  # the lesson with code blocks and inline code blanked out, line numbers kept
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            if opening.group(2).lower() in DIAGRAM_FENCES:
                problems.append(
                    Problem(
                        f"a ```{opening.group(2)} diagram: drawing it needs a script from the internet, so learners "
                        "offline or in an LMS would see its source code instead",
                        shown,
                        number,
                        1,
                        hint="draw the diagram as an image (SVG or PNG) in content/ and show it with "
                        "![what the diagram shows](diagram.svg); describe it in words for screen readers",
                    )
                )
            kept.append("")
        elif fence is not None:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
            kept.append("")
        else:
            kept.append(_INLINE_CODE.sub(lambda match: " " * len(match.group()), line))
    body = "\n".join(kept)
    for pattern, what in _CHECKS:
        for match in pattern.finditer(body):
            start = match.start("url")
            line_number = body.count("\n", 0, start) + 1
            column = start - (body.rfind("\n", 0, start) + 1) + 1
            loaded = what or f"the <{match.group('tag').lower()}>"
            problems.append(
                Problem(
                    f"{loaded} loads {match.group('url')} from the internet: learners offline or inside an LMS "
                    "would not see it",
                    shown,
                    line_number,
                    column,
                    hint="download the file into content/ (next to this lesson) and point to it with a relative "
                    "path; a link the learner clicks (`[text](https://...)`) is fine",
                )
            )
    return sorted(problems, key=lambda p: (p.line or 0, p.column or 0))
