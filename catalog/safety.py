"""Practice bodies arrive in pull requests from anyone. Once rendered to HTML they
pass through nh3 (the Ammonia sanitiser) with one allowlist: what the practice
dialect of Markdown produces (headings with their anchors, tables, code,
admonitions, details, footnotes, abbreviations) and harmless inline markup.
Everything that could run, restyle or borrow the theme's behaviour is dropped:
scripts, event handlers, styles, forms, frames, images, the theme's own classes,
titles holding markup, ids the site's scripts use, and every URL scheme but http,
https and mailto.

The same allowlist is read twice: by `clean_body`, which removes what it does not
allow, and by `inspect_body`, which says what `clean_body` would remove, so that
the validator reports exactly what the build would change."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

# No images: a practice holds no image files, and an image from another host would
# make every reader's browser call that host.
TAGS = (set(nh3.ALLOWED_TAGS) - {"map", "area", "img"}) | {"input"}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "name"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "details": {"open"},
    "input": {"type", "checked", "disabled"},  # task lists, should they be enabled
}
URL_SCHEMES = {"http", "https", "mailto"}
STYLE_PROPERTIES = {"text-align"}  # what the tables extension writes for column alignment
ALIGNMENT = re.compile(r"\s*text-align:\s*(?:left|right|center)\s*;?\s*")

# Classes the practice dialect writes, and the admonition kinds Material styles.
# Nothing else: the theme's own classes (md-*, mermaid, layout helpers) would let a
# practice restyle the page or make the theme load scripts.
ADMONITION_KINDS = frozenset(
    "note abstract summary tldr info todo tip hint important success check done question help faq "
    "warning caution attention failure fail missing danger error bug example quote cite".split()
)
CLASSES = ADMONITION_KINDS | {"admonition", "admonition-title", "footnote", "footnote-ref", "footnote-backref", "headerlink", "highlight"}

ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]{0,200}\}")
MAX_ID = 100  # characters of an id or anchor name
SAFE_ID = re.compile(rf"[\w:.-]{{1,{MAX_ID}}}")
# A title with no markup in it, even once its entities are read: the theme would put
# a title into innerHTML as it is. Quotes are fine (an attribute is escaped, and
# French writes l'eau).
SAFE_TITLE = re.compile(r"[^<>&]*")


# --- ids content must not take ----------------------------------------------------
# A story (a practice's, an actor's) is rendered and cleaned once, for every page
# and language that shows it, before any page is made. So the ids the pages that
# show a story give their own parts are declared here, the pages write them from
# here, and a story can neither hold them (keep_id) nor make them from its
# headings (story.heading_id).
SOURCE_ID_PREFIX = "source-"  # practice pages: each source in the panel of facts
NOTE_ID_PREFIX = "note-"  # practice pages: each note the build writes under the story (catalog.citations)
NOTES_ID = "notes"  # practice pages: the heading of those notes
RELATED_ID = "related-practices"  # practice pages: the related practices
ACTOR_SECTION_IDS = {"practices": "practices", "partners": "partners", "named_by": "named-by", "through": "through", "together": "together"}  # actor pages
FORMER_PRACTICES_PREFIX = "practices-of-"  # actor pages: the practices of each predecessor, by its id
PAGE_IDS = frozenset({NOTES_ID, RELATED_ID, *ACTOR_SECTION_IDS.values()})
PAGE_ID_PREFIXES = (SOURCE_ID_PREFIX, NOTE_ID_PREFIX, FORMER_PRACTICES_PREFIX)

# Ids the site's own scripts and templates rely on; the theme's own begin with "__".
SCRIPT_IDS = frozenset({"site-search-input", "site-search-results", "explore", "explore-query", "world-map-title"})
RESERVED_IDS = SCRIPT_IDS | PAGE_IDS
RESERVED_PREFIXES = ("__", *PAGE_ID_PREFIXES)


def keep_id(value: str) -> bool:
    return bool(SAFE_ID.fullmatch(value)) and not value.startswith(RESERVED_PREFIXES) and value not in RESERVED_IDS


CODE_LANGUAGE = re.compile(r"language-[a-z0-9+#_-]{1,30}")  # on <code> only: the fence's language, which the theme ignores


def kept_classes(value: str, tag: str = "") -> list[str]:
    return [name for name in value.split() if name in CLASSES or (tag == "code" and CODE_LANGUAGE.fullmatch(name))]


def scheme_of(url: str) -> str | None:
    """The scheme a browser would see, after entities and hidden characters are
    removed ("jav&#x61;script:" and "java\\tscript:" are javascript:)."""
    text = "".join(ch for ch in html.unescape(url) if ch > " " and ch != "\x7f")
    match = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", text)
    return match.group(1).lower() if match else None


def keeps_link(url: str) -> bool:
    """A link a practice may hold: a full web or mail address, or a place on the
    same page (footnotes). Addresses relative to the page would lead nowhere once
    the practice is published."""
    return url.startswith("#") or scheme_of(url) in URL_SCHEMES


def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    """nh3's filter for allowed attributes: the value to keep, or None."""
    if attribute == "href":
        return value if keeps_link(value) else None
    if attribute in ("id", "name"):
        return value if keep_id(value) else None
    if attribute == "class":
        return " ".join(kept_classes(value, tag)) or None
    if attribute == "title":
        return value if SAFE_TITLE.fullmatch(value) else None
    if tag == "input" and attribute == "type" and value != "checkbox":
        return None
    return value


def clean_body(html_text: str) -> str:
    """A practice body's HTML, with everything outside the allowlist removed."""
    return nh3.clean(
        html_text,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        strip_comments=True,
        link_rel=None,
    )


# --- what cleaning would remove, in words ----------------------------------------


@dataclass(frozen=True)
class Finding:
    """Something in a rendered body that the sanitiser would remove or change."""

    message: str
    hint: str
    needles: tuple[str, ...]  # text to look for in the Markdown source, to give its line


def inspect_body(html_text: str, cleaned: str | None = None) -> list[Finding]:
    """What `clean_body` would remove from this HTML, once per kind of thing. Given
    the cleaned HTML too, it also catches what the rules above do not name (a
    closing tag that closes nothing, say): whatever differs between the two."""
    inspector = _Inspector()
    inspector.feed(html_text)
    inspector.close()
    findings = list(inspector.findings.values())
    if cleaned is not None and not findings and (difference := first_difference(shape(html_text), shape(cleaned))):
        findings.append(Finding("some HTML here is not well formed and would be changed on the page.", "Remove the HTML and write plain Markdown.", difference))
    return findings


class _Shape(HTMLParser):
    """What a browser builds from HTML: elements with their attributes, and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.append((tag, tuple(sorted((name, value or "") for name, value in attrs))))

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID:
            self.parts.append(("/" + tag,))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.parts.append(" ".join(data.split()))


VOID = {"br", "hr", "input", "wbr", "img", "col", "area", "embed", "source", "track", "meta", "link", "base", "param"}


def shape(html_text: str) -> list:
    """HTML as a list of elements, closing tags and text, blind to how it is written
    (quotes, entities, attribute order, white space)."""
    parser = _Shape()
    parser.feed(html_text)
    parser.close()
    return parser.parts


def first_difference(before: list, after: list) -> tuple[str, ...] | None:
    """Where two shapes part, as text to look for in the source; None if they do not."""
    for one, other in zip(before, after):
        if one != other:
            return needles_for(one)
    if len(before) != len(after):
        return needles_for((before or after)[min(len(before), len(after))] if len(before) > len(after) else after[len(before)])
    return None


def needles_for(part) -> tuple[str, ...]:
    if isinstance(part, str):
        return (part[:30],)
    return (f"<{part[0]}",) if not part[0].startswith("/") else (f"<{part[0]}>", f"<{part[0]}")


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: dict[str, Finding] = {}
        self.heading: str | None = None  # the heading being read, if any

    def note(self, key: str, message: str, hint: str, *needles: str) -> None:
        self.findings.setdefault(key, Finding(message, hint, tuple(n for n in needles if n)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in TAGS:
            if tag == "img":
                self.note("img", "images are not supported in a practice yet, and would be removed from the page.", "Link to the image instead, like [a photo of the signing](https://...).", "![", "<img")
            else:
                self.note(f"tag {tag}", f"the HTML element <{tag[:20]}> is not allowed in a practice and would be removed from the page.", "Write the text in plain Markdown instead.", f"<{tag}")
            return
        if self.heading and not (tag == "a" and ("class", "headerlink") in attrs):
            self.note("heading markup", f"the heading holds markup (<{tag[:20]}>); headings are shown in the table of contents as plain text.", "Write the heading as plain words, without HTML, links or formatting.", f"<{tag}", "**", "`", "[", "_")
        if re.fullmatch(r"h[1-6]", tag):
            self.heading = tag
        allowed = ATTRIBUTES["*"] | ATTRIBUTES.get(tag, set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed:
                if name.startswith("on"):
                    self.note(f"handler {name}", f'the attribute "{name[:20]}" (a script) is not allowed in a practice.', "Remove it; a practice carries no scripts.", name)
                else:
                    self.note(f"attribute {name}", f'the attribute "{name[:20]}" on <{tag[:20]}> is not allowed in a practice.', "Remove it; keep the text.", f"{name}=", name)
            elif name in ("href",) and (scheme := scheme_of(value)) and scheme not in URL_SCHEMES:
                self.note(f"scheme {scheme}", f'a link uses "{scheme[:20]}:", which is not allowed.', "Link only to web addresses starting with https:// (or http://, mailto:).", f"{scheme}:", value[:30], (value.split() or [""])[0][:30], scheme, "&#")
            elif name == "href" and not keeps_link(value):
                self.note("relative link", f'the link "{value[:40]}" is not a full web address.', "Write the whole address, starting with https://.", f"]({value[:40]}", value[:40])
            elif name == "style" and not ALIGNMENT.fullmatch(value):
                self.note("style", "styles are not allowed in a practice.", "Remove the style; the site's own look applies to every practice.", "style")
            elif name == "class" and (dropped := [c for c in value.split() if c not in kept_classes(c, tag)]):
                self.note(f"class {dropped[0]}", f'the class "{dropped[0][:30]}" is not allowed in a practice.', f"Remove it. Boxes may use one of: {', '.join(sorted(ADMONITION_KINDS))}.", dropped[0])
            elif name in ("id", "name") and not keep_id(value):
                self.note(f"id {value[:30]}", f'the name "{value[:30]}" cannot be used as an anchor in a practice.', "Use another name made of letters, digits and hyphens.", value[:30])
            elif name == "title" and not SAFE_TITLE.fullmatch(value):
                self.note("title", "a title or abbreviation holds markup (< > or &), which would be removed.", "Write it as plain words.", "*[", '"', "'")
            elif tag == "input" and name == "type" and value != "checkbox":
                self.note("input", "form fields are not allowed in a practice.", "Remove it.", "<input")

    def handle_data(self, data: str) -> None:
        # The dialect has no attribute lists: written ones would show as text.
        if "{" in data and ATTRIBUTE_LIST.search(data):
            self.note("attribute list", "{ } attributes are not supported in a practice and would show as text.", "Remove the part in { }; the site gives headings and paragraphs their look.", "{:", "{ ", "{")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == self.heading:
            self.heading = None

    def handle_endtag(self, tag: str) -> None:
        if tag == self.heading:
            self.heading = None
