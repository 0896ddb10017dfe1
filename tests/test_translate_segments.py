"""What is a segment of a lesson, its id, and what a translation must keep (no course is built)."""

from __future__ import annotations

from course_builder.translate.markdown_blocks import blocks
from course_builder.translate.targets import target_problems
from course_builder.translate.variant import translated_text

LESSON = """\
# Calling: the first minute

Say who you are
and why you call.

```text
Hello, this is code: not translated
```

::quiz[calls-check]

## Two ways

- **First** way, with `code`
  that goes on.
- Second way
    1. nested step

| Before | After |
|---|---|
| Vague | Specific, see [the rule](rules.md#x) |
| — | 100 |

> **Owner:** "Pay later."
>
> Second quote paragraph.

!!! tip "Quick win"
    Write the first sentence down.

!!! note

=== "On the phone"
    Tab text.

<div markdown>
raw html is left alone
</div>

[rules]: https://example.com/rules
{: .page-break }

***

## Two ways
Again.

### Styled {: .big }
"""


def test_each_translatable_piece_is_found_with_its_id_kind_and_line():
    found = {(b.key, b.kind, b.line): b.text for b in blocks(LESSON)}
    assert found == {
        ("calling-the-first-minute", "heading", 1): "Calling: the first minute",
        ("calling-the-first-minute/p1", "paragraph", 3): "Say who you are and why you call.",
        ("two-ways", "heading", 12): "Two ways",
        ("two-ways/li1", "list item", 14): "**First** way, with `code` that goes on.",
        ("two-ways/li2", "list item", 16): "Second way",
        ("two-ways/li3", "list item", 17): "nested step",
        ("two-ways/table1/r1c1", "table cell", 19): "Before",
        ("two-ways/table1/r1c2", "table cell", 19): "After",
        ("two-ways/table1/r2c1", "table cell", 21): "Vague",
        ("two-ways/table1/r2c2", "table cell", 21): "Specific, see [the rule](rules.md#x)",
        ("two-ways/p1", "paragraph", 24): '**Owner:** "Pay later."',
        ("two-ways/p2", "paragraph", 26): "Second quote paragraph.",
        ("two-ways/admonition1", "admonition title", 28): "Quick win",
        ("two-ways/p3", "paragraph", 29): "Write the first sentence down.",
        ("two-ways/tab1", "tab title", 33): "On the phone",
        ("two-ways/p4", "paragraph", 34): "Tab text.",
        ("two-ways-2", "heading", 45): "Two ways",
        ("two-ways-2/p1", "paragraph", 46): "Again.",
        ("styled", "heading", 48): "Styled",
    }


def test_a_lesson_rewritten_changes_only_the_pieces_and_keeps_heading_anchors():
    from course_builder.translate.segments import Segment

    pieces = blocks(LESSON)
    segments = [Segment(b.key, b.text, "x.md", b.line, b.kind, b.start, b.end, anchor=b.anchor) for b in pieces]
    out = translated_text(LESSON, segments, {b.key: b.text.upper() for b in pieces})
    assert out.startswith(
        "# CALLING: THE FIRST MINUTE {#calling-the-first-minute}\n\nSAY WHO YOU ARE AND WHY YOU CALL.\n"
    )
    assert "Hello, this is code: not translated" in out and "\n::quiz[calls-check]\n" in out
    assert "| VAGUE | SPECIFIC, SEE [THE RULE](RULES.MD#X) |\n| — | 100 |" in out
    assert '!!! tip "QUICK WIN"\n    WRITE THE FIRST SENTENCE DOWN.' in out
    assert "## TWO WAYS {#two-ways_1}" in out  # toc's id of the second heading of the same name
    assert out.endswith("### STYLED {: #styled .big }\n")  # into the heading's own attribute list
    assert "<div markdown>\nraw html is left alone\n</div>" in out and "[rules]: https://example.com/rules" in out
    untouched = translated_text(LESSON, segments, {})
    assert untouched == LESSON


def test_a_translation_keeps_code_links_attributes_tags_and_placeholders():
    source = "See [the rule](rules.md#x), `code`, <kbd>Tab</kbd> and {count} {: .big }"
    assert (
        target_problems(source, "Voir [la règle](rules.md#x), `code`, <kbd>Tab</kbd> et {count} {: .big }", "p") == []
    )
    problems = target_problems(source, "Voir [la règle](regles.md#x), `kode`, Tab et {nombre}", "paragraph")
    assert problems == [
        "the inline codes differ from the source's: ``code`` is missing; ``kode`` is new",
        "the link or image targets differ from the source's: `rules.md#x` is missing; `regles.md#x` is new",
        "the attribute lists differ from the source's: `{: .big }` is missing",
        "the HTML tags differ from the source's: `</kbd>`, `<kbd>` is missing",
        "the placeholders differ from the source's: `{count}` is missing; `{nombre}` is new",
    ]


def test_a_translation_stays_one_block_of_plain_text():
    assert target_problems("A paragraph.", "# Un titre", "paragraph") == [
        "it starts with `#`, which would make it a heading, list, quote or table instead of text"
    ]
    assert target_problems("A paragraph.", "- une liste", "paragraph")[0].startswith("it starts with `-`")
    assert target_problems("A paragraph.", "Un.\n\nDeux.", "paragraph") == [
        "it holds a blank line, which would split the text into two blocks"
    ]
    assert target_problems("A cell", "Une | cellule", "table cell") == [
        "it holds a `|`, which would add a column to the table (write `\\|` for a pipe)"
    ]
    assert target_problems("Text", "Texte ::quiz[calls-check]", "paragraph") == [
        "it holds an embed `::quiz[calls-check]`: embeds stay on their own line in the lesson"
    ]
    assert target_problems("*Emphasis* first", "*Accent* d'abord", "paragraph") == []
    assert target_problems("1. A step", "1. Une étape", "list item") == []  # the source had it
