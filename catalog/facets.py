"""What readers filter practices by (the Explore page's filters): for each filter,
a practice's values as ids, the same in every language, and how a value reads in
a language. The search index holds the ids, so that an Explore address means the
same in every language; the page shows the labels the build hands it."""

from __future__ import annotations

from typing import Any

from .actors import Actor
from .fields import facets
from .i18n import LANGUAGES, Words
from .model import Catalog, Practice
from .pages import escape


FILTERS = facets()  # by key, in the order offered; declared with their fields in catalog/fields.py


def value_id(value: Any) -> str:
    """A value as the index and the address hold it: an actor's id, a code, a number."""
    return value.id if isinstance(value, Actor) else str(value)


def filter_marks(practice: Practice) -> str:
    """The practice's values as Pagefind filters, in hidden elements of their own
    (the value is given inline, so the element's text does not matter)."""
    ids = {(key, value_id(value)) for key, spec in FILTERS.items() for value in spec.values(practice)}
    return "".join(f'<span hidden data-pagefind-filter="{key}:{escape(value)}"></span>' for key, value in sorted(ids))


def settings() -> dict[str, dict[str, object]]:
    """How the Explore page offers each filter, in the order offered: whether its
    list starts open and how its values are sorted. search.js reads it as data."""
    return {key: {"open": facet.open, "order": facet.order} for key, facet in FILTERS.items()}


def labels(catalog: Catalog, language: str) -> dict[str, dict[str, str]]:
    """Every value the catalog's practices hold, by filter: id -> label in `language`."""
    words = Words(language)
    table: dict[str, dict[str, str]] = {key: {} for key in FILTERS}
    for practice in catalog.practices:
        for key, spec in FILTERS.items():
            for value in spec.values(practice):
                if (id := value_id(value)) not in table[key]:
                    table[key][id] = spec.label(words, value)
    return table


def former_labels(catalog: Catalog, language: str) -> dict[str, dict[str, str]]:
    """The labels of the other languages, by filter: label -> id, for addresses
    shared before they held ids ("?theme=Jumelage"). Labels the same as the id, or
    as the label in `language`, are left out: the page knows them already."""
    here = labels(catalog, language)
    table: dict[str, dict[str, str]] = {key: {} for key in FILTERS}
    for other in LANGUAGES:
        if other == language:
            continue
        for key, values in labels(catalog, other).items():
            for id, label in values.items():
                if label not in (id, here[key][id]):
                    table[key].setdefault(label, id)
    return {key: values for key, values in table.items() if values}
