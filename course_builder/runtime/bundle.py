"""The browser runtime's ES modules (runtime/js/) joined into one classic script per entry.

A page opened from a file (file://) cannot load `<script type="module">` (Chromium treats every file as
its own origin), and an LMS may serve the package from anywhere: so each page gets one plain script.
The modules use a small subset of the module syntax, which this file turns into plain functions:

    import { name, other as alias } from "./module.js";   (may span lines)
    import * as module from "./module.js";
    export function name(...) / export class Name / export const|let|var name = ...
    export { name, other as alias };

No default exports, no bare or remote specifiers, no dynamic import(). Anything else that starts with
`import` or `export` is an error here, so a module that runs under `node --test` (tests/js/) runs the
same in the bundle. Modules are placed in dependency order; a cycle is an error.

A bundler from npm (esbuild, rollup) would do the same, but every trainer's `pip install` would then
need Node.js or a platform binary to build a course; this is under 150 lines of our own."""

from __future__ import annotations

import functools
import re
from importlib import resources
from importlib.abc import Traversable

SOURCE_DIR = "js"

NAME = r"[A-Za-z_$][\w$]*"
SPECIFIER = r"""["']\./([\w.-]+\.js)["']"""
IMPORT_NAMED = re.compile(r"^import\s*\{([^}]*)\}\s*from\s*" + SPECIFIER + r"\s*;?[ \t]*$", re.M)
IMPORT_ALL = re.compile(r"^import\s*\*\s*as\s+(" + NAME + r")\s+from\s*" + SPECIFIER + r"\s*;?[ \t]*$", re.M)
EXPORT_DECLARATION = re.compile(r"^export\s+((?:async\s+)?function\*?|class|const|let|var)\s+(" + NAME + ")", re.M)
EXPORT_LIST = re.compile(r"^export\s*\{([^}]*)\}\s*;?[ \t]*$", re.M)
ANY_MODULE_LINE = re.compile(r"^(import|export)\b.*$", re.M)


class BundleError(ValueError):
    """A module the bundler cannot read: names the module and the line."""


def _source(folder: Traversable, name: str) -> str:
    path = folder.joinpath(name)
    if not path.is_file():
        raise BundleError(f"runtime/{SOURCE_DIR}/{name}: no such module")
    return path.read_text(encoding="utf-8")


def _pairs(names: str, where: str) -> list[tuple[str, str]]:
    """'a, b as c' -> [("a", "a"), ("b", "c")]: (name in the module, name here)."""
    out = []
    for part in filter(None, (p.strip() for p in names.split(","))):
        words = part.split()
        if len(words) == 1 and re.fullmatch(NAME, words[0]):
            out.append((words[0], words[0]))
        elif len(words) == 3 and words[1] == "as" and all(re.fullmatch(NAME, w) for w in words[::2]):
            out.append((words[0], words[2]))
        else:
            raise BundleError(f"{where}: cannot read {part!r} in an import or export list")
    return out


class Module:
    """One source file: what it imports, what it exports, and its body as a function's body."""

    def __init__(self, name: str, text: str):
        self.name = name
        self.imports: list[str] = []
        self.exports: list[tuple[str, str]] = []  # (local name, exported name)
        body = IMPORT_NAMED.sub(self._named_import, text)
        body = IMPORT_ALL.sub(self._namespace_import, body)
        body = EXPORT_LIST.sub(self._export_list, body)
        body = EXPORT_DECLARATION.sub(self._export_declaration, body)
        left = ANY_MODULE_LINE.search(body)
        if left:
            line = text[: text.find(left.group(0))].count("\n") + 1
            raise BundleError(
                f"runtime/{SOURCE_DIR}/{name}, line {line}: {left.group(0).strip()!r} is not in the module syntax "
                "the bundler reads (see course_builder/runtime/bundle.py)"
            )
        self.body = body

    def _depend(self, target: str) -> str:
        if target not in self.imports:
            self.imports.append(target)
        return f'modules["{target}"]'

    def _named_import(self, match: re.Match) -> str:
        pairs = _pairs(match.group(1), f"runtime/{SOURCE_DIR}/{self.name}")
        names = ", ".join(there if there == here else f"{there}: {here}" for there, here in pairs)
        return f"const {{ {names} }} = {self._depend(match.group(2))};"

    def _namespace_import(self, match: re.Match) -> str:
        return f"const {match.group(1)} = {self._depend(match.group(2))};"

    def _export_list(self, match: re.Match) -> str:
        self.exports.extend(_pairs(match.group(1), f"runtime/{SOURCE_DIR}/{self.name}"))
        return ""

    def _export_declaration(self, match: re.Match) -> str:
        self.exports.append((match.group(2), match.group(2)))
        return f"{match.group(1)} {match.group(2)}"

    def wrapped(self) -> str:
        exported = ", ".join(f"{there}: {here}" for here, there in sorted(self.exports, key=lambda e: e[1]))
        return (
            f'/* --- {self.name} --- */\nmodules["{self.name}"] = (function () {{\n'
            f"{self.body.rstrip()}\nreturn Object.freeze({{ {exported} }});\n}})();\n"
        )


def _in_order(folder: Traversable, entries: tuple[str, ...]) -> list[Module]:
    """The entries' modules, each after those it imports."""
    done: dict[str, Module] = {}
    visiting: list[str] = []

    def visit(name: str) -> None:
        if name in done:
            return
        if name in visiting:
            cycle = " -> ".join(visiting[visiting.index(name) :] + [name])
            raise BundleError(f"runtime/{SOURCE_DIR}: the modules import each other in a circle: {cycle}")
        visiting.append(name)
        module = Module(name, _source(folder, name))
        for target in module.imports:
            visit(target)
        visiting.pop()
        done[name] = module

    for entry in entries:
        visit(entry)
    return list(done.values())


# Where a page's first script leaves its modules for the scripts after it (see `bundle`'s `after`).
SHARED = "globalThis.CourseBuilderModules"


@functools.cache
def bundle(
    entry: str | tuple[str, ...], output_name: str, folder: Traversable | None = None, after: str | None = None
) -> str:
    """One classic script holding `entry` (or several entries, in turn) and every module it needs, in
    dependency order.
    `folder`: where the modules are (default: the package's own runtime/js/).
    `after`: the entry of a script the page loads first. Its modules are not repeated here but taken
    from it, the same instances: a module's state (the interface's language, say) is the page's, once."""
    folder = folder or resources.files("course_builder.runtime").joinpath(SOURCE_DIR)
    modules = _in_order(folder, (entry,) if isinstance(entry, str) else entry)
    start = "const modules = {};\n"
    if after:
        first = {m.name for m in _in_order(folder, (after,))}
        modules = [m for m in modules if m.name not in first]
        start = (
            f'if (!{SHARED}) throw new Error("{output_name} runs after the page\'s first course-builder script");\n'
            f"const modules = Object.assign({{}}, {SHARED});\n"
        )
    header = (
        f"/*! {output_name}: the course builder's browser runtime, joined from course_builder/runtime/{SOURCE_DIR}/ "
        f"({', '.join(m.name for m in modules)}) by runtime/bundle.py. Edit those files, not this one. */\n"
    )
    return (
        header
        + '(function () {\n"use strict";\n'
        + start
        + "".join(m.wrapped() for m in modules)
        + f"{SHARED} = {SHARED} || modules;\n"
        + "})();\n"
    )
