"""A corpus of hostile zips for `course-builder validate` (issue 12, items 9-12).

    python tests/hostile_zips.py OUTDIR      writes every case as OUTDIR/<name>.zip and lists them

Each case has a name, the verdict `validate` must give ("valid" or "invalid") and a piece of the
message it must print. All but the baseline start from the same valid package (the SCORM 2004
fixture "from another tool", with the official schemas at its root) and break it one way.

The zips are written byte by byte by `write_zip` below, not by zipfile: zipfile refuses to write
most of these (names with NUL, lying sizes, shared data). Bombs stay small on disk: after a full
flush, zlib compresses every MiB of zeros to the same bytes, so 10 GiB of zeros is one block
repeated (10 MB), and its CRC is computed without touching 10 GiB (see `_crc_of_zeros`).
"""

from __future__ import annotations

import bz2
import io
import os
import random
import stat
import struct
import sys
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course_builder.package.editions import SCORM2004  # noqa: E402

FIXTURE = Path(__file__).parent / "fixtures" / "package" / "scorm2004-other-tool"
MANIFEST = "imsmanifest.xml"
STORED, DEFLATED, BZIP2, LZMA = 0, 8, 12, 14
MIB = 1 << 20
_ZEROS = bytes(MIB)
_NO_ZIP64 = 0xFFFFFFFF


@dataclass
class Entry:
    """One entry as written: its name and bytes exactly, and what its headers claim."""

    name: bytes
    data: bytes  # as stored in the zip (compressed, or not)
    crc: int
    size: int  # the unpacked size the headers give
    method: int = DEFLATED
    flags: int = 0x800  # bit 11: the name is UTF-8
    mode: int = 0o100644  # Unix file type and permissions (the high half of external_attr)
    packed_size: int | None = None  # what the headers say about len(data), when they lie
    shares_header_of: int | None = None  # an earlier entry's index: point at its local header


def entry(name: str | bytes, content: bytes, method: int = DEFLATED, **changes) -> Entry:
    if method == DEFLATED:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = packer.compress(content) + packer.flush()
    elif method == BZIP2:
        data = bz2.compress(content)
    else:
        data = content
    raw_name = name.encode() if isinstance(name, str) else name
    return Entry(raw_name, data, zlib.crc32(content), len(content), method, **changes)


def write_zip(
    out: BinaryIO,
    entries: list[Entry],
    *,
    count: int | None = None,
    directory_gap: int = 0,
    claimed_directory: int | None = None,
) -> None:
    """A zip of `entries` written to `out`, zip64 where sizes or the entry count need it.

    count: the entry count the end record claims. directory_gap: bytes of nothing (a sparse hole
    on disk) before the end record. claimed_directory: the directory size the end record claims.
    """
    offsets: list[int] = []
    for e in entries:
        if e.shares_header_of is not None:
            offsets.append(offsets[e.shares_header_of])
            continue
        offsets.append(out.tell())
        extra, sizes = _sizes(e)
        out.write(
            struct.pack(
                "<4s5H3L2H",
                b"PK\x03\x04",
                45 if extra else 20,
                e.flags,
                e.method,
                0,
                0x21,
                e.crc,
                *sizes,
                len(e.name),
                len(extra),
            )
            + e.name
            + extra
            + e.data
        )
    directory_at = out.tell()
    for e, offset in zip(entries, offsets):
        extra, sizes = _sizes(e)
        out.write(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                3 << 8 | 45,
                45 if extra else 20,
                e.flags,
                e.method,
                0,
                0x21,
                e.crc,
                *sizes,
                len(e.name),
                len(extra),
                0,
                0,
                0,
                e.mode << 16,
                offset,
            )
            + e.name
            + extra
        )
    directory = out.tell() - directory_at
    if directory_gap:
        out.seek(directory_gap, os.SEEK_CUR)
    entries_claimed = len(entries) if count is None else count
    directory_claimed = directory if claimed_directory is None else claimed_directory
    if entries_claimed > 0xFFFF:
        record_at = out.tell()
        out.write(
            struct.pack(
                "<4sQ2H2L4Q",
                b"PK\x06\x06",
                44,
                45,
                45,
                0,
                0,
                entries_claimed,
                entries_claimed,
                directory_claimed,
                directory_at,
            )
        )
        out.write(struct.pack("<4sLQL", b"PK\x06\x07", 0, record_at, 1))
    short_count = min(entries_claimed, 0xFFFF)
    out.write(
        struct.pack(
            "<4s4H2LH",
            b"PK\x05\x06",
            0,
            0,
            short_count,
            short_count,
            min(directory_claimed, _NO_ZIP64),
            directory_at,
            0,
        )
    )


def _sizes(e: Entry) -> tuple[bytes, tuple[int, int]]:
    """(zip64 extra field, the two 32-bit size fields) for both headers of `e`."""
    packed = len(e.data) if e.packed_size is None else e.packed_size
    if e.size < _NO_ZIP64 and packed < _NO_ZIP64:
        return b"", (packed, e.size)
    return struct.pack("<2H2Q", 1, 16, e.size, packed), (_NO_ZIP64, _NO_ZIP64)


# ---------------------------------------------------------------- zip bombs, small on disk


def _zero_bomb(name: str, mib: int) -> Entry:
    """`mib` MiB of zeros, deflated, with truthful headers (zip64): about 1 KB per MiB on disk."""
    block, end = _deflated_mib()
    return Entry(name.encode(), block * mib + end, _crc_of_zeros(mib), mib * MIB)


@cache
def _deflated_mib() -> tuple[bytes, bytes]:
    """(one MiB of zeros deflated, the end of the stream)."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(_ZEROS) + packer.flush(zlib.Z_FULL_FLUSH)
    # A full flush resets the compressor, so every further MiB compresses to the same block.
    assert packer.compress(_ZEROS) + packer.flush(zlib.Z_FULL_FLUSH) == block
    return block, packer.flush()


@cache
def _crc_of_zeros(mib: int) -> int:
    """zlib.crc32 of `mib` MiB of zeros, in 32 one-MiB CRCs whatever `mib` is.

    crc32(block, c) is affine in its start value c over GF(2): A(c) ^ b. Taking the map `mib`
    times is composing it with itself, done by repeated squaring.
    """
    b = zlib.crc32(_ZEROS, 0)
    step = ([zlib.crc32(_ZEROS, 1 << i) ^ b for i in range(32)], b)  # (A's columns, b)

    def apply(columns: list[int], value: int) -> int:
        out = 0
        for i in range(32):
            if value >> i & 1:
                out ^= columns[i]
        return out

    def compose(f, g):  # f after g
        return [apply(f[0], column) for column in g[0]], apply(f[0], g[1]) ^ f[1]

    result = ([1 << i for i in range(32)], 0)
    while mib:
        if mib & 1:
            result = compose(step, result)
        step = compose(step, step)
        mib >>= 1
    return result[1]


# ---------------------------------------------------------------- the valid package, broken one way at a time


def baseline_files() -> dict[str, bytes]:
    files = {p.relative_to(FIXTURE).as_posix(): p.read_bytes() for p in sorted(FIXTURE.rglob("*")) if p.is_file()}
    files.update({name: path.read_bytes() for name, path in SCORM2004.schema_files()})
    return files


def baseline(**edits: bytes) -> list[Entry]:
    """The baseline package's entries, with some files' content replaced."""
    return [entry(name, edits[name]) if name in edits else e for name, e in _baseline_entries().items()]


@cache
def _baseline_entries() -> dict[str, Entry]:
    return {name: entry(name, data) for name, data in baseline_files().items()}


def manifest_with(old: str, new: str) -> bytes:
    text = (FIXTURE / MANIFEST).read_text(encoding="utf-8")
    assert old in text, old
    return text.replace(old, new, 1).encode()


def changed(entries: list[Entry], name: str, **changes) -> list[Entry]:
    """`entries` with the one called `name` changed (dataclass fields)."""
    return [replace(e, **changes) if e.name == name.encode() else e for e in entries]


def with_doctype(doctype: str, title: str = "Fire Safety") -> bytes:
    text = manifest_with("<title>Fire Safety</title>", f"<title>{title}</title>").decode()
    head, rest = text.split("?>", 1)
    return f"{head}?>\n{doctype}{rest}".encode()


_LAUNCH = 'adlcp:scormType="sco" href="index.html"'
_LAUGHS = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))


@dataclass
class Case:
    name: str
    verdict: str  # "valid" or "invalid"
    message: str  # a piece of what validate prints
    entries: Callable[[], list[Entry]]
    options: dict = field(default_factory=dict)  # for write_zip
    raw: Callable[[], bytes] | None = None  # the file's bytes, when not a zip of entries

    def write(self, folder: Path) -> Path:
        path = folder / f"{self.name}.zip"
        if self.raw is not None:
            path.write_bytes(self.raw())
        else:
            with open(path, "wb") as out:
                write_zip(out, self.entries(), **self.options)
        return path


def _href(value: str) -> Callable[[], list[Entry]]:
    return lambda: baseline(**{MANIFEST: manifest_with(_LAUNCH, f'adlcp:scormType="sco" href="{value}"')})


def _plus(*extra: Entry) -> Callable[[], list[Entry]]:
    return lambda: baseline() + list(extra)


def _manifest_padded(mib: int) -> bytes:
    """A well-formed manifest past `mib` MiB that deflates about 75:1, under the bomb ratio."""
    rng = random.Random(12)
    lines = [f"<!-- {''.join(rng.choice('ab') for _ in range(8))}{' ' * 200} -->\n" for _ in range(mib * MIB // 210)]
    return manifest_with("<metadata>", "".join(lines) + "<metadata>")


def _many_entries(n: int) -> list[Entry]:
    """n empty entries sharing one local header: a few MB of directory and nothing else."""
    first = entry("e/00000", b"")
    return [first] + [Entry(f"e/{i:05d}".encode(), first.data, first.crc, 0, shares_header_of=0) for i in range(1, n)]


def _cut_short() -> bytes:
    """The baseline as a download cut off halfway: no central directory."""
    buffer = io.BytesIO()
    write_zip(buffer, baseline())
    return buffer.getvalue()[: buffer.tell() // 2]


def _flip_crc(name: str) -> list[Entry]:
    return [replace(e, crc=e.crc ^ 1) if e.name == name.encode() else e for e in baseline()]


def _lzma() -> bytes:
    """zipfile writes LZMA properly (its own header inside the entry), so use it for this one."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in baseline_files().items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_LZMA if name == "shared/app.js" else None)
    return buffer.getvalue()


CASES = [
    Case("valid-baseline", "valid", "valid: an LMS should import it", baseline),
    # 9. bounded reads
    Case(
        "manifest-zero-bomb",
        "invalid",
        "zip bomb",
        lambda: [e for e in baseline() if e.name != MANIFEST.encode()] + [_zero_bomb(MANIFEST, 10 * 1024)],
    ),
    Case("entry-zero-bomb", "invalid", "times the compressed size", _plus(_zero_bomb("shared/video.mp4", 4 * 1024))),
    Case(
        "many-small-bombs",
        "invalid",
        "times the compressed size",
        lambda: baseline() + [_zero_bomb(f"shared/frame{i:03d}.png", 1) for i in range(300)],
    ),
    Case(
        "lying-size-past-end",
        "invalid",
        "run past the end of the zip file",
        lambda: changed(
            baseline(),
            MANIFEST,
            method=STORED,
            data=(FIXTURE / MANIFEST).read_bytes(),
            packed_size=2_000_000_000,
            size=2_000_000_000,
        ),
    ),
    Case(
        "lying-size-small",
        "invalid",
        "its header says 100 bytes but it unpacks to",
        lambda: changed(baseline(), MANIFEST, size=100),
    ),
    Case(
        "lying-size-entry",
        "invalid",
        "its header says 7 bytes but it unpacks to",
        lambda: changed(baseline(), "shared/app.js", size=7),
    ),
    Case(
        "manifest-too-large", "invalid", "is larger than 8.0 MiB", lambda: baseline(**{MANIFEST: _manifest_padded(9)})
    ),
    Case("many-entries", "invalid", "entries, more than the 50,000", lambda: _many_entries(70_000)),
    Case(
        "many-entries-count-lie",
        "invalid",
        "entries, more than the 50,000",
        lambda: _many_entries(70_000),
        {"count": 1},
    ),
    Case(
        "huge-central-directory",
        "invalid",
        "table of contents (central directory) claims 1.0 GiB",
        baseline,
        {"directory_gap": 1 << 30, "claimed_directory": 1 << 30},
    ),
    Case("cut-short", "invalid", "not a readable zip file", lambda: [], raw=_cut_short),
    Case("empty-file", "invalid", "not a readable zip file", lambda: [], raw=lambda: b""),
    Case("name-not-utf8", "invalid", "not a readable zip file", _plus(entry(b"shared/\xff\xfe.js", b"x"))),
    # 10. zip slip and links
    Case("slip-dotdot", "invalid", 'out of the package folder with ".."', _plus(entry("../../evil.html", b"<p>x"))),
    Case(
        "slip-inside-path",
        "invalid",
        'out of the package folder with ".."',
        _plus(entry("shared/../../../evil.html", b"<p>x")),
    ),
    Case("slip-absolute", "invalid", "an absolute path", _plus(entry("/tmp/evil.html", b"<p>x"))),
    Case(
        "slip-backslash", "invalid", 'out of the package folder with ".."', _plus(entry("..\\..\\evil.html", b"<p>x"))
    ),
    Case("slip-backslash-absolute", "invalid", "an absolute path", _plus(entry("\\Windows\\evil.html", b"<p>x"))),
    Case("slip-drive", "invalid", 'a Windows drive ("C:")', _plus(entry("C:/evil.html", b"<p>x"))),
    Case("slip-nul", "invalid", "a NUL byte", _plus(entry(b"shared/evil.html\0.js", b"<p>x"))),
    Case(
        "symlink",
        "invalid",
        "a symbolic link",
        _plus(entry("shared/passwd.js", b"/etc/passwd", mode=stat.S_IFLNK | 0o777)),
    ),
    Case(
        "fifo-entry",
        "invalid",
        "a device file, named pipe or socket",
        _plus(entry("shared/pipe.js", b"", mode=stat.S_IFIFO | 0o644)),
    ),
    # 11. valid-looking but unusable
    Case(
        "duplicate-names",
        "invalid",
        'more than once: "index.html" (2 times)',
        _plus(entry("index.html", b"<p>the other copy")),
    ),
    Case(
        "duplicate-manifest",
        "invalid",
        'more than once: "imsmanifest.xml" (2 times)',
        _plus(entry(MANIFEST, manifest_with("<title>Fire Safety</title>", "<title>Other</title>"))),
    ),
    Case("bad-crc", "invalid", "it fails its CRC check", lambda: _flip_crc("shared/app.js")),
    Case("encrypted-entry", "invalid", "password-protected", lambda: changed(baseline(), "shared/app.js", flags=0x801)),
    Case(
        "encrypted-manifest",
        "invalid",
        "imsmanifest.xml cannot be read from the zip: it is password-protected",
        lambda: changed(baseline(), MANIFEST, flags=0x801),
    ),
    Case("lzma-entry", "invalid", '"shared/app.js" (LZMA)', lambda: [], raw=_lzma),
    Case(
        "bzip2-entry",
        "invalid",
        '"shared/app.js" (bzip2)',
        lambda: [
            e if e.name != b"shared/app.js" else entry("shared/app.js", (FIXTURE / "shared/app.js").read_bytes(), BZIP2)
            for e in baseline()
        ],
    ),
    Case(
        "overlapping-entries",
        "invalid",
        "shares its data with another entry",
        lambda: baseline() + [replace(baseline()[-1], name=b"shared/copy.js", shares_header_of=len(baseline()) - 1)],
    ),
    Case("href-file", "invalid", 'uses the "file:" scheme', _href("file:///C:/course/index.html")),
    Case("href-javascript", "invalid", 'uses the "javascript:" scheme', _href("javascript:alert(document.cookie)")),
    Case("href-javascript-tab", "invalid", 'uses the "javascript:" scheme', _href("java&#9;script:alert(1)")),
    Case(
        "href-data", "invalid", 'uses the "data:" scheme', _href("data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;")
    ),
    Case("href-vbscript", "invalid", 'uses the "vbscript:" scheme', _href("vbscript:msgbox(1)")),
    # 12. DOCTYPE and entities
    Case(
        "doctype-entity",
        "invalid",
        "declares a DOCTYPE",
        lambda: baseline(**{MANIFEST: with_doctype('<!DOCTYPE manifest [<!ENTITY x "Fire">]>', "&x; Safety")}),
    ),
    Case(
        "billion-laughs",
        "invalid",
        "declares a DOCTYPE",
        lambda: baseline(**{MANIFEST: with_doctype(f'<!DOCTYPE manifest [<!ENTITY lol0 "lol">{_LAUGHS}]>', "&lol9;")}),
    ),
    Case(
        "xxe-file",
        "invalid",
        "declares a DOCTYPE",
        lambda: baseline(
            **{MANIFEST: with_doctype('<!DOCTYPE manifest [<!ENTITY x SYSTEM "file:///etc/passwd">]>', "&x;")}
        ),
    ),
    Case(
        "xxe-parameter-entity",
        "invalid",
        "declares a DOCTYPE",
        lambda: baseline(
            **{MANIFEST: with_doctype('<!DOCTYPE manifest [<!ENTITY % p SYSTEM "http://127.0.0.1:9/evil.dtd"> %p;]>')}
        ),
    ),
    Case(
        "external-dtd",
        "invalid",
        "declares a DOCTYPE",
        lambda: baseline(**{MANIFEST: with_doctype('<!DOCTYPE manifest SYSTEM "http://127.0.0.1:9/manifest.dtd">')}),
    ),
    Case(
        "deep-xml",
        "invalid",
        "not well-formed XML",
        lambda: baseline(**{MANIFEST: manifest_with("<metadata>", "<x>" * 100_000 + "</x>" * 100_000 + "<metadata>")}),
    ),
]


def write_corpus(folder: Path) -> list[tuple[Case, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    return [(case, case.write(folder)) for case in CASES]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for case, path in write_corpus(Path(argv[0])):
        print(f"{path}\t{case.verdict}\t{case.message}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
