"""Will this import? ADL's package checks, run on any SCORM zip (ours or another tool's).

First the zip itself (check_archive: a regular file, a directory of sane size, safe entry names
and types, readable methods, CRCs, no zip bomb). Then, in ADL's order: manifest at the zip root;
well-formed; root in the IMS CP namespace; every schema named in xsi:schemaLocation at the root;
schema-valid; every referenced file present; adlcp:scormType on every resource; identifierref
only on leaf items; unique identifiers; a default organization; unlisted files. Unreadable input
and the first three stop the run (nothing after them can be read); the rest all run, so a
package is fixed in one pass.

Schema validity is checked against OUR packaged schemas, never the copies in the zip: a package
that ships edited schema files must not be able to validate itself.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from course_builder.errors import CourseError
from course_builder.package.check_archive import (
    MAX_MANIFEST_BYTES,
    EntryUnreadable,
    check_directory_size,
    check_entries,
    open_regular_file,
    open_zip,
    read_entry,
    unreadable_entry,
)
from course_builder.package.check_files import check_referenced_files, check_unlisted_files
from course_builder.package.check_structure import (
    check_default_organization,
    check_items,
    check_scorm_type,
    check_unique_identifiers,
)
from course_builder.package.editions import EDITIONS, SCORM12, SCORM2004, XSI, Edition
from course_builder.package.problems import WARNING, PackageProblem, package_problems
from course_builder.package.schema_validation import (
    MANIFEST_NAME,
    doctype_warning,
    parse_manifest,
    validate_manifest,
)


def check_package(zip_path: Path | str, display_name: str | None = None) -> list[PackageProblem]:
    """Every reason an LMS would refuse the zip (severity "error") or frown at it ("warning").

    Any file at all: the zip itself is checked first (check_archive), with bounded reads, so a
    hostile zip costs seconds and little memory, never a hang or a traceback.
    """
    zip_name = display_name or Path(zip_path).name
    try:
        with open_regular_file(zip_path, zip_name) as fp:
            check_directory_size(fp, zip_name)
            with open_zip(fp, zip_name) as archive:
                return _check_zip(archive, zip_name)
    except CourseError as exc:
        return package_problems(exc)


def _check_zip(archive: zipfile.ZipFile, zip_name: str) -> list[PackageProblem]:
    problems = check_entries(archive, zip_name, skip=MANIFEST_NAME)
    names = {n for n in archive.namelist() if not n.endswith("/")}
    if MANIFEST_NAME not in names:
        return problems + [_missing_manifest(names, zip_name)]
    try:
        raw = read_entry(archive, MANIFEST_NAME, MAX_MANIFEST_BYTES)
    except EntryUnreadable as exc:
        return problems + [unreadable_entry(MANIFEST_NAME, exc, zip_name)]
    return problems + _check_manifest(raw, names, zip_name)


def _check_manifest(raw: bytes, names: set[str], zip_name: str) -> list[PackageProblem]:
    label = f"{zip_name}/{MANIFEST_NAME}"
    try:
        tree = parse_manifest(raw, label)
    except CourseError as exc:
        return package_problems(exc)
    root = tree.getroot()
    imscp = etree.QName(root).namespace
    if etree.QName(root).localname != "manifest" or imscp not in (SCORM12.imscp, SCORM2004.imscp):
        return [_not_imscp(root, label)]

    problems: list[PackageProblem] = doctype_warning(tree, label)
    ed = detect_edition(root)
    if imscp == ed.imscp:
        problems += check_schema_location(raw, root, names, label)
        problems += validate_manifest(raw, ed.name, label)
    else:
        # e.g. adlcp_rootv1p2 elements under an imscp_v1p1 root: neither schema set can accept it.
        problems.append(
            PackageProblem(
                f"this {ed.label} manifest has its root in the namespace {imscp}; {ed.label} expects {ed.imscp}, "
                "so LMSs that validate the manifest refuse it",
                label,
                root.sourceline,
                hint=f'set xmlns="{ed.imscp}" on <manifest>',
            )
        )
        problems += check_schema_location(raw, root, names, label)
    problems += check_referenced_files(root, imscp, names, label)
    problems += check_scorm_type(root, imscp, ed, label)
    problems += check_items(root, imscp, label)
    problems += check_unique_identifiers(root, label)
    problems += check_default_organization(root, imscp, label)
    problems += check_unlisted_files(root, imscp, names, MANIFEST_NAME, label)
    return problems


def _missing_manifest(names: set[str], zip_name: str) -> PackageProblem:
    nested = sorted(n for n in names if n.lower().endswith("/" + MANIFEST_NAME))
    at_root_other_case = sorted(n for n in names if n.lower() == MANIFEST_NAME)
    if at_root_other_case:
        return PackageProblem(
            f'the manifest is named "{at_root_other_case[0]}": LMSs look for exactly "{MANIFEST_NAME}" '
            "(all lower case) and report the package as not SCORM",
            zip_name,
            hint=f"rename it to {MANIFEST_NAME}",
        )
    if nested:
        folder = nested[0][: -len(MANIFEST_NAME)]
        return PackageProblem(
            f'{MANIFEST_NAME} is inside the folder "{folder}", not at the root of the zip: the zip was '
            "made from the course's parent folder, and LMSs look for the manifest only at the root",
            zip_name,
            hint=f'open the folder "{folder}", select everything in it ({MANIFEST_NAME} and the rest) '
            "and zip those items, not the folder",
        )
    return PackageProblem(
        f"the zip has no {MANIFEST_NAME} at its root, so it is not a SCORM package and every LMS refuses it",
        zip_name,
        hint="export the course as a SCORM package (the zip must hold imsmanifest.xml at its root)",
    )


def _not_imscp(root, label: str) -> PackageProblem:
    namespace = etree.QName(root).namespace
    where = f"in the namespace {namespace}" if namespace else "in no namespace"
    return PackageProblem(
        f"the root element <{etree.QName(root).localname}> is {where}: a SCORM manifest is a <manifest> "
        "in the IMS Content Packaging namespace, and LMSs do not recognise anything else",
        label,
        root.sourceline,
        hint=f'use <manifest xmlns="{SCORM2004.imscp}"> (SCORM 2004) or <manifest xmlns="{SCORM12.imscp}"> (SCORM 1.2)',
    )


def detect_edition(root) -> Edition:
    """SCORM 1.2 or 2004: by <schemaversion> first, then the ADL namespaces used, then the root's.

    `root` is a <manifest> in one of the two IMS CP namespaces (checked before this is called).
    """
    imscp = etree.QName(root).namespace
    version = root.find(f"{{{imscp}}}metadata/{{{imscp}}}schemaversion")
    text = (version.text or "").strip() if version is not None else ""
    if text == "1.2":
        return SCORM12
    if "2004" in text or text.startswith("CAM 1.3"):
        return SCORM2004
    used = {ns for el in root.iter() if isinstance(el.tag, str) for ns in (el.nsmap or {}).values()}
    for ed in EDITIONS.values():
        if ed.adlcp in used:
            return ed
    return SCORM12 if imscp == SCORM12.imscp else SCORM2004


_RAW_SCHEMA_LOCATION = re.compile(rb"""[\w.-]*:?schemaLocation\s*=\s*(["'])(.*?)\1""", re.S)


def check_schema_location(raw: bytes, root, names: set[str], label: str) -> list[PackageProblem]:
    """xsi:schemaLocation is one line of namespace/file pairs, each file at the zip root."""
    value = root.get(f"{{{XSI}}}schemaLocation")
    if value is None:
        return [
            PackageProblem(
                "the manifest has no xsi:schemaLocation: LMSs that validate manifests cannot find the schemas",
                label,
                root.sourceline,
                severity=WARNING,
                hint="add xsi:schemaLocation with a namespace/file pair for each schema at the zip root",
            )
        ]
    problems = []
    # XML parsers turn line breaks in attributes into spaces, so look at the bytes as written.
    match = _RAW_SCHEMA_LOCATION.search(raw)
    if (match and re.search(rb"[\r\n\t]", match.group(2))) or re.search(r"[\r\n\t]", value):
        line = raw[: match.start()].count(b"\n") + 1 if match else root.sourceline
        problems.append(
            PackageProblem(
                "xsi:schemaLocation is broken over several lines: some LMSs read the line break as part of a "
                "file name and fail to find the schema",
                label,
                line,
                hint="write the whole value on one line, namespace and file pairs separated by single spaces",
            )
        )
    parts = value.split()
    if len(parts) % 2:
        problems.append(
            PackageProblem(
                "xsi:schemaLocation must list pairs of namespace and schema file, but has an odd number of entries",
                label,
                root.sourceline,
                hint="give each namespace followed by its schema file name",
            )
        )
    lower = {n.lower(): n for n in names}
    for namespace, location in zip(parts[::2], parts[1::2]):
        if location in names and "/" not in location:
            continue
        if "://" in location:
            why = "points to the web; LMSs validate offline and ADL requires the file at the zip root"
        elif "/" in location:
            why = "is in a sub-folder; ADL requires every schema named here at the zip root"
        elif location.lower() in lower:
            why = f'differs in upper/lower case from "{lower[location.lower()]}" in the zip'
        else:
            why = "is not in the zip"
        problems.append(
            PackageProblem(
                f'the schema "{location}" named in xsi:schemaLocation (for {namespace}) {why}',
                label,
                root.sourceline,
                hint=f"put {location.rsplit('/', 1)[-1]} at the root of the zip and name it there without a folder",
            )
        )
    return problems
