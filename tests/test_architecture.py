"""The package's layout, as the README's "How it is built" draws it: imports only point down, there is no
import cycle, and only `course_builder/site/` imports MkDocs or Material (which reaches end of life in
May 2027: replacing the site generator must mean replacing one folder)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "course_builder"
# Lowest first. A module may import its own layer's modules and any lower layer's.
LAYERS = {
    "errors": 0,
    "model": 0,
    "messages": 0,
    "core": 1,
    "load": 2,
    "markdown_ext": 3,
    "scaffold": 3,
    "runtime": 4,
    "package": 4,
    "translate": 4,
    "report": 4,
    "site": 5,
    "commands": 6,
    "__main__": 6,
}
SITE_ONLY = ("mkdocs", "material")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def layer(module: str) -> int:
    return LAYERS[module.split(".")[0]]


def internal_edges() -> dict[str, set[str]]:
    known = modules()
    edges = {}
    for module, path in known.items():
        targets = {name.removeprefix("course_builder.") for name in imports(path) if name.startswith("course_builder.")}
        edges[module] = {t for t in targets if t in known and t != module}
    return edges


def test_every_module_has_a_layer():
    assert [m for m in modules() if m and m.split(".")[0] not in LAYERS] == []


def test_imports_only_point_down():
    upward = [
        f"{source} -> {target}"
        for source, targets in internal_edges().items()
        if source
        for target in targets
        if layer(target) > layer(source)
    ]
    assert upward == []


def test_there_is_no_import_cycle():
    edges = internal_edges()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> list[str] | None:
        state[module] = "open"
        for target in sorted(edges.get(module, ())):
            if state.get(target) == "open":
                return [*path, module, target]
            if target not in state and (cycle := visit(target, [*path, module])):
                return cycle
        state[module] = "done"
        return None

    for module in sorted(edges):
        if module not in state:
            assert visit(module, []) is None


def test_only_the_site_package_imports_mkdocs_or_material():
    outside = [
        f"{module}: {name}"
        for module, path in modules().items()
        for name in sorted(imports(path))
        if name.split(".")[0] in SITE_ONLY and not module.startswith("site")
    ]
    assert outside == []
    inside = [
        m
        for m, p in modules().items()
        if m.startswith("site") and any(n.split(".")[0] in SITE_ONLY for n in imports(p))
    ]
    assert inside, "the site package is where MkDocs is used"
