"""The content translation round trip: a course's texts out to a translator (XLIFF 2.0 or PO) and
back into a translated course folder, `translations/<lang>/`, that `build --lang` builds.

segments.py (what is translatable, with stable ids) and markdown_blocks.py (the pieces of a lesson),
exchange.py (the files a translator gets and returns), targets.py (what a translation must keep),
memory.py (translations/<lang>.po, stale and missing), variant.py (writing the translated course),
workflow.py (what the commands run). The trainer's guide: docs/translating.md.
"""
