"""The browser code's unit tests (tests/js/*.test.mjs, run by `node --test`): SHA-256 and sealing
against Python's hashlib and answer_key.py, grading against the plain keys, the SCORM editions and the
SCO against a strict stand-in LMS, every module loading without a page. Skipped only where there is no node."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

JS_TESTS = Path(__file__).resolve().parent / "js"


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_browser_code_units_pass_under_node(tmp_path):
    data = tmp_path / "fixture-data.json"
    with data.open("wb") as out:
        subprocess.run([sys.executable, str(JS_TESTS / "fixture_data.py")], stdout=out, check=True, timeout=120)
    run = subprocess.run(
        ["node", "--test", str(JS_TESTS)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "FIXTURE_DATA": str(data)},
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "# fail 0" in run.stdout
