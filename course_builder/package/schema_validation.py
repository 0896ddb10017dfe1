"""Validate an imsmanifest.xml against the official SCORM schemas, offline.

The content-packaging schemas accept elements of other namespaces through wildcards (lax in
2004), so a misspelt `imsss:` or `adlnav:` element passes when validated against imscp alone.
We therefore compile ONE wrapper schema per edition that imports every namespace a manifest
uses: the wildcards then find a declaration and check the element strictly.

No network: ADL's imscp_v1p1.xsd imports http://www.w3.org/2001/xml.xsd; a resolver maps that
to the local copy. Two SCORM 1.2 files do not compile in libxml2 as shipped, so the resolver
hands it patched in-memory copies; the files on disk (and in packages) stay the originals.
"""

from __future__ import annotations

import re
from functools import cache

from lxml import etree

from course_builder.errors import CourseError
from course_builder.package.editions import Edition
from course_builder.package.editions import edition as get_edition
from course_builder.package.problems import WARNING, PackageProblem, package_problems

MANIFEST_NAME = "imsmanifest.xml"
W3C_XML_XSD = "http://www.w3.org/2001/xml.xsd"

# (file, text as shipped, replacement): see the module docstring and schemas/README.md.
_SCORM12_PATCHES = {
    # Declares the xml namespace as its default namespace, which libxml2 refuses.
    "ims_xml.xsd": ('xmlns="http://www.w3.org/XML/1998/namespace"', ""),
    # `##any` + strict after optional elements is non-deterministic (Unique Particle Attribution).
    "imsmd_rootv1p2p1.xsd": (
        '<xsd:any namespace="##any" processContents="strict"',
        '<xsd:any namespace="##other" processContents="lax"',
    ),
}


class _SchemaResolver(etree.Resolver):
    """Serves schema files from our packaged folder only, patching where libxml2 needs it."""

    def __init__(self, ed: Edition):
        super().__init__()
        self.edition = ed
        self.base = ed.schema_dir.resolve().as_uri() + "/"

    def resolve(self, url, pubid, context):
        if url == W3C_XML_XSD:
            return self.resolve_filename(str(self.edition.schema_dir / "xml.xsd"), context)
        if self.edition.name == "scorm12" and url and url.startswith(self.base):
            name = url[len(self.base) :]
            if name in _SCORM12_PATCHES:
                old, new = _SCORM12_PATCHES[name]
                text = (self.edition.schema_dir / name).read_text(encoding="utf-8")
                if old not in text:  # the packaged file changed: fail loudly rather than validate wrongly
                    raise RuntimeError(f"schema file {name} is not the expected original")
                return self.resolve_string(text.replace(old, new, 1), context, base_url=url)
        return None  # local files load normally; anything else fails (no_network)


def _parser(ed: Edition | None = None) -> etree.XMLParser:
    # resolve_entities=False and no_network: a manifest from another tool is untrusted input.
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False, huge_tree=False)
    if ed is not None:
        parser.resolvers.add(_SchemaResolver(ed))
    return parser


def _wrapper_source(ed: Edition) -> bytes:
    imports = "".join(f'<xs:import namespace="{uri}" schemaLocation="{file}"/>' for _, uri, file in ed.namespaces)
    return f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'.encode()


@cache
def manifest_schema(edition_name: str) -> etree.XMLSchema:
    """The compiled wrapper schema of an edition; compiled once per process."""
    ed = get_edition(edition_name)
    # The wrapper pretends to live in the schema folder so relative schemaLocations resolve there.
    base_url = (ed.schema_dir.resolve() / "course-builder-wrapper.xsd").as_uri()
    wrapper = etree.fromstring(_wrapper_source(ed), _parser(ed), base_url=base_url)
    return etree.XMLSchema(etree.ElementTree(wrapper))


def parse_manifest(xml_bytes: bytes, file: str = MANIFEST_NAME) -> etree._ElementTree:
    """Parse manifest bytes safely; raise CourseError with the line when not well-formed.

    Safe means: no entity is expanded, no DTD or other file is loaded, no request is made (see
    _parser). A manifest that declares or uses entities is refused here, before anything walks
    the tree: the unexpanded references would reach the schema check as nodes it cannot handle.
    """
    try:
        tree = etree.ElementTree(etree.fromstring(xml_bytes, _parser()))
    except (etree.LxmlError, ValueError) as exc:  # every lxml parse failure, and bad encodings
        line = getattr(exc, "lineno", None) or None
        if _DOCTYPE.search(xml_bytes[:4096].replace(b"\0", b"")):  # "\0": a UTF-16 manifest
            raise CourseError(_doctype_problem(file, line)) from None
        reason = getattr(exc, "msg", None) or str(exc)
        raise CourseError(
            PackageProblem(
                f"the manifest is not well-formed XML ({reason})",
                file,
                line,
                hint="an LMS cannot read a manifest that is not well-formed XML; "
                "fix the markup at this line (unescaped `&` and `<` in titles are the usual cause)",
            )
        ) from None
    info = tree.docinfo
    declared = info.internalDTD is not None and any(True for _ in info.internalDTD.iterentities())
    if declared or info.system_url or info.public_id or any(node.tag is etree.Entity for node in tree.getroot().iter()):
        raise CourseError(_doctype_problem(file, 1))
    return tree


# A DOCTYPE with an internal subset ([...]) or an outside DTD: what entity tricks need.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>\[]*(?:\[|SYSTEM|PUBLIC)")


def _doctype_problem(file: str, line: int | None) -> PackageProblem:
    return PackageProblem(
        "the manifest declares a DOCTYPE with entities or an outside DTD file: SCORM manifests never need "
        'one, and LMSs refuse it (it is how "XML entity" attacks read server files or exhaust memory) '
        "or ignore it and lose the text the entities stand for",
        file,
        line,
        hint="remove the <!DOCTYPE ...> declaration and write the text in place of each &name; entity",
    )


def doctype_warning(tree: etree._ElementTree, file: str) -> list[PackageProblem]:
    """A bare <!DOCTYPE manifest> (nothing declared, nothing loaded) is harmless but never needed."""
    if not tree.docinfo.doctype:
        return []
    return [
        PackageProblem(
            "the manifest starts with a <!DOCTYPE> declaration: SCORM manifests never need one, and some LMSs "
            "refuse any manifest that has one",
            file,
            1,
            severity=WARNING,
            hint="remove the <!DOCTYPE ...> line",
        )
    ]


def validate_manifest(xml_bytes: bytes, edition: str, file: str = MANIFEST_NAME) -> list[PackageProblem]:
    """Every place where the manifest breaks the edition's official schemas (empty when valid)."""
    ed = get_edition(edition)
    try:
        tree = parse_manifest(xml_bytes, file)
    except CourseError as exc:
        return package_problems(exc)
    schema = manifest_schema(ed.name)
    try:
        if schema.validate(tree):
            return []
    except etree.LxmlError as exc:  # libxml2 gave up on this document: say so, never a traceback
        return [
            PackageProblem(
                f"the manifest could not be checked against the {ed.label} schema ({exc})",
                file,
                hint="LMSs check the manifest against the schemas on import; "
                "simplify the manifest to plain elements and attributes",
            )
        ]
    return [_problem(entry, ed, file) for entry in schema.error_log]


_QNAME = re.compile(r"\{([^}]*)\}([\w.-]+)")
_OTHER_NS = re.compile(r"##other\{[^}]*\}\*")


def _readable(message: str, ed: Edition) -> str:
    """'{http://www.imsglobal.org/xsd/imsss}objectivez' -> 'imsss:objectivez'."""

    def prefixed(m: re.Match) -> str:
        prefix = ed.prefix_of(m.group(1))
        return f"{prefix}:{m.group(2)}" if prefix else m.group(0)

    message = _OTHER_NS.sub("an element of another namespace", message)
    return _QNAME.sub(prefixed, message).rstrip(".")


def _hint(message: str, ed: Edition) -> str:
    why = f"LMSs check the manifest against the {ed.label} schemas on import and refuse it when it does not match; "
    if "No matching global" in message:
        return why + (
            "this name is not defined in that namespace: check the spelling and upper/lower case "
            "of the element or attribute, and that its prefix points to the right namespace"
        )
    if "not expected" in message:
        return why + (
            "check the element's spelling and its position: the schema fixes which elements "
            "may appear inside this one and in which order"
        )
    if "'xs:ID'" in message:
        return why + (
            'identifiers must be unique within the manifest, start with a letter or "_", '
            'and use only letters, digits, "-", "_" and "."'
        )
    if "is not a valid value" in message or "is not an element of the set" in message:
        return why + "use one of the values the schema allows for this attribute or element"
    if "attribute" in message and "not allowed" in message:
        return why + "remove the attribute or check its spelling and namespace prefix"
    if "is required but missing" in message or "Missing child element" in message:
        return why + "add what the schema requires here"
    if "No match found for key-sequence" in message or "is not unique" in message or "Duplicate key" in message:
        return why + "make the identifier unique or point the reference at an identifier that exists"
    return why + "correct the element on this line so it follows the schema"


def _problem(entry, ed: Edition, file: str) -> PackageProblem:
    message = _readable(entry.message, ed)
    return PackageProblem(
        f"the manifest does not match the {ed.label} schema: {message}",
        file,
        entry.line or None,
        hint=_hint(entry.message, ed),
    )
