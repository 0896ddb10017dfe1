"""Python-Markdown extensions for `::quiz[id]`, `::simulation[id]` and `::calculator[name]`, one per
module with `makeExtension`, as pymdown-extensions does. Host-neutral: they work under any
Python-Markdown host (MkDocs today, another tomorrow) and are tested with plain Python-Markdown."""
