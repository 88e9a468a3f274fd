"""What every family of generated pages shares: the render context of one build
in one language (the catalog, its network of actors, the words and the links),
and the lists of practices that index pages are made of."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from .actors import Actor
from .cooperation import Network, build_network
from .freshness import build_date
from .i18n import LANGUAGES, Words, language_root
from .model import Catalog, Practice
from .pages import Links, Page, escape, front_matter
from .related import related_practices


@dataclass(frozen=True)
class Contributions:
    """Where proposals go, from mkdocs.yml: the repository (`repo_url`) and its
    branch (named in `edit_uri`), and the maintainers' email address
    (`extra.proposals_email`). Each may be missing."""

    repository: str | None = None
    branch: str = "main"
    email: str | None = None

    @classmethod
    def from_settings(cls, repo_url: str | None, edit_uri: str | None, email: str | None) -> Contributions:
        """From MkDocs' settings; the branch is the one edit_uri names
        (edit/main/docs/), so that the theme's edit buttons and ours agree."""
        parts = (edit_uri or "").strip("/").split("/")
        branch = parts[1] if len(parts) > 1 and parts[0] in ("edit", "blob", "tree") else "main"
        return cls(repo_url or None, branch, email or None)

    def edit_url(self, path: str) -> str | None:
        """GitHub's editor for a file of the repository, e.g. practices/dakar.md."""
        return f"{self.repository.rstrip('/')}/edit/{self.branch}/{path}" if self.repository else None


@dataclass
class Context:
    """One build in one language: what a page needs to be rendered."""

    catalog: Catalog
    language: str = LANGUAGES[0]
    directory_urls: bool = True
    today: datetime.date = field(default_factory=build_date)  # for what is due for review
    contributions: Contributions = field(default_factory=Contributions)
    network: Network = field(init=False)
    related: dict[str, list[Practice]] = field(init=False)
    words: Words = field(init=False)
    links: Links = field(init=False)

    def __post_init__(self) -> None:
        self.network = build_network(self.catalog)
        self.related = related_practices(self.catalog)
        self.words = Words(self.language)
        # The open-data files are published once, at the root of the default language.
        self.links = Links(self.directory_urls, data_root="" if self.default_language else "../")

    @property
    def default_language(self) -> bool:
        return self.language == LANGUAGES[0]

    # --- actors ----------------------------------------------------------------

    def name(self, actor: Actor) -> str:
        """An actor's name in the page's language."""
        return actor.name_in(self.language)

    def actor_link(self, actor: Actor, page: str) -> str:
        return self.links.a(self.name(actor), page, actor.src_uri)

    def where(self, actor: Actor) -> str:
        """Who and where, as plain text: "Dakar, Senegal"; an international body alone."""
        return self.words.where(actor)

    # --- text in another language -------------------------------------------------

    def in_language(self, text_html: str, written_in: str) -> str:
        """A contributor's text (HTML) on this page: as it is when it is in the page's
        language, else marked with its language for screen readers and readers."""
        if written_in == self.language:
            return text_html
        marker = escape(self.words("untranslated.marker", language=self.words.language_name(written_in)))
        return f'<span lang="{written_in}">{text_html}</span> <span class="practice-language">({marker})</span>'

    def notice(self, text_html: str, kind: str = "") -> str:
        """A notice above a text (not translated, out of date, due for review): out of
        the search index, so that it is neither found nor shown in excerpts."""
        modifier = f" practice-notice--{kind}" if kind else ""
        return f'<p class="practice-notice{modifier}" data-pagefind-ignore>{text_html}</p>\n'

    def href_in(self, page: str, target: str, language: str) -> str:
        """The address of `target` in another language's site, from `page` in this one."""
        return escape("../" * self.links.url(page).count("/") + language_root(self.language, language) + self.links.url(target))

    # --- lists of practices ------------------------------------------------------

    def practice_link(self, practice: Practice, page: str) -> str:
        """A practice's title in the page's language, linked to its page; one not
        translated into it is marked with the language it is written in."""
        w = self.words
        title, _, _, written_in = practice.text_in(self.language)
        marker = f' <span class="practice-language">({escape(w("untranslated.marker", language=w.language_name(written_in)))})</span>' if written_in != self.language else ""
        return f'<a href="{self.links.href(page, practice.src_uri)}"{lang_attribute(written_in, self.language)}>{escape(title)}</a>{marker}'

    def practice_list(self, practices: list[Practice], page: str) -> str:
        items = []
        for p in practices:
            _, summary, _, written_in = p.text_in(self.language)
            items.append(
                f"<li>{self.practice_link(p, page)}"
                f'<span class="practice-place">{escape(self.where(p.actor))}</span>'
                f'<span class="practice-summary"{lang_attribute(written_in, self.language)}>{escape(summary)}</span></li>\n'
            )
        # Lists repeat what practice pages say: search should find the practices, not the lists.
        return f'<div class="practice-list" data-pagefind-ignore><ul>\n{"".join(items)}</ul></div>\n'

    def listing_page(self, src_uri: str, title: str, description: str, intro: str, practices: list[Practice], family: str, after: str = "", also: list[Practice] = ()) -> Page:
        """A page listing practices; `also`, practices listed further down (in
        `after`), which the page must list as well."""
        page = Page(src_uri, lists=frozenset(p.slug for p in [*practices, *also]), family=family)
        listing = self.practice_list(practices, src_uri) if practices else f"<p>{escape(self.words('listing.empty'))}</p>"
        page.markdown = front_matter(title, description) + page.fragment(f"{intro}\n{listing}{after}")
        return page


def lang_attribute(written_in: str, page_language: str) -> str:
    """A lang attribute where text is in another language than the page."""
    return f' lang="{written_in}"' if written_in != page_language else ""


def count_by(practices: list[Practice], key) -> dict:
    counts: dict = {}
    for practice in practices:
        counts[key(practice)] = counts.get(key(practice), 0) + 1
    return counts
