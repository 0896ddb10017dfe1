"""Write zip files that are byte-identical for identical input.

zipfile by default stamps each entry with the file's modification time and the host's
permissions, so two builds of the same course differ. Here entries are sorted, dated
1980-01-01 (the earliest date a zip can hold), marked as regular 0644 Unix files, and deflated
at a fixed level. No directory entries: LMSs create folders from the file paths.
"""
from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO, Mapping

FIXED_DATE = (1980, 1, 1, 0, 0, 0)
FILE_MODE = 0o100644          # regular file, rw-r--r--
COMPRESS_LEVEL = 9
_CHUNK = 1024 * 1024


def write_zip(entries: Mapping[str, bytes | Path], out: Path | BinaryIO) -> None:
    """Write `entries` (name in the zip -> bytes, or a file to copy) to `out`."""
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
    info.create_system = 3            # Unix, whatever the host: keeps external_attr meaningful
    info.external_attr = FILE_MODE << 16
    return info


def _big(path: Path) -> bool:
    return Path(path).stat().st_size >= zipfile.ZIP64_LIMIT
