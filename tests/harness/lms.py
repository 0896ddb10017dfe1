r"""Run a SCORM package in the test LMS page (tests/lms/lms.html, npm scorm-again) in Chromium.

    session = lms.open("dist/course-scorm12.zip")           # edition read from the manifest
    session.frame().click("text=Next")                        # the SCO's iframe
    assert session.value("cmi.core.lesson_status") == "passed"
    session.assert_clean()                                    # no strict-mode violations

    again = lms.open(zip_path, state=session.resume_state())  # resume with what the LMS stored

A struggling LMS and other attempt modes (see :meth:`Lms.open`):

    session = lms.open(zip_path, commit_failures=2, setvalue_failures=1,
                       vanish_after=5, return_after_ms=800)
    ...
    session.injected()        # the calls the LMS made fail (never strict-mode violations)
    session.stored()          # what was persisted: assert "nothing lost" against this
    session.vanish(); session.restore()

    review = lms.open(zip_path, mode="review", credit="no-credit", entry="resume")
    review.assert_clean()     # includes the "write-in-review" rule

    session.interactions(); session.objectives(); session.call_counts()

The test LMS is strict like a real one (Moodle 4.5.6): it *refuses* what Moodle refuses -- SCORM 1.2
suspend data over 4,096 characters (405), a 2004 objective slot's id changed to another (351),
identifiers outside Moodle's CMIShortIdentifier ``^[\w.]{1,250}$`` in 2004 choice, sequencing,
matching, likert and performance responses (406), Initialize after Terminate (104 / 101), 1.2 calls
after LMSFinish (301) -- and records each as a violation. Like Moodle it sets the 2004
cmi.objectives.n.id from the manifest at every launch, and cmi.scaled_passing_score by Moodle's rule
(see :func:`read_launch`).

More faults, the learner's browser, and LMS profiles (see :data:`PROFILES` and :meth:`Lms.open`):

    session = lms.open(zip_path, initialize_failures=1, refuse={r"cmi\.suspend_data": 405})
    session = lms.open(zip_path, refuse=[(r"cmi\.interactions\.\d+\.result", 351, 2)])  # twice only
    session.reload_sco()      # F5 in the course frame: its Initialize is now refused
    session.assert_clean(allow=["initialize-after-terminate"])
    session.close()           # close the tab: the SCO's pagehide / unload run; log() etc. still answer

    lms.open(zip_path, profile="moodle" | "cornerstone" | "successfactors" | "no-lesson-mode" | "sync-xhr" |
             "slow-commit")
    lms.open(new_version_zip, profile="successfactors", resume=True)   # from the LMS's record of the course
    lms.record(session.course_key)                                      # that record
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from xml.etree import ElementTree

LMS_DIR = Path(__file__).resolve().parent.parent / "lms"
SCORM_AGAIN_DIST = LMS_DIR / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"

EDITIONS = ("scorm12", "scorm2004")
MODES = ("normal", "review", "browse")
CREDITS = ("credit", "no-credit")
ENTRIES = ("resume", "ab-initio", "")

#: The role of each API method (edition-agnostic names for :meth:`LmsSession.call_counts`).
ROLES = {
    "LMSInitialize": "initialize",
    "Initialize": "initialize",
    "LMSFinish": "terminate",
    "Terminate": "terminate",
    "LMSGetValue": "get",
    "GetValue": "get",
    "LMSSetValue": "set",
    "SetValue": "set",
    "LMSCommit": "commit",
    "Commit": "commit",
    "LMSGetLastError": "get_last_error",
    "GetLastError": "get_last_error",
    "LMSGetErrorString": "get_error_string",
    "GetErrorString": "get_error_string",
    "LMSGetDiagnostic": "get_diagnostic",
    "GetDiagnostic": "get_diagnostic",
}

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


@dataclass(frozen=True)
class Profile:
    """A small set of documented behaviours of one LMS, layered on the strict test LMS."""

    name: str
    summary: str
    #: SCORM 1.2: LMSInitialize after LMSFinish starts a new session on the launch data.
    reinitialize_after_finish: bool = False
    #: Commit returns null (and stores nothing) while the LMS page or the SCO frame is unloading.
    commit_returns_null_on_unload: bool = False
    #: Commit and Terminate block this long (a synchronous request to a slow server).
    commit_delay_ms: int = 0
    #: Commit and Terminate fail (nothing stored) while the LMS page or the SCO frame is unloading.
    save_fails_on_unload: bool = False
    #: How cmi.entry and cmi.credit are set: "strict" (entry "resume" after a suspend, else
    #: unset) or "moodle" (see :func:`resume_state`; "ab-initio" at first, credit by mode).
    attempts: str = "strict"
    #: Learner records are keyed by this many leading characters of the manifest identifier.
    course_key_length: int | None = None
    #: False: a 1.2 LMS that never sets cmi.core.lesson_mode and cmi.core.credit (both "");
    #: 2004 cmi.mode and cmi.credit stay at their defaults.
    sets_lesson_mode: bool = True


#: ``lms.open(..., profile=NAME)``. Each follows a documented fact: /work/shared/field-notes.md,
#: /work/shared/lms/README.md and Moodle 4.5.6's mod/scorm source.
PROFILES = {
    profile.name: profile
    for profile in (
        Profile("strict", "the strict test LMS alone (the default)"),
        Profile(
            "moodle",
            "Moodle 4.5: objectives and scaled passing score from the manifest (the default "
            "anyway), 2004 Initialize after Terminate refused (104), 1.2 LMSInitialize after LMSFinish "
            "starts over on the launch data (scorm_12.js), entry and credit as Moodle sets them",
            reinitialize_after_finish=True,
            attempts="moodle",
        ),
        Profile(
            "cornerstone",
            "Cornerstone: Commit returns null during page unload (field notes)",
            commit_returns_null_on_unload=True,
        ),
        Profile(
            "successfactors",
            "SuccessFactors: a course is the first 15 characters of the manifest "
            "identifier (field notes); learner records are kept under that key (open(resume=True))",
            course_key_length=15,
        ),
        Profile(
            "no-lesson-mode",
            "a 1.2 LMS that never sets cmi.core.lesson_mode or cmi.core.credit "
            "(field notes: missing lesson_mode); 2004 cmi.mode and cmi.credit left at their defaults",
            sets_lesson_mode=False,
        ),
        Profile(
            "sync-xhr",
            "an LMS whose Commit and Terminate are synchronous requests, which browsers refuse "
            "during page dismissal (field notes): both fail while the page is unloading",
            save_fails_on_unload=True,
        ),
        Profile(
            "slow-commit",
            "an LMS whose Commit is a slow synchronous request: Commit and Terminate "
            "block for 150 ms (field notes: synchronous XHR)",
            commit_delay_ms=150,
        ),
    )
}


def _profile(name: str) -> Profile:
    if name not in PROFILES:
        raise ValueError(f"profile must be one of {sorted(PROFILES)}, not {name!r}")
    return PROFILES[name]


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

    href: str  # relative to the package root, with item parameters applied
    edition: str  # scorm12 | scorm2004
    scorm_type: str | None
    item_identifier: str
    resource_identifier: str
    title: str | None = None
    #: CMI values an LMS derives from the manifest (mastery score, launch data, thresholds,
    #: SCORM 2004 objective ids and scaled passing score as Moodle sets them).
    cmi: dict[str, str] = field(default_factory=dict)
    #: The manifest's identifier (LMSs key a course's learner records by it, or part of it).
    identifier: str = ""


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
        cmi.update(_objective_cmi(item))

    return Launch(
        href=href,
        edition=edition,
        scorm_type=_attr(resource, "scormType"),
        item_identifier=item.get("identifier") or "",
        resource_identifier=ref,
        title=_child_text(item, "title"),
        cmi=cmi,
        identifier=root.get("identifier") or "",
    )


def _objective_cmi(item: ElementTree.Element) -> dict[str, str]:
    """cmi.objectives.n.id and cmi.scaled_passing_score from a SCORM 2004 item's objectives, as
    Moodle 4.5 sets them at the start of every attempt (scorm_13lib.php, scormlib.php).

    Every <imsss:primaryObjective> / <imsss:objective> in manifest order: each with an
    objectiveID fills the next objective slot; each sets the scaled passing score to its
    minNormalizedMeasure (1 when it has none), so the last one wins. The specification lets
    an LMS derive the passing score; this is what a widely used one does.
    """
    cmi: dict[str, str] = {}
    sequencing = next(iter(_children(item, "sequencing")), None)
    objectives = next(iter(_children(sequencing, "objectives")), None) if sequencing is not None else None
    if objectives is None:
        return cmi
    index = 0
    for objective in objectives:
        if _local(objective.tag) not in ("primaryObjective", "objective"):
            continue
        measure = _child_text(objective, "minNormalizedMeasure")
        measure = "1" if measure is None else (measure or "0")
        if not _is_zero(measure):  # PHP's empty(): a 0 keeps the value before it
            cmi["cmi.scaled_passing_score"] = measure
        if objective.get("objectiveID"):
            cmi[f"cmi.objectives.{index}.id"] = objective.get("objectiveID")
            index += 1
    return cmi


def _is_zero(text: str) -> bool:
    try:
        return float(text) == 0
    except ValueError:
        return False


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
    objectives: Iterable[tuple[str | None, float | None]] | None = None,
) -> Path:
    """Zip the files of folder ``source`` with a minimal one-SCO ``imsmanifest.xml``.

    ``mastery_score``: 1.2 <adlcp:masteryscore>; 2004 a primary objective "primary" satisfied
    by a measure of mastery_score / 100. ``objectives`` (2004, instead): [(objectiveID or None,
    minNormalizedMeasure or None), ...], the first as the <imsss:primaryObjective>.

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
    if edition == "scorm12" and mastery_score is not None:
        item_extra = f"\n        <adlcp:masteryscore>{int(mastery_score)}</adlcp:masteryscore>"
    elif edition == "scorm2004" and (mastery_score is not None or objectives):
        if not objectives:
            objectives = [("primary", mastery_score / 100)]
        elements = []
        for index, (objective_id, measure) in enumerate(objectives):
            tag = "imsss:primaryObjective" if index == 0 else "imsss:objective"
            attributes = f' objectiveID="{_xml_escape(objective_id)}"' if objective_id else ""
            if measure is not None:
                attributes += ' satisfiedByMeasure="true"'
                inner = f"<imsss:minNormalizedMeasure>{measure:g}</imsss:minNormalizedMeasure>"
            else:
                inner = ""
            elements.append(f"<{tag}{attributes}>{inner}</{tag}>")
        item_extra = (
            "\n        <imsss:sequencing><imsss:objectives>"
            + "".join(elements)
            + "</imsss:objectives></imsss:sequencing>"
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


def _collection(flat: Mapping[str, Any], name: str) -> list[tuple[int, dict[str, str]]]:
    """``cmi.<name>.<n>.<rest>`` entries of a flat CMI dict as [(n, {rest: value})], by n."""
    pattern = re.compile(rf"^cmi\.{name}\.(\d+)\.(.+)$")
    items: dict[int, dict[str, str]] = {}
    for key, value in flat.items():
        match = pattern.match(key)
        if match and not isinstance(value, Mapping):
            items.setdefault(int(match[1]), {})[match[2]] = value
    return sorted(items.items())


def _sub_list(fields: Mapping[str, str], name: str, leaf: str) -> list[str]:
    """``<name>.<n>.<leaf>`` values of one collection entry, by n."""
    pattern = re.compile(rf"^{name}\.(\d+)\.{leaf}$")
    found = {int(m[1]): value for key, value in fields.items() if (m := pattern.match(key))}
    return [found[i] for i in sorted(found)]


def interactions_from_flat(flat: Mapping[str, Any], edition: str) -> list[dict[str, Any]]:
    """The interactions in a flat CMI dict, in index order, with edition-agnostic keys.

    Each: ``index``, ``id``, ``type``, ``learner_response`` (1.2 ``student_response``),
    ``correct_responses`` (list of patterns), ``result``, ``latency``, ``timestamp`` (1.2 ``time``),
    ``weighting``, ``objectives`` (list of ids) and ``description`` (None in 1.2, which has none).
    Values are the raw strings ("" when not set), e.g. 1.2 ``result`` "wrong" vs 2004 "incorrect".
    """
    v12 = edition == "scorm12"
    out = []
    for index, fields in _collection(flat, "interactions"):
        out.append(
            {
                "index": index,
                "id": fields.get("id", ""),
                "type": fields.get("type", ""),
                "learner_response": fields.get("student_response" if v12 else "learner_response", ""),
                "correct_responses": _sub_list(fields, "correct_responses", "pattern"),
                "result": fields.get("result", ""),
                "latency": fields.get("latency", ""),
                "timestamp": fields.get("time" if v12 else "timestamp", ""),
                "weighting": fields.get("weighting", ""),
                "objectives": _sub_list(fields, "objectives", "id"),
                "description": None if v12 else fields.get("description", ""),
            }
        )
    return out


def objectives_from_flat(flat: Mapping[str, Any], edition: str) -> list[dict[str, Any]]:
    """The objectives in a flat CMI dict, in index order, with edition-agnostic keys.

    Each: ``index``, ``id``, ``score`` ({raw, min, max, scaled}), ``status`` (1.2's single
    status; None in 2004), ``success_status``, ``completion_status``, ``progress_measure`` and
    ``description`` (2004; None in 1.2). ``score.scaled`` is None in 1.2. Raw strings, "" if unset.
    """
    v12 = edition == "scorm12"
    out = []
    for index, fields in _collection(flat, "objectives"):
        only_2004 = (lambda key: None) if v12 else (lambda key, fields=fields: fields.get(key, ""))
        out.append(
            {
                "index": index,
                "id": fields.get("id", ""),
                "score": {
                    "raw": fields.get("score.raw", ""),
                    "min": fields.get("score.min", ""),
                    "max": fields.get("score.max", ""),
                    "scaled": only_2004("score.scaled"),
                },
                "status": fields.get("status", "") if v12 else None,
                "success_status": only_2004("success_status"),
                "completion_status": only_2004("completion_status"),
                "progress_measure": only_2004("progress_measure"),
                "description": only_2004("description"),
            }
        )
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


def resume_state(stored: Mapping[str, Any] | None, edition: str, profile: str = "strict") -> dict[str, str]:
    """What an LMS hands the SCO on the next launch, from what it stored (``session.stored()``).

    Keeps the persistent elements (location, status, score, suspend data, total time,
    objectives, 2004 interactions, ...), drops session-only ones (session_time, exit, _count)
    and sets ``entry`` to "resume" when the SCO exited with "suspend" (else leaves it unset).

    ``profile="moodle"`` sets ``entry`` as Moodle 4.5 does (scorm_12lib.php, scorm_13lib.php):
    1.2 "resume" after exit "suspend", "" after any other exit, "ab-initio" if no status was ever
    stored; 2004 "resume" after "suspend" or "logout", "ab-initio" after "normal", "time-out" or none.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    flat = flatten_cmi(stored)
    keep = re.compile("^(?:" + "|".join(_RESUME_KEEP[edition]) + ")$")
    out = {k: v for k, v in flat.items() if keep.match(k) and v != ""}
    v12 = edition == "scorm12"
    exit_value = flat.get("cmi.core.exit" if v12 else "cmi.exit", "")
    entry_key = "cmi.core.entry" if v12 else "cmi.entry"
    if _profile(profile).attempts == "moodle":
        if v12:
            status = flat.get("cmi.core.lesson_status", "")
            tracked = status not in ("", "not attempted")
            out[entry_key] = ("resume" if exit_value == "suspend" else "") if tracked else "ab-initio"
        else:
            out[entry_key] = "resume" if exit_value in ("suspend", "logout") else "ab-initio"
    elif exit_value == "suspend":
        out[entry_key] = "resume"
    return out


# --------------------------------------------------------------------------------------------
# The LMS
# --------------------------------------------------------------------------------------------


class LmsError(RuntimeError):
    pass


#: What :meth:`LmsSession._read` reads: window.lmsSnapshot() field -> live expression.
_LIVE = {
    "log": "window.lmsLog",
    "violations": "window.lmsViolations",
    "commits": "window.lmsCommits",
    "stored": "window.lmsStored",
    "stores": "window.lmsStores",
    "initialized": "window.lmsInitialized",
    "terminated": "window.lmsTerminated",
    "sessions": "window.lmsSessions",
    "mode": "window.lmsMode",
    "faults": "window.lmsFaults",
    "vanished": "window.lmsVanished",
    "profile": "window.lmsProfile",
}


class LmsSession:
    """One launch of a SCO in the test LMS page."""

    def __init__(
        self,
        page,
        edition: str,
        url: str,
        content_dir: Path,
        launch: Launch | None,
        *,
        lms: Lms | None = None,
        name: str = "",
        profile: str = "strict",
        course_key: str = "",
        resumed: bool = False,
    ):
        self.page = page
        self.edition = edition
        self.url = url
        self.content_dir = content_dir
        self.launch = launch
        self.lms = lms
        self.name = name
        self.profile = profile
        #: The key this LMS keeps the learner's record of the course under (see Lms.record).
        self.course_key = course_key
        #: True if the launch took its data from an earlier record (``open(resume=True)``).
        self.resumed = resumed
        self.record_key = f"lms-record:{name}"  # ?record= of its LMS page
        self.closed = False
        self._final: dict | None = None  # window.lmsSnapshot() as the tab closed

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
        if self.closed:
            raise LmsError("the LMS page is closed: read log(), stored(), violations() ... instead")
        return self.page.evaluate(expression)

    def _read(self, name: str):
        """One field of window.lmsSnapshot(): live, or as it was when the tab closed."""
        if self.closed:
            return (self._final or {}).get(name)
        return self._eval(_LIVE[name])

    def log(self) -> list[dict]:
        """Every API call: [{method, args, result, error}] (error = GetLastError after the call).

        Calls the test LMS made fail on purpose also have ``injected: True`` and ``fault``
        (see :meth:`injected`); a call that threw has ``exception``.
        """
        return self._read("log")

    def calls(self, method: str) -> list[dict]:
        """The log entries of one method, e.g. ``calls("LMSSetValue")`` or ``calls("Commit")``."""
        return [entry for entry in self.log() if entry["method"] == method]

    def set_values(self) -> dict[str, str]:
        """Element -> last value the SCO set (successful or not, injected failures included)."""
        out: dict[str, str] = {}
        for entry in self.log():
            if entry["method"] in ("LMSSetValue", "SetValue") and len(entry["args"]) >= 2:
                out[str(entry["args"][0])] = str(entry["args"][1])
        return out

    def accepted_values(self) -> dict[str, str]:
        """Element -> last value the LMS accepted (SetValue returned "true"), in call order.

        Refused values (data-model errors, injected failures, calls while the API was gone)
        are left out. For SCORM 1.2 write-only elements this is the SCO-side view of what the
        LMS holds.
        """
        out: dict[str, str] = {}
        for entry in self.log():
            if (
                entry["method"] in ("LMSSetValue", "SetValue")
                and len(entry["args"]) >= 2
                and str(entry["result"]) == "true"
                and not entry.get("injected")
            ):
                out[str(entry["args"][0])] = str(entry["args"][1])
        return out

    def injected(self) -> list[dict]:
        """The calls the test LMS made fail on purpose (``commit_failures``, ``setvalue_failures``,
        ``vanish_after`` / :meth:`vanish`), in order: log entries with ``injected: True`` and
        ``fault`` "commit-failure" / "setvalue-failure" (result "false", error 391 / 351 in 2004,
        101 in 1.2) or "vanished" (threw Error("LMS connection lost"); result and error None).
        They are never strict-mode violations."""
        return [entry for entry in self.log() if entry.get("injected")]

    def call_counts(self, *, roles: bool = False, include_injected: bool = True) -> Counter:
        """Number of API calls by method, e.g. ``call_counts()["LMSCommit"]`` (0 if never called).

        ``roles=True`` counts by edition-agnostic role instead: initialize, terminate, get, set,
        commit, get_last_error, get_error_string, get_diagnostic. ``include_injected=False`` leaves
        out the calls the test LMS made fail on purpose.
        """
        counts: Counter = Counter()
        for entry in self.log():
            if entry.get("injected") and not include_injected:
                continue
            counts[ROLES.get(entry["method"], entry["method"]) if roles else entry["method"]] += 1
        return counts

    def violations(self) -> list[dict]:
        """Strict-mode violations: [{rule, method, args, message}]."""
        return self._read("violations")

    def rules(self) -> set[str]:
        """The set of violated rule names."""
        return {v["rule"] for v in self.violations()}

    def commits(self) -> int:
        """Number of successful explicit Commit / LMSCommit calls."""
        return self._read("commits")

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
        """What the LMS persisted at the last successful Commit or Terminate (None if never), as
        nested JSON {"cmi": {...}}.

        Only accepted data gets here: a refused or injected-failed SetValue never reaches the data
        model, and a failed Commit stores nothing. This is what a "nothing lost" test asserts
        against (:meth:`state` / :meth:`value` also show data set but not yet committed).
        """
        return self._read("stored")

    def stores(self) -> list[dict]:
        """Each successful Commit and Terminate, in order: {time (ms since epoch, the browser's
        Date.now()), terminate (bool), interactions (how many the data model held)}."""
        return self._read("stores")

    def _flat(self, source: str) -> dict[str, Any]:
        if source == "model":
            return flatten_cmi(self.state())
        if source == "stored":
            return flatten_cmi(self.stored())
        if source == "log":
            return {k: v for k, v in self.accepted_values().items() if k.startswith("cmi.")}
        raise ValueError(f"source must be 'model', 'stored' or 'log', not {source!r}")

    def interactions(self, source: str = "model") -> list[dict[str, Any]]:
        """The interactions, in index order, as dicts with edition-agnostic keys: index, id, type,
        learner_response, correct_responses [patterns], result, latency, timestamp, weighting,
        objectives [ids], description (see :func:`interactions_from_flat`; values raw).

        ``source``: "model" (default) the LMS's data model now; "stored" what was persisted at the
        last successful Commit / Terminate; "log" the accepted SetValue calls replayed in order
        (what a SCO-side observer can see: SCORM 1.2 interactions are write-only to the SCO).
        scorm-again's data model does hold 1.2 interactions, so "model" works in both editions;
        it also holds the empty entries a *refused* SetValue creates (index with id ""), which
        "log" does not.
        """
        return interactions_from_flat(self._flat(source), self.edition)

    def objectives(self, source: str = "model") -> list[dict[str, Any]]:
        """The objectives, in index order: index, id, score {raw, min, max, scaled}, status (1.2),
        success_status / completion_status / progress_measure / description (2004); see
        :func:`objectives_from_flat`. ``source`` as for :meth:`interactions`."""
        return objectives_from_flat(self._flat(source), self.edition)

    def resume_state(self) -> dict[str, str]:
        """State to pass to :meth:`Lms.open` to resume from what was stored (``entry`` as this
        session's profile sets it)."""
        return resume_state(self.stored(), self.edition, self.profile)

    @property
    def initialized(self) -> bool:
        return bool(self._read("initialized"))

    @property
    def terminated(self) -> bool:
        return bool(self._read("terminated"))

    @property
    def sessions(self) -> int:
        """Accepted Initialize calls: 1, or more where the LMS let a reloaded SCO start again."""
        return int(self._read("sessions") or 0)

    @property
    def mode(self) -> str:
        """cmi.mode / cmi.core.lesson_mode at launch: normal, review or browse."""
        return self._read("mode")

    # --- faults -------------------------------------------------------------------------
    def faults(self) -> dict:
        """Fault-injection settings and progress: commitFailures, setValueFailures, vanishAfter,
        returnAfterMs, commitFailuresLeft, setValueFailuresLeft, successfulCalls, vanished and
        events [{event: "vanish" | "restore", reason, successfulCalls, time (ms since epoch)}]."""
        return self._read("faults")

    @property
    def vanished(self) -> bool:
        """True while the API object is gone."""
        return bool(self._read("vanished"))

    def vanish(self, return_after_ms: int | None = None) -> None:
        """Make the API object disappear now: window.API / window.API_1484_11 is deleted and every
        call through a reference the SCO kept throws Error("LMS connection lost") (logged as
        injected, fault "vanished"). With ``return_after_ms`` it comes back by itself."""
        if return_after_ms is not None and int(return_after_ms) < 0:
            raise ValueError("return_after_ms must be >= 0")
        self.page.evaluate("ms => window.lmsVanish(ms)", None if return_after_ms is None else int(return_after_ms))

    def restore(self) -> None:
        """Bring the API object back now: the same scorm-again instance, so no data is lost."""
        self._eval("window.lmsRestore()")

    # --- the learner's browser ----------------------------------------------------------
    def reload_sco(self, timeout: float = 10_000) -> None:
        """Reload the SCO's frame, as a learner pressing F5 in it would: its pagehide and unload
        handlers run, then the launch page loads again and usually calls Initialize. After a
        Terminate a real LMS refuses that (2004: 104, 1.2: 101; rule "initialize-after-terminate",
        which ``assert_clean(allow=[...])`` can accept); Moodle 1.2 starts a new session."""
        loads = self._eval("window.lmsScoLoads")
        self.frame().evaluate("() => { location.reload(); }")
        self.page.wait_for_function("n => window.lmsScoLoads > n", arg=loads, timeout=timeout)

    def close(self) -> None:
        """Close the LMS tab, as a learner would: the LMS page gets pagehide first (as a closing
        tab's top page does), then the SCO's pagehide and unload handlers run; they may still call
        the API, and the LMS answers and records those calls. (The SCO frame is removed to run them:
        a real tab close stops unload handlers after about 0.5 s, which would make tests depend on
        the machine's speed.) Then the tab is closed.

        Afterwards log(), violations(), stored(), stores(), commits(), faults(), initialized,
        terminated ... answer from what the LMS page held at the end; state() and value() need the
        live page. The :class:`Lms` goes on in a new tab of the same browser context.
        """
        if self.closed:
            return
        self._final = self._eval("window.lmsClose()")
        self.page.close()
        self.closed = True

    def wait_for(self, expression: str, timeout: float = 10_000) -> None:
        """Wait until a JS expression on the LMS page is truthy (e.g. "window.lmsCommits >= 2")."""
        self.page.wait_for_function(expression, timeout=timeout)

    def wait_for_initialize(self, timeout: float = 10_000) -> None:
        self.wait_for("window.lmsInitialized", timeout)

    def wait_for_terminate(self, timeout: float = 10_000) -> None:
        self.wait_for("window.lmsTerminated", timeout)

    def wait_for_call(self, method: str, timeout: float = 10_000) -> None:
        self.page.wait_for_function("m => window.lmsLog.some(e => e.method === m)", arg=method, timeout=timeout)

    # --- assertions ---------------------------------------------------------------------
    def assert_clean(self, *, terminated: bool = True, allow: Iterable[str] = ()) -> None:
        """Fail with a readable list unless there were no violations (and, by default, the
        session was initialized and terminated). ``allow``: rules that are expected here, e.g.
        ``["initialize-after-terminate"]`` after :meth:`reload_sco`."""
        allowed = set(allow)
        problems = [f"{v['rule']}: {v['message']}" for v in self.violations() if v["rule"] not in allowed]
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

    Like a real LMS it keeps the learner's record of each course: what the last session of the
    course stored (:meth:`record`), under a key from the manifest identifier (the whole of it,
    or as a profile says); ``open(..., resume=True)`` launches from that record.
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
        # A page on the LMS's origin to read its localStorage from once the LMS tab is closed.
        (lms_dir / "records.html").write_text(
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>LMS records</title>'
            '<link rel="icon" href="data:,"></head><body></body></html>\n',
            encoding="utf-8",
        )
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

    # --- the learner's records --------------------------------------------------------------
    def _tab(self):
        """The LMS's tab: a new one in the same browser context once a session closed it."""
        if self.page.is_closed():
            closed = self.page
            self.page = closed.context.new_page()
            self.page.set_default_timeout(10_000)
            if hasattr(closed, "network_log"):
                self.page.network_log = closed.network_log
        return self.page

    def _origin_page(self):
        """The LMS's tab, on the LMS's origin (for its localStorage)."""
        page = self._tab()
        if not page.url.startswith(self.server.base_url + "/"):
            page.goto(self.server.url("/lms/records.html"))
        return page

    def _read_record(self, key: str) -> dict | None:
        """What a session's LMS page kept in localStorage (?record=): its last stored data."""
        text = self._origin_page().evaluate("key => window.localStorage.getItem(key)", key)
        return json.loads(text) if text else None

    def record(self, course_key: str) -> dict | None:
        """What this LMS last stored for a course ({"cmi": ...}, as ``session.stored()``), or None:
        the latest session with that ``course_key`` that stored anything."""
        for session in reversed(self.sessions):
            if session.course_key == course_key:
                stored = session.stored() if session.closed else self._read_record(session.record_key)
                if stored:
                    return stored
        return None

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
        profile: str = "strict",
        resume: bool = False,
        mode: str | None = None,
        credit: str | None = None,
        entry: str | None = None,
        initialize_failures: int = 0,
        commit_failures: int = 0,
        setvalue_failures: int = 0,
        refuse: Mapping[str, int] | Iterable[tuple] | None = None,
        vanish_after: int | None = None,
        return_after_ms: int | None = None,
        reinitialize_after_finish: bool | None = None,
        commit_returns_null_on_unload: bool | None = None,
        commit_delay_ms: int | None = None,
    ) -> LmsSession:
        """Extract ``package`` (zip or folder), launch its first SCO and return the session.

        ``edition``: "scorm12" / "scorm2004"; default: from the manifest.
        ``state``: CMI data to preload (nested {"cmi": ...}, nested without "cmi", or
        flattened {"cmi.x": ...}), e.g. ``previous.resume_state()``; merged over the default
        learner and what the manifest implies (mastery score, launch data, thresholds, 2004
        scaled passing score). The manifest's 2004 objective ids go in last, as Moodle sets them
        at the start of every attempt: cmi.objectives.n.id, n in manifest order.
        ``launch``: launch file relative to the package root, instead of the manifest's.
        ``allow_errors``: SCORM error codes that are not violations (e.g. ["403"]).
        ``wait``: wait until the SCO's frame has loaded.

        ``profile``: one of :data:`PROFILES` (default "strict"): "moodle", "cornerstone",
        "successfactors", "no-lesson-mode", "slow-commit"; a set of documented behaviours of
        that LMS on top of the strict checks. The keyword arguments below override its settings.
        ``resume=True``: the learner comes back: launch with this LMS's :meth:`record` of the
        course (``state`` still goes over it); a first launch if there is none.

        Attempt modes (None: keep the state's / the default "normal", "credit", no entry);
        they override ``state``. Query parameters ``mode``, ``credit``, ``entry``.

        ``mode``: "normal" | "review" | "browse" -> cmi.mode (2004) / cmi.core.lesson_mode (1.2).
        In review or browse mode (also when it comes from ``state``) every SetValue of an
        element other than cmi.exit / cmi.session_time (1.2: cmi.core.exit /
        cmi.core.session_time) is a "write-in-review" violation: the course must change nothing.
        ``credit``: "credit" | "no-credit" -> cmi.credit / cmi.core.credit.
        ``entry``: "resume" | "ab-initio" | "" -> cmi.entry / cmi.core.entry.

        LMS behaviours (the profiles set them): ``reinitialize_after_finish`` (1.2 only):
        LMSInitialize after LMSFinish starts a new session on the data loaded at launch, as
        Moodle does; ``commit_returns_null_on_unload``: while the LMS page or the SCO frame is
        unloading, Commit returns null and stores nothing (Cornerstone; logged as injected, fault
        "null-on-unload"); ``commit_delay_ms=M``: Commit and Terminate block for M ms.

        Fault injection: the LMS's fault, so such calls are logged with ``injected: True``
        (:meth:`LmsSession.injected`) and are never violations. Query parameters
        ``initializeFailures``, ``commitFailures``, ``setValueFailures``, ``refuse``,
        ``vanishAfter``, ``returnAfterMs``.

        ``initialize_failures=N``: the first N Initialize / LMSInitialize calls return "false"
        with error 102 (2004, General Initialization Failure) / 101 (1.2).
        ``commit_failures=N``: the first N Commit / LMSCommit calls of the live session (after
        Initialize, before Terminate) return "false" with error 391 (2004) / 101 (1.2), then
        commits behave normally. Nothing is stored by a failed commit.
        ``setvalue_failures=N``: the first N SetValue / LMSSetValue calls of the live session
        return "false" with error 351 (2004) / 101 (1.2); the value is not kept.
        ``refuse``: ``{regex: code}`` or ``[(regex, code), (regex, code, count), ...]``: SetValue of
        an element the regex (JavaScript syntax) fully matches returns "false" with that error
        code, ``count`` times (always without it); fault "refused". Checked before
        ``setvalue_failures``; the first rule with refusals left applies.
        ``vanish_after=N``: after N successful calls (Initialize, Terminate, GetValue,
        SetValue, Commit leaving error 0; the GetLastError family does not count) the API
        object disappears: window.API / window.API_1484_11 is deleted and any later call through
        a kept reference throws Error("LMS connection lost"). ``vanish_after=0``: missing at
        launch. ``return_after_ms=M``: it comes back M ms later, the same scorm-again instance
        with all data set before. See also :meth:`LmsSession.vanish` / ``restore``.
        """
        spec = _profile(profile)
        if mode is not None and mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        if credit is not None and credit not in CREDITS:
            raise ValueError(f"credit must be one of {CREDITS}, not {credit!r}")
        if entry is not None and entry not in ENTRIES:
            raise ValueError(f"entry must be one of {ENTRIES}, not {entry!r}")
        for label, number in (
            ("initialize_failures", initialize_failures),
            ("commit_failures", commit_failures),
            ("setvalue_failures", setvalue_failures),
            ("vanish_after", vanish_after),
            ("return_after_ms", return_after_ms),
            ("commit_delay_ms", commit_delay_ms),
        ):
            if number is not None and (isinstance(number, bool) or not isinstance(number, int) or number < 0):
                raise ValueError(f"{label} must be a non-negative int, not {number!r}")
        if return_after_ms is not None and vanish_after is None:
            raise ValueError("return_after_ms needs vanish_after (or use session.vanish(return_after_ms=...))")
        refusals = _refuse_parameters(refuse)
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
        v12 = edition == "scorm12"
        if reinitialize_after_finish and not v12:
            raise ValueError("reinitialize_after_finish is a SCORM 1.2 behaviour (LMSInitialize after LMSFinish)")
        reinitialize = (
            spec.reinitialize_after_finish if reinitialize_after_finish is None else reinitialize_after_finish
        )
        null_on_unload = (
            spec.commit_returns_null_on_unload
            if commit_returns_null_on_unload is None
            else commit_returns_null_on_unload
        )
        delay = spec.commit_delay_ms if commit_delay_ms is None else commit_delay_ms

        identifier = info.identifier if info is not None and info.identifier else package.stem
        course_key = identifier[: spec.course_key_length] if spec.course_key_length else identifier
        record = self.record(course_key) if resume else None

        initial = dict(DEFAULT_CMI[edition])
        if not spec.sets_lesson_mode:
            for element in ("cmi.core.lesson_mode", "cmi.core.credit", "cmi.mode", "cmi.credit"):
                initial.pop(element, None)
            if v12:  # scorm-again would say "normal" for lesson_mode
                mode = "" if mode is None else mode
                credit = "" if credit is None else credit
        if info is not None:
            initial.update(info.cmi)
        if record is not None:
            initial.update(resume_state(record, edition, profile))
        initial.update(flatten_cmi(state))
        if info is not None:
            initial.update({k: v for k, v in info.cmi.items() if k.startswith("cmi.objectives.")})
        if spec.attempts == "moodle":
            if entry is None and record is None and state is None:
                entry = "ab-initio"
            if credit is None and mode is not None:
                credit = "credit" if mode == "normal" else "no-credit"
        state_dir = self.root / "lms-state"
        state_dir.mkdir(exist_ok=True)
        (state_dir / f"{name}.json").write_text(json.dumps(initial, indent=1), encoding="utf-8")

        query: dict[str, Any] = {
            "edition": edition,
            "launch": f"/lms-content/{quote(name)}/{href}",
            "state": f"/lms-state/{quote(name)}.json",
        }
        codes = [str(c) for c in allow_errors]
        if codes:
            query["allowErrors"] = ",".join(codes)
        for key, value in (("mode", mode), ("credit", credit), ("entry", entry)):
            if value is not None:
                query[key] = value
        if profile != "strict":
            query["profile"] = profile
        for key, number in (
            ("initializeFailures", initialize_failures),
            ("commitFailures", commit_failures),
            ("setValueFailures", setvalue_failures),
            ("commitDelayMs", delay),
        ):
            if number:
                query[key] = str(number)
        if refusals:
            query["refuse"] = refusals
        if vanish_after is not None:
            query["vanishAfter"] = str(vanish_after)
        if return_after_ms is not None:
            query["returnAfterMs"] = str(return_after_ms)
        if reinitialize and v12:
            query["reinitialize"] = "1"
        if null_on_unload:
            query["commitNullOnUnload"] = "1"
        if spec.save_fails_on_unload:
            query["saveFailsOnUnload"] = "1"
        query["record"] = f"lms-record:{name}"
        url = self.server.url("/lms/lms.html") + "?" + urlencode(query, doseq=True)
        page = self._tab()
        session = LmsSession(
            page,
            edition,
            url,
            content,
            info,
            lms=self,
            name=name,
            profile=profile,
            course_key=course_key,
            resumed=record is not None,
        )
        page.goto(url)
        page.wait_for_function("window.lmsReady || window.lmsError", timeout=timeout)
        error = page.evaluate("window.lmsError")
        if error:
            raise LmsError(f"test LMS failed to start: {error}")
        if wait:
            session.frame(timeout=timeout)
        self.sessions.append(session)
        return session


def _refuse_parameters(refuse: Mapping[str, int] | Iterable[tuple] | None) -> list[str]:
    """``refuse=`` as lms.js's ?refuse=CODE[xCOUNT]:REGEX parameters."""
    if not refuse:
        return []
    rules = [(regex, code) for regex, code in refuse.items()] if isinstance(refuse, Mapping) else list(refuse)
    out = []
    for rule in rules:
        if not isinstance(rule, (tuple, list)) or len(rule) not in (2, 3):
            raise ValueError(f"refuse rules are (regex, code) or (regex, code, count), not {rule!r}")
        regex, code, count = (*rule, None) if len(rule) == 2 else rule
        if not isinstance(regex, str) or not regex:
            raise ValueError(f"refuse: the element pattern must be a non-empty regex string, not {regex!r}")
        if isinstance(code, bool) or not isinstance(code, int) or not 100 <= code <= 999:
            raise ValueError(f"refuse: the error code must be a SCORM error number, not {code!r}")
        if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 1):
            raise ValueError(f"refuse: the count must be a positive int or None (always), not {count!r}")
        out.append(f"{code}:{regex}" if count is None else f"{code}x{count}:{regex}")
    return out
