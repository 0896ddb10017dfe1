"""Package checks on the zip itself, before anything in it is trusted.

`validate` runs on zips from vendors nobody vouches for, and the build runs it on ours. Whatever
the bytes, it must finish in seconds with bounded memory and say in plain words what is wrong:

- only a regular file is opened, without blocking (a FIFO or /dev/zero never hangs or floods us);
- the central directory's size and entry count are read from its end record and capped BEFORE
  zipfile parses it (zipfile reads the whole directory into memory at once);
- every entry is checked as an LMS's unzip would meet it: paths that escape the course folder
  ("zip slip"), links and device files, duplicates, passwords, compression methods LMSs cannot
  read, data outside the file or shared between entries;
- every entry is unpacked as a stream, in chunks, never trusting the sizes its headers claim: the
  CRC is checked, and a zip bomb is stopped by its compression ratio after a megabyte or so;
- the manifest is read the same way, capped at a size no real manifest comes near.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO

from course_builder.errors import CourseError
from course_builder.package.problems import PackageProblem

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
MAX_ENTRIES = 50_000  # a big course has a few thousand files
MAX_DIRECTORY_BYTES = 16 * MIB  # room for MAX_ENTRIES with long names; bounds zipfile's parse
MAX_MANIFEST_BYTES = 8 * MIB  # the largest real manifests are a few hundred KB
MAX_UNPACKED_BYTES = 4 * GIB  # more than any LMS accepts as one package
MAX_RATIO = 100  # deflate of real course files stays far below; zeros reach 1,000
RATIO_GRACE = 1 * MIB  # small, very repetitive files may exceed the ratio harmlessly
PACKAGE_RATIO_GRACE = 16 * MIB  # ... and so may the package, until this much is unpacked
CHUNK = 64 * KIB
STORED, DEFLATED = zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED
METHOD_NAMES = {
    1: "Shrink",
    6: "Implode",
    9: "Deflate64",
    12: "bzip2",
    14: "LZMA",
    93: "Zstandard",
    95: "xz",
    96: "JPEG",
    97: "WavPack",
    98: "PPMd",
    99: "WinZip AES encryption",
}
_LISTED_IN_MESSAGE = 10
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # PK\3\4 ... name length, extra length
_END_RECORD = struct.Struct("<4s4H2LH")  # PK\5\6 ... entries, directory size and offset
_END_RECORD64 = struct.Struct("<4sQ2H2L4Q")  # PK\6\6 ... the same in 64 bits
_LOCATOR64_SIZE = 20
_DIRECTORY_HEADER_SIZE = 46  # PK\1\2 ... before the name
_DRIVE = re.compile(r"^[A-Za-z]:")


# ---------------------------------------------------------------- opening the file


def open_regular_file(path: Path | str, zip_name: str) -> BinaryIO:
    """The file opened for reading; CourseError unless it is a regular file.

    O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever. The type
    is checked on the open descriptor (fstat), so the file cannot be swapped after the check.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise CourseError(
            PackageProblem(
                f"the file cannot be opened ({exc.strerror})",
                zip_name,
                hint="check the path, and that you are allowed to read the file",
            )
        ) from None
    mode = os.fstat(fd).st_mode
    if stat.S_ISREG(mode):
        return os.fdopen(fd, "rb")
    os.close(fd)
    if stat.S_ISDIR(mode):
        raise CourseError(
            PackageProblem(
                "this is a folder, not a zip file",
                zip_name,
                hint="give the path of the package's .zip file (to check a course folder, zip what is inside it first)",
            )
        )
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device (like /dev/zero)"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a file"
    )
    raise CourseError(
        PackageProblem(
            f"this is {kind}, not a zip file saved on disk: validate reads only regular files",
            zip_name,
            hint="save or download the package as a .zip file first, then validate that file",
        )
    )


def file_size(fp: IO[bytes]) -> int:
    return os.fstat(fp.fileno()).st_size


def _zip_file(archive: zipfile.ZipFile) -> IO[bytes]:
    """The file an open ZipFile reads from (zipfile sets it to None only when the archive is closed)."""
    assert archive.fp is not None
    return archive.fp


def check_directory_size(fp: BinaryIO, zip_name: str) -> None:
    """CourseError when the central directory is too large to parse safely.

    zipfile reads the whole directory into memory in one read, and makes an object per entry,
    so a zip whose end record claims a 1 GiB directory costs 1 GiB. The end record is found the
    way zipfile finds it (the last 22 bytes, else the last match in the final 64 KiB), so both
    read the same directory; its entries are counted here, before zipfile makes any object.
    """
    end = _end_record(fp)
    if end is None:
        return  # not a zip: zipfile says so
    claimed_entries, directory_bytes, directory_at = end
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise CourseError(
            PackageProblem(
                f"the zip's table of contents (central directory) claims {_size(directory_bytes)}, more than "
                f"any package needs ({_size(MAX_DIRECTORY_BYTES)} lists {MAX_ENTRIES:,} files): the zip is damaged "
                "or built to exhaust the memory of the LMS that opens it",
                zip_name,
                hint=_DO_NOT_UPLOAD,
            )
        )
    entries = max(claimed_entries, _count_entries(_read_at(fp, max(directory_at, 0), directory_bytes)))
    if entries > MAX_ENTRIES:
        raise CourseError(_too_many_entries(entries, zip_name))


def _end_record(fp: BinaryIO) -> tuple[int, int, int] | None:
    """(entries, directory size, directory offset) from the end record, zip64's if present."""
    size = file_size(fp)
    if size < _END_RECORD.size:
        return None
    tail_start = size - _END_RECORD.size
    tail = _read_at(fp, tail_start, _END_RECORD.size)
    if not (tail[:4] == b"PK\x05\x06" and tail[-2:] == b"\0\0"):
        tail_start = max(size - (1 << 16) - _END_RECORD.size, 0)
        tail = _read_at(fp, tail_start, size - tail_start)
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < _END_RECORD.size:
            return None
        tail_start += at
        tail = tail[at : at + _END_RECORD.size]
    record = _END_RECORD.unpack(tail)
    entries, directory_bytes, directory_end = max(record[3], record[4]), record[5], tail_start
    # zipfile takes the zip64 record only when its locator sits right before the end record,
    # and, like zipfile, we place the directory right before the record(s), whatever offset they give.
    locator_at = tail_start - _LOCATOR64_SIZE
    record64_at = locator_at - _END_RECORD64.size
    if record64_at >= 0 and _read_at(fp, locator_at, 4) == b"PK\x06\x07":
        record64 = _read_at(fp, record64_at, _END_RECORD64.size)
        if record64[:4] == b"PK\x06\x06":
            fields = _END_RECORD64.unpack(record64)
            entries, directory_bytes, directory_end = max(fields[6], fields[7]), fields[8], record64_at
    return entries, directory_bytes, directory_end - directory_bytes


def _count_entries(directory: bytes) -> int:
    """How many entries zipfile would parse from these directory bytes (it walks them the same way)."""
    count = position = 0
    while position + _DIRECTORY_HEADER_SIZE <= len(directory) and directory[position : position + 4] == b"PK\x01\x02":
        name, extra, comment = struct.unpack_from("<3H", directory, position + 28)
        position += _DIRECTORY_HEADER_SIZE + name + extra + comment
        count += 1
    return count


def open_zip(fp: BinaryIO, zip_name: str) -> zipfile.ZipFile:
    """zipfile's view of the (size-checked) directory; CourseError when it is not a zip."""
    try:
        archive = zipfile.ZipFile(fp)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, struct.error) as exc:
        # ValueError: a name that is not valid UTF-8 although its entry says it is.
        raise CourseError(
            PackageProblem(
                f"this is not a readable zip file ({exc})",
                zip_name,
                hint="upload the .zip the course builder (or your authoring tool) produced",
            )
        ) from None
    # The end record's count may lie; what zipfile actually parsed may not.
    if len(archive.filelist) > MAX_ENTRIES:
        count = len(archive.filelist)
        archive.close()
        raise CourseError(_too_many_entries(count, zip_name))
    return archive


def _too_many_entries(count: int, zip_name: str) -> PackageProblem:
    return PackageProblem(
        f"the zip lists {count:,} entries, more than the {MAX_ENTRIES:,} any course needs: LMSs time out or "
        "run out of memory unpacking it, and it is a known way to attack them",
        zip_name,
        hint="leave out what the course does not use (ask the vendor for a package without its source files)",
    )


# ---------------------------------------------------------------- the entries

_DO_NOT_UPLOAD = (
    "do not upload this package to an LMS; ask whoever made it for a zip made with an ordinary "
    "zip tool (or export the course again)"
)
_RECREATE = "re-create the zip from the course folder with an ordinary zip tool (or export the course again)"


@dataclass(frozen=True)
class _Kind:
    """One kind of problem with entries: reported once, naming every entry it affects."""

    verb: tuple[str, str]  # after "1 entry" / "N entries"
    what: str  # "{names}" becomes the entries' names
    hint: str


_SLIP = (
    "an LMS that unzips the package would write those files outside the course's folder on its "
    'server (a "zip slip" attack), so careful LMSs refuse the whole package'
)
KINDS = {
    "climbs": _Kind(("climbs", "climb"), 'out of the package folder with "..": {names}; ' + _SLIP, _RECREATE),
    "absolute": _Kind(("has", "have"), 'an absolute path (starting with "/" or "\\"): {names}; ' + _SLIP, _RECREATE),
    "drive": _Kind(("names", "name"), 'a Windows drive ("C:"): {names}; ' + _SLIP, _RECREATE),
    "control": _Kind(
        ("has", "have"),
        "a NUL byte or another control character in the name: {names}. Unzip tools "
        "cut or change such names, so the file lands under another name than the one checked (a "
        "way to smuggle files into an LMS)",
        _RECREATE,
    ),
    "link": _Kind(
        ("is", "are"),
        "a symbolic link: {names}. An LMS that unzips links creates them on its server, "
        "where they can point anywhere (its password files, other customers' courses)",
        "replace each link with the file it points to, then zip again",
    ),
    "special": _Kind(
        ("is", "are"),
        "a device file, named pipe or socket, not an ordinary file: {names}. No course "
        "needs one, and unzipping one on an LMS server is an attack",
        _RECREATE,
    ),
    "duplicate": _Kind(
        ("appears", "appear"),
        "more than once: {names}. Unzip tools keep one copy or the other, so "
        "what the LMS serves depends on its tool, not on what was checked",
        _RECREATE,
    ),
    "encrypted": _Kind(
        ("is", "are"),
        "password-protected: {names}. LMSs cannot open encrypted files, so the import fails",
        "re-create the zip without a password",
    ),
    "method": _Kind(
        ("is", "are"),
        "compressed with a method LMSs cannot unpack: {names}. LMSs read only the "
        'ordinary "deflate" compression (and uncompressed, "stored", files)',
        "re-create the zip with ordinary compression (in 7-Zip: archive format zip, compression method Deflate)",
    ),
    "outside": _Kind(
        ("claims", "claim"),
        "data past the end of the zip file: {names}. The zip is cut short, or its headers lie about sizes",
        "download or export the package again",
    ),
    "overlap": _Kind(
        ("shares", "share"),
        "its data with another entry: {names}. Zip tools never write that; it "
        'is how "overlapping" zip bombs multiply a small file into gigabytes',
        _DO_NOT_UPLOAD,
    ),
    "damaged": _Kind(
        ("is", "are"),
        "damaged: {names}. An LMS would unpack broken files or refuse the package",
        "download or export the package again: the copy was damaged on the way",
    ),
    "bomb": _Kind(
        ("unpacks", "unpack"),
        "to more than {ratio} times the compressed size: {names}. That is how "
        "zip bombs are built: unpacking it would fill the LMS's disk or memory (checking stopped there)",
        _DO_NOT_UPLOAD,
    ),
}


class EntryUnreadable(Exception):
    """An entry that cannot be unpacked safely; `kind` is a key of KINDS (or "too-big")."""

    def __init__(self, kind: str, reason: str):
        super().__init__(reason)
        self.kind, self.reason = kind, reason


@dataclass
class _Budget:
    """Bytes read and unpacked so far, over the whole package."""

    packed: int = 0
    unpacked: int = 0


def check_entries(archive: zipfile.ZipFile, zip_name: str, skip: str | None = None) -> list[PackageProblem]:
    """Every entry the way an LMS's unzip meets it; `skip` (the manifest) is unpacked by read_entry."""
    found: dict[str, list[str]] = defaultdict(list)
    infos = archive.filelist
    for info in infos:
        kind = _path_problem(info.orig_filename) or _type_problem(info)  # .filename is cut at a NUL
        if kind:
            found[kind].append(_shown(info.orig_filename))
    for name, count in Counter(i.orig_filename for i in infos if not i.orig_filename.endswith("/")).items():
        if count > 1:
            found["duplicate"].append(f"{_shown(name)} ({count} times)")
    found["overlap"] += [_shown(info.orig_filename) for info in _overlapping(infos, file_size(_zip_file(archive)))]
    too_big = _unpack_all(archive, [i for i in infos if i.orig_filename != skip], found)
    problems = [_grouped(kind, names, zip_name) for kind, names in found.items() if names]
    if too_big:
        problems.append(
            PackageProblem(
                f"the package unpacks to more than {_size(MAX_UNPACKED_BYTES)}: LMSs refuse packages that large or "
                "time out unpacking them (checking stopped there)",
                zip_name,
                hint="make the package smaller: compress the videos, or stream them from a video service",
            )
        )
    return problems


def _unpack_all(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], found: dict[str, list[str]]) -> bool:
    """Unpack every entry (and throw the bytes away), noting each failure; True if over MAX_UNPACKED_BYTES."""
    size, budget = file_size(_zip_file(archive)), _Budget()
    for info in infos:
        try:
            _readable(info, size)
            for _ in stream_entry(_zip_file(archive), info, size, budget):
                pass
        except EntryUnreadable as exc:
            if exc.kind == "too-big":
                return True
            found[exc.kind].append(_shown(info.orig_filename) + (f" ({exc.reason})" if exc.reason else ""))
            if exc.kind == "bomb":
                return False  # one is proof enough; unpacking the others would only cost time
    return False


def _path_problem(name: str) -> str | None:
    if any(ord(c) < 32 or ord(c) == 127 for c in name):
        return "control"
    if name.startswith(("/", "\\")):
        return "absolute"
    if _DRIVE.match(name):
        return "drive"
    if ".." in re.split(r"[\\/]", name):  # Windows unzip tools read "\" as a folder too
        return "climbs"
    return None


def _type_problem(info: zipfile.ZipInfo) -> str | None:
    # Unix tools keep the file's mode in the high 16 bits; unzip on the LMS server recreates it.
    file_type = stat.S_IFMT(info.external_attr >> 16)
    if file_type == stat.S_IFLNK:
        return "link"
    if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "special"
    return None


def _overlapping(infos: list[zipfile.ZipInfo], size: int) -> list[zipfile.ZipInfo]:
    """Entries that start inside the previous entry (whose header is 30 bytes at least).

    An entry claiming data past the end of the file is reported as such, not as overlapping.
    """
    ordered = sorted(infos, key=lambda i: i.header_offset)
    ends = [i.header_offset + _LOCAL_HEADER.size + i.compress_size for i in ordered]
    return [later for earlier_end, later in zip(ends, ordered[1:]) if later.header_offset < earlier_end <= size]


def _readable(info: zipfile.ZipInfo, size: int) -> None:
    """EntryUnreadable when the entry's flags, method or position rule out unpacking it."""
    if info.flag_bits & 0x41:  # bit 0: password; bit 6: "strong" encryption
        raise EntryUnreadable("encrypted", "")
    if info.compress_type not in (STORED, DEFLATED):
        method = METHOD_NAMES.get(info.compress_type, f"method {info.compress_type}")
        raise EntryUnreadable("method", method)
    if info.header_offset < 0 or info.header_offset + _LOCAL_HEADER.size + info.compress_size > size:
        raise EntryUnreadable("outside", "")  # < 0: zipfile's offset for data before the zip went wrong


def stream_entry(fp: IO[bytes], info: zipfile.ZipInfo, size: int, budget: _Budget | None = None) -> Iterator[bytes]:
    """The entry's content in chunks of at most CHUNK bytes, as an unzip tool would produce it.

    The stored or compressed bytes are read from the file ourselves, never more than CHUNK at a
    time, so no header's size claim decides how much is read or allocated. Checked on the way:
    the local header agrees with the directory, the ratio of unpacked to read bytes (zip bombs),
    and at the end the size and CRC the headers state.
    """
    budget = budget or _Budget()
    header = _read_at(fp, info.header_offset, _LOCAL_HEADER.size)
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise EntryUnreadable("damaged", "its header is missing from the zip")
    fields = _LOCAL_HEADER.unpack(header)
    flags, method, name_length, extra_length = fields[2], fields[3], fields[9], fields[10]
    raw_name = _read_at(fp, info.header_offset + _LOCAL_HEADER.size, name_length)
    local_name = raw_name.decode("utf-8" if flags & 0x800 else "cp437", "replace")
    # Tools that read local headers (streaming unzip) and tools that read the directory would
    # unpack different things: a way to get a file past a check.
    if local_name != info.orig_filename:
        raise EntryUnreadable("damaged", f"its data is headed by another name, {_shown(local_name)}")
    if method != info.compress_type:
        raise EntryUnreadable("damaged", "its two headers give different compression methods")
    position = info.header_offset + _LOCAL_HEADER.size + name_length + extra_length
    end = position + info.compress_size
    if end > size:
        raise EntryUnreadable("outside", "")
    inflater = zlib.decompressobj(-15) if info.compress_type == DEFLATED else None
    crc = unpacked = packed = 0
    while position < end:
        raw = _read_at(fp, position, min(CHUNK, end - position))
        if not raw:
            raise EntryUnreadable("damaged", "it is cut short")
        position += len(raw)
        packed += len(raw)
        budget.packed += len(raw)
        for piece in _unpacked(inflater, raw):
            unpacked += len(piece)
            budget.unpacked += len(piece)
            _check_ratio(unpacked, packed, budget)
            crc = zlib.crc32(piece, crc)
            yield piece
        if inflater is not None and inflater.eof:
            break
    if inflater is not None and not inflater.eof and info.compress_size:  # 0 bytes: an empty file
        raise EntryUnreadable("damaged", "its compressed data stops early")
    if unpacked != info.file_size:
        raise EntryUnreadable("damaged", f"its header says {info.file_size:,} bytes but it unpacks to {unpacked:,}")
    if crc != info.CRC:
        raise EntryUnreadable("damaged", "it fails its CRC check")


def _unpacked(inflater, raw: bytes) -> Iterator[bytes]:
    """What `raw` unpacks to, CHUNK bytes at a time (zlib's max_length keeps each piece small)."""
    if inflater is None:
        yield raw
        return
    data = raw
    try:
        while True:
            piece = inflater.decompress(data, CHUNK)
            data = inflater.unconsumed_tail
            if piece:
                yield piece
            if inflater.eof or (not data and len(piece) < CHUNK):
                return
    except zlib.error:
        raise EntryUnreadable("damaged", "its compressed data is corrupt") from None


def _check_ratio(unpacked: int, packed: int, budget: _Budget) -> None:
    if unpacked > RATIO_GRACE and unpacked > MAX_RATIO * packed:
        raise EntryUnreadable("bomb", f"more than {_size(unpacked)} from {_size(packed)}")
    if budget.unpacked > PACKAGE_RATIO_GRACE and budget.unpacked > MAX_RATIO * budget.packed:
        # Many small entries, each under the grace size, add up the same way.
        raise EntryUnreadable("bomb", f"the package so far: {_size(budget.unpacked)} from {_size(budget.packed)}")
    if budget.unpacked > MAX_UNPACKED_BYTES:
        raise EntryUnreadable("too-big", "")


def read_entry(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    """The entry's content, at most `limit` bytes; EntryUnreadable ("too-big" past the limit)."""
    info = archive.getinfo(name)
    size = file_size(_zip_file(archive))
    _readable(info, size)
    pieces, total = [], 0
    for piece in stream_entry(_zip_file(archive), info, size):
        total += len(piece)
        if total > limit:
            raise EntryUnreadable("too-big", "")
        pieces.append(piece)
    return b"".join(pieces)


def unreadable_entry(name: str, exc: EntryUnreadable, zip_name: str) -> PackageProblem:
    """Why one entry (the manifest) could not be read, for a check that needs its content."""
    if exc.kind == "too-big":
        return PackageProblem(
            f"{name} is larger than {_size(MAX_MANIFEST_BYTES)}: real manifests are a few hundred KB at most, so "
            "this one is damaged or built to exhaust the memory of the LMS that reads it",
            zip_name,
            hint=_DO_NOT_UPLOAD,
        )
    why = {
        "encrypted": ("it is password-protected", "re-create the zip without a password"),
        "method": (f"it is compressed with {exc.reason}, which LMSs cannot unpack", KINDS["method"].hint),
        "outside": ("its data would run past the end of the zip file", KINDS["outside"].hint),
        "bomb": (
            f"it unpacks to more than {MAX_RATIO} times its compressed size ({exc.reason}), the mark of a zip bomb",
            _DO_NOT_UPLOAD,
        ),
    }.get(exc.kind, (exc.reason, KINDS["damaged"].hint))
    return PackageProblem(f"{name} cannot be read from the zip: {why[0]}", zip_name, hint=why[1])


def _grouped(kind: str, names: list[str], zip_name: str) -> PackageProblem:
    shown = ", ".join(names[:_LISTED_IN_MESSAGE])
    if len(names) > _LISTED_IN_MESSAGE:
        shown += f" and {len(names) - _LISTED_IN_MESSAGE:,} more"
    problem = KINDS[kind]
    count = "1 entry " + problem.verb[0] if len(names) == 1 else f"{len(names):,} entries " + problem.verb[1]
    return PackageProblem(
        f"in the zip, {count} " + problem.what.format(names=shown, ratio=MAX_RATIO), zip_name, hint=problem.hint
    )


def _shown(name: str) -> str:
    """A name as the admin can read it: control characters written as \\x00."""
    return '"' + "".join(c if ord(c) >= 32 and ord(c) != 127 else f"\\x{ord(c):02x}" for c in name) + '"'


def _size(n: int) -> str:
    for unit, factor in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if n >= factor:
            return f"{n / factor:,.1f} {unit}"
    return f"{n:,} bytes"


def _read_at(fp: IO[bytes], offset: int, n: int) -> bytes:
    if offset < 0:
        return b""
    fp.seek(offset)
    return fp.read(n)
