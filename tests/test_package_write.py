"""write_package and the deterministic zip writer, on a tiny built site in tmp_path."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from harness.courses import make_course

from course_builder.errors import CourseError
from course_builder.package import check_package, package_filename, write_package
from course_builder.package.editions import SCORM12, SCORM2004
from course_builder.package.zipper import write_zip

LAUNCHER = {"scorm-launch.html": b"<!doctype html><title>launch</title>"}


@pytest.fixture
def site(tmp_path) -> Path:
    site = tmp_path / "site"
    (site / "introduction").mkdir(parents=True)
    (site / "assets" / "stylesheets").mkdir(parents=True)
    (site / "index.html").write_text("<h1>Credit and Collections</h1>")
    (site / "introduction" / "order-to-cash.html").write_text("<h1>Order to cash</h1>")
    (site / "assets" / "stylesheets" / "main.css").write_text("body { margin: 0 }")
    (site / "search index.json").write_text("{}")
    return site


def build(course, edition, site, out) -> Path:
    return write_package(course, edition, site, LAUNCHER, "scorm-launch.html", out)


def test_package_filename():
    assert package_filename(make_course(), "scorm12") == "credit-collections-1.0.0-scorm12.zip"
    assert package_filename(make_course(), "scorm2004") == "credit-collections-1.0.0-scorm2004.zip"


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_zip_layout(tmp_path, site, edition):
    out = build(make_course(), edition, site, tmp_path / "dist" / package_filename(make_course(), edition))
    names = zipfile.ZipFile(out).namelist()
    site_files = ["assets/stylesheets/main.css", "index.html", "introduction/order-to-cash.html", "search index.json"]
    assert set(site_files) <= set(names)
    assert "scorm-launch.html" in names and "imsmanifest.xml" in names
    assert not [n for n in names if n.endswith("/")]  # no directory entries
    if edition == "scorm12":
        schemas = {"imscp_rootv1p1p2.xsd", "imsmd_rootv1p2p1.xsd", "adlcp_rootv1p2.xsd", "ims_xml.xsd"}
        assert set(names) == set(site_files) | schemas | {"scorm-launch.html", "imsmanifest.xml"}
    else:
        assert {
            "imscp_v1p1.xsd",
            "adlcp_v1p3.xsd",
            "adlseq_v1p3.xsd",
            "adlnav_v1p3.xsd",
            "imsss_v1p0.xsd",
            "imsss_v1p0objective.xsd",
            "lom.xsd",
            "xml.xsd",
            "XMLSchema.dtd",
        } <= set(names)
        # lom.xsd includes these by relative path, so they keep their folders.
        assert {"common/elementTypes.xsd", "extend/strict.xsd", "unique/strict.xsd", "vocab/strict.xsd"} <= set(names)
    # The schema files in the package are byte-for-byte the official ones.
    ed = SCORM12 if edition == "scorm12" else SCORM2004
    with zipfile.ZipFile(out) as archive:
        for name, path in ed.schema_files():
            assert archive.read(name) == path.read_bytes()
        manifest = archive.read("imsmanifest.xml")
    assert b'href="search%20index.json"' in manifest
    assert b"Credit &amp; Collections Training" in manifest


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_our_packages_pass_every_check(tmp_path, site, edition):
    out = build(make_course(), edition, site, tmp_path / "course.zip")
    assert check_package(out) == []


@pytest.mark.parametrize("edition", ["scorm12", "scorm2004"])
def test_deterministic_package(tmp_path, site, edition):
    first = build(make_course(), edition, site, tmp_path / "first.zip").read_bytes()
    # Same content, new modification times: the zip must not change.
    for path in site.rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    second = build(make_course(), edition, site, tmp_path / "second.zip").read_bytes()
    assert first == second


def test_zip_entries_are_normalised(tmp_path):
    out = tmp_path / "x.zip"
    write_zip({"b.txt": b"b", "a/c.txt": b"c" * 1000, "a/b.txt": b"ab"}, out)
    infos = zipfile.ZipFile(out).infolist()
    assert [i.filename for i in infos] == ["a/b.txt", "a/c.txt", "b.txt"]
    for info in infos:
        assert info.date_time == (1980, 1, 1, 0, 0, 0)
        assert info.external_attr >> 16 == 0o100644
        assert info.compress_type == zipfile.ZIP_DEFLATED
    source = tmp_path / "big.bin"
    source.write_bytes(bytes(range(256)) * 100)
    write_zip({"big.bin": source, "b.txt": b"b"}, tmp_path / "y.zip")
    write_zip({"b.txt": b"b", "big.bin": source.read_bytes()}, tmp_path / "z.zip")
    assert (tmp_path / "y.zip").read_bytes() == (tmp_path / "z.zip").read_bytes()


def test_invalid_manifest_leaves_existing_package_untouched(tmp_path, site):
    out = tmp_path / "dist" / "credit-collections-1.0.0-scorm12.zip"
    out.parent.mkdir()
    out.write_bytes(b"last good package")
    # SCORM 1.2's content-packaging schema limits titles to 200 characters.
    with pytest.raises(CourseError) as raised:
        build(make_course(title="T" * 201), "scorm12", site, out)
    assert "does not match the SCORM 1.2 schema" in str(raised.value)
    assert raised.value.problems[0].line
    assert out.read_bytes() == b"last good package"
    assert [p.name for p in out.parent.iterdir()] == [out.name]  # no temp file left behind


def test_site_file_clashing_with_package_files_refused(tmp_path, site):
    (site / "imsmanifest.xml").write_text("<manifest/>")
    out = tmp_path / "course.zip"
    with pytest.raises(CourseError, match="needs for its own manifest or schema files"):
        build(make_course(), "scorm2004", site, out)
    assert not out.exists()


def test_extra_file_clashing_with_site_file_refused(tmp_path, site):
    with pytest.raises(CourseError, match="index.html is produced twice"):
        write_package(make_course(), "scorm12", site, {"index.html": b"x"}, "index.html", tmp_path / "c.zip")


def test_missing_site_dir(tmp_path):
    with pytest.raises(CourseError, match="does not exist"):
        build(make_course(), "scorm12", tmp_path / "nope", tmp_path / "c.zip")


def test_failed_package_check_leaves_existing_package_untouched(tmp_path, site):
    # The manifest is schema-valid, but the finished zip fails ADL's checks (a path leaving the
    # package): write_package must refuse it and keep the previous package.
    out = tmp_path / "course.zip"
    out.write_bytes(b"last good package")
    with pytest.raises(CourseError) as raised:
        write_package(make_course(), "scorm2004", site, {"../launch.html": b"x"}, "../launch.html", out)
    assert 'the href "../launch.html" leaves the package' in str(raised.value)
    assert out.read_bytes() == b"last good package"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course.zip", "site"]


def test_site_file_name_with_backslash_refused(tmp_path, site):
    (site / "odd\\name.html").write_text("x")
    with pytest.raises(CourseError, match="contains a backslash"):
        build(make_course(), "scorm12", site, tmp_path / "c.zip")


def test_zip_writer_gives_zipfiles_bytes_and_reuses_deflated_files(tmp_path):
    """write_zip deflates entries itself (and keeps them for the next zip): the bytes must stay zipfile's."""
    from course_builder.package.zipper import DeflateCache, _write_with_zipfile

    files = {
        "empty.txt": b"",
        "é/leçon.html": "<p>déjà vu</p>\n".encode() * 500,
        "big.bin": bytes(range(256)) * 9000,
        "a.txt": b"a",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(data)
    entries = {name: tmp_path / name for name in files} | {"extra.html": b"<html></html>"}
    _write_with_zipfile(entries, tmp_path / "reference.zip")
    cache = DeflateCache()
    write_zip(entries, tmp_path / "first.zip", cache)
    assert len(cache) == len(files)
    write_zip(entries, tmp_path / "second.zip", cache)
    reference = (tmp_path / "reference.zip").read_bytes()
    assert (tmp_path / "first.zip").read_bytes() == reference
    assert (tmp_path / "second.zip").read_bytes() == reference
    (tmp_path / "a.txt").write_bytes(b"changed")  # a changed file is deflated again
    write_zip(entries, tmp_path / "third.zip", cache)
    assert zipfile.ZipFile(tmp_path / "third.zip").read("a.txt") == b"changed"
