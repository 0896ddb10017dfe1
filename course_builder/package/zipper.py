"""Write zip files that are byte-identical for identical input.

zipfile by default stamps each entry with the file's modification time and the host's
permissions, so two builds of the same course differ. Here entries are sorted, dated
1980-01-01 (the earliest date a zip can hold), marked as regular 0644 Unix files, and deflated
at a fixed level. No directory entries: LMSs create folders from the file paths.

A build zips the same site twice (SCORM 1.2 and 2004), and deflating it is most of a package's
cost. `write_zip` therefore deflates each entry itself, exactly as zipfile would (same
zlib settings, same chunks), and can keep the result in a `DeflateCache` for the next zip; it
writes the headers zipfile writes, so the bytes are the same as zipfile's. Zips that need ZIP64
(a file of 2 GiB, 65,535 entries) or an output that cannot seek go through zipfile itself.
"""

from __future__ import annotations

import os
import shutil
import struct
import zipfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import BinaryIO

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644  # regular file, rw-r--r--
# Level 6 (zlib's default), measured on the bundled course's site (bench/run.py, "deflate level"): about
# a quarter less CPU than level 9 (22-31 % in runs of 2026-12-03) for 0.5 % more bytes.
COMPRESS_LEVEL = 6
_CHUNK = 1024 * 1024


_LOCAL_LIMIT = zipfile.ZIP64_LIMIT
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # zipfile's structCentralDir
_END = struct.Struct("<4s4H2LH")  # zipfile's structEndArchive
_UTF8_NAME = 0x800


class DeflateCache(dict):
    """Deflated files, kept from one zip to the next: file path -> (its size and mtime, CRC, size, deflated).

    Only files given as paths are kept; a file that changed (size or modification time) is deflated again.
    """


def write_zip(entries: Mapping[str, bytes | Path], out: Path | BinaryIO, cache: DeflateCache | None = None) -> None:
    """Write `entries` (name in the zip -> bytes, or a file to copy) to `out`."""
    if len(entries) >= zipfile.ZIP_FILECOUNT_LIMIT or any(
        not isinstance(source, (bytes, bytearray)) and _big(source) for source in entries.values()
    ):
        return _write_with_zipfile(entries, out)
    if isinstance(out, (str, os.PathLike)):
        with open(out, "wb") as handle:
            return _write(entries, handle, cache)
    if not out.seekable():  # zipfile then writes data descriptors: other bytes
        return _write_with_zipfile(entries, out)
    _write(entries, out, cache)


def _write(entries: Mapping[str, bytes | Path], out: BinaryIO, cache: DeflateCache | None) -> None:
    start = offset = out.tell()
    central = []
    for name in sorted(entries):
        info = zip_info(name)
        crc, size, deflated = _deflated(entries[name], cache)
        if size > _LOCAL_LIMIT or len(deflated) > _LOCAL_LIMIT or offset > _LOCAL_LIMIT:
            out.seek(start)
            out.truncate()
            return _write_with_zipfile(entries, out)
        info.CRC, info.file_size, info.compress_size = crc, size, len(deflated)
        header = info.FileHeader(False)
        out.write(header)
        out.write(deflated)
        central.append((info, offset))
        offset += len(header) + len(deflated)
    directory = bytearray()
    for info, header_offset in central:
        try:
            filename, flags = info.filename.encode("ascii"), info.flag_bits
        except UnicodeEncodeError:
            filename, flags = info.filename.encode("utf-8"), info.flag_bits | _UTF8_NAME
        dt = info.date_time
        dosdate = (dt[0] - 1980) << 9 | dt[1] << 5 | dt[2]
        dostime = dt[3] << 11 | dt[4] << 5 | (dt[5] // 2)
        directory += _CENTRAL.pack(
            b"PK\001\002",
            info.create_version,
            info.create_system,
            info.extract_version,
            info.reserved,
            flags,
            info.compress_type,
            dostime,
            dosdate,
            info.CRC,
            info.compress_size,
            info.file_size,
            len(filename),
            len(info.extra),
            len(info.comment),
            0,
            info.internal_attr,
            info.external_attr,
            header_offset,
        )
        directory += filename + info.extra + info.comment
    if offset > _LOCAL_LIMIT or len(directory) > _LOCAL_LIMIT:
        out.seek(start)
        out.truncate()
        return _write_with_zipfile(entries, out)
    out.write(directory)
    out.write(_END.pack(b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0))


def _deflated(source: bytes | Path, cache: DeflateCache | None) -> tuple[int, int, bytes]:
    """CRC, size and deflated bytes, fed to zlib in the pieces zipfile feeds it (so the same bytes come out)."""
    if isinstance(source, (bytes, bytearray)):
        return _deflate([bytes(source)])
    key = stamp = None
    if cache is not None:
        stat = os.stat(source)
        key, stamp = os.path.abspath(source), (stat.st_size, stat.st_mtime_ns)
        kept = cache.get(key)
        if kept is not None and kept[0] == stamp:
            return kept[1]
    with open(source, "rb") as src:
        result = _deflate(iter(lambda: src.read(_CHUNK), b""))
    if cache is not None:  # and so key is set
        cache[key] = (stamp, result)
    return result


def _deflate(chunks) -> tuple[int, int, bytes]:
    compressor = zlib.compressobj(COMPRESS_LEVEL, zlib.DEFLATED, -15)
    crc = size = 0
    parts = []
    for chunk in chunks:
        crc = zlib.crc32(chunk, crc)
        size += len(chunk)
        parts.append(compressor.compress(chunk))
    parts.append(compressor.flush())
    return crc, size, b"".join(parts)


def _write_with_zipfile(entries: Mapping[str, bytes | Path], out: Path | BinaryIO) -> None:
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for name in sorted(entries):
            source = entries[name]
            info = zip_info(name)
            if isinstance(source, (bytes, bytearray)):
                archive.writestr(info, bytes(source))
            else:
                # Stream big files instead of holding the whole site in memory.
                with open(source, "rb") as src, archive.open(info, "w", force_zip64=_big(source)) as dst:
                    shutil.copyfileobj(src, dst, _CHUNK)


def zip_info(name: str) -> zipfile.ZipInfo:
    if not name or name.startswith("/") or "\\" in name or name.endswith("/"):
        raise ValueError(f"not a valid file name inside a zip: {name!r}")
    info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    # Python 3.13 renamed ZipInfo._compresslevel to compress_level (keeping the old name as an
    # alias); set the one this Python reads, or entries fall back to zlib's default level.
    setattr(info, "compress_level" if hasattr(info, "compress_level") else "_compresslevel", COMPRESS_LEVEL)
    info.create_system = 3  # Unix, whatever the host: keeps external_attr meaningful
    info.external_attr = FILE_MODE << 16
    return info


def _big(path: Path) -> bool:
    return Path(path).stat().st_size >= zipfile.ZIP64_LIMIT
