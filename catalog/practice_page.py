"""A practice's page: its summary, the panel of facts (who, where, when, themes,
partners, networks, sources), its story and the related practices."""

from __future__ import annotations

from .model import Partner, Practice
from .pages import Page, escape, front_matter
from .render import Context, lang_attribute
from .citations import cite
from .facets import filter_marks
from .fields import facts as field_facts
from .freshness import review_due
from .safety import NOTE_ID_PREFIX, NOTES_ID, RELATED_ID, SOURCE_ID_PREFIX
from .story import Heading


def practice_page(ctx: Context, practice: Practice) -> Page:
    w = ctx.words
    title, summary, story, written_in = practice.text_in(ctx.language)
    related = ctx.related[practice.slug]
    story_html, cited = cite(story.html, practice.sources)
    toc = story.toc + ((Heading(2, NOTES_ID, w("notes")),) if cited else ()) + ((Heading(2, RELATED_ID, w("related")),) if related else ())
    page = Page(practice.src_uri, toc=toc)
    # A line break between the cells: the search index reads the page's text, and
    # Pagefind (1.5) does not part a <dt> from its <dd> ("CountrySenegal").
    rows = "".join(f"<dt>{escape(name)}</dt>\n<dd>{value}</dd>\n" for name, value in facts(ctx, practice, page.src_uri))
    marks = filter_marks(practice)  # what the Explore page filters by, as ids
    notice = ""
    if review_due(practice.last_reviewed, ctx.today):
        notice += ctx.notice(escape(w("review.due", date=practice.last_reviewed)), "review")
    if written_in != ctx.language:
        notice += ctx.notice(escape(w("untranslated.notice", language=w.language_name(written_in))))
    elif practice.outdated_in(ctx.language):
        original = f'<a href="{ctx.href_in(practice.src_uri, practice.src_uri, practice.language)}" hreflang="{practice.language}">{escape(w("outdated.original"))}</a>'
        notice += ctx.notice(w.html("outdated.notice", language=escape(w.language_name(practice.language)), original=original), "outdated")
    panel = (
        f'{notice}<p class="practice-summary" data-pagefind-meta="summary"{lang_attribute(written_in, ctx.language)}>{escape(summary)}</p>\n'
        f'<div class="practice-facts" data-pagefind-meta="place:{escape(ctx.where(practice.actor))}" data-pagefind-filter="type:Practice">'
        f"<dl>{rows}</dl>{marks}</div>\n"
    )
    shown_file = practice.translations.get(ctx.language, practice).path  # the file this page is made from
    if edit := ctx.contributions.edit_url(f"practices/{shown_file.name}"):
        panel += f'<p class="practice-edit" data-pagefind-ignore><a href="{escape(edit)}">{escape(w("practice.edit"))}</a></p>\n'
    # The story keeps the language it is written in, for screen readers and search.
    text = f'<div lang="{written_in}">{story_html}</div>' if written_in != ctx.language else story_html
    text += notes_html(ctx, practice, cited)
    section = ""
    if related:
        section = (
            f'<section class="related-practices" data-pagefind-ignore><h2 id="{RELATED_ID}">{escape(w("related"))}</h2>'
            + ctx.practice_list(related, page.src_uri)
            + "</section>"
        )
    page.markdown = front_matter(title, summary) + page.fragment(panel + text + section)
    return page


class Facts:
    """How the fields write their facts on a practice page (fields.FactWriter):
    links relative to the page, actors with their other names for search."""

    def __init__(self, ctx: Context, page: str):
        self.ctx, self.page, self.words = ctx, page, ctx.words

    def link(self, text: str, uri: str) -> str:
        return self.ctx.links.a(text, self.page, uri)

    def actor(self, actor) -> str:
        return self.ctx.actor_link(actor, self.page) + other_names(self.ctx, actor)

    def partners(self, practice: Practice) -> str:
        items = "".join(f"<li>{partner_html(self.ctx, practice, p, self.page)}</li>" for p in practice.partners)
        return f"<ul>{items}</ul>"

    def sources(self, practice: Practice) -> str:
        items = "".join(f'<li id="{SOURCE_ID_PREFIX}{escape(s.id)}">{source_html(s, self.words)}</li>' if s.id else f"<li>{source_html(s, self.words)}</li>" for s in practice.sources)
        return f'<ol class="practice-sources">{items}</ol>'

    def period(self, practice: Practice) -> str:
        return period_of(self.ctx, practice)


def facts(ctx: Context, practice: Practice, page: str) -> list[tuple[str, str]]:
    """The panel above a practice's story: (label, HTML value) pairs, as the
    fields declare them (catalog/fields.py)."""
    return field_facts(Facts(ctx, page), practice)


def notes_html(ctx: Context, practice: Practice, cited: list) -> str:
    """The notes of the sources the story cites, in the page's language, each
    linking to the source in the panel of facts."""
    if not cited:
        return ""
    w = ctx.words
    number = {source.id: n for n, source in enumerate(practice.sources, 1)}
    items = "".join(
        f'<li id="{NOTE_ID_PREFIX}{escape(s.id)}" value="{number[s.id]}">{note_text(ctx, s)} '
        f'<a class="citation-source" href="#{SOURCE_ID_PREFIX}{escape(s.id)}">{escape(w("notes.listed", n=number[s.id]))}</a></li>'
        for s in cited
    )
    return f'<section class="citation-notes" data-pagefind-ignore><h2 id="{NOTES_ID}">{escape(w("notes"))}</h2><ol>{items}</ol></section>'


def note_text(ctx: Context, source) -> str:
    """Publisher, title in italics, stated date, link."""
    parts = [escape(source.publisher)] * bool(source.publisher) + [f"<em>{escape(source.title)}</em>"] + [escape(source.date)] * bool(source.date)
    link = f' <a href="{escape(source.url)}">{escape(ctx.words("notes.read"))}</a>.' if source.url else ""
    if source.archived:
        link += f' <a href="{escape(source.archived)}">{escape(ctx.words("source.archived"))}</a>.'
    return ", ".join(parts) + "." + link


def other_names(ctx: Context, actor) -> str:
    """The actor's other names and acronyms, not shown but indexed, so that a search
    for "CDMX" or "Ciudad de México" finds the practices of Mexico City."""
    shown = ctx.name(actor)
    names = sorted({name for name in actor.all_names() if name != shown})
    return f' <span class="actor-names" hidden>{escape(", ".join(names))}</span>' if names else ""  # parted from the name, for search


def partner_html(ctx: Context, practice: Practice, partner: Partner, page: str) -> str:
    w = ctx.words
    parts = [f"<strong>{ctx.actor_link(partner.actor, page)}</strong>{other_names(ctx, partner.actor)}"]
    if partner.actor.country:
        parts[0] += f" ({escape(w.country(partner.actor.country))})"
    if partner.relation:
        parts.append(escape(w.term("relation", partner.relation)))
    if found := practice.note_in(partner.actor.id, ctx.language):
        parts.append(ctx.in_language(escape(found[0]), found[1]))
    return " — ".join(parts)


def period_of(ctx: Context, practice: Practice) -> str:
    start, end = practice.start_year, practice.end_year
    if start and end:
        return f"{start}–{end}" if start != end else str(start)
    if start:
        return ctx.words("period.since", start=start)
    if end:
        return ctx.words("period.until", end=end)
    return ""


def source_html(source, words) -> str:
    # The schema allows only http(s) addresses; escaping keeps the attribute closed.
    title = f'<a href="{escape(source.url)}">{escape(source.title)}</a>' if source.url else f"<cite>{escape(source.title)}</cite>"
    parts = [escape(source.publisher)] * bool(source.publisher) + [title] + [escape(source.date)] * bool(source.date)
    archived = f' <a href="{escape(source.archived)}">{escape(words("source.archived"))}</a>.' if source.archived else ""
    return ", ".join(parts) + "." + archived
