"""Ship only the theme files a learner's browser loads, and load the search index on first use.

Material copies all of its assets into every site: source maps (1.3 MB), lunr's word splitters and
stemmers for 30 languages, and the search index twice (`search_index.json` for a server,
`search_index.js` for file://, written by the offline plugin). A package carries all of it to every
LMS. Here, while MkDocs collects the files:

- source maps are dropped, and the comments that point to them removed;
- of lunr's files, only those Material's search worker imports for the course's search languages
  are kept (the worker's own rule, `lunr_files`: an English course needs none);
- Material's bundle is taught to read the index from `search_index.js` everywhere, and only when the
  learner opens search (what it already does on file://), so `search_index.json` is removed after
  the offline plugin has copied it.

The bundle patch matches Material's minified code: if a new Material release no longer has the
pattern, nothing is patched and both indexes ship, as before (tests/test_theme_assets.py notices).
"""

from __future__ import annotations

import functools
import os
import re

from mkdocs.structure.files import File, Files

LUNR = "assets/javascripts/lunr/"
SEARCH_INDEX_JSON = "search/search_index.json"
SEARCH_INDEX_SCRIPT = "search/search_index.js"
_MAP_COMMENT = re.compile(rb"\n?/[/*]# sourceMappingURL=\S+?\.map(?: \*/)?\s*$")

# The bundle's two tests of file://: which index file to load (the script, when on file://), and
# when to hand it to the search worker (at once on a server, when search opens on file://).
_LOAD_INDEX_SCRIPT = (
    b'location.protocol==="file:"?_t(`${new URL("search/search_index.js"',
    b'!0?_t(`${new URL("search/search_index.js"',
)
_START_SEARCH_AT_ONCE = (b'$(location.protocol!=="file:"),Je("search")', b'$(!1),Je("search")')
SEARCH_PATCHES = (_LOAD_INDEX_SCRIPT, _START_SEARCH_AT_ONCE)


def lunr_files(languages: list[str]) -> set[str]:
    """The lunr files Material's search worker imports for these languages (workers/search.*.js)."""
    needed: set[str] = set()
    for lang in languages:
        if lang == "ja":
            needed.add("tinyseg.js")
        elif lang in ("hi", "th"):
            needed.add("wordcut.js")
        if lang != "en":
            needed.add(f"min/lunr.{lang}.min.js")
    if len(languages) > 1:
        needed.add("min/lunr.multi.min.js")
    if needed:
        needed.add("min/lunr.stemmer.support.min.js")
    return {LUNR + name for name in needed}


def patch_search_bundle(code: bytes) -> bytes | None:
    """Material's bundle loading the index script on first use, or None if its code is not as expected."""
    for old, new in SEARCH_PATCHES:
        if code.count(old) != 1:
            return None
        code = code.replace(old, new)
    return code


def without_map_comment(code: bytes) -> bytes:
    return _MAP_COMMENT.sub(b"", code)


class ThemeAssets:
    """The trimming, as two steps of a build: `trim` while MkDocs collects files, then `after_build`."""

    def __init__(self) -> None:
        self.index_script_only = False

    def trim(self, files: Files, config, search_languages: list[str]) -> None:
        keep_lunr = lunr_files(search_languages)
        self.index_script_only = False
        for file in list(files):
            uri = file.src_uri
            if not uri.startswith("assets/") or file.generated_by:
                continue
            if uri.endswith(".map") or (uri.startswith(LUNR) and uri not in keep_lunr):
                files.remove(file)
            elif uri.endswith((".min.js", ".min.css")) and file.abs_src_path:
                code, patched = _trimmed(file.abs_src_path, uri.startswith("assets/javascripts/bundle."))
                self.index_script_only |= patched
                files.remove(file)
                files.append(File.generated(config, uri, content=code))

    def after_build(self, site_dir: str) -> None:
        if self.index_script_only:
            # The offline plugin (run before this) wrote the script from the JSON file; keep the JSON
            # if it did not, or search would have no index at all.
            path = os.path.join(site_dir, SEARCH_INDEX_JSON)
            if os.path.isfile(path) and os.path.isfile(os.path.join(site_dir, SEARCH_INDEX_SCRIPT)):
                os.remove(path)


@functools.lru_cache(maxsize=16)  # Material's files do not change while `serve` rebuilds
def _trimmed(path: str, is_bundle: bool) -> tuple[bytes, bool]:
    """A theme script or stylesheet without its source map comment, and Material's bundle patched if it
    can be: (the bytes, whether the search patch applied)."""
    with open(path, "rb") as handle:
        code = without_map_comment(handle.read())
    patched = patch_search_bundle(code) if is_bundle else None
    return (patched, True) if patched is not None else (code, False)


def search_languages(config) -> list[str]:
    """The languages of Material's search plugin, as its on_config settled them."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("material.plugins.search"):
            return list(plugin.config.lang or ["en"])
    return ["en"]
