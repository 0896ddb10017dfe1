"""Package checks about files: every file the manifest names is in the zip, and the reverse.

An LMS unzips the package on a case-sensitive server and serves files by the manifest's hrefs,
so a path that works on the author's Windows laptop (`Images\\Logo.PNG`) is a broken page there.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from lxml import etree

from course_builder.core.wording import counted
from course_builder.package.editions import XML_NS
from course_builder.package.problems import WARNING, PackageProblem

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_WEB_SCHEMES = {"http", "https"}
# Browsers drop leading spaces and control characters, and tabs and line breaks anywhere, before
# reading the scheme (the URL standard), so "java\tscript:" runs as "javascript:".
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_URL_LEADING = "".join(map(chr, range(0x21)))
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:\Users\... or C:/Users/...
_SCHEMA_SUFFIXES = (".xsd", ".dtd")
_LISTED_IN_MESSAGE = 10  # unlisted files named in the warning; the rest are counted


def manifest_hrefs(root: etree._Element, imscp: str) -> list[tuple[etree._Element, str]]:
    """(element, href) for every resource href and file href, in document order."""
    found = []
    for element in root.iter(f"{{{imscp}}}resource", f"{{{imscp}}}file"):
        href = element.get("href")
        if href is not None:
            found.append((element, href))
    return found


def check_referenced_files(root, imscp: str, names: set[str], label: str) -> list[PackageProblem]:
    problems: list[PackageProblem] = []
    lower = {n.lower(): n for n in names}
    reported: set[str] = set()
    for element, href in manifest_hrefs(root, imscp):
        problem = _check_href(element, href, names, lower, label)
        if problem and problem.message not in reported:  # a launch page is named by resource and file: say it once
            reported.add(problem.message)
            problems.append(problem)
    return problems


def _check_href(element, href: str, names: set[str], lower: dict[str, str], label: str) -> PackageProblem | None:
    line = element.sourceline
    tag = etree.QName(element).localname
    if not href.strip():
        return PackageProblem(
            f"a <{tag}> has an empty href",
            label,
            line,
            hint="give the path of the file inside the package, or remove the element",
        )
    if _DRIVE.match(href):
        return PackageProblem(
            f'the href "{href}" is a path on the author\'s computer, which the LMS does not have',
            label,
            line,
            hint="make the path relative to the package root",
        )
    if "\\" in href:
        return PackageProblem(
            f'the href "{href}" uses backslashes: LMS servers treat "\\" as part of the file name, '
            "so the file is not found",
            label,
            line,
            hint='write paths with forward slashes ("/"), as in a web address',
        )
    if href.startswith("/"):
        return PackageProblem(
            f'the href "{href}" is absolute: it points to the root of the LMS\'s web server, not into the package',
            label,
            line,
            hint='make the path relative to the package root (drop the leading "/")',
        )
    scheme = _SCHEME.match(_URL_TAB_OR_NEWLINE.sub("", href).lstrip(_URL_LEADING))
    if scheme and scheme.group(1).lower() in _WEB_SCHEMES:
        return None  # a web address: not a file in the package
    if scheme:
        return PackageProblem(
            f'the href "{href}" uses the "{scheme.group(1)}:" scheme: a resource is a file in the package or '
            "an http(s) web address. file: points into the learner's own computer, and javascript:, data: and "
            "vbscript: run code inside the LMS's pages, so LMSs refuse such a package or show a broken page",
            label,
            line,
            hint="point the href at a file in the package (or an https:// address)",
        )
    path = _package_path(element, href)
    if path == ".." or path.startswith("../"):
        return PackageProblem(
            f'the href "{href}" leaves the package (".." goes above the zip root): the LMS cannot serve it',
            label,
            line,
            hint="put the file inside the package and point to it from the package root",
        )
    if path in names:
        return None
    if path.lower() in lower:
        actual = lower[path.lower()]
        return PackageProblem(
            f'the manifest names "{path}" but the zip holds "{actual}": upper/lower case differs, '
            "and LMS servers treat those as different files",
            label,
            line,
            hint=f'use exactly "{actual}" in the manifest, or rename the file',
        )
    stored = path.replace("/", "\\")
    if stored in names:
        return PackageProblem(
            f'the zip stores "{path}" as "{stored}" (backslashes, as some Windows zip tools write): '
            "LMS servers read that as one odd file name, so the file is not found",
            label,
            line,
            hint="re-create the zip with a tool that writes forward slashes in paths",
        )
    return PackageProblem(
        f'the manifest names "{path}" but the zip has no such file: the LMS would show a broken page '
        "(ADL's checker refuses the package)",
        label,
        line,
        hint="add the file to the package or remove it from the manifest",
    )


def _package_path(element, href: str) -> str:
    """The file inside the zip that an href means: xml:base applied, query and fragment dropped."""
    href = href.split("#", 1)[0].split("?", 1)[0]
    bases = [e.get(f"{{{XML_NS}}}base") for e in reversed([element, *element.iterancestors()])]
    joined = "".join(b if b.endswith("/") else b + "/" for b in bases if b)
    return posixpath.normpath(unquote(joined + href))


def check_unlisted_files(root, imscp: str, names: set[str], manifest: str, label: str) -> list[PackageProblem]:
    """Files in the zip no resource lists: harmless to most LMSs, but often a sign of a mistake."""
    listed = {_package_path(el, href) for el, href in manifest_hrefs(root, imscp)}
    unlisted = sorted(
        n for n in names if n != manifest and n not in listed and not n.lower().endswith(_SCHEMA_SUFFIXES)
    )
    if not unlisted:
        return []
    shown = ", ".join(unlisted[:_LISTED_IN_MESSAGE])
    more = len(unlisted) - _LISTED_IN_MESSAGE
    if more > 0:
        shown += f" and {more} more"
    return [
        PackageProblem(
            f"{counted(len(unlisted), 'file')} in the zip {'is' if len(unlisted) == 1 else 'are'} not listed in any resource: {shown}. ADL's checker flags "
            "them, and some LMSs do not copy unlisted files to their content servers",
            label,
            None,
            hint="list every file the course uses as a <file href> of its resource, or leave the file out of the zip",
            severity=WARNING,
        )
    ]
