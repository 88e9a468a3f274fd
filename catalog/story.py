"""A practice's story, from Markdown to safe HTML, once. The body is rendered with
the practice dialect of Python-Markdown (below), inspected against the
sanitiser's allowlist, and cleaned; its table of contents is rebuilt as plain
text with ids the dialect made. The validator and the site read the same result,
so what a contributor is told is exactly what the page will show.

Python-Markdown is quadratic on some inputs (long runs of brackets, thousands of
footnotes or abbreviations): `limits` refuses such bodies before rendering."""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from functools import lru_cache

import markdown
from markdown.extensions.toc import slugify_unicode

from .safety import MAX_ID, RESERVED_IDS, RESERVED_PREFIXES, Finding, clean_body, inspect_body

# The practice dialect: what contributors may write. No attr_list (it would let a
# practice set ids, classes and attributes), no raw-HTML-in-Markdown, no theme extras.
EXTENSIONS = ["abbr", "admonition", "def_list", "footnotes", "tables", "toc", "pymdownx.details", "pymdownx.superfences", "pymdownx.highlight"]


def heading_id(text: str, separator: str) -> str:
    """An id made of letters, digits and hyphens, never one the site uses itself,
    and short enough to stay an id once a prefix or a suffix is added."""
    slug = slugify_unicode(text, separator)[:HEADING_ID_LENGTH].rstrip(separator) or "section"
    if slug.startswith(RESERVED_PREFIXES):
        return f"section-{slug}"
    return f"{slug}-1" if slug in RESERVED_IDS else slug


CONFIG = {
    "toc": {"permalink": True, "slugify": heading_id},
    "pymdownx.highlight": {"use_pygments": False},  # plain <pre><code>: no token classes to allow
    "footnotes": {"BACKLINK_TITLE": "Back to the text"},
}

# Bounds on what Python-Markdown handles in quadratic time, checked by linear scans
# before rendering. tests/test_trust.py renders a worst case at the limits and
# builds bodies of every known slow construct far beyond them.
MAX_CHARACTERS = 20_000  # the longest real practice is about 13,000
MAX_COUNTS = {  # what to count in the whole text -> (limit, what it is, in words)
    "[": (600, "square brackets ["),
    "<": (200, "< signs"),
    "*[": (100, "abbreviation definitions"),
    "[^": (200, "footnote markers"),
}
MAX_BLOCK_LINES = 60  # lines without a blank line between them (quadratic: ***, setext, definition lists)
MAX_BRACKET_WORK = 400_000  # [ in a block times the block's length, summed: what links cost the parser
MAX_FENCES = 40  # lines opening or closing code blocks
MAX_HEADINGS = 150
# What a heading's id may hold of its words: room is left for "section-" or "-1"
# (heading_id) and for the "_150" Python-Markdown adds to a heading named twice.
HEADING_ID_LENGTH = MAX_ID - len("section-") - len("-1") - len(f"_{MAX_HEADINGS}")
MAX_DEPTH = 12  # of nested lists, quotes and boxes, by indentation, > signs and list markers
# What opens a level at the start of a line: "> ", "- ", "1. ", indentation; "- - x" nests twice.
NESTING = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))*")
LIST_MARKER = re.compile(r"[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t])")
FENCE_LINE = re.compile(r"(?:[ \t]|>|[-*+](?=[ \t])|[0-9]{1,9}[.)](?=[ \t]))*(?:```|~~~)")
HEADING_LINE = re.compile(r" {0,3}(?:#{1,6}(?:[ \t]|$)|=+[ \t]*$|-+[ \t]*$)")


@dataclass(frozen=True)
class Heading:
    level: int
    id: str
    title: str  # plain text
    children: tuple[Heading, ...] = ()


@dataclass(frozen=True)
class Story:
    """A body rendered and cleaned, with its table of contents."""

    html: str
    toc: tuple[Heading, ...]


@dataclass(frozen=True)
class Limit:
    """A body too large or too intricate to render safely."""

    message: str
    hint: str
    line: int  # within the body, from 1


_local = threading.local()


def _markdown() -> markdown.Markdown:
    # Building a Markdown instance costs more than rendering a short body: keep one
    # per thread and reset it between bodies.
    if not hasattr(_local, "md"):
        _local.md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIG)
    return _local.md


def limits(body: str) -> Limit | None:
    """Why this body must not be rendered, or None. One pass over the text: the
    bounds keep the worst body measured well under a second to render."""
    if len(body) > MAX_CHARACTERS:
        return Limit(
            f"the text is {len(body):,} characters long; a practice's text may have at most {MAX_CHARACTERS:,}.",
            "Shorten it and link to longer material in the sources.",
            body.count("\n", 0, MAX_CHARACTERS) + 1,
        )
    for needle, (most, what) in MAX_COUNTS.items():
        if body.count(needle) > most:
            return Limit(f"the text has more than {most:,} {what}.", "A practice's text needs far fewer: remove them.", line_of_nth(body, needle, most + 1))
    fences = headings = work = 0
    block_start, block_lines, block_length, block_brackets = 1, 0, 0, 0
    for number, line in enumerate([*body.split("\n"), ""], 1):
        if not line.strip():
            work += block_brackets * block_length
            if work > MAX_BRACKET_WORK:
                return Limit("a paragraph here holds too many square brackets [ for its length.", "Split the paragraph, or use fewer links and brackets.", block_start)
            block_start, block_lines, block_length, block_brackets = number + 1, 0, 0, 0
            continue
        block_lines += 1
        block_length += len(line) + 1
        block_brackets += line.count("[")
        if block_lines > MAX_BLOCK_LINES:
            return Limit(f"more than {MAX_BLOCK_LINES} lines follow one another here without a blank line.", "Put a blank line between paragraphs, list items or rows.", number)
        prefix = NESTING.match(line).group()
        depth = prefix.count(">") + len(LIST_MARKER.findall(prefix)) + len(prefix.expandtabs(4)) // 4
        if depth > MAX_DEPTH:
            return Limit(f"this line is nested {depth} levels deep; a practice may nest at most {MAX_DEPTH}.", "Indent less: use fewer levels of lists, quotes or boxes.", number)
        fences += bool(FENCE_LINE.match(line))
        if fences > MAX_FENCES:
            return Limit(f"the text has more than {MAX_FENCES} lines of ``` or ~~~.", "A practice needs few code blocks: remove some.", number)
        headings += bool(HEADING_LINE.match(line))
        if headings > MAX_HEADINGS:
            return Limit(f"the text has more than {MAX_HEADINGS} headings.", "Use fewer headings: a practice has five sections.", number)
    return None


def line_of_nth(text: str, needle: str, n: int) -> int:
    position = -1
    for _ in range(n):
        position = text.find(needle, position + 1)
    return text.count("\n", 0, max(position, 0)) + 1


def render(body: str) -> tuple[Story, list[Finding]]:
    """The story as the site shows it, and what cleaning removed from it. Call
    `limits` first: an unbounded body may take minutes."""
    story, findings = _rendered(body)
    return story, list(findings)


@lru_cache(maxsize=4096)
def _rendered(body: str) -> tuple[Story, tuple[Finding, ...]]:
    # A pure function of the text: each language's build reads the same catalog,
    # and renders each story once instead of once per language.
    story, findings = _render(body)
    return story, tuple(findings)


def clear_cache() -> None:
    _rendered.cache_clear()


def _render(body: str) -> tuple[Story, list[Finding]]:
    try:
        raw, tokens = to_html(body)
    except RecursionError:  # a nesting the limits did not foresee: refuse, never crash
        return Story("", ()), [Finding("the text is nested too deeply to be shown.", "Use fewer levels of lists, quotes or boxes.", ())]
    cleaned = clean_body(raw)
    return Story(cleaned, tuple(heading(token) for token in tokens)), inspect_body(raw, cleaned)


def to_html(body: str) -> tuple[str, list[dict]]:
    """The body in the practice dialect, as HTML not yet cleaned, with the table
    of contents tokens of Python-Markdown."""
    md = _markdown()
    return md.reset().convert(body), md.toc_tokens


def heading(token: dict) -> Heading:
    # The token's name is the heading's text without tags, entities escaped.
    title = " ".join(html.unescape(token["name"]).split())
    return Heading(token["level"], token["id"], title, tuple(heading(child) for child in token["children"]))


def line_of(body: str, finding: Finding) -> int:
    """The line of the body (from 1) where a finding's markup was written, as far
    as the source shows it; the first line if it cannot be told."""
    folded = body.casefold()
    for needle in finding.needles:
        found = folded.find(needle.casefold())
        if found >= 0:
            return body.count("\n", 0, found) + 1
    return 1
