"""What differs between SCORM 1.2 and SCORM 2004 4th Edition packages: namespaces and schema files.

One table, read by the manifest writer, the schema validator, the package checks and the zip
writer, so the namespaces a manifest declares and the schema files a zip carries never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SCHEMA_ROOT = Path(__file__).parent / "schemas"

XSI = "http://www.w3.org/2001/XMLSchema-instance"
XML_NS = "http://www.w3.org/XML/1998/namespace"


@dataclass(frozen=True)
class Edition:
    name: str  # "scorm12" | "scorm2004": the key used everywhere in the code
    label: str  # for messages: "SCORM 1.2"
    schema_dir: Path
    imscp: str  # namespace of <manifest>
    adlcp: str
    metadata: str  # namespace of the inline LOM record
    scorm_type_attribute: str  # 1.2 spells it "scormtype", 2004 "scormType"
    schemaversion: str  # the <schemaversion> text we write
    # (prefix, namespace, schema file at the zip root) for every namespace a manifest may use,
    # in the order they appear in xsi:schemaLocation and in the validation wrapper.
    namespaces: tuple[tuple[str, str, str], ...]

    def prefix_of(self, namespace: str) -> str | None:
        for prefix, uri, _ in self.namespaces:
            if uri == namespace:
                return prefix
        return None

    def schema_files(self) -> list[tuple[str, Path]]:
        """Every file of the edition's schema set as (name in the zip, file on disk), sorted.

        2004's lom.xsd includes common/, extend/, unique/ and vocab/ by relative path, so the
        sub-folders travel with it.
        """
        files = [p for p in self.schema_dir.rglob("*") if p.is_file() and p.suffix in (".xsd", ".dtd")]
        return sorted((p.relative_to(self.schema_dir).as_posix(), p) for p in files)


SCORM12 = Edition(
    name="scorm12",
    label="SCORM 1.2",
    schema_dir=SCHEMA_ROOT / "scorm12",
    imscp="http://www.imsproject.org/xsd/imscp_rootv1p1p2",
    adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2",
    metadata="http://www.imsglobal.org/xsd/imsmd_rootv1p2p1",
    scorm_type_attribute="scormtype",
    schemaversion="1.2",
    namespaces=(
        ("imscp", "http://www.imsproject.org/xsd/imscp_rootv1p1p2", "imscp_rootv1p1p2.xsd"),
        ("imsmd", "http://www.imsglobal.org/xsd/imsmd_rootv1p2p1", "imsmd_rootv1p2p1.xsd"),
        ("adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2", "adlcp_rootv1p2.xsd"),
    ),
)

SCORM2004 = Edition(
    name="scorm2004",
    label="SCORM 2004 4th Edition",
    schema_dir=SCHEMA_ROOT / "scorm2004",
    imscp="http://www.imsglobal.org/xsd/imscp_v1p1",
    adlcp="http://www.adlnet.org/xsd/adlcp_v1p3",
    metadata="http://ltsc.ieee.org/xsd/LOM",
    scorm_type_attribute="scormType",
    schemaversion="2004 4th Edition",
    namespaces=(
        ("imscp", "http://www.imsglobal.org/xsd/imscp_v1p1", "imscp_v1p1.xsd"),
        ("adlcp", "http://www.adlnet.org/xsd/adlcp_v1p3", "adlcp_v1p3.xsd"),
        ("adlseq", "http://www.adlnet.org/xsd/adlseq_v1p3", "adlseq_v1p3.xsd"),
        ("adlnav", "http://www.adlnet.org/xsd/adlnav_v1p3", "adlnav_v1p3.xsd"),
        ("imsss", "http://www.imsglobal.org/xsd/imsss", "imsss_v1p0.xsd"),
        ("lom", "http://ltsc.ieee.org/xsd/LOM", "lom.xsd"),
    ),
)

EDITIONS = {e.name: e for e in (SCORM12, SCORM2004)}


def edition(name: str) -> Edition:
    try:
        return EDITIONS[name]
    except KeyError:
        raise ValueError(f"unknown SCORM edition {name!r}: use one of {', '.join(EDITIONS)}") from None
