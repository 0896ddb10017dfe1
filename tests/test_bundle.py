"""The runtime's ES modules joined into one classic script per page kind (runtime/bundle.py): what
the build ships runs as a plain script, modules come after what they import, and module syntax the
bundler does not read is an error naming the file and line, not a broken page."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from course_builder.runtime import files as assets
from course_builder.runtime.bundle import BundleError, bundle

needs_node = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")


def write(folder, **modules):
    for name, text in modules.items():
        (folder / name).write_text(text)
    return folder


@needs_node
def test_a_bundle_runs_as_a_plain_script_with_imports_renamed_and_exports_kept(tmp_path):
    write(
        tmp_path,
        **{
            "numbers.js": "export const TEN = 10;\nexport function twice(n) { return 2 * n; }\n",
            "words.js": "function shout(s) { return s.toUpperCase(); }\nexport { shout as loud };\n",
            "entry.js": (
                'import { twice, TEN as ten } from "./numbers.js";\n'
                'import * as words from "./words.js";\n'
                "globalThis.out = words.loud('x') + twice(ten);\n"
            ),
        },
    )
    script = bundle("entry.js", "out.js", tmp_path)
    assert script.index("--- numbers.js ---") < script.index("--- entry.js ---")
    assert script.index("--- words.js ---") < script.index("--- entry.js ---")
    run = subprocess.run(
        ["node", "-e", script + "\nprocess.stdout.write(globalThis.out)"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "X20"


def test_a_script_after_another_takes_its_modules_and_their_state_instead_of_copies(tmp_path):
    """An activity's script (after course-builder.js) uses the page's one messages.js: a copy of its own
    would not know the course's language."""
    write(
        tmp_path,
        **{
            "state.js": "var current = 'unset';\nexport function set(v) { current = v; }\nexport function get() { return current; }\n",
            "first.js": 'import { set } from "./state.js";\nset("French");\n',
            "extra.js": "export function exclaim(s) { return s + '!'; }\n",
            "second.js": (
                'import { get } from "./state.js";\nimport { exclaim } from "./extra.js";\n'
                "globalThis.out = exclaim(get());\n"
            ),
        },
    )
    first = bundle("first.js", "first.js", tmp_path)
    second = bundle("second.js", "second.js", tmp_path, after="first.js")
    assert "--- state.js ---" in first and "--- state.js ---" not in second
    assert second.splitlines()[0].startswith("/*! second.js") and "(extra.js, second.js)" in second.splitlines()[0]
    run = subprocess.run(
        ["node", "-e", first + second + "\nprocess.stdout.write(globalThis.out)"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == "French!"
    alone = subprocess.run(["node", "-e", second], capture_output=True, text=True)
    assert alone.returncode != 0 and "second.js runs after the page's first course-builder script" in alone.stderr


def test_module_syntax_the_bundler_does_not_read_is_an_error_with_the_line(tmp_path):
    write(tmp_path, **{"entry.js": "// a module\n\nexport default function () {}\n"})
    with pytest.raises(BundleError, match=r"runtime/js/entry.js, line 3: 'export default function \(\) \{\}'"):
        bundle("entry.js", "out.js", tmp_path)


def test_modules_that_import_each_other_in_a_circle_are_an_error(tmp_path):
    write(
        tmp_path,
        **{
            "a.js": 'import { b } from "./b.js";\nexport const a = 1;\n',
            "b.js": 'import { a } from "./a.js";\nexport const b = 2;\n',
        },
    )
    with pytest.raises(BundleError, match=r"in a circle: a.js -> b.js -> a.js"):
        bundle("a.js", "out.js", tmp_path)


def test_a_missing_module_is_named(tmp_path):
    write(tmp_path, **{"entry.js": 'import { x } from "./gone.js";\n'})
    with pytest.raises(BundleError, match=r"runtime/js/gone.js: no such module"):
        bundle("entry.js", "out.js", tmp_path)


@needs_node
def test_the_shipped_scripts_parse_and_say_where_their_source_is():
    for name, entry in assets.ENTRIES.items():
        script = assets.minified(bundle(entry, name))  # as site_files ships it
        assert "\n  " not in script, "shipped without indentation"
        assert script.startswith(
            f"/*! {name}: the course builder's browser runtime, joined from course_builder/runtime/js/"
        )
        check = subprocess.run(["node", "--check", "-"], input=script, capture_output=True, text=True)
        assert check.returncode == 0, check.stderr


def test_every_module_and_stylesheet_part_is_shipped():
    """A module no entry imports, or a CSS part left out of the list, would be silently missing."""
    runtime = Path(assets.__file__).parent
    shipped = "".join(bundle(entry, name) for name, entry in assets.ENTRIES.items())
    shipped += bundle(tuple(entry for _, entry in assets.ACTIVITIES.values()), "all.js", after="site-page.js")
    modules = sorted(p.name for p in (runtime / "js").glob("*.js"))
    assert [m for m in modules if f"/* --- {m} --- */" not in shipped] == []
    assert sorted(assets.STYLE_PARTS) == sorted(p.name for p in (runtime / "css").glob("*.css"))
    assert len(assets.stylesheet()) == sum(len((runtime / "css" / n).read_text()) for n in assets.STYLE_PARTS)
