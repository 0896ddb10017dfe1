"""Compiled Jinja templates kept between runs: compiling Material's templates and ours cost each build
and each `serve` rebuild about 0.2 s. Jinja's own cache (checked against each template's source,
written whole or not at all), in the user's cache folder (user_cache.py)."""

from __future__ import annotations

import functools

from jinja2 import BytecodeCache, FileSystemBytecodeCache

from course_builder.core.user_cache import cache_dir


@functools.cache
def bytecode_cache() -> BytecodeCache | None:
    """The cache, or None where there is no cache folder (templates are then compiled each run)."""
    folder = cache_dir("templates")
    return FileSystemBytecodeCache(str(folder)) if folder else None
