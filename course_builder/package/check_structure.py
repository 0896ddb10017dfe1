"""Package checks about the manifest's structure: resources, items, identifiers, organizations.

Each is a rule of the SCORM Content Aggregation Model that ADL's checker enforces and that LMSs
rely on when they build their table of contents and decide what to launch.
"""

from __future__ import annotations

from collections import defaultdict

from course_builder.package.editions import Edition
from course_builder.package.problems import PackageProblem


def check_scorm_type(root, imscp: str, ed: Edition, label: str) -> list[PackageProblem]:
    """Every resource says whether it is a SCO (talks to the LMS) or an asset."""
    attribute = f"adlcp:{ed.scorm_type_attribute}"
    problems = []
    for resource in root.iter(f"{{{imscp}}}resource"):
        if resource.get(f"{{{ed.adlcp}}}{ed.scorm_type_attribute}") is not None:
            continue
        ident = resource.get("identifier", "?")
        near_miss = [name for name in resource.attrib if name.rsplit("}", 1)[-1].lower() == "scormtype"]
        detail = ""
        if near_miss:
            detail = (
                f' (it has "{near_miss[0].rsplit("}", 1)[-1]}", but {ed.label} spells it '
                f'"{attribute}" in the namespace {ed.adlcp})'
            )
        problems.append(
            PackageProblem(
                f'the resource "{ident}" has no {attribute}{detail}: the LMS cannot tell whether to run it '
                "as a SCO that reports to the LMS or show it as a plain asset, and refuses the package",
                label,
                resource.sourceline,
                hint=f'add {attribute}="sco" (content that calls the SCORM API) or {attribute}="asset"',
            )
        )
    return problems


def check_items(root, imscp: str, label: str) -> list[PackageProblem]:
    """identifierref only on leaf items, every leaf launches something, and references resolve."""
    resources = {r.get("identifier") for r in root.iter(f"{{{imscp}}}resource")}
    problems = []
    for item in root.iter(f"{{{imscp}}}item"):
        ident = item.get("identifier", "?")
        ref = item.get("identifierref")
        has_children = item.find(f"{{{imscp}}}item") is not None
        if has_children and ref is not None:
            problems.append(
                PackageProblem(
                    f'the item "{ident}" contains other items and also has identifierref="{ref}": '
                    "in SCORM only leaf items launch content, so LMSs refuse this",
                    label,
                    item.sourceline,
                    hint="remove identifierref from the parent item, or move the content into a child item",
                )
            )
        elif not has_children and ref is None:
            problems.append(
                PackageProblem(
                    f'the item "{ident}" has no child items and no identifierref: a leaf item must launch '
                    "a resource, or the LMS shows an entry that opens nothing",
                    label,
                    item.sourceline,
                    hint='add identifierref="<resource identifier>" to the item',
                )
            )
        elif ref is not None and ref not in resources:
            problems.append(
                PackageProblem(
                    f'the item "{ident}" points to the resource "{ref}", which the manifest does not have',
                    label,
                    item.sourceline,
                    hint="set identifierref to the identifier of one of the <resource> elements",
                )
            )
    return problems


def check_unique_identifiers(root, label: str) -> list[PackageProblem]:
    """No two manifest elements share an identifier (the LMS looks things up by them)."""
    seen: dict[str, list[int | None]] = defaultdict(list)
    for element in root.iter():
        ident = element.get("identifier")
        if ident is not None and isinstance(element.tag, str):
            seen[ident].append(element.sourceline)
    problems = []
    for ident, lines in seen.items():
        if len(lines) > 1:
            others = ", ".join(str(n) for n in lines[1:])
            problems.append(
                PackageProblem(
                    f'the identifier "{ident}" is used {len(lines)} times (also on line {others}): '
                    "the LMS finds items and resources by identifier and cannot tell these apart",
                    label,
                    lines[0],
                    hint="give every manifest, organization, item and resource its own identifier",
                )
            )
    return problems


def check_default_organization(root, imscp: str, label: str) -> list[PackageProblem]:
    """<organizations default="..."> names an organization that exists: it is what the LMS launches."""
    organizations = root.find(f"{{{imscp}}}organizations")
    if organizations is None:
        return [
            PackageProblem(
                "the manifest has no <organizations>: the LMS has no course structure to launch",
                label,
                root.sourceline,
                hint="add <organizations> with one <organization> holding the items",
            )
        ]
    found = [o.get("identifier") for o in organizations.findall(f"{{{imscp}}}organization")]
    if not found:
        return [
            PackageProblem(
                "<organizations> is empty: the LMS has no course structure to launch",
                label,
                organizations.sourceline,
                hint="add an <organization> holding the course's items",
            )
        ]
    default = organizations.get("default")
    if default is None:
        return [
            PackageProblem(
                "<organizations> has no default attribute: the LMS does not know which organization to launch",
                label,
                organizations.sourceline,
                hint=f'add default="{found[0]}" to <organizations>',
            )
        ]
    if default not in found:
        return [
            PackageProblem(
                f'the default organization "{default}" does not exist (the manifest has: {", ".join(found)}): '
                "the LMS does not know what to launch",
                label,
                organizations.sourceline,
                hint='set <organizations default="..."> to the identifier of one of its <organization> elements',
            )
        ]
    return []
