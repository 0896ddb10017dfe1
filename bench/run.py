#!/usr/bin/env python3
"""Benchmark: build speed, output size and page weight, measured against plain MkDocs (issue 7).

    ./dev bench                  (or .venv/bin/python bench/run.py)
    .venv/bin/python bench/run.py --quick      skip the 1,000-lesson course

Prints a table and writes it to bench/results.md. Not a test: it asserts nothing, it reports.
Every build runs in its own fresh process; its peak memory is that process's ru_maxrss, read with
getrusage(RUSAGE_CHILDREN) by a small wrapper process that runs only that one build.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from datetime import UTC, datetime
from functools import partial
from importlib.metadata import version
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
BIN = Path(sys.executable).parent
RESULTS = Path(__file__).resolve().parent / "results.md"
CHROMIUM = os.environ.get("COURSE_BUILDER_CHROMIUM", "/usr/bin/chromium")
EMBED = re.compile(r"^\s*::(quiz|simulation|calculator)\[[^\]]*\]\s*$")
COURSE_PARTS = ("course.yml", "content", "quizzes", "simulations", "calculators")
KB = 1024
MB = 1024 * 1024


# ---------------------------------------------------------------- measuring one command


def measure_child(cmd: list[str]) -> None:
    """Wrapper mode: run `cmd` as the only child, print its wall time and peak memory as JSON."""
    started = time.perf_counter()
    result = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    peak_kb = usage.ru_maxrss  # KiB on Linux
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu": usage.ru_utime + usage.ru_stime,
                "peak_kb": peak_kb,
                "rc": result.returncode,
                "stderr": result.stderr[-2000:],
            }
        )
    )


def measure(cmd: list[str], env: dict | None = None, expect_rc: int = 0) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--measure-child", "--", *cmd],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=True,
    )
    data = json.loads(out.stdout)
    if data["rc"] != expect_rc:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{data['stderr']}")
    return data


def repeat(cmd_for_run, times: int) -> dict:
    """Median wall and CPU seconds, and the largest peak memory (MiB), over `times` fresh runs."""
    return summary([measure(cmd_for_run(i)) for i in range(times)])


def summary(runs: list[dict]) -> dict:
    return {
        "wall": statistics.median(r["seconds"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "peak": max(r["peak_kb"] for r in runs) / KB,
        "runs": [r["seconds"] for r in runs],
    }


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def copy_course(target: Path) -> Path:
    target.mkdir(parents=True)
    for part in COURSE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        elif source.is_file():
            shutil.copy2(source, target / part)
    return target


def course_builder_build(root: Path, out: Path, formats: tuple[str, ...] = ()) -> list[str]:
    cmd = [
        str(BIN / "course-builder"),
        "build",
        str(root),
        "--site-dir",
        str(out / "site"),
        "--dist-dir",
        str(out / "dist"),
    ]
    for edition in formats:
        cmd += ["--format", edition]
    return cmd


# ---------------------------------------------------------------- 1. bundled course vs plain MkDocs


def plain_mkdocs_project(course, target: Path) -> Path:
    """The same Markdown, nav, theme and plugins (search and offline), without quizzes, simulations,
    calculators and our plugin. Our two generated pages are there as plain pages: the handout (every
    lesson's Markdown on one page, as print.html holds every lesson) and a short certificate page."""
    import yaml

    from course_builder.runtime import handout
    from course_builder.site.render import mkdocs_settings

    docs = target / "docs"
    shutil.copytree(course.content_dir, docs)
    for page in docs.rglob("*.md"):
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        page.write_text("".join(line for line in lines if not EMBED.match(line)), encoding="utf-8")
    if course.handout:
        lessons = [docs / lesson.path for module in course.modules for lesson in module.lessons]
        (docs / handout.HANDOUT_PAGE).write_text(
            "\n\n".join(path.read_text(encoding="utf-8") for path in lessons), encoding="utf-8"
        )
    (docs / handout.CERTIFICATE_PAGE).write_text("# Your certificate\n\nComplete the course to see it.\n")
    settings = mkdocs_settings(course, target / "site")
    settings.update(docs_dir="docs", site_dir="site", plugins=["search", "offline"])
    settings["extra"].pop("polyfills", None)  # our local copy of the iframe-worker shim; the plugin adds its own
    config = target / "mkdocs.yml"
    config.write_text(yaml.safe_dump(settings, sort_keys=False), encoding="utf-8")
    return config


def bench_bundled(work: Path, times: int) -> dict:
    """Ours and plain MkDocs in interleaved pairs (ours, plain, ours, plain...): a load that comes and goes
    touches both sides of a pair, and the ratio is the median of the pairs' ratios."""
    from course_builder.load.course import load_course

    root = copy_course(work / "bundled")
    course = load_course(root)
    config = plain_mkdocs_project(course, work / "plain")
    ours_runs, plain_runs = [], []
    for i in range(times):
        ours_runs.append(measure(course_builder_build(root, work / f"out{i}")))
        plain_runs.append(
            measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(config), "-d", str(work / f"plain-site{i}")])
        )
    out = work / "out0"
    return {
        "course": course,
        "root": root,
        "site": out / "site",
        "ours": summary(ours_runs),
        "plain": summary(plain_runs),
        "cpu_ratio": statistics.median(o["cpu"] / p["cpu"] for o, p in zip(ours_runs, plain_runs)),
        "wall_ratio": statistics.median(o["seconds"] / p["seconds"] for o, p in zip(ours_runs, plain_runs)),
        "site_bytes": dir_size(out / "site"),
        "plain_site_bytes": dir_size(work / "plain-site0"),
        "zips": {p.name: p.stat().st_size for p in sorted((out / "dist").glob("*.zip"))},
        "same_bytes": same_outputs(out, work / "out1") if times > 1 else None,
    }


def same_outputs(first: Path, second: Path) -> bool:
    """Two builds of the same course wrote the same bytes (site and zips)."""

    def contents(folder: Path) -> dict[str, bytes]:
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}

    return contents(first) == contents(second)


# ---------------------------------------------------------------- 2. synthetic courses

WORDS = (
    "invoice customer payment balance account credit terms promise dispute reminder statement "
    "call letter email agency attorney schedule priority aging report collector manager goal "
    "cash flow risk limit hold order shipment contact record note follow-up deadline amount "
    "discount interest fee policy review approval escalation settlement plan history trend"
).split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng, rng.randint(8, 14)) for _ in range(sentences))


def lesson_markdown(rng: random.Random, title: str, quiz_id: str | None) -> str:
    """About 400 words: a title, paragraphs, a heading, a list and a table, and the quiz."""
    parts = [
        f"# {title}",
        _paragraph(rng, 8),
        "## In practice",
        _paragraph(rng, 6),
        "\n".join(f"- {_sentence(rng, 7)}" for _ in range(5)),
        "| Step | What to do | When |\n|---|---|---|\n"
        + "\n".join(f"| {i} | {_sentence(rng, 5)} | day {i * 7} |" for i in range(1, 5)),
        _paragraph(rng, 6),
    ]
    if quiz_id:
        parts.append(f"::quiz[{quiz_id}]")
    return "\n\n".join(parts) + "\n"


def quiz_yaml(quiz_id: str, title: str) -> str:
    return f"""id: {quiz_id}
title: {title}
questions:
  - id: q1
    type: single
    objective: apply
    prompt: Which document shows what the customer owes?
    choices:
      - text: The statement of account
        correct: true
        feedback: Right, it lists every open item.
      - text: The shipping label
        feedback: No, that only says where the goods went.
      - text: The org chart
        feedback: No, that shows who works where.
    explanation: The statement of account lists what is open.
  - id: q2
    type: multiple
    objective: apply
    prompt: When is a call better than a letter?
    choices:
      - text: A large invoice is past due
        correct: true
        feedback: Yes, large amounts deserve a call.
      - text: A promise was broken
        correct: true
        feedback: Yes, a broken promise needs a conversation.
      - text: A pre-due reminder
        feedback: No, an email does that.
    explanation: Calls find the blocker; letters document.
  - id: q3
    type: true-false
    objective: apply
    prompt: Business debts are covered by the FDCPA.
    answer: false
    feedback:
      true: "Not so: it covers consumer debts."
      false: "Right: business debts are outside it."
    explanation: The FDCPA is about consumer debts.
"""


def make_synthetic(root: Path, modules: int, per_module: int = 10) -> Path:
    from course_builder.core.progress import short_key

    rng = random.Random(modules)
    used_lessons, used_quizzes = set(), set()

    def unique(candidate: str, used: set) -> str:
        suffix, name = 0, candidate
        while short_key(name) in used:  # tracking keys are 4 base-36 characters: avoid a clash
            suffix += 1
            name = f"{candidate}-{suffix}"
        used.add(short_key(name))
        return name

    (root / "quizzes").mkdir(parents=True)
    (root / "content").mkdir()
    (root / "content" / "index.md").write_text("# Synthetic course\n\n" + _paragraph(rng, 4) + "\n")
    lines = [
        "id: synthetic",
        f"title: Synthetic course of {modules * per_module} lessons",
        "version: 1.0.0",
        "language: en-US",
        "description: Generated by bench/run.py.",
        "objectives:",
        "  - id: apply",
        "    title: Apply what the lessons say.",
        "passing_score: 80",
        "modules:",
    ]
    for m in range(1, modules + 1):
        lines += [f"  - id: module-{m:03d}", f"    title: Module {m}", "    lessons:"]
        folder = root / "content" / f"module-{m:03d}"
        folder.mkdir()
        for n in range(1, per_module + 1):
            lesson_id = unique(f"module-{m:03d}/lesson-{n:02d}", used_lessons)
            quiz_id = unique(f"check-{m:03d}-{n:02d}", used_quizzes)
            path = Path(lesson_id + ".md")
            (root / "content" / path).write_text(lesson_markdown(rng, f"Lesson {m}.{n}", quiz_id))
            (root / "quizzes" / f"{quiz_id}.yml").write_text(quiz_yaml(quiz_id, f"Check {m}.{n}"))
            lines.append(f"      - {path.as_posix()}")
    (root / "course.yml").write_text("\n".join(lines) + "\n")
    return root


def bench_synthetic(work: Path, modules: int, times: int) -> dict:
    from course_builder.core.progress import suspend_budget
    from course_builder.load.course import load_course

    root = make_synthetic(work / f"synthetic-{modules}", modules)
    course = load_course(root)
    lessons = len(course.lessons)
    formats = ("scorm2004",)
    timing = repeat(lambda i: course_builder_build(root, work / f"syn{modules}-out{i}", formats), times)
    out = work / f"syn{modules}-out0"
    site = out / "site"
    pages = sorted(site.rglob("*.html"))
    lesson_pages = [p for p in pages if "module-" in p.parent.name]
    zips = {p.name: p.stat().st_size for p in sorted((out / "dist").glob("*.zip"))}
    navs = [primary_nav(p.read_text(encoding="utf-8")) for p in lesson_pages[::10]]
    return {
        "lessons": lessons,
        "modules": modules,
        "seconds": timing["wall"],
        "cpu": timing["cpu"],
        "runs": timing["runs"],
        "peak": timing["peak"],
        "site_bytes": dir_size(site),
        "zips": zips,
        "pages": len(pages),
        "lesson_html": statistics.mean(p.stat().st_size for p in lesson_pages),
        "nav": statistics.mean(len(n) for n in navs),
        "nav_compact": statistics.mean(len(re.sub(r"\s+", " ", n)) for n in navs),
        "budget": suspend_budget(course),
        "formats": formats,
    }


def primary_nav(html: str) -> str:
    """Material's navigation sidebar: the part of every page that lists the course."""
    start = html.find('<nav class="md-nav md-nav--primary"')
    end = html.find("md-sidebar--secondary", start)
    return html[start:end] if start >= 0 and end > start else ""


# ---------------------------------------------------------------- 3. serve: edit a lesson, see it served


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, timeout: float = 10) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def bench_serve(work: Path, times: int) -> dict:
    from course_builder.load.course import load_course

    root = copy_course(work / "serve-course")
    course = load_course(root)
    lesson = course.lessons[1] if len(course.lessons) > 1 else course.lessons[0]
    source = course.content_dir / lesson.path
    port = free_port()
    url = f"http://127.0.0.1:{port}/{lesson.path[:-3]}.html"
    log = (work / "serve.log").open("w")
    process = subprocess.Popen(
        [str(BIN / "course-builder"), "serve", str(root), "--dev-addr", f"127.0.0.1:{port}"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    samples = []
    try:
        started = time.monotonic()
        while lesson.title not in fetch(url, 2):
            if process.poll() is not None or time.monotonic() - started > 120:
                raise SystemExit("serve did not start:\n" + (work / "serve.log").read_text())
            time.sleep(0.1)
        startup = time.monotonic() - started
        original = source.read_text(encoding="utf-8")
        for i in range(times):
            time.sleep(1.0)  # let the watcher settle after the previous build
            marker = f"bench-marker-{i}-{random.randrange(10**9)}"
            source.write_text(original + f"\n{marker}\n", encoding="utf-8")
            edited = time.perf_counter()
            while marker not in fetch(url):
                if time.perf_counter() - edited > 60:
                    raise SystemExit("the edit never showed:\n" + (work / "serve.log").read_text())
                time.sleep(0.02)
            samples.append(time.perf_counter() - edited)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    return {"median": statistics.median(samples), "samples": samples, "startup": startup, "lesson": lesson.path}


# ---------------------------------------------------------------- 4. page weight


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


PRECOMPRESSED = (".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".zip")


def bench_page_weight(site: Path, course) -> dict:
    from course_builder.runtime import files as assets

    result: dict = {}
    # Our own files as the build writes them (the bundled scripts), each gzip-compressed as a web
    # server would send it, and the storage guard each page inlines.
    built = site / assets.PREFIX
    ours = {name: (built / name).read_bytes() for name in sorted(assets.ENTRIES)}
    ours["course-builder.css"] = (built / "course-builder.css").read_bytes()
    ours["storage-guard.js"] = assets.storage_guard().encode("utf-8")
    on_pages = [n for n in ours if n != "scorm.js"]  # scorm.js runs only in the packages' launch page
    result["ours_raw"] = sum(len(b) for b in ours.values())
    result["ours_gz"] = sum(gz(b) for b in ours.values())
    result["ours_pages_gz"] = sum(gz(ours[n]) for n in on_pages)
    result["ours_together_gz"] = gz(b"".join(ours.values()))
    result["ours_each_gz"] = {n: gz(b) for n, b in ours.items()}
    data_file = site / assets.PREFIX / "course-data.js"
    result["course_data_raw"] = data_file.stat().st_size
    result["course_data_gz"] = gz(data_file.read_bytes())

    # The first lesson page as a browser loads it from a web server.
    lesson = course.lessons[0]
    handler = partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        from playwright.sync_api import sync_playwright

        url = f"http://127.0.0.1:{server.server_port}/{lesson.path[:-3]}.html"
        loaded: dict[str, bytes] = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
            )
            page = browser.new_page()
            page.on("response", lambda r: loaded.setdefault(r.url, r.body()) if r.ok else None)
            page.goto(url, wait_until="networkidle")
            page.wait_for_timeout(500)
            browser.close()
        rows = []
        for address, body in loaded.items():
            name = address.split(f":{server.server_port}/", 1)[-1]
            sent = len(body) if name.endswith(PRECOMPRESSED) else gz(body)
            rows.append((name, len(body), sent))
        result["page"] = lesson.path[:-3] + ".html"
        result["page_requests"] = len(rows)
        result["page_raw"] = sum(r[1] for r in rows)
        result["page_gz"] = sum(r[2] for r in rows)
        result["page_rows"] = sorted(rows, key=lambda r: -r[2])
        result["external"] = [a for a in loaded if not a.startswith(f"http://127.0.0.1:{server.server_port}/")]
    except Exception as exc:  # no Chromium / Playwright: report the static part only
        result["page_error"] = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    finally:
        server.shutdown()
    return result


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- the report

# ---------------------------------------------------------------- 6. validate on hostile zips


def bench_hostile(work: Path) -> dict:
    """`course-builder validate` on every zip of the hostile corpus (tests/hostile_zips.py), one process each.

    Reports the slowest and the most memory-hungry case; a regression shows as seconds or GiB here
    (tests/test_validate_hostile.py fails it under a 1 GiB limit).
    """
    sys.path.insert(0, str(REPO / "tests"))
    import hostile_zips

    runs = {}
    for case, path in hostile_zips.write_corpus(work / "hostile"):
        runs[case.name] = measure(
            [str(BIN / "course-builder"), "validate", str(path)], expect_rc=0 if case.verdict == "valid" else 1
        )
    worst = {key: max(runs, key=lambda name: runs[name][key]) for key in ("seconds", "cpu", "peak_kb")}
    return {"cases": len(runs), "runs": runs, "worst": worst, "total": sum(r["seconds"] for r in runs.values())}


def machine() -> str:
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"mkdocs {version('mkdocs')}, mkdocs-material {version('mkdocs-material')}"
    )


def ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def report(
    b: dict, syn: list[dict], serve: dict, weight: dict, budget, times: int, hostile: dict
) -> tuple[str, list[str]]:
    ours, plain = b["ours"], b["plain"]
    wall_ratio, cpu_ratio = b["wall_ratio"], b["cpu_ratio"]
    rows = [("Measure", "Result", "Target", "")]
    rows.append(
        (
            "Bundled course: full build (site + SCORM 1.2 + 2004 zips)",
            f"{ours['wall']:.2f} s ({ours['cpu']:.2f} s CPU), peak {ours['peak']:.0f} MiB, "
            f"site {b['site_bytes'] / MB:.1f} MB, zips " + ", ".join(f"{v / MB:.1f} MB" for v in b["zips"].values()),
            "",
            "",
        )
    )
    rows.append(
        (
            "Same Markdown, plain `mkdocs build` (search + offline, the two generated pages; no quizzes, simulations, calculators)",
            f"{plain['wall']:.2f} s ({plain['cpu']:.2f} s CPU), peak {plain['peak']:.0f} MiB, "
            f"site {b['plain_site_bytes'] / MB:.1f} MB",
            "",
            "",
        )
    )
    rows.append(
        (
            f"Ratio, full build / plain MkDocs (median of {times} interleaved pairs)",
            f"{wall_ratio:.2f}x wall, {cpu_ratio:.2f}x CPU",
            "<= 1.3x",
            ok(wall_ratio <= 1.3 and cpu_ratio <= 1.3),
        )
    )
    for s in syn:
        zips = ", ".join(f"{v / MB:.1f} MB" for v in s["zips"].values())
        rows.append(
            (
                f"Synthetic, {s['lessons']:,} lessons ({s['modules']} modules of 10, a 3-question quiz each; "
                "SCORM 2004 zip only)",
                f"{s['seconds']:.1f} s ({s['cpu']:.1f} s CPU), peak {s['peak']:.0f} MiB, site "
                f"{s['site_bytes'] / MB:.1f} MB, zip {zips}, {s['lesson_html'] / KB:.0f} KB per lesson page",
                "",
                "",
            )
        )
    if len(syn) == 2:
        small, big = syn

        def per(s, key):
            return s[key] / s["lessons"]

        size = per(big, "site_bytes") / per(small, "site_bytes")
        zip_ = (sum(big["zips"].values()) / big["lessons"]) / (sum(small["zips"].values()) / small["lessons"])
        page = big["lesson_html"] / small["lesson_html"]
        rows.append(
            (
                "Size per lesson, 1,000 / 100 lessons",
                f"site {size:.2f}x ({per(small, 'site_bytes') / KB:.0f} -> {per(big, 'site_bytes') / KB:.0f} KB), "
                f"zip {zip_:.2f}x, lesson page HTML {page:.2f}x",
                "<= 1.5x",
                ok(size <= 1.5 and zip_ <= 1.5) + ("" if page <= 1.5 else " (page HTML **missed**)"),
            )
        )
        wall = per(big, "seconds") / per(small, "seconds")
        cpu = per(big, "cpu") / per(small, "cpu")
        rows.append(
            (
                "Build time per lesson, 1,000 / 100 lessons",
                f"{wall:.2f}x wall ({per(small, 'seconds') * 1000:.0f} -> {per(big, 'seconds') * 1000:.0f} ms), "
                f"{cpu:.2f}x CPU",
                "<= 1.5x",
                ok(wall <= 1.5 and cpu <= 1.5),
            )
        )
    rows.append(
        (
            "`serve`: save a lesson until the served page shows it (bundled course, median of "
            f"{len(serve['samples'])})",
            f"{serve['median']:.2f} s",
            "< 1 s",
            ok(serve["median"] < 1),
        )
    )
    if "page_gz" in weight:
        rows.append(
            (
                f"Learner page weight: first lesson `{weight['page']}`, gzip",
                f"{weight['page_gz'] / KB:.0f} KB in {weight['page_requests']} requests "
                f"({weight['page_raw'] / KB:.0f} KB uncompressed)",
                "",
                "",
            )
        )
    else:
        rows.append(("Learner page weight", f"not measured ({weight['page_error']})", "", ""))
    # The target: our JS and CSS "compressed together"; file by file is shown beside it.
    rows.append(
        (
            "Our JS + CSS (the bundled `course-builder.js` and `scorm.js`, the storage guard, `course-builder.css`), gzip together",
            f"{weight['ours_together_gz'] / KB:.1f} KB together ({weight['ours_raw'] / KB:.0f} KB raw); "
            f"{weight['ours_gz'] / KB:.1f} KB file by file; a lesson page loads "
            f"{weight['ours_pages_gz'] / KB:.1f} KB of it",
            "<= 30 KB",
            ok(weight["ours_together_gz"] <= 30 * KB),
        )
    )
    rows.append(
        (
            "Generated `course-data.js` (not counted above), gzip",
            f"{weight['course_data_gz'] / KB:.1f} KB ({weight['course_data_raw'] / KB:.0f} KB raw)",
            "",
            "",
        )
    )
    rows.append(
        (
            "SCORM 1.2 `suspend_data`, bundled course: worst case / after the whole course (predicted)",
            f"{budget.worst_case:,} / {budget.completed:,} characters",
            f"<= {budget.limit:,}",
            ok(budget.worst_case <= budget.limit),
        )
    )
    runs, worst = hostile["runs"], hostile["worst"]
    slowest, largest = worst["seconds"], worst["peak_kb"]
    rows.append(
        (
            f"`validate` on the hostile-zip corpus ({hostile['cases']} zips: bombs, zip slip, lying headers, "
            "entities...), worst case",
            f"{runs[slowest]['seconds']:.2f} s (`{slowest}`), {runs[worst['cpu']]['cpu']:.2f} s CPU "
            f"(`{worst['cpu']}`), peak {runs[largest]['peak_kb'] / KB:.0f} MiB (`{largest}`)",
            "",
            "",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths)) + " |" for r in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    table = "\n".join(lines)

    notes = [
        f"Builds run in a fresh process each (`course-builder build` / `mkdocs build`, Python start-up "
        f"included); times are the median of {times} runs (1 for the 1,000-lesson course); CPU is the process's "
        "user + system time, which a busy machine disturbs less than wall time; peak memory is its maximum "
        "resident set (getrusage RUSAGE_CHILDREN). Plain MkDocs gets the same nav, theme and Markdown "
        f"extensions, the `search` and `offline` plugins, and our two generated pages as plain pages (the handout with every lesson's Markdown, the certificate). Bundled builds (s): ours {[round(x, 1) for x in ours['runs']]}, "
        f"plain {[round(x, 1) for x in plain['runs']]}."
    ]
    for s in syn:
        notes.append(
            f"Synthetic {s['lessons']:,} lessons: SCORM 1.2 suspend_data would reach {s['budget'].worst_case:,} "
            f"characters at worst ({s['budget'].completed:,} after the whole course), over 1.2's 4,096, so the "
            f"synthetic courses are built with `--format scorm2004` only (limit 64,000), the same work per "
            f"lesson at both sizes. Navigation sidebar: {s['nav'] / KB:.1f} KB of each lesson page "
            f"({s['nav_compact'] / KB:.1f} KB with runs of whitespace collapsed)."
        )
    notes.append(
        f"serve: samples {[round(x, 2) for x in serve['samples']]} s after saving "
        f"`{serve['lesson']}` (serve re-renders only the saved page unless the course itself changed); start-up to the first page "
        f"{serve['startup']:.1f} s."
    )
    if "page_rows" in weight:
        top = ", ".join(f"{n.rsplit('/', 1)[-1]} {g / KB:.1f}" for n, _, g in weight["page_rows"][:6])
        notes.append(
            f"Page weight: every response the page loaded from a local web server in headless Chromium, "
            f"each gzip-compressed (level 6; images and fonts as they are), summed. Largest (KB): {top}. "
            f"Requests to other hosts: {len(weight['external'])}."
        )
    baseline = runs["valid-baseline"]
    notes.append(
        f"Hostile zips: `validate` on each of the {hostile['cases']} zips of `tests/hostile_zips.py` in "
        f"its own process, {hostile['total']:.1f} s in all; the valid baseline takes {baseline['seconds']:.2f} s and "
        f"{baseline['peak_kb'] / KB:.0f} MiB, so the worst case costs "
        f"{runs[slowest]['seconds'] / baseline['seconds']:.1f}x its time and "
        f"{runs[largest]['peak_kb'] / baseline['peak_kb']:.1f}x its memory."
    )
    each = ", ".join(f"{n} {v / KB:.1f}" for n, v in sorted(weight["ours_each_gz"].items(), key=lambda kv: -kv[1]))
    notes.append(
        f"Our files, gzip-compressed one by one (KB): {each}. `scorm.js` runs only in the packages' "
        "launch page, the rest on every site page; `course-data.js` grows with the course."
    )
    # Why the targets are missed (profiled 2026-11-23 on the bundled course; re-check when the build changes).
    if wall_ratio > 1.3 or cpu_ratio > 1.3:
        notes.append(
            f"**Build ratio missed**: {cpu_ratio:.2f}x CPU against 1.3x (3.4x before the fixes of "
            "2026-11-23: the course is now loaded once, YAML is composed by libyaml, Markdown converters are "
            "reused, and each site file is compressed once for both zips). What remains is work plain MkDocs "
            "does not do (profiled): compressing the site into the zips and validating both manifests "
            "(about 0.4 s), converting about 1,900 quiz and simulation texts (0.3 s), schema-checking the "
            "YAML (0.2 s) and importing lxml, jsonschema and the packager (0.3 s). 1.3x is out of reach "
            "while a build also makes and validates two packages; `--format scorm12` builds one."
        )
    if serve["median"] >= 1:
        notes.append(
            f"**serve missed** by {serve['median'] - 1:.1f} s: MkDocs' dev server rebuilds the whole site on "
            "every save (and our plugin reloads the course), so a save costs about one site build. Under "
            "1 s needs MkDocs' `--dirty` rebuild (only the changed page) or a course cached between rebuilds."
        )
    if weight["ours_together_gz"] > 30 * KB:
        notes.append(
            f"**Our JS + CSS missed** by {(weight['ours_together_gz'] - 30 * KB) / KB:.1f} KB compressed "
            f"together (a lesson page loads {weight['ours_pages_gz'] / KB:.1f} KB of it, scorm.js only "
            "the launch page)."
        )
    if len(syn) == 2 and syn[1]["lesson_html"] / syn[0]["lesson_html"] > 1.5:
        notes.append(
            "**Lesson page HTML grows with the number of modules**: even with `navigation.prune`, Material "
            "lists every top-level module on every page, so the site grows with pages x modules "
            f"({syn[0]['nav'] / KB:.0f} KB of navigation per page at {syn[0]['modules']} modules, "
            f"{syn[1]['nav'] / KB:.0f} KB at {syn[1]['modules']}). Site size per lesson stays within 1.5x "
            "only because the fixed assets weigh more at 100 lessons; collapsing the template's whitespace "
            "would halve the navigation, not make it linear. Grouping modules under a few top-level parts "
            "keeps it small; no change is made here."
        )
    return table, notes


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--measure-child":
        return measure_child(sys.argv[3:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1,000-lesson course")
    parser.add_argument("--times", type=int, default=3, help="repeats for the cheap timings (default 3)")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args()
    from course_builder.core.progress import suspend_budget

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="course-builder-bench-") as folder:
        work = Path(folder)

        def step(text):
            print(f"[bench] {text} ({time.monotonic() - started:.0f} s)", file=sys.stderr, flush=True)

        step("bundled course vs plain MkDocs")
        bundled = bench_bundled(work, args.times)
        step("synthetic course, 100 lessons")
        synthetic = [bench_synthetic(work, 10, args.times)]
        if not args.quick:
            step("synthetic course, 1,000 lessons")
            synthetic.append(bench_synthetic(work, 100, 1))
        step("serve: rebuild after an edit")
        serve = bench_serve(work, args.times)
        step("page weight")
        weight = bench_page_weight(bundled["site"], bundled["course"])
        budget = suspend_budget(bundled["course"])
        step("validate on hostile zips")
        hostile = bench_hostile(work)
    table, notes = report(bundled, synthetic, serve, weight, budget, args.times, hostile)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    text = (
        f"# Benchmark results\n\n{stamp}; {machine()}; load average at the end {load}; "
        f"whole run {time.monotonic() - started:.0f} s.\n\n"
        f"{table}\n\n" + "\n".join(f"- {n}" for n in notes) + "\n"
    )
    args.output.write_text(text, encoding="utf-8")
    print(text)
    print(f"[bench] written to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
