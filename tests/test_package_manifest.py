"""imsmanifest.xml for SCORM 1.2 and 2004, and its validation against the official schemas."""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from harness.courses import make_course as _make_course
from lxml import etree

from course_builder.model import Course
from course_builder.package.editions import SCORM12, SCORM2004
from course_builder.package.manifest import build_manifest
from course_builder.package.schema_validation import manifest_schema, validate_manifest

IMSSS = "http://www.imsglobal.org/xsd/imsss"
ADLNAV = "http://www.adlnet.org/xsd/adlnav_v1p3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
FILES = ["index.html", "introduction/order-to-cash.html", "assets/stylesheets/main.css", "scorm-launch.html"]


def make_course(**changes) -> Course:
    return _make_course(**{"title": "Credit and Collections Training", **changes})


def manifest(edition: str, course: Course | None = None, files=FILES) -> bytes:
    return build_manifest(course or make_course(), edition, files, "scorm-launch.html")


def parse(xml: bytes):
    return etree.fromstring(xml)


# --- valid against the official schemas ------------------------------------------------------


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_manifest_is_schema_valid(edition):
    assert validate_manifest(manifest(edition), edition) == []


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_manifest_without_description_or_objectives_is_schema_valid(edition):
    course = make_course(description="", objectives=(), passing_score=100)
    assert validate_manifest(manifest(edition, course), edition) == []


def test_schemas_compile_once_per_process():
    assert manifest_schema("scorm2004") is manifest_schema("scorm2004")
    assert manifest_schema("scorm12") is manifest_schema("scorm12")


def test_scorm12_schema_files_on_disk_stay_the_originals():
    # The two files libxml2 cannot compile are patched in memory only; packages ship the originals.
    assert 'xmlns="http://www.w3.org/XML/1998/namespace"' in (SCORM12.schema_dir / "ims_xml.xsd").read_text()
    assert 'namespace="##any" processContents="strict"' in (SCORM12.schema_dir / "imsmd_rootv1p2p1.xsd").read_text()


# --- the wrapper schema catches what imscp alone lets through ---------------------------------


def _imscp_only_schema() -> etree.XMLSchema:
    """SCORM 2004's content-packaging schema on its own, as many validators use it."""

    class XmlXsd(etree.Resolver):
        def resolve(self, url, pubid, context):
            if url == "http://www.w3.org/2001/xml.xsd":
                return self.resolve_filename(str(SCORM2004.schema_dir / "xml.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(XmlXsd())
    return etree.XMLSchema(etree.parse(str(SCORM2004.schema_dir / "imscp_v1p1.xsd"), parser))


def test_misspelt_imsss_element_caught_by_wrapper_but_not_by_imscp_alone():
    good = manifest("scorm2004")
    bad = re.sub(
        rb'<imsss:objective objectiveID="prioritize">(.*?)</imsss:objective>',
        rb'<imsss:objectivez objectiveID="prioritize">\1</imsss:objectivez>',
        good,
        flags=re.S,
    )
    assert bad != good

    # The point: imscp's lax wildcard lets any imsss element through...
    assert _imscp_only_schema().validate(etree.fromstring(bad))
    # ...the wrapper schema that imports imsss does not.
    [problem] = validate_manifest(bad, "scorm2004")
    assert "Element 'imsss:objectivez': This element is not expected" in problem.message
    assert (
        problem.line == bad.decode().splitlines().index('            <imsss:objectivez objectiveID="prioritize">') + 1
    )
    assert problem.hint and "spelling and its position" in problem.hint


def test_imsss_element_in_the_wrong_place_caught():
    good = manifest("scorm2004")
    root = parse(good)
    sequencing = root.find(f".//{{{IMSSS}}}sequencing")
    delivery = sequencing.find(f"{{{IMSSS}}}deliveryControls")
    sequencing.remove(delivery)
    sequencing.insert(0, delivery)  # deliveryControls must come after objectives
    bad = etree.tostring(root)

    assert _imscp_only_schema().validate(etree.fromstring(bad))
    problems = validate_manifest(bad, "scorm2004")
    assert any("Element 'imsss:objectives': This element is not expected" in p.message for p in problems)


def test_wrong_adlnav_value_caught():
    bad = manifest("scorm2004").replace(b"<adlnav:hideLMSUI>continue<", b"<adlnav:hideLMSUI>next<")
    [problem] = validate_manifest(bad, "scorm2004")
    assert "The value 'next' is not an element of the set" in problem.message


def test_wrong_adlcp_element_in_scorm12_caught():
    bad = manifest("scorm12").replace(b"adlcp:masteryscore>", b"adlcp:masteryScore>")
    [problem] = validate_manifest(bad, "scorm12")
    assert "Element 'adlcp:masteryScore'" in problem.message
    assert problem.file == "imsmanifest.xml" and problem.line


def test_wrong_lom_element_in_scorm2004_caught():
    bad = manifest("scorm2004").replace(b"<lom:language>en-US</lom:language>", b"<lom:lang>en-US</lom:lang>")
    problems = validate_manifest(bad, "scorm2004")
    assert any("lom:lang" in p.message for p in problems)


def test_not_well_formed_reported_with_line():
    [problem] = validate_manifest(b'<?xml version="1.0"?>\n<manifest>\n<title>A & B</title></manifest>', "scorm12")
    assert "not well-formed" in problem.message and problem.line == 3


# --- content -------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_title_with_ampersand_round_trips(edition):
    title = 'Credit & Collections <Basics> "2026"'
    xml = manifest(edition, make_course(title=title, description="Tom & Jerry's"))
    assert b"Credit &amp; Collections &lt;Basics&gt;" in xml
    assert validate_manifest(xml, edition) == []
    root = parse(xml)
    titles = [
        t.text
        for t in root.iter(etree.Element)
        if etree.QName(t).localname in ("title", "langstring", "string") and t.text and t.text.startswith("Credit")
    ]
    assert titles and all(t == title for t in titles)


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_non_ascii_title_is_utf8(edition):
    xml = manifest(edition, make_course(title="Recouvrement de créances"))
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert "Recouvrement de créances".encode() in xml
    assert validate_manifest(xml, edition) == []


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_one_organization_item_and_sco_listing_every_file(edition):
    ed = {"scorm12": SCORM12, "scorm2004": SCORM2004}[edition]
    cp = ed.imscp
    root = parse(manifest(edition, files=["b.html", "a\\c.css", "scorm-launch.html", "a file.html"]))
    organizations = root.find(f"{{{cp}}}organizations")
    [organization] = organizations.findall(f"{{{cp}}}organization")
    assert organizations.get("default") == organization.get("identifier")
    [item] = organization.findall(f"{{{cp}}}item")
    [resource] = root.iter(f"{{{cp}}}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get("href") == "scorm-launch.html"
    assert resource.get("type") == "webcontent"
    assert resource.get(f"{{{ed.adlcp}}}{ed.scorm_type_attribute}") == "sco"
    hrefs = [f.get("href") for f in resource.findall(f"{{{cp}}}file")]
    assert hrefs == ["a%20file.html", "a/c.css", "b.html", "scorm-launch.html"]


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_identifiers(edition):
    root = parse(manifest(edition))
    # SuccessFactors keeps 15 characters: readable, and from the course id, not a generic prefix.
    assert root.get("identifier").startswith("credit-") and root.get("identifier").endswith("-credit-collections")
    ids = [e.get("identifier") for e in root.iter() if e.get("identifier")]
    assert len(ids) == len(set(ids))
    # No id holds the version, so learner progress survives a new version (also in SuccessFactors).
    other = parse(manifest(edition, make_course(version="2.0.0")))
    assert ids == [e.get("identifier") for e in other.iter() if e.get("identifier")]
    # Courses whose ids begin alike stay apart in those 15 characters; a short id is itself.
    keys = {
        parse(manifest(edition, make_course(id=name))).get("identifier")[:15]
        for name in ("harassment-prevention-managers", "harassment-prevention-staff")
    }
    assert len(keys) == 2
    assert parse(manifest(edition, make_course(id="mini-course"))).get("identifier") == "mini-course"


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_schema_location_is_one_line_naming_root_files_only(edition):
    ed = {"scorm12": SCORM12, "scorm2004": SCORM2004}[edition]
    root = parse(manifest(edition))
    location = root.get(f"{{{XSI}}}schemaLocation")
    parts = location.split(" ")
    assert "\n" not in location and "" not in parts and len(parts) % 2 == 0
    for namespace, file in zip(parts[::2], parts[1::2]):
        assert "/" not in file and (ed.schema_dir / file).is_file()
        assert namespace in root.nsmap.values()


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_lom_metadata(edition):
    root = parse(manifest(edition))
    texts = {
        etree.QName(e).localname: e.text
        for e in root.find(f"{{{root.nsmap[None]}}}metadata").iter(etree.Element)
        if e.text and e.text.strip()
    }
    assert texts["schema"] == "ADL SCORM"
    assert texts["schemaversion"] == {"scorm12": "1.2", "scorm2004": "2004 4th Edition"}[edition]
    assert texts["language"] == "en-US"
    lom_strings = [e.text for e in root.iter(etree.Element) if etree.QName(e).localname in ("langstring", "string")]
    assert lom_strings == ["Credit and Collections Training", "Practical training for collections staff.", "1.0.0"]
    assert "credit-collections" in texts.values()  # general identifier


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_the_package_says_which_builder_wrote_it(edition):
    xml = manifest(edition)
    root = parse(xml)
    [note] = [c.text for c in root.find(f"{{{root.nsmap[None]}}}metadata").iter(etree.Comment)]
    assert note.strip() == f"Written by course-builder {metadata.version('course-builder')}"
    assert validate_manifest(xml, edition) == []


def test_scorm12_mastery_score():
    root = parse(manifest("scorm12", make_course(passing_score=75)))
    [score] = root.iter("{http://www.adlnet.org/xsd/adlcp_rootv1p2}masteryscore")
    assert score.text == "75"


def test_scorm2004_sequencing_and_navigation():
    root = parse(manifest("scorm2004", make_course(passing_score=85)))
    cp = SCORM2004.imscp
    item = root.find(f".//{{{cp}}}item")
    primary = item.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}objectives/{{{IMSSS}}}primaryObjective")
    assert primary.get("objectiveID") == "credit-collections"
    assert primary.get("satisfiedByMeasure") == "true"
    assert primary.findtext(f"{{{IMSSS}}}minNormalizedMeasure") == "0.85"
    objectives = item.findall(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}objectives/{{{IMSSS}}}objective")
    assert [o.get("objectiveID") for o in objectives] == ["prioritize", "quick-wins"]
    # LMSs take cmi.scaled_passing_score from the objectives (Moodle: the last one's, 1.0 if none).
    assert [o.findtext(f"{{{IMSSS}}}minNormalizedMeasure") for o in objectives] == ["0.85", "0.85"]
    delivery = item.find(f"{{{IMSSS}}}sequencing/{{{IMSSS}}}deliveryControls")
    assert delivery.attrib == {"completionSetByContent": "true", "objectiveSetByContent": "true"}
    hidden = [h.text for h in item.iter(f"{{{ADLNAV}}}hideLMSUI")]
    assert hidden == ["previous", "continue"]  # exit stays visible
    control = root.find(f".//{{{cp}}}organization/{{{IMSSS}}}sequencing/{{{IMSSS}}}controlMode")
    assert control.attrib == {"choice": "true", "flow": "true"}


def test_deterministic():
    assert manifest("scorm2004") == manifest("scorm2004")
    assert manifest("scorm12", files=FILES) == manifest("scorm12", files=list(reversed(FILES)))


def test_launch_page_must_be_a_package_file():
    with pytest.raises(ValueError, match="launch page"):
        build_manifest(make_course(), "scorm12", ["index.html"], "scorm-launch.html")


def test_unknown_edition():
    with pytest.raises(ValueError, match="unknown SCORM edition"):
        manifest("scorm2005")
