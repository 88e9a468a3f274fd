"""Practice bodies arrive in pull requests from anyone: once rendered to HTML they
pass through nh3 (the Ammonia sanitiser) with an allowlist that keeps what the
site's Markdown extensions produce (headings with their anchors, tables, code,
admonitions, details, footnotes, abbreviations) and drops everything that could
run or restyle: scripts, event handlers, styles, forms, frames, and every URL
scheme but http, https and mailto."""

from __future__ import annotations

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
# Ids and names the site's own scripts and styles rely on: content must not take them.
RESERVED_IDS = {"site-search-input", "site-search-results", "explore", "explore-query", "world-map-title"}


def keep_attribute(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("id", "name") and (value.startswith("__") or value in RESERVED_IDS):
        return None
    if tag == "input" and attribute == "type" and value != "checkbox":
        return None
    return value


def clean_body(html: str) -> str:
    """A practice body's HTML, with everything outside the allowlist removed."""
    return nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=keep_attribute,
        url_schemes=URL_SCHEMES,
        filter_style_properties=STYLE_PROPERTIES,
        strip_comments=True,
        link_rel=None,
    )
