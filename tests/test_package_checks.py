"""ADL's package checks on real zips: two packages as other tools write them, broken one way at a time."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from course_builder.package.checks import check_package
from course_builder.package.editions import SCORM12, SCORM2004

FIXTURES = Path(__file__).parent / "fixtures" / "package"
EDITIONS = {"scorm12": SCORM12, "scorm2004": SCORM2004}


def package_files(edition: str) -> dict[str, bytes]:
    """The fixture package of `edition` as zip entries, with the official schema files at the root."""
    folder = FIXTURES / f"{edition}-other-tool"
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    files.update({name: path.read_bytes() for name, path in EDITIONS[edition].schema_files()})
    return files


def make_zip(tmp_path: Path, files: dict[str, bytes], name: str = "package.zip") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry, data in files.items():
            archive.writestr(entry, data)
    return path


def edit_manifest(files: dict[str, bytes], old: str, new: str) -> dict[str, bytes]:
    text = files["imsmanifest.xml"].decode()
    assert old in text, f"fixture does not contain {old!r}"
    return {**files, "imsmanifest.xml": text.replace(old, new).encode()}


def line_of(files: dict[str, bytes], needle: str) -> int:
    """1-based line of the manifest where `needle` first appears."""
    text = files["imsmanifest.xml"].decode()
    return text[: text.index(needle)].count("\n") + 1


def messages(problems) -> str:
    return "\n".join(p.message for p in problems)


def only_errors(problems):
    return [p for p in problems if p.severity == "error"]


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_well_made_package_from_another_tool_passes(tmp_path, edition):
    assert check_package(make_zip(tmp_path, package_files(edition))) == []


def test_not_a_zip(tmp_path):
    path = tmp_path / "course.zip"
    path.write_bytes(b"this is not a zip")
    [problem] = check_package(path)
    assert "not a readable zip file" in problem.message


def test_missing_manifest(tmp_path):
    files = package_files("scorm12")
    del files["imsmanifest.xml"]
    [problem] = check_package(make_zip(tmp_path, files))
    assert "has no imsmanifest.xml at its root" in problem.message
    assert problem.severity == "error" and problem.hint


def test_zipped_parent_folder(tmp_path):
    files = {f"safety-basics/{name}": data for name, data in package_files("scorm12").items()}
    [problem] = check_package(make_zip(tmp_path, files, "safety-basics.zip"))
    assert 'imsmanifest.xml is inside the folder "safety-basics/", not at the root of the zip' in problem.message
    assert "parent folder" in problem.message
    assert "select everything in it" in problem.hint
    assert problem.file == "safety-basics.zip"


def test_manifest_name_in_wrong_case(tmp_path):
    files = package_files("scorm12")
    files["IMSManifest.xml"] = files.pop("imsmanifest.xml")
    [problem] = check_package(make_zip(tmp_path, files))
    assert 'the manifest is named "IMSManifest.xml"' in problem.message


def test_not_well_formed(tmp_path):
    # The classic: a raw `&` in a title written by string concatenation.
    files = edit_manifest(package_files("scorm12"), "<title>Safety Basics</title>", "<title>Safety & Health</title>")
    [problem] = check_package(make_zip(tmp_path, files))
    assert "not well-formed XML" in problem.message
    assert problem.line == line_of(files, "Safety & Health")
    assert problem.file == "package.zip/imsmanifest.xml"


def test_root_not_in_imscp_namespace(tmp_path):
    files = edit_manifest(
        package_files("scorm12"),
        'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
        'xmlns="http://example.com/manifest"',
    )
    [problem] = check_package(make_zip(tmp_path, files))
    assert "IMS Content Packaging namespace" in problem.message
    assert "http://example.com/manifest" in problem.message


def test_missing_schema_file_named_in_schema_location(tmp_path):
    files = package_files("scorm12")
    del files["adlcp_rootv1p2.xsd"]
    problems = check_package(make_zip(tmp_path, files))
    assert messages(problems) == (
        'the schema "adlcp_rootv1p2.xsd" named in xsi:schemaLocation '
        "(for http://www.adlnet.org/xsd/adlcp_rootv1p2) is not in the zip"
    )
    assert "root of the zip" in problems[0].hint


def test_schema_in_sub_folder(tmp_path):
    files = edit_manifest(package_files("scorm12"), " adlcp_rootv1p2.xsd", " schemas/adlcp_rootv1p2.xsd")
    files["schemas/adlcp_rootv1p2.xsd"] = files["adlcp_rootv1p2.xsd"]
    assert "is in a sub-folder" in messages(check_package(make_zip(tmp_path, files)))


def test_newline_inside_schema_location(tmp_path):
    files = edit_manifest(
        package_files("scorm12"),
        "imscp_rootv1p1p2.xsd http://www.adlnet.org",
        "imscp_rootv1p1p2.xsd\n             http://www.adlnet.org",
    )
    [problem] = check_package(make_zip(tmp_path, files))
    assert "xsi:schemaLocation is broken over several lines" in problem.message
    assert problem.line == line_of(files, "xsi:schemaLocation")


def test_schema_invalid_manifest_checked_with_our_schemas_not_the_zips(tmp_path):
    # A wrong adlcp element; the zip ships a doctored adlcp schema that would accept anything.
    files = edit_manifest(package_files("scorm12"), "adlcp:masteryscore>", "adlcp:masteryScore>")
    files["adlcp_rootv1p2.xsd"] = files["adlcp_rootv1p2.xsd"].replace(b'name="masteryscore"', b'name="masteryScore"')
    [problem] = check_package(make_zip(tmp_path, files))
    assert "does not match the SCORM 1.2 schema: Element 'adlcp:masteryScore'" in problem.message
    assert problem.line == line_of(files, "<adlcp:masteryScore>")


def test_wrong_imsss_element_in_2004_package(tmp_path):
    files = edit_manifest(package_files("scorm2004"), "imsss:deliveryControls", "imsss:deliveryControl")
    [problem] = check_package(make_zip(tmp_path, files))
    assert "does not match the SCORM 2004 4th Edition schema: Element 'imsss:deliveryControl'" in problem.message


def test_missing_referenced_file(tmp_path):
    files = package_files("scorm12")
    del files["css/style.css"]
    [problem] = check_package(make_zip(tmp_path, files))
    assert problem.message.startswith('the manifest names "css/style.css" but the zip has no such file')
    assert problem.line == line_of(files, '<file href="css/style.css"/>')


def test_case_mismatch(tmp_path):
    files = package_files("scorm12")
    files["CSS/Style.css"] = files.pop("css/style.css")
    problems = check_package(make_zip(tmp_path, files))
    assert 'the manifest names "css/style.css" but the zip holds "CSS/Style.css": upper/lower case differs' in messages(
        only_errors(problems)
    )


def test_absolute_href(tmp_path):
    files = edit_manifest(package_files("scorm12"), '<file href="css/style.css"/>', '<file href="/css/style.css"/>')
    problems = only_errors(check_package(make_zip(tmp_path, files)))
    assert messages(problems).startswith('the href "/css/style.css" is absolute')


def test_href_leaving_the_package(tmp_path):
    files = edit_manifest(
        package_files("scorm12"), '<file href="css/style.css"/>', '<file href="../shared/style.css"/>'
    )
    problems = only_errors(check_package(make_zip(tmp_path, files)))
    assert messages(problems).startswith('the href "../shared/style.css" leaves the package')


def test_backslash_href(tmp_path):
    files = edit_manifest(package_files("scorm12"), '<file href="css/style.css"/>', '<file href="css\\style.css"/>')
    problems = only_errors(check_package(make_zip(tmp_path, files)))
    assert messages(problems).startswith('the href "css\\style.css" uses backslashes')


def test_zip_written_with_backslashes(tmp_path):
    files = package_files("scorm12")
    files["css\\style.css"] = files.pop("css/style.css")
    problems = only_errors(check_package(make_zip(tmp_path, files)))
    assert 'the zip stores "css/style.css" as "css\\style.css"' in messages(problems)


def test_missing_scorm_type_12(tmp_path):
    files = edit_manifest(package_files("scorm12"), ' adlcp:scormtype="sco"', "")
    [problem] = check_package(make_zip(tmp_path, files))
    assert problem.message.startswith('the resource "RES_1" has no adlcp:scormtype:')
    assert 'adlcp:scormtype="sco"' in problem.hint


def test_scorm_type_spelt_the_other_editions_way(tmp_path):
    # 2004 spells it scormType; a tool that writes the 1.2 spelling into a 2004 manifest fails import.
    files = edit_manifest(package_files("scorm2004"), 'adlcp:scormType="asset"', 'adlcp:scormtype="asset"')
    problems = check_package(make_zip(tmp_path, files))
    assert (
        'the resource "shared-files" has no adlcp:scormType (it has "scormtype", but SCORM 2004 4th Edition '
        'spells it "adlcp:scormType"'
    ) in messages(problems)


def test_identifierref_on_item_with_children(tmp_path):
    files = edit_manifest(
        package_files("scorm12"),
        "<title>Safety Basics</title>\n        <adlcp",
        "<title>Safety Basics</title>\n"
        '        <item identifier="ITEM_2" identifierref="RES_1"><title>Part 1</title></item>\n'
        "        <adlcp",
    )
    problems = check_package(make_zip(tmp_path, files))
    assert messages(problems).startswith('the item "ITEM_1" contains other items and also has identifierref="RES_1"')
    assert problems[0].line == line_of(files, '<item identifier="ITEM_1"')


def test_duplicate_identifier(tmp_path):
    files = edit_manifest(package_files("scorm2004"), 'identifier="shared-files"', 'identifier="fire-safety-sco"')
    problems = check_package(make_zip(tmp_path, files))
    second = line_of(files, '<resource identifier="fire-safety-sco" type="webcontent" adlcp:scormType="asset"')
    assert f'the identifier "fire-safety-sco" is used 2 times (also on line {second})' in messages(problems)


def test_default_organization_that_does_not_exist(tmp_path):
    files = edit_manifest(package_files("scorm2004"), 'default="fire-safety-org"', 'default="main-org"')
    problems = check_package(make_zip(tmp_path, files))
    assert 'the default organization "main-org" does not exist (the manifest has: fire-safety-org)' in messages(
        problems
    )


def test_missing_default_organization_attribute(tmp_path):
    files = edit_manifest(package_files("scorm12"), ' default="ORG_1"', "")
    [problem] = check_package(make_zip(tmp_path, files))
    assert "<organizations> has no default attribute" in problem.message
    assert problem.hint == 'add default="ORG_1" to <organizations>'


def test_unlisted_file_is_a_warning(tmp_path):
    files = {**package_files("scorm12"), "notes/draft.docx": b"draft", "old.html": b"old"}
    [problem] = check_package(make_zip(tmp_path, files))
    assert problem.severity == "warning"
    assert problem.message.startswith("2 files in the zip are not listed in any resource: notes/draft.docx, old.html.")
    assert str(problem).startswith("warning: package.zip/imsmanifest.xml: ")


def test_every_problem_reported_in_one_pass(tmp_path):
    files = package_files("scorm12")
    del files["css/style.css"]
    files = edit_manifest(files, ' adlcp:scormtype="sco"', "")
    files = edit_manifest(files, 'default="ORG_1"', 'default="ORG_X"')
    text = messages(check_package(make_zip(tmp_path, files)))
    assert "has no such file" in text
    assert "has no adlcp:scormtype" in text
    assert 'the default organization "ORG_X" does not exist' in text


def test_damaged_manifest_entry(tmp_path):
    path = tmp_path / "package.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        for entry, data in package_files("scorm12").items():
            archive.writestr(entry, data)
    data = path.read_bytes()
    path.write_bytes(data.replace(b"<title>Safety Basics</title>", b"<title>Safety Bas1cs</title>", 1))
    [problem] = check_package(path)
    assert "imsmanifest.xml cannot be read from the zip" in problem.message


def test_scorm12_manifest_under_the_2004_content_packaging_namespace(tmp_path):
    files = edit_manifest(
        package_files("scorm12"),
        'xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"',
        'xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"',
    )
    problems = check_package(make_zip(tmp_path, files))
    assert messages(problems).startswith(
        "this SCORM 1.2 manifest has its root in the namespace http://www.imsglobal.org/xsd/imscp_v1p1"
    )


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java&#9;script:alert(1)",
        "file:///C:/course/index.html",
        "data:text/html,x",
        "vbscript:msgbox(1)",
    ],
)
def test_href_with_a_scheme_other_than_http_is_an_error(tmp_path, href):
    files = edit_manifest(package_files("scorm12"), '<file href="css/style.css"/>', f'<file href="{href}"/>')
    problems = only_errors(check_package(make_zip(tmp_path, files)))
    assert 'uses the "' in messages(problems) and '" scheme' in messages(problems)


def test_web_address_href_is_not_a_file(tmp_path):
    files = edit_manifest(
        package_files("scorm12"),
        '<file href="css/style.css"/>',
        '<file href="css/style.css"/><file href="https://cdn.example.com/font.css"/>',
    )
    assert check_package(make_zip(tmp_path, files)) == []


def test_bare_doctype_is_a_warning(tmp_path):
    files = edit_manifest(package_files("scorm12"), "<manifest ", "<!DOCTYPE manifest>\n<manifest ")
    [problem] = check_package(make_zip(tmp_path, files))
    assert problem.severity == "warning" and "<!DOCTYPE>" in problem.message


def test_entity_in_manifest_is_refused_without_traceback(tmp_path):
    files = edit_manifest(
        package_files("scorm12"), "<manifest ", '<!DOCTYPE manifest [<!ENTITY t "Safety">]>\n<manifest '
    )
    files = edit_manifest(files, "<title>Safety Basics</title>", "<title>&t; Basics</title>")
    [problem] = check_package(make_zip(tmp_path, files))
    assert "declares a DOCTYPE with entities" in problem.message
