"""Run a SCORM package in the test LMS page (tests/lms/lms.html, npm scorm-again) in Chromium.

    session = lms.open("dist/course-scorm12.zip")           # edition read from the manifest
    session.frame().click("text=Next")                        # the SCO's iframe
    assert session.value("cmi.core.lesson_status") == "passed"
    session.assert_clean()                                    # no strict-mode violations

    again = lms.open(zip_path, state=session.resume_state())  # resume with what the LMS stored
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

LMS_DIR = Path(__file__).resolve().parent.parent / "lms"
SCORM_AGAIN_DIST = LMS_DIR / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"

EDITIONS = ("scorm12", "scorm2004")

#: What every session starts with (a real LMS always sends these); ``state=`` overrides them.
DEFAULT_CMI = {
    "scorm12": {
        "cmi.core.student_id": "learner-1",
        "cmi.core.student_name": "Tester, Pat",
        "cmi.core.credit": "credit",  # scorm-again leaves 1.2 credit empty
        "cmi.core.lesson_mode": "normal",
    },
    "scorm2004": {
        "cmi.learner_id": "learner-1",
        "cmi.learner_name": "Tester, Pat",
        "cmi.credit": "credit",
        "cmi.mode": "normal",
    },
}

_counter = itertools.count(1)


# --------------------------------------------------------------------------------------------
# Manifest
# --------------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _attr(el: ElementTree.Element, name: str) -> str | None:
    """Attribute by local name, any namespace, case-insensitive (scormtype / scormType)."""
    for key, value in el.attrib.items():
        if _local(key).lower() == name.lower():
            return value
    return None


def _children(el: ElementTree.Element, name: str) -> list[ElementTree.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child_text(el: ElementTree.Element, name: str) -> str | None:
    for c in el:
        if _local(c.tag).lower() == name.lower():
            return (c.text or "").strip()
    return None


XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"


@dataclass
class Launch:
    """What the manifest says about the first SCO."""

    href: str                     # relative to the package root, with item parameters applied
    edition: str                  # scorm12 | scorm2004
    scorm_type: str | None
    item_identifier: str
    resource_identifier: str
    title: str | None = None
    #: CMI values an LMS derives from the manifest (mastery score, launch data, thresholds).
    cmi: dict[str, str] = field(default_factory=dict)


def _edition_of(root: ElementTree.Element) -> str:
    for metadata in _children(root, "metadata"):
        version = (_child_text(metadata, "schemaversion") or "").lower()
        if version == "1.2":
            return "scorm12"
        if "2004" in version or "1.3" in version:
            return "scorm2004"
    text = ElementTree.tostring(root, encoding="unicode")
    if "adlcp_rootv1p2" in text:
        return "scorm12"
    if "adlcp_v1p3" in text:
        return "scorm2004"
    raise ValueError("cannot tell the SCORM edition from imsmanifest.xml")


def _first_launchable_item(organization: ElementTree.Element) -> ElementTree.Element | None:
    for item in organization.iter():
        if _local(item.tag) == "item" and item.get("identifierref"):
            return item
    return None


def _apply_parameters(href: str, parameters: str | None) -> str:
    if not parameters:
        return href
    if parameters[0] in "?#":
        return href + parameters if parameters[0] == "#" or "?" not in href else href + "&" + parameters[1:]
    return href + ("&" if "?" in href else "?") + parameters


def read_launch(package: str | Path) -> Launch:
    """Parse ``imsmanifest.xml`` (a path to it, to a folder holding it, or to a zip)."""
    package = Path(package)
    if package.is_dir():
        data = (package / "imsmanifest.xml").read_bytes()
    elif package.suffix.lower() == ".zip":
        with zipfile.ZipFile(package) as zf:
            data = zf.read("imsmanifest.xml")
    else:
        data = package.read_bytes()
    root = ElementTree.fromstring(data)
    if _local(root.tag) != "manifest":
        raise ValueError(f"root element is <{_local(root.tag)}>, not <manifest>")
    edition = _edition_of(root)

    organizations = _children(root, "organizations")
    orgs = [o for group in organizations for o in _children(group, "organization")]
    if not orgs:
        raise ValueError("imsmanifest.xml has no <organization>")
    default = organizations[0].get("default") if organizations else None
    org = next((o for o in orgs if o.get("identifier") == default), orgs[0])
    item = _first_launchable_item(org)
    if item is None:
        raise ValueError("the default organization has no item with an identifierref")

    resources_el = next(iter(_children(root, "resources")), None)
    if resources_el is None:
        raise ValueError("imsmanifest.xml has no <resources>")
    ref = item.get("identifierref")
    resource = next((r for r in _children(resources_el, "resource") if r.get("identifier") == ref), None)
    if resource is None:
        raise ValueError(f"no <resource identifier={ref!r}>")
    href = resource.get("href")
    if not href:
        raise ValueError(f"resource {ref!r} has no href")
    base = (resources_el.get(XML_BASE) or "") + (resource.get(XML_BASE) or "")
    href = _apply_parameters(base + href, item.get("parameters"))

    cmi: dict[str, str] = {}
    if edition == "scorm12":
        mastery = _child_text(item, "masteryscore")
        if mastery:
            cmi["cmi.student_data.mastery_score"] = mastery
        data_from_lms = _child_text(item, "datafromlms")
        if data_from_lms:
            cmi["cmi.launch_data"] = data_from_lms
    else:
        data_from_lms = _child_text(item, "dataFromLMS")
        if data_from_lms:
            cmi["cmi.launch_data"] = data_from_lms
        for threshold in (c for c in item if _local(c.tag) == "completionThreshold"):
            value = threshold.get("minProgressMeasure") or (threshold.text or "").strip()
            if value:
                cmi["cmi.completion_threshold"] = value
        for primary in (el for el in item.iter() if _local(el.tag) == "primaryObjective"):
            if (primary.get("satisfiedByMeasure") or "").lower() == "true":
                measure = _child_text(primary, "minNormalizedMeasure")
                cmi["cmi.scaled_passing_score"] = measure or "1.0"

    return Launch(
        href=href,
        edition=edition,
        scorm_type=_attr(resource, "scormType"),
        item_identifier=item.get("identifier") or "",
        resource_identifier=ref,
        title=_child_text(item, "title"),
        cmi=cmi,
    )


# --------------------------------------------------------------------------------------------
# Building a minimal package from a folder (for hand-written fixture SCOs)
# --------------------------------------------------------------------------------------------

_MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="res-1">
        <title>{title}</title>{item_extra}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormtype="sco" href="{launch}">
{files}
    </resource>
  </resources>
</manifest>
"""

_MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="{identifier}" version="1.0"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
  xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="org-1">
    <organization identifier="org-1">
      <title>{title}</title>
      <item identifier="item-1" identifierref="res-1">
        <title>{title}</title>{item_extra}
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res-1" type="webcontent" adlcp:scormType="sco" href="{launch}">
{files}
    </resource>
  </resources>
</manifest>
"""


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def make_sco_zip(
    source: str | Path,
    out: str | Path,
    edition: str,
    *,
    launch: str = "index.html",
    title: str = "Test SCO",
    identifier: str = "test-sco",
    mastery_score: int | None = None,
) -> Path:
    """Zip the files of folder ``source`` with a minimal one-SCO ``imsmanifest.xml``.

    For the harness's own hand-written SCOs only: the manifest is not meant to pass the
    official schema checks (no .xsd files are included).
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    source = Path(source)
    out = Path(out)
    files = sorted(p for p in source.rglob("*") if p.is_file() and p.name != "imsmanifest.xml")
    rel = [p.relative_to(source).as_posix() for p in files]
    if launch not in rel:
        raise ValueError(f"launch file {launch!r} is not in {source}")
    item_extra = ""
    if mastery_score is not None:
        if edition == "scorm12":
            item_extra = f"\n        <adlcp:masteryscore>{int(mastery_score)}</adlcp:masteryscore>"
        else:
            item_extra = (
                "\n        <imsss:sequencing><imsss:objectives>"
                '<imsss:primaryObjective objectiveID="primary" satisfiedByMeasure="true">'
                f"<imsss:minNormalizedMeasure>{mastery_score / 100:g}</imsss:minNormalizedMeasure>"
                "</imsss:primaryObjective></imsss:objectives></imsss:sequencing>"
            )
    template = _MANIFEST_12 if edition == "scorm12" else _MANIFEST_2004
    manifest = template.format(
        identifier=_xml_escape(identifier),
        title=_xml_escape(title),
        launch=_xml_escape(launch),
        item_extra=item_extra,
        files="\n".join(f'      <file href="{_xml_escape(r)}"/>' for r in rel),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("imsmanifest.xml", manifest)
        for path, name in zip(files, rel):
            zf.write(path, name)
    return out


# --------------------------------------------------------------------------------------------
# CMI data helpers
# --------------------------------------------------------------------------------------------

def flatten_cmi(data: Mapping[str, Any] | None) -> dict[str, str]:
    """Nested CMI JSON ({"cmi": {...}}, {...} or already flattened) -> {"cmi.a.b": "value"}.

    Lists and dicts with numeric keys become ``.0.``-style indexes; values become strings
    (scorm-again skips falsy values, so 0 must arrive as "0").
    """
    if not data:
        return {}
    out: dict[str, str] = {}

    def walk(prefix: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(f"{prefix}.{k}" if prefix else str(k), v)
        elif isinstance(value, (list, tuple)):
            for i, v in enumerate(value):
                walk(f"{prefix}.{i}", v)
        elif value is None:
            return
        elif isinstance(value, bool):
            out[prefix] = "true" if value else "false"
        else:
            out[prefix] = str(value)

    items = dict(data)
    if all("." in k for k in items) and all(k.startswith(("cmi.", "adl.")) for k in items):
        walk("", items)
        return out
    if "cmi" in items or "adl" in items:
        walk("", items)
    else:
        walk("cmi", items)
    return out


_RESUME_KEEP = {
    "scorm12": [
        r"cmi\.core\.(student_id|student_name|lesson_location|credit|lesson_status|total_time|lesson_mode)",
        r"cmi\.core\.score\.(raw|min|max)",
        r"cmi\.(suspend_data|launch_data|comments|comments_from_lms)",
        r"cmi\.student_data\.(mastery_score|max_time_allowed|time_limit_action)",
        r"cmi\.student_preference\.(audio|language|speed|text)",
        r"cmi\.objectives\.\d+\.(id|status|score\.(raw|min|max))",
    ],
    "scorm2004": [
        r"cmi\.(learner_id|learner_name|location|credit|mode|completion_status|success_status)",
        r"cmi\.(progress_measure|total_time|suspend_data|launch_data|completion_threshold)",
        r"cmi\.(scaled_passing_score|max_time_allowed|time_limit_action)",
        r"cmi\.score\.(scaled|raw|min|max)",
        r"cmi\.learner_preference\.(audio_level|language|delivery_speed|audio_captioning)",
        r"cmi\.objectives\.\d+\.(id|success_status|completion_status|progress_measure|description"
        r"|score\.(scaled|raw|min|max))",
        r"cmi\.interactions\.\d+\.(id|type|timestamp|weighting|learner_response|result|latency"
        r"|description|objectives\.\d+\.id|correct_responses\.\d+\.pattern)",
        r"cmi\.comments_from_(learner|lms)\.\d+\.(comment|location|timestamp)",
    ],
}


def resume_state(stored: Mapping[str, Any] | None, edition: str) -> dict[str, str]:
    """What an LMS hands the SCO on the next launch, from what it stored (``session.stored()``).

    Keeps the persistent elements (location, status, score, suspend data, total time,
    objectives, 2004 interactions, ...), drops session-only ones (session_time, exit, _count)
    and sets ``entry`` to "resume" when the SCO exited with "suspend" (else "").
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    flat = flatten_cmi(stored)
    keep = re.compile("^(?:" + "|".join(_RESUME_KEEP[edition]) + ")$")
    out = {k: v for k, v in flat.items() if keep.match(k) and v != ""}
    exit_key = "cmi.core.exit" if edition == "scorm12" else "cmi.exit"
    entry_key = "cmi.core.entry" if edition == "scorm12" else "cmi.entry"
    out[entry_key] = "resume" if flat.get(exit_key) == "suspend" else ""
    if out[entry_key] == "":
        del out[entry_key]
    return out


# --------------------------------------------------------------------------------------------
# The LMS
# --------------------------------------------------------------------------------------------

class LmsError(RuntimeError):
    pass


class LmsSession:
    """One launch of a SCO in the test LMS page."""

    def __init__(self, page, edition: str, url: str, content_dir: Path, launch: Launch | None):
        self.page = page
        self.edition = edition
        self.url = url
        self.content_dir = content_dir
        self.launch = launch

    # --- frames -------------------------------------------------------------------------
    def frame(self, *selectors: str, timeout: float = 10_000):
        """The SCO's iframe as a Playwright Frame; with selectors, the nested iframe(s) inside it.

        ``session.frame("#inner")`` is the frame of ``<iframe id="inner">`` inside the SCO;
        ``session.frame("#a", "#b")`` goes two levels down.
        """
        handle = self.page.wait_for_selector("iframe#sco", state="attached", timeout=timeout)
        frame = handle.content_frame()
        for selector in selectors:
            if frame is None:
                break
            frame.wait_for_load_state("load", timeout=timeout)
            handle = frame.wait_for_selector(selector, state="attached", timeout=timeout)
            frame = handle.content_frame()
        if frame is None:
            raise LmsError(f"no frame for {('iframe#sco',) + selectors}")
        frame.wait_for_load_state("load", timeout=timeout)
        return frame

    def frames(self) -> list:
        """Every frame below the LMS page (the SCO and anything nested in it), depth-first."""
        out = []

        def walk(f):
            for child in f.child_frames:
                out.append(child)
                walk(child)

        walk(self.page.main_frame)
        return out

    # --- LMS data -----------------------------------------------------------------------
    def _eval(self, expression: str):
        return self.page.evaluate(expression)

    def log(self) -> list[dict]:
        """Every API call: [{method, args, result, error}] (error = GetLastError after the call)."""
        return self._eval("window.lmsLog")

    def calls(self, method: str) -> list[dict]:
        """The log entries of one method, e.g. ``calls("LMSSetValue")`` or ``calls("Commit")``."""
        return [entry for entry in self.log() if entry["method"] == method]

    def set_values(self) -> dict[str, str]:
        """Element -> last value the SCO set (successful or not)."""
        out: dict[str, str] = {}
        for entry in self.log():
            if entry["method"] in ("LMSSetValue", "SetValue") and len(entry["args"]) >= 2:
                out[str(entry["args"][0])] = str(entry["args"][1])
        return out

    def violations(self) -> list[dict]:
        """Strict-mode violations: [{rule, method, args, message}]."""
        return self._eval("window.lmsViolations")

    def rules(self) -> set[str]:
        """The set of violated rule names."""
        return {v["rule"] for v in self.violations()}

    def commits(self) -> int:
        """Number of successful explicit Commit / LMSCommit calls."""
        return self._eval("window.lmsCommits")

    def state(self) -> dict:
        """The LMS-held CMI data now, as nested JSON: {"cmi": {...}}."""
        return self._eval("window.lmsState()")

    def flat_state(self) -> dict[str, Any]:
        """The LMS-held CMI data now, flattened: {"cmi.core.lesson_status": ...}."""
        return self._eval("window.lmsFlatState()")

    def value(self, element: str, default: Any = None) -> Any:
        """One element of :meth:`flat_state`, e.g. ``value("cmi.core.lesson_status")``."""
        return self.flat_state().get(element, default)

    def stored(self) -> dict | None:
        """What the LMS persisted at the last successful Commit or Terminate (None if never)."""
        return self._eval("window.lmsStored")

    def resume_state(self) -> dict[str, str]:
        """State to pass to :meth:`Lms.open` to resume from what was stored."""
        return resume_state(self.stored(), self.edition)

    @property
    def initialized(self) -> bool:
        return bool(self._eval("window.lmsInitialized"))

    @property
    def terminated(self) -> bool:
        return bool(self._eval("window.lmsTerminated"))

    # --- waiting ------------------------------------------------------------------------
    def wait_for(self, expression: str, timeout: float = 10_000) -> None:
        """Wait until a JS expression on the LMS page is truthy (e.g. "window.lmsCommits >= 2")."""
        self.page.wait_for_function(expression, timeout=timeout)

    def wait_for_initialize(self, timeout: float = 10_000) -> None:
        self.wait_for("window.lmsInitialized", timeout)

    def wait_for_terminate(self, timeout: float = 10_000) -> None:
        self.wait_for("window.lmsTerminated", timeout)

    def wait_for_call(self, method: str, timeout: float = 10_000) -> None:
        self.page.wait_for_function(
            "m => window.lmsLog.some(e => e.method === m)", arg=method, timeout=timeout
        )

    # --- assertions ---------------------------------------------------------------------
    def assert_clean(self, *, terminated: bool = True) -> None:
        """Fail with a readable list unless there were no violations (and, by default, the
        session was initialized and terminated)."""
        problems = [f"{v['rule']}: {v['message']}" for v in self.violations()]
        if not self.initialized:
            problems.append("the SCO never initialized the session")
        if terminated and not self.terminated:
            problems.append("the SCO never terminated the session")
        if problems:
            raise AssertionError("LMS strict checks failed:\n  " + "\n  ".join(problems))


class Lms:
    """Launches SCORM packages in the test LMS page on a local server.

    ``root`` is served by ``server`` (a :class:`~harness.server.StaticServer`); the LMS page
    lives at /lms/, packages are extracted to /lms-content/<name>/ and preloaded state is
    written to /lms-state/<name>.json.
    """

    def __init__(self, page, server, root: Path, dist: Path = SCORM_AGAIN_DIST):
        self.page = page
        self.server = server
        self.root = Path(root)
        lms_dir = self.root / "lms"
        lms_dir.mkdir(parents=True, exist_ok=True)
        for name in ("lms.html", "lms.js"):
            shutil.copy2(LMS_DIR / name, lms_dir / name)
        shutil.copy2(dist, lms_dir / "scorm-again.js")
        self.sessions: list[LmsSession] = []

    def _extract(self, package: Path, name: str) -> Path:
        dest = self.root / "lms-content" / name
        dest.mkdir(parents=True)
        if package.is_dir():
            shutil.copytree(package, dest, dirs_exist_ok=True)
            return dest
        with zipfile.ZipFile(package) as zf:
            for info in zf.infolist():
                target = (dest / info.filename).resolve()
                if dest.resolve() not in target.parents and target != dest.resolve():
                    raise LmsError(f"{package.name}: {info.filename!r} leaves the package root")
            zf.extractall(dest)
        return dest

    def open(
        self,
        package: str | Path,
        edition: str | None = None,
        *,
        state: Mapping[str, Any] | None = None,
        launch: str | None = None,
        allow_errors: Iterable[str | int] = (),
        name: str | None = None,
        wait: bool = True,
        timeout: float = 10_000,
    ) -> LmsSession:
        """Extract ``package`` (zip or folder), launch its first SCO and return the session.

        ``edition``: "scorm12" / "scorm2004"; default: from the manifest.
        ``state``: CMI data to preload (nested {"cmi": ...}, nested without "cmi", or
        flattened {"cmi.x": ...}), e.g. ``previous.resume_state()``; merged over the default
        learner and what the manifest implies (mastery score, launch data, thresholds).
        ``launch``: launch file relative to the package root, instead of the manifest's.
        ``allow_errors``: SCORM error codes that are not violations (e.g. ["403"]).
        ``wait``: wait until the SCO's frame has loaded.
        """
        package = Path(package)
        if not package.exists():
            raise FileNotFoundError(package)
        name = name or f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', package.stem)}-{next(_counter)}"
        content = self._extract(package, name)

        manifest = content / "imsmanifest.xml"
        info = read_launch(manifest) if manifest.exists() else None
        if info is None and (launch is None or edition is None):
            raise LmsError(f"{package}: no imsmanifest.xml; pass launch= and edition=")
        edition = edition or info.edition
        if edition not in EDITIONS:
            raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
        href = launch or info.href

        initial = dict(DEFAULT_CMI[edition])
        if info is not None:
            initial.update(info.cmi)
        initial.update(flatten_cmi(state))
        state_dir = self.root / "lms-state"
        state_dir.mkdir(exist_ok=True)
        (state_dir / f"{name}.json").write_text(json.dumps(initial, indent=1), encoding="utf-8")

        query = {
            "edition": edition,
            "launch": f"/lms-content/{quote(name)}/{href}",
            "state": f"/lms-state/{quote(name)}.json",
        }
        codes = [str(c) for c in allow_errors]
        if codes:
            query["allowErrors"] = ",".join(codes)
        url = self.server.url("/lms/lms.html") + "?" + urlencode(query)
        self.page.goto(url)
        self.page.wait_for_function("window.lmsReady || window.lmsError", timeout=timeout)
        error = self.page.evaluate("window.lmsError")
        if error:
            raise LmsError(f"test LMS failed to start: {error}")
        session = LmsSession(self.page, edition, url, content, info)
        if wait:
            session.frame(timeout=timeout)
        self.sessions.append(session)
        return session
