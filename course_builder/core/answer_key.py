"""The answer key as the browser gets it: no right answer in plain text.

A quiz is graded in the browser, so the browser must be able to tell a right answer from a wrong one.
What it gets is a *check* for each right answer: the first 12 hex digits of SHA-256 of the question's
salt, what is checked and the answer (`check`). `runtime/js/grading.js` hashes the learner's answer the same way
and compares. The salt is derived from the quiz and question ids (the same bytes on every build), so
the same answer gives different checks in different questions.

    single, multiple, true-false   one check of the right letters, sorted ("ac")
    fill-in                        a check per accepted answer, normalized as tracker.js does
    numeric                        the right range cut into decimal blocks (`numeric_checks`)
    matching                       a check per premise: its position and its target's letter
    ordering                       a check of the whole order; with partial credit, one per pair of
                                   entries in the right order ("ab": a comes before b)
    simulation step                sealed: its best letters and each choice's points (`step_data`)

Letters are given in the order the trainer wrote things, so an ordering's entries are lettered in the
right order and a matching target often carries its premise's letter. Where the page or course-data.js
would show those letters, it shows a *token* instead (`tokens`): the start of SHA-256 of the salt, what
is lettered ("entry", "target") and the letter. The tracker still stores and grades letters (saved
progress means the same in every version of a course); the browser finds a token's letter by hashing
each letter. Likewise a simulation's endings are known to the page by a token, not by their ids.

What may only be shown once the learner has submitted (choice feedback, explanation, the right answer
in words, the correct responses an LMS is told) is *sealed*: XOR with a SHA-256 keystream whose key is
derived from the same salt, then base64 (`seal`; `digest.js` opens it). That hides the key from a look
at the page source, not from someone who runs the page's own code: see "What the answer key protection
does and does not do" in docs/authoring.md.

Simulations keep where each choice leads in plain text (the tracker replays the path from it); their
points, feedback and endings are sealed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from decimal import Decimal
from typing import Any

CHECK_LENGTH = 12  # hex digits: 48 bits, so a wrong answer matches by chance about once in 2.8e14
TOKEN_LENGTH = 6  # hex digits of a token at least: longer only where two would be the same
LETTERS = "abcdefghijklmnopqrstuvwxyz"

# grading.js normalizeText trims and collapses what JavaScript calls white space (String.prototype.trim,
# regular expression \s): not quite Python's str.isspace(), so it is spelled out.
_JS_SPACE = (
    "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000\ufeff"
)
_JS_SPACES = re.compile(f"[{_JS_SPACE}]+")


def salt(quiz_id: str, question_id: str) -> str:
    return f"{quiz_id}\n{question_id}\n"


def check(salt_text: str, what: str, value: str) -> str:
    return hashlib.sha256(f"{salt_text}{what}\n{value}".encode()).hexdigest()[:CHECK_LENGTH]


def tokens(salt_text: str, what: str, names) -> dict[str, str]:
    """{name: token}: the shortest start (TOKEN_LENGTH hex digits or more) of SHA-256 of salt, what and
    name that tells them apart. grading.js tokenLetters finds a token's name again by hashing."""
    names = list(names)
    full = {n: hashlib.sha256(f"{salt_text}{what}\n{n}".encode()).hexdigest() for n in names}
    for length in range(TOKEN_LENGTH, 65):
        found = {n: h[:length] for n, h in full.items()}
        if len(set(found.values())) == len(found):
            return found
    raise ValueError(f"{what}: two names share a SHA-256")  # not for names that differ


def target_tokens(quiz_id: str, q) -> dict[str, str]:
    """{letter: token} of a matching question's targets (its choices)."""
    return tokens(salt(quiz_id, q.id), "target", [c.id for c in q.choices])


def entry_tokens(quiz_id: str, q) -> dict[str, str]:
    """{letter: token} of an ordering question's entries."""
    return tokens(salt(quiz_id, q.id), "entry", [item.id for item in q.items])


def shown_order(quiz_id: str, q) -> list:
    """An ordering question's entries as first shown: sorted by a hash of each letter that the page does
    not carry, drawn again ("shown 1", ...) while that is the right order. So the first order says
    nothing of the answer but that it is not this one; quiz.js shuffles them when the quiz shuffles."""
    s = salt(quiz_id, q.id)
    for attempt in range(100):
        shown = sorted(q.items, key=lambda item: hashlib.sha256(f"{s}shown {attempt}\n{item.id}".encode()).digest())
        if shown != list(q.items):
            return shown
    return list(reversed(q.items))  # one entry, or 100 draws in the right order (never, in practice)


def ending_tokens(sim) -> dict[str, str]:
    """{ending id: token}: where a choice leads when it ends the simulation, in the page and in
    course-data.js (an ending's id would tell the good end from the bad). Never a step's id."""
    steps = {step.id for step in sim.steps}
    s = salt(sim.id, "")
    for extra in range(100):
        found = tokens(s, f"ending {extra}" if extra else "ending", [e.id for e in sim.endings])
        if not steps & set(found.values()):
            return found
    raise ValueError("ending tokens clash with step ids")


def choice_key(salt_text: str, letter: str) -> str:
    """Seals a simulation choice's points and feedback in its page (opened once it is chosen)."""
    return f"{salt_text}seal choice {letter}"


def ending_key(salt_text: str) -> str:
    """Seals a simulation ending's title and debrief in its page (opened once it is reached)."""
    return salt_text + "seal ending"


def step_data(sim_id: str, step) -> dict:
    """What course-data.js carries for a simulation step in place of its points: sealed, as a quiz's
    answer is ({correct: the best letters, points: {letter: points}}), for grading and the LMS."""
    sealed = {
        "correct": "".join(c.id for c in step.choices if c.points == step.max_points),
        "points": {c.id: c.points for c in step.choices},
    }
    return {"sealedAnswer": seal(answer_key(salt(sim_id, step.id)), sealed)}


def seal(key: str, data) -> str:
    """`data` as compact JSON, XOR SHA-256 of key + "\\n" + block number (32 bytes a block), in base64."""
    plain = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(_xor_keystream(key, plain)).decode("ascii")


def unseal(key: str, sealed: str):
    return json.loads(_xor_keystream(key, base64.b64decode(sealed)).decode("utf-8"))


def _xor_keystream(key: str, data: bytes) -> bytes:
    """`data` XOR the keystream: block n is SHA-256 of key + "\n" + n (each block hashed once, XORed as
    one big integer: a build seals about 170,000 bytes)."""
    blocks = (len(data) + 31) // 32
    stream = b"".join(hashlib.sha256(f"{key}\n{n}".encode()).digest() for n in range(blocks))[: len(data)]
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


def feedback_key(salt_text: str) -> str:
    """Seals the words a quiz page shows after grading (quiz_markdown)."""
    return salt_text + "seal feedback"


def answer_key(salt_text: str) -> str:
    """Seals the right answer itself, for the LMS's correct responses (course-data.js)."""
    return salt_text + "seal answer"


def normalize_text(text: str, case_sensitive: bool) -> str:
    """As grading.js normalizeText: trimmed, inner spaces collapsed to one, lower case unless it matters."""
    text = _JS_SPACES.sub(" ", text.strip(_JS_SPACE))
    return text if case_sensitive else text.lower()


def _decimal(value: float) -> Decimal:
    """A bound as written: the loader rounds bounds to 6 decimals, and repr gives the shortest digits."""
    return Decimal(repr(float(value))).normalize()


def canonical_number(value: Decimal) -> str:
    """As grading.js canonicalNumber: "40.4", "-3", "100", "0"."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def numeric_checks(salt_text: str, low: float, high: float) -> tuple[list[str], list[int]]:
    """Checks that accept exactly the numbers from low to high, and the exponents grading.js tries.

    [low, high) is cut into decimal blocks: a block at exponent e with label m holds the numbers from
    m * 10^e up to (m + 1) * 10^e, and is checked as ("range e", m); the learner's number n is in it
    when floor(n / 10^e) = m. `high` itself is checked exactly, as ("number", canonical form). Blocks
    are as large as alignment allows (at most 9 per exponent on each side), so [40.2, 40.4] is 2 blocks
    of 0.1, [80, 90] one block of 10, and no range needs more than a few hundred."""
    lo, hi = _decimal(low), _decimal(high)
    lo_exponent, hi_exponent = lo.as_tuple().exponent, hi.as_tuple().exponent
    assert isinstance(lo_exponent, int) and isinstance(hi_exponent, int)  # finite: the loader checks the bounds
    exponent = min(lo_exponent, hi_exponent)
    start, end = int(lo.scaleb(-exponent)), int(hi.scaleb(-exponent))
    checks, exponents = [check(salt_text, "number", canonical_number(hi))], set()
    while start < end:
        size = 0
        while start % 10 ** (size + 1) == 0 and start + 10 ** (size + 1) <= end:
            size += 1
        checks.append(check(salt_text, f"range {exponent + size}", str(start // 10**size)))
        exponents.add(exponent + size)
        start += 10**size
    return sorted(checks), sorted(exponents)


def grading_data(quiz_id: str, q) -> dict:
    """What course-data.js carries for one question in place of its answer key."""
    s = salt(quiz_id, q.id)
    if q.type == "fill-in":
        data: dict[str, Any] = {
            "answers": sorted({check(s, "answer", normalize_text(a, q.case_sensitive)) for a in q.accept})
        }
        sealed: dict[str, Any] = {"accept": list(q.accept)}
    elif q.type == "numeric":
        answers, exponents = numeric_checks(s, q.low, q.high)
        data = {"answers": answers, "exponents": exponents}
        sealed = {"low": q.low, "high": q.high}
    elif q.type == "matching":
        data = {"positions": [check(s, f"match {i}", target) for i, target in enumerate(q.matches)]}
        sealed = {"correct": "".join(q.matches)}
    elif q.type == "ordering":
        order = "".join(item.id for item in q.items)
        data = {"answers": [check(s, "answer", order)]}
        if q.partial_credit:
            data["pairs"] = sorted(check(s, "pair", x + y) for i, x in enumerate(order) for y in order[i + 1 :])
        sealed = {"correct": order}
    else:
        right = "".join(sorted(c.id for c in q.choices if c.correct))
        data = {"answers": [check(s, "answer", right)]}
        sealed = {"correct": right}
    data["sealedAnswer"] = seal(answer_key(s), sealed)
    return data
