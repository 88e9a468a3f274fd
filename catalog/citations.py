"""Citations: a practice lists its sources, each with a short `id`, and its text
cites them with footnote markers, `[^id]`, after the sentences they support. The
build writes the notes itself, in the page's language: each marker becomes a link
numbered as the sources are in the practice's panel of facts, to a note under the
story that links to the source in the panel. Nobody types a reference twice.

The rules: every marker names a listed source; with more than one source, each
has an id and is cited at least once; a practice with a single source may cite
it or not. A contributor does not write the notes (`[^id]: ...`) of sources."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from .reading import Document
from .safety import NOTE_ID_PREFIX
from .validation import did_you_mean

MARKER = re.compile(r"\[\^([^\]\s]{1,100})\]")
NOTE = re.compile(r"^[ ]{0,3}\[\^([^\]\s]{1,100})\]:", re.M)
# A tag of the cleaned story (nh3 writes every attribute in double quotes, but a
# quoted ">" may stand in one), or a comment.
TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>|<!--.*?-->", re.S)
HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
ATX, SETEXT = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)"), re.compile(r" {0,3}(?:=+|-+)[ \t]*")  # heading lines in Markdown


@dataclass(frozen=True)
class Marker:
    """A marker as the story holds it in its text: the id it names, and where it
    stands: in a paragraph ("text"), in a link's words ("link"), or in a heading
    ("heading"), which cites nothing (the table of contents shows headings as plain
    text). Markers in code, and in attributes (a link's address, a title, an
    abbreviation), are not markers at all."""

    id: str
    place: str
    start: int  # in the run of text, once its entities are read
    end: int


# What the validator says about citations; the Propose-a-practice form
# (catalog.proposal) checks the same things in the same words.
MESSAGES = {
    "duplicate": 'the id "{id}" is also the id of source {number}.',
    "duplicate.hint": "Give each source its own id.",
    "unknown": "[^{marker}] names no source of this practice.",
    "unknown.hint": "Use the id of one of the sources: {ids}.",
    "uncited": 'the source "{id}" is never cited in the text.',
    "uncited.hint": "Add [^{id}] after the sentence it supports, or remove the source if nothing in the text comes from it.",
    "heading": "[^{marker}] is in a heading, and a heading cannot cite a source: the table of contents shows headings as plain text.",
    "heading.hint": "Move [^{marker}] to the end of a sentence under the heading.",
}


def read_story(story_html: str) -> Iterator[tuple[str, str | None, list[Marker]]]:
    """The rendered story in order, as its tags (name given) and runs of text
    (name None), each with the markers it holds: what the validator checks and
    what the page cites, read once. Tags hold none (a marker in an address or a
    title is part of it), nor do runs inside code."""
    depth = {"code": 0, "heading": 0, "link": 0}  # of the elements open around the text
    position = 0
    for tag in [*TAG.finditer(story_html), None]:
        end = tag.start() if tag else len(story_html)
        if end > position:
            run = story_html[position:end]
            place = next((group for group in ("code", "heading", "link") if depth[group]), "text")
            text = html.unescape(run) if place != "code" and ("[" in run or "&#" in run) else ""
            yield run, None, [Marker(match[1], place, match.start(), match.end()) for match in MARKER.finditer(text)]
        if tag is None:
            return
        closing, name = tag[1] or "", (tag[2] or "!--").lower()
        yield tag.group(), closing + name, []
        group = "code" if name in ("code", "pre") else "heading" if name in HEADINGS else "link" if name == "a" else None
        if group and not tag.group().endswith("/>"):
            depth[group] = max(0, depth[group] + (-1 if closing else 1))
        position = tag.end()


def markers_in(story_html: str) -> list[Marker]:
    """The markers the rendered story still holds in its text, outside code: those
    no note of the contributor's turned into a footnote."""
    return [marker for _, _, found in read_story(story_html) for marker in found]


def source_ids(sources: list) -> dict[str, int]:
    """id -> number (from 1) of the sources that have an id."""
    return {source["id"]: number for number, source in enumerate(sources, 1) if isinstance(source, dict) and isinstance(source.get("id"), str)}


def check_citations(doc: Document, sources: list, original: bool = True) -> None:
    """Report markers that name no source and, on an original, sources without an
    id or never cited, each with its line. Call after the story is rendered."""
    ids = source_ids(sources)
    seen: dict[str, int] = {}
    for index, source in enumerate(sources):
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            if source["id"] in seen:
                doc.problem(("sources", index, "id"), MESSAGES["duplicate"].format(id=source["id"], number=seen[source["id"]]), MESSAGES["duplicate.hint"])
            seen.setdefault(source["id"], index + 1)
    for match in NOTE.finditer(doc.body):
        if match[1] in ids:
            line = doc.body_line + doc.body.count("\n", 0, match.start())
            doc.problem("body", f'this line writes the note of the source "{match[1]}", which the site writes itself from the sources list.', "Delete this line; keep the [^...] marker in the text.", line=line)
    cited = set()
    unknown: set[str] = set()
    for marker in markers_in(doc.story.html if doc.story else ""):
        line = doc.body_line + line_of_marker(doc.body, marker) - 1
        if marker.place == "heading":
            doc.problem("body", MESSAGES["heading"].format(marker=marker.id[:40]), MESSAGES["heading.hint"].format(marker=marker.id[:40]), line=line)
        elif marker.id in ids:
            cited.add(marker.id)
        elif marker.id not in unknown:  # once per marker: the first place it is written
            unknown.add(marker.id)
            hint = did_you_mean(marker.id, list(ids), "source") or (
                MESSAGES["unknown.hint"].format(ids=", ".join(ids)) if ids else f'Give the source it means an id: a line "id: {marker.id}" under its title.'
            )
            doc.problem("body", MESSAGES["unknown"].format(marker=marker.id[:40]), hint, line=line)
    if not original or len(sources) < 2:
        return
    for index, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        if not isinstance(source.get("id"), str):
            doc.problem(("sources", index), "with several sources, each needs an id, so that the text can say which one supports what.", 'Add a line "id: ..." (a short name such as metropolis-2021) and cite it in the text with [^metropolis-2021].')
        elif source["id"] not in cited:
            doc.problem(("sources", index, "id"), MESSAGES["uncited"].format(id=source["id"]), MESSAGES["uncited.hint"].format(id=source["id"]))


def line_of_marker(body: str, marker: Marker) -> int:
    """The line of the body (from 1) where a marker is written: for one in a
    heading, the first heading line that holds it."""
    written = f"[^{marker.id}]"
    lines = body.split("\n")
    if marker.place == "heading":
        for number, line in enumerate(lines):
            underlined = number + 1 < len(lines) and SETEXT.fullmatch(lines[number + 1])
            if written in line and (ATX.match(line) or underlined):
                return number + 1
    return body.count("\n", 0, max(body.find(written), 0)) + 1


def cite(story_html: str, sources: tuple) -> tuple[str, list]:
    """The story with each marker of a source as a numbered link to its note, and
    the sources cited, in the order of the list (their numbers). A marker in a
    link's words is cited just after the link, which cannot hold another; one in a
    heading stays as it is (the validator refuses it)."""
    ids = {source.id: number for number, source in enumerate(sources, 1) if source.id}
    if not ids:
        return story_html, []
    cited: set[str] = set()
    parts: list[str] = []
    after_link: list[str] = []  # citations written in a link's words, for after it

    def citation(source_id: str) -> str:
        cited.add(source_id)
        return f'<sup class="citation"><a href="#{NOTE_ID_PREFIX}{html.escape(source_id)}">[{ids[source_id]}]</a></sup>'

    for run, tag, markers in read_story(story_html):
        markers = [marker for marker in markers if marker.id in ids and marker.place != "heading"]
        if markers:
            text, position = html.unescape(run), 0
            for marker in markers:
                parts.append(html.escape(text[position : marker.start], quote=False))
                if marker.place == "link":
                    after_link.append(citation(marker.id))
                else:
                    parts.append(citation(marker.id))
                position = marker.end
            run = html.escape(text[position:], quote=False)
        parts.append(run)
        if tag == "/a":  # links do not nest
            parts += after_link
            after_link.clear()
    return "".join(parts + after_link), [source for source in sources if source.id in cited]
