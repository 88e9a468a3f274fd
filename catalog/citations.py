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
from .reading import Document
from .safety import NOTE_ID_PREFIX
from .validation import did_you_mean

MARKER = re.compile(r"\[\^([^\]\s]{1,100})\]")
NOTE = re.compile(r"^[ ]{0,3}\[\^([^\]\s]{1,100})\]:", re.M)
CODE = re.compile(r"<(pre|code)\b.*?</\1>", re.S)  # markers inside code stay code


# What the validator says about citations; the Propose-a-practice form
# (catalog.proposal) checks the same things in the same words.
MESSAGES = {
    "duplicate": 'the id "{id}" is also the id of source {number}.',
    "duplicate.hint": "Give each source its own id.",
    "unknown": "[^{marker}] names no source of this practice.",
    "unknown.hint": "Use the id of one of the sources: {ids}.",
    "uncited": 'the source "{id}" is never cited in the text.',
    "uncited.hint": "Add [^{id}] after the sentence it supports, or remove the source if nothing in the text comes from it.",
}


def markers_in(story_html: str) -> list[str]:
    """The markers the rendered story still holds as text, outside code: those no
    note of the contributor's turned into a footnote."""
    return MARKER.findall(CODE.sub("", html.unescape(story_html)))


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
    for marker in markers_in(doc.story.html if doc.story else ""):
        if marker in ids:
            cited.add(marker)
            continue
        line = doc.body_line + doc.body.count("\n", 0, max(doc.body.find(f"[^{marker}]"), 0))
        hint = did_you_mean(marker, list(ids), "source") or (
            MESSAGES["unknown.hint"].format(ids=", ".join(ids)) if ids else f'Give the source it means an id: a line "id: {marker}" under its title.'
        )
        doc.problem("body", MESSAGES["unknown"].format(marker=marker[:40]), hint, line=line)
    if not original or len(sources) < 2:
        return
    for index, source in enumerate(sources):
        if not isinstance(source, dict):
            continue
        if not isinstance(source.get("id"), str):
            doc.problem(("sources", index), "with several sources, each needs an id, so that the text can say which one supports what.", 'Add a line "id: ..." (a short name such as metropolis-2021) and cite it in the text with [^metropolis-2021].')
        elif source["id"] not in cited:
            doc.problem(("sources", index, "id"), MESSAGES["uncited"].format(id=source["id"]), MESSAGES["uncited.hint"].format(id=source["id"]))


def cite(story_html: str, sources: tuple) -> tuple[str, list]:
    """The story with each marker of a source as a numbered link to its note, and
    the sources cited, in the order of the list (their numbers)."""
    ids = {source.id: number for number, source in enumerate(sources, 1) if source.id}
    if not ids:
        return story_html, []
    cited: set[str] = set()

    def link(text: str) -> str:
        def replace(match: re.Match) -> str:
            source_id = html.unescape(match[1])
            if source_id not in ids:
                return match.group(0)
            cited.add(source_id)
            return f'<sup class="citation"><a href="#{NOTE_ID_PREFIX}{html.escape(source_id)}">[{ids[source_id]}]</a></sup>'

        return MARKER.sub(replace, text)

    parts, position = [], 0
    for code in CODE.finditer(story_html):
        parts += [link(story_html[position : code.start()]), code.group(0)]
        position = code.end()
    parts.append(link(story_html[position:]))
    return "".join(parts), [source for source in sources if source.id in cited]
