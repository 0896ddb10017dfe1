"""A course of many modules: every page lists a few dozen navigation entries, not every module (issue 17).
Material lists every top-level entry on every page, so past 12 modules they are grouped in tens."""

from __future__ import annotations

import re
from pathlib import Path

from course_builder.commands.build import build
from course_builder.site.render import module_nav

LINK_TEXT = re.compile(r'<span class="md-ellipsis">\s*([^<]*?)\s*</span>')


def many_modules(root: Path, modules: int, language: str = "en-US") -> Path:
    lines = [
        "id: many",
        "title: Many modules",
        "version: 1.0.0",
        f"language: {language}",
        "description: A course with a module per lesson.",
        "objectives:",
        "  - id: know",
        "    title: Know things.",
        "modules:",
    ]
    (root / "content").mkdir(parents=True)
    (root / "content" / "index.md").write_text("# Many modules\n\nWelcome.\n")
    for m in range(1, modules + 1):
        (root / "content" / f"m{m}.md").write_text(f"# Lesson of module {m}\n\nText.\n")
        lines += [f"  - id: module-{m}", f"    title: Topic {m}", "    lessons:", f"      - m{m}.md"]
    (root / "course.yml").write_text("\n".join(lines) + "\n")
    return root


def nav_texts(page: Path) -> list[str]:
    html = page.read_text()
    start = html.find('<nav class="md-nav md-nav--primary"')
    return LINK_TEXT.findall(html[start : html.find("md-sidebar--secondary", start)])


def test_past_twelve_modules_the_navigation_lists_groups_of_ten(tmp_path):
    root = many_modules(tmp_path / "course", 35)
    build(root, editions=())
    texts = nav_texts(root / "site" / "m24.html")
    # The groups, the open group's modules, the open module's lesson: not 35 modules.
    assert texts[:4] == ["Welcome", "Modules 1–10", "Modules 11–20", "Modules 21–30"]
    assert [t for t in texts if t.startswith("Topic")] == [f"Topic {n}" for n in range(21, 31)]
    assert "Lesson of module 24" in texts
    assert "Modules 31–35" in texts and "Topic 5" not in texts
    assert len(texts) < 25


def test_a_course_of_twelve_modules_lists_them_all_and_group_titles_are_translated(tmp_path):
    assert [next(iter(e)) for e in module_nav(_course(tmp_path / "twelve", 12))] == [f"Topic {n}" for n in range(1, 13)]
    # 130 modules: 13 groups of ten, more than 12, so grouped again by the hundred.
    french = module_nav(_course(tmp_path / "french", 130, "fr"))
    assert [next(iter(entry)) for entry in french] == ["Modules 1 à 100", "Modules 101 à 130"]
    first_hundred = french[0]["Modules 1 à 100"]
    assert [next(iter(entry)) for entry in first_hundred][:2] == ["Modules 1 à 10", "Modules 11 à 20"]


def _course(root: Path, modules: int, language: str = "en-US"):
    from course_builder.load.course import load_course

    return load_course(many_modules(root, modules, language))
