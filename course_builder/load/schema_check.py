"""Check a YAML document against one of our JSON Schemas and explain each error to a trainer.

The schema files (course_builder/schemas/*.schema.json) are also what editors use for completion,
so they stay the single statement of the format; this module only turns jsonschema's technical
errors into "what is wrong, how to fix it" at the right line.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

from course_builder.core.user_cache import cache_dir
from course_builder.core.wording import GUIDE, counted
from course_builder.errors import Problem
from course_builder.load.yaml_source import YamlDocument

if TYPE_CHECKING:
    import jsonschema

_IDENTIFIER_HINT = "use lower-case letters, digits and single hyphens, starting with a letter (e.g. `module-check`)"
_TYPE_WORDS = {
    "string": "a text",
    "integer": "a whole number",
    "boolean": "true or false",
    "array": "a list (lines starting with `- `)",
    "object": "a block of `key: value` lines",
    "number": "a number",
}


@cache
def _schema_text(name: str) -> str:
    return resources.files("course_builder.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")


@cache
def load_schema(name: str) -> dict:
    return json.loads(_schema_text(name))


@cache
def _registry():
    """Our schemas refer to each other (a bank's questions are a quiz's questions)."""
    from referencing import Registry, Resource

    schemas = [load_schema(name) for name in ("course", "quiz", "bank")]
    return Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in schemas)


@cache
def _whole_string(pattern: str) -> re.Pattern:
    """`pattern` as JSON Schema means it (ECMA-262 regular expressions): there `$` matches only at
    the very end of the text, while Python's `$` also matches before a final line break, so that
    `id: "first-question\\n"` would pass `^[a-z]...$` and go into the SCORM manifest. The schema files
    stay plain ECMA (editors read them too); here each `$` outside brackets becomes `\\Z`."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append("\\Z" if char == "$" and not in_class else char)
        i += 1
    return re.compile("".join(out))


@cache
def _validator_class():
    import jsonschema  # only when a file is checked: most builds find every file checked already

    def pattern_check(validator, pattern: str, instance, schema):
        if validator.is_type(instance, "string") and not _whole_string(pattern).search(instance):
            yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")

    return jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": pattern_check})


def schema_problems(doc: YamlDocument, schema_name: str) -> list[Problem]:
    # A file whose values passed this schema before passes again: remembered in the user's cache by a
    # hash of the values, the schemas and jsonschema's version, so a build checks only what changed.
    passed = _passed_marker(doc, schema_name)
    if passed is not None and passed.exists():
        return []
    validator = _validator_class()(load_schema(schema_name), registry=_registry())
    problems = []
    # Sorted by position so the trainer reads them top to bottom.
    for error in sorted(validator.iter_errors(doc.data), key=lambda e: doc.where(tuple(e.absolute_path))):
        problems.append(_explain(doc, error))
    if not problems and passed is not None:
        try:
            passed.touch()
        except OSError:
            pass
    return problems


def _passed_marker(doc: YamlDocument, schema_name: str):
    folder = cache_dir("schema-checked")
    if folder is None:
        return None
    digest = _rules_digest().copy()
    digest.update(f"{schema_name}\0{doc.data!r}".encode("utf-8", "surrogatepass"))
    return folder / digest.hexdigest()


@cache
def _rules_digest():
    """What decides whether values pass: the schemas, this module's own rules, jsonschema's version."""
    digest = hashlib.sha256(version("jsonschema").encode())
    for name in ("course", "quiz", "bank"):
        digest.update(_schema_text(name).encode())
    digest.update(resources.files("course_builder.load").joinpath("schema_check.py").read_bytes())
    return digest


def _explain(doc: YamlDocument, error: jsonschema.ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    name = _describe(path)
    kind = error.validator
    # iter_errors sets both on every error it yields (jsonschema types them as maybe Unset, for errors made by hand)
    instance: Any = error.instance
    value: Any = error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1]
        return doc.problem(path, f"{name} is missing `{missing}`", f"add a `{missing}:` line")
    if kind == "additionalProperties":
        assert isinstance(error.schema, Mapping)  # the object schema that holds `additionalProperties`
        allowed = sorted(error.schema.get("properties", {}))
        unknown = [key for key in instance if key not in allowed]
        key = unknown[0]
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean `{close[0]}`?" if close else "allowed keys here: " + ", ".join(f"`{k}`" for k in allowed)
        return doc.problem(path + (key,), f"unknown key `{key}` in {name}", hint, at_key=True)
    if kind == "type":
        types = value if isinstance(value, list) else [value]
        if path and path[-1] == "answer" and isinstance(parent := _parent(doc.data, path), dict):
            kind_of_question = parent.get("type")
            if kind_of_question == "true-false":
                return doc.problem(
                    path,
                    f"the answer of a true-false question is `true` or `false`, not {_shown(instance)}",
                    "write `answer: true` or `answer: false`, without quotes (yes/no are not accepted)",
                )
            if kind_of_question == "numeric":
                types = ["number"]
        expected = ", or ".join(_TYPE_WORDS.get(t, str(t)) for t in types)
        hint = f"write {expected}"
        if "string" in types:
            hint += "; put it in quotes if it looks like a number, a date or yes/no"
        return doc.problem(path, f"{name} must be {expected}, not {_shown(instance)}", hint)
    if kind == "pattern" and "propertyNames" not in error.schema_path and _CONTROL.search(instance):
        return _control_problem(doc, path, name, error)
    if kind == "enum":
        options = ", ".join(f"`{v}`" for v in value)
        close = difflib.get_close_matches(str(instance), [str(v) for v in value], n=1)
        hint = f"did you mean `{close[0]}`?" if close else f"use one of {options}"
        return doc.problem(path, f"{name} is `{instance}`; it must be one of {options}", hint)
    if "propertyNames" in error.schema_path:
        # A key that is itself an id (a simulation's steps and endings): point at that key.
        if isinstance(instance, str) and _CONTROL.search(instance):
            return _control_problem(
                doc, path + (instance,), f"the key `{_escaped(instance)}` in {name}", error, at_key=True
            )
        return doc.problem(
            path + (instance,),
            f"`{instance}` in {name} is not a valid identifier",
            _IDENTIFIER_HINT,
            at_key=True,
        )
    if kind == "pattern":
        if "a-z][a-z0-9]*(-" in value:
            return doc.problem(path, f"{name} `{instance}` is not a valid identifier", _IDENTIFIER_HINT)
        return doc.problem(path, f"{name} `{instance}` is not in the expected form", f"see {name} in {GUIDE}")
    if kind in ("minimum", "maximum"):
        assert isinstance(error.schema, Mapping)  # the schema that holds `minimum` or `maximum`
        return doc.problem(
            path,
            f"{name} is {instance}; it must be between "
            f"{error.schema.get('minimum', '-')} and {error.schema.get('maximum', '-')}",
            "use a value in that range",
        )
    if kind == "minItems":
        return doc.problem(
            path,
            f"{name} needs at least {counted(value, 'item')}",
            "add items as lines starting with `- `",
        )
    if kind == "minLength":
        return doc.problem(path, f"{name} is empty", "write some text")
    if kind == "maxLength":
        return doc.problem(path, f"{name} is longer than {value} characters", "shorten it")
    if kind == "oneOf" and error.schema == load_schema("quiz")["$defs"]["item"]:
        return doc.problem(
            path,
            f"{name} must be a text, or a block with a `text:` line (and an `id:`)",
            "write the entry as `- Some text`, or as `- text: Some text` with `id: some-id` under it",
        )
    return doc.problem(path, f"{name}: {_shorten(error.message)}", f"see {GUIDE}")


# A line break or another control character in a value that must be one word (an id, a lesson path):
# from `"first-question\\n"`, or a `|` block, whose every line ends with a line break.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _control_problem(doc: YamlDocument, path: tuple, name: str, error, *, at_key: bool = False) -> Problem:
    control = _CONTROL.search(error.instance)
    assert control is not None  # callers call this once _CONTROL has matched
    char = control.group()
    what = (
        "a line break"
        if char in "\n\r\u2028\u2029"
        else ("a tab" if char == "\t" else f"a control character (U+{ord(char):04X})")
    )
    return doc.problem(
        path,
        f"{name} contains {what}: `{_escaped(error.instance)}`",
        f"remove it: {'an id' if 'a-z][a-z0-9]*(-' in str(error.validator_value) else 'this value'} "
        "is one word on one line (in quotes, `\\n` is a line break; after `|` or `>` each line "
        "ends with one: write the value on the key's line instead)",
        at_key=at_key,
    )


def _escaped(text: str) -> str:
    """The text on one line, its control characters shown as Python writes them (`\\n`)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def _shorten(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "..."


def _parent(data, path: tuple):
    for part in path[:-1]:
        try:
            data = data[part]
        except (KeyError, IndexError, TypeError):
            return None
    return data


def _describe(path: tuple) -> str:
    """("questions", 2, "choices", 0, "text") -> "questions[3].choices[1].text" (1-based, as people count)."""
    if not path:
        return "the file"
    parts: list[str] = []
    for item in path:
        if isinstance(item, int):
            parts[-1] += f"[{item + 1}]"
        else:
            parts.append(str(item))
    return "`" + ".".join(parts) + "`"


def _shown(value) -> str:
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, (dict, list)):
        return _TYPE_WORDS["object" if isinstance(value, dict) else "array"]
    if value is None:
        return "empty"
    return f"`{value}`"
