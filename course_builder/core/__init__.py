"""The course's own rules, in plain Python: the embed syntax, the saved-progress format and its budget,
the calculators' catalogue and the sealed answer key. No Markdown, no MkDocs, no templates: every
other layer imports these, and they import only `model` and `errors`."""
