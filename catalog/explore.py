"""The Explore page: search with filters. Its behaviour is in
docs/javascripts/search.js; the filters it offers, their order, the label of every
value (the address and the search index hold ids: catalog/facets.py) and every
word it shows come from here, in the page's language, so the script restates
nothing."""

from __future__ import annotations

import json

from babel.lists import format_list

from .facets import FILTERS, former_labels, labels, settings
from .pages import Page, escape, front_matter
from .render import Context
from .routes import COUNTRIES, EXPLORE, PRACTICES, THEMES


def explore_page(ctx: Context) -> Page:
    w, a = ctx.words, ctx.links.a
    page = Page(EXPLORE)
    here = page.src_uri
    words = escape(json.dumps(w.for_script(), ensure_ascii=False))
    # The filters in the order offered, each with its values: id -> label here; and the
    # labels of the other languages, for addresses shared before they held ids.
    filters = escape(json.dumps(labels(ctx.catalog, ctx.language), ensure_ascii=False, separators=(",", ":")))
    former = escape(json.dumps(former_labels(ctx.catalog, ctx.language), ensure_ascii=False, separators=(",", ":")))
    # How each filter is offered (open at first, how its values are sorted), from its declaration.
    offered = escape(json.dumps(settings(), separators=(",", ":")))
    noscript = w.html(
        "explore.noscript",
        practices=a(w("explore.noscript.practices"), here, PRACTICES),
        themes=a(w("explore.noscript.themes"), here, THEMES),
        places=a(w("explore.noscript.places"), here, COUNTRIES),
    )
    # The page's description names the filters it offers, in their order.
    described = w("explore.description", filters=format_list([w(f"js.filter.{key}") for key in FILTERS], locale=ctx.language))
    page.markdown = front_matter(w("explore.title"), described, hide=("navigation", "toc")) + page.fragment(
        f'<div id="explore" class="explore" data-pagefind-ignore="all" data-words="{words}" data-filters="{filters}" data-former-labels="{former}" data-settings="{offered}">'
        f'<form class="explore__search" role="search"><label for="explore-query">{escape(w("explore.label"))}</label>'
        f'<input type="search" id="explore-query" name="q" placeholder="{escape(w("explore.placeholder"))}" autocomplete="off"></form>'
        # On a phone the panel of filters starts closed, one line above the results (search.js).
        f'<div class="explore__layout"><details class="explore__panel" open><summary class="explore__panel-summary">{escape(w("js.filters"))}</summary>'
        f'<div class="explore__filters" role="group" aria-label="{escape(w("js.filters"))}"></div></details>'
        f'<section class="explore__results" aria-label="{escape(w("explore.label"))}">'
        f'<p class="explore__status" aria-live="polite">{escape(w("explore.loading"))}</p>'
        f'<button type="button" class="md-button explore__clear">{escape(w("explore.clear"))}</button>'
        '<ol class="explore__list"></ol>'
        f'<button type="button" class="md-button explore__more" hidden>{escape(w("explore.more"))}</button></section></div>'
        f"<noscript><p>{noscript}</p></noscript></div>"
        f"<p>{escape(w('explore.help'))}</p>"
    )
    return page
