"""Write imsmanifest.xml for SCORM 1.2 or SCORM 2004 4th Edition.

The whole course is one SCO: one organization with one item launching one resource that lists
every file of the package. Built with lxml, so `&` and `<` in titles are escaped for us, and
serialized the same way every time (same course and files -> same bytes). The course title and
description go in as element text, never as markup; characters XML 1.0 cannot hold at all (control
characters such as U+0001, which YAML lets a trainer write as "\x01") stop the build with a message
saying which course.yml key holds one.
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal
from urllib.parse import quote

from lxml import etree

from course_builder import __version__
from course_builder.errors import CourseError, Problem
from course_builder.model import Course
from course_builder.package.editions import XML_NS, XSI, Edition
from course_builder.package.editions import edition as get_edition

# Characters kept as they are in <file href>: everything a file name produced by the site
# generator normally holds. Spaces, `%`, `#`, `?` and non-ASCII are percent-encoded (hrefs are URIs).
_HREF_SAFE = "/-._~!$&'()*+,;=:@"
# Not a Char of XML 1.0: https://www.w3.org/TR/xml/#charsets
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def build_manifest(course: Course, edition: str, files, launch_href: str) -> bytes:
    """The manifest for `course` packaged as `edition` ("scorm12" | "scorm2004").

    `files` are the package's content files (not the schema files, not the manifest), relative
    to the zip root; `launch_href` is the page the LMS opens and must be one of them.
    """
    ed = get_edition(edition)
    _check_xml_text(course)
    hrefs = sorted({str(f).replace("\\", "/") for f in files})
    launch = launch_href.replace("\\", "/")
    if launch not in hrefs:
        raise ValueError(f"the launch page {launch_href!r} is not among the package files")

    ids = _Identifiers(course)
    nsmap: dict[str | None, str] = {
        None: ed.imscp,
        **{p: uri for p, uri, _ in ed.namespaces if p != "imscp"},
        "xsi": XSI,
    }
    if ed.name == "scorm2004":
        nsmap.pop("adlseq")  # declared only where used; we use no adlseq element
    manifest = etree.Element(_q(ed.imscp, "manifest"), nsmap=nsmap)
    manifest.set("identifier", ids.manifest)
    manifest.set("version", course.version)
    # One line, and only schemas that travel at the zip root: ADL's checker and some LMSs
    # refuse a schemaLocation with line breaks or pointing into sub-folders.
    manifest.set(
        _q(XSI, "schemaLocation"),
        " ".join(f"{uri} {file}" for p, uri, file in ed.namespaces if p in nsmap or p == "imscp"),
    )

    metadata = _sub(manifest, ed.imscp, "metadata")
    # Which builder wrote the package: the first thing to ask when an LMS treats two packages differently.
    metadata.append(etree.Comment(f" Written by course-builder {__version__} "))
    _sub(metadata, ed.imscp, "schema", "ADL SCORM")
    _sub(metadata, ed.imscp, "schemaversion", ed.schemaversion)
    (_lom12 if ed.name == "scorm12" else _lom2004)(metadata, ed, course)

    organizations = _sub(manifest, ed.imscp, "organizations")
    organizations.set("default", ids.organization)
    organization = _sub(organizations, ed.imscp, "organization")
    organization.set("identifier", ids.organization)
    _sub(organization, ed.imscp, "title", course.title)
    item = _sub(organization, ed.imscp, "item")
    item.set("identifier", ids.item)
    item.set("identifierref", ids.resource)
    _sub(item, ed.imscp, "title", course.title)
    if ed.name == "scorm12":
        # The LMS compares cmi.core.score.raw with this to set passed/failed.
        _sub(item, ed.adlcp, "masteryscore", str(course.passing_score))
    else:
        _item_sequencing(item, course)
        _organization_sequencing(organization)

    resources = _sub(manifest, ed.imscp, "resources")
    resource = _sub(resources, ed.imscp, "resource")
    resource.set("identifier", ids.resource)
    resource.set("type", "webcontent")
    resource.set(_q(ed.adlcp, ed.scorm_type_attribute), "sco")
    resource.set("href", _href(launch))
    for href in hrefs:
        _sub(resource, ed.imscp, "file").set("href", _href(href))

    body = etree.tostring(manifest, encoding="UTF-8", pretty_print=True)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _check_xml_text(course: Course) -> None:
    """Trainer text of the manifest that XML can hold; else a CourseError naming the key and character
    (lxml's own error names neither)."""
    problems = []
    for key, text in (("title", course.title), ("description", course.description)):
        bad = _NOT_XML_CHAR.search(text)
        if bad:
            problems.append(
                Problem(
                    f"`{key}` contains the character U+{ord(bad.group(0)):04X} at position {bad.start() + 1}, "
                    "which an imsmanifest.xml cannot hold",
                    "course.yml",
                    hint='remove it: control characters come from escapes such as "\\x01" in a quoted YAML string',
                )
            )
    if problems:
        raise CourseError(problems)


class _Identifiers:
    """XML IDs (NCNames) for the manifest's elements.

    None holds the version: LMSs store learner progress under them, and a new version of the
    course must keep it (the version is in the manifest's `version` attribute). SuccessFactors
    tells courses apart by the first 15 characters of the manifest identifier only, so those are
    the course id itself when it is that short, else a stable key unique to the id.

    A translated course's package is another package of the same course: its manifest identifier
    carries the language (an LMS that keys imports on it would otherwise take the French zip for a new
    version of the English one and replace it); everything inside, the SCO's tracking ids included,
    stays the same, so reports line up across languages.
    """

    SUCCESSFACTORS_KEY = 15

    def __init__(self, course: Course):
        base = _ncname(course.id)
        package = _ncname(f"{course.id}-{course.language}") if course.translated_from else base
        self.manifest = (
            package if len(package) <= self.SUCCESSFACTORS_KEY else f"{_successfactors_key(package)}-{package}"
        )
        self.organization = f"{base}-org"
        self.item = f"{base}-item"
        self.resource = f"{base}-sco"


def _successfactors_key(name: str) -> str:
    """15 characters: the start of the name, readable, and 8 of its hash, so ids that begin alike
    (harassment-prevention-managers, harassment-prevention-staff) get different keys."""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{name[:6]}-{digest}"


def _ncname(text: str, leading_ok: bool = False) -> str:
    name = re.sub(r"[^A-Za-z0-9._-]", "-", text) or "x"
    if not leading_ok and not re.match(r"[A-Za-z_]", name):
        name = "_" + name
    return name


def _lom12(metadata, ed: Edition, course: Course) -> None:
    md = ed.metadata
    lom = _sub(metadata, md, "lom")
    general = _sub(lom, md, "general")
    _sub(general, md, "identifier", course.id)
    _langstring12(_sub(general, md, "title"), md, course.title, course.language)
    _sub(general, md, "language", course.language)
    if course.description:
        _langstring12(_sub(general, md, "description"), md, course.description, course.language)
    lifecycle = _sub(lom, md, "lifecycle")
    _langstring12(_sub(lifecycle, md, "version"), md, course.version, course.language)


def _langstring12(parent, md: str, text: str, language: str) -> None:
    _sub(parent, md, "langstring", text).set(_q(XML_NS, "lang"), language)


def _lom2004(metadata, ed: Edition, course: Course) -> None:
    md = ed.metadata
    lom = _sub(metadata, md, "lom")
    general = _sub(lom, md, "general")
    identifier = _sub(general, md, "identifier")
    _sub(identifier, md, "catalog", "course-builder")
    _sub(identifier, md, "entry", course.id)
    _langstring2004(_sub(general, md, "title"), md, course.title, course.language)
    _sub(general, md, "language", course.language)
    if course.description:
        _langstring2004(_sub(general, md, "description"), md, course.description, course.language)
    lifecycle = _sub(lom, md, "lifeCycle")
    _langstring2004(_sub(lifecycle, md, "version"), md, course.version, course.language)


def _langstring2004(parent, md: str, text: str, language: str) -> None:
    _sub(parent, md, "string", text).set("language", language)


IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"


def _item_sequencing(item, course: Course) -> None:
    sequencing = _sub(item, IMSSS, "sequencing")
    objectives = _sub(sequencing, IMSSS, "objectives")
    # The course is passed when its score reaches the passing score (score.scaled >= this). The
    # final assessment, where there is one, is what that score measures: it names the objective.
    primary_id = course.primary_objective_id
    passing = str(Decimal(course.passing_score) / 100)
    primary = _sub(objectives, IMSSS, "primaryObjective")
    primary.set("objectiveID", primary_id)
    primary.set("satisfiedByMeasure", "true")
    _sub(primary, IMSSS, "minNormalizedMeasure", passing)
    for objective in course.objectives:
        if objective.id != primary_id:  # objective IDs must be unique within the activity
            # LMSs derive cmi.scaled_passing_score from these (Moodle: the last objective's value,
            # 1.0 where it has none), so each one carries the course's pass mark.
            element = _sub(objectives, IMSSS, "objective")
            element.set("objectiveID", objective.id)
            _sub(element, IMSSS, "minNormalizedMeasure", passing)
    # The SCO reports completion and success itself; the LMS must not guess them.
    delivery = _sub(sequencing, IMSSS, "deliveryControls")
    delivery.set("completionSetByContent", "true")
    delivery.set("objectiveSetByContent", "true")
    # A single SCO has nothing before or after it: hide the LMS's Previous/Continue buttons,
    # which otherwise show and do nothing. Exit stays so learners can leave.
    presentation = _sub(item, ADLNAV, "presentation")
    interface = _sub(presentation, ADLNAV, "navigationInterface")
    for control in ("previous", "continue"):
        _sub(interface, ADLNAV, "hideLMSUI", control)


def _organization_sequencing(organization) -> None:
    # choice lets the learner open the SCO from the LMS's menu; flow lets the LMS start it directly.
    sequencing = _sub(organization, IMSSS, "sequencing")
    control = _sub(sequencing, IMSSS, "controlMode")
    control.set("choice", "true")
    control.set("flow", "true")


def _href(path: str) -> str:
    return quote(path, safe=_HREF_SAFE)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _sub(parent, namespace: str, name: str, text: str | None = None):
    element = etree.SubElement(parent, _q(namespace, name))
    if text is not None:
        element.text = text
    return element
