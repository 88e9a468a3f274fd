"""What readers filter practices by (the Explore page's filters): for each filter,
a practice's values as ids, the same in every language, and how a value reads in
a language. The search index holds the ids, so that an Explore address means the
same in every language; the page shows the labels the build hands it."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .actors import Actor
from .i18n import LANGUAGES, Words
from .model import Catalog, Practice
from .pages import escape


@dataclass(frozen=True)
class Filter:
    values: Callable[[Practice], Iterable[Any]]  # a practice's values: codes, numbers or actors
    label: Callable[[Words, Any], str]  # how a value reads in a language


def sdg_label(words: Words, number: int) -> str:
    return f"{number} {words.term('sdg', number)}"


def years_of(practice: Practice) -> list[int]:
    """The years a practice was active, for the year filter."""
    start, end = practice.start_year, practice.end_year
    if start and end:
        return list(range(start, end + 1))
    return [y for y in (start, end) if y]


def _one(value) -> tuple:
    return (value,) if value else ()


def _actor_name(words: Words, actor: Actor) -> str:
    return actor.name_in(words.language)


# In the order the Explore page offers them; their names are the keys of the
# "js.filter.*" words and of the Explore address (?theme=twinning&region=002).
FILTERS: dict[str, Filter] = {
    "theme": Filter(lambda p: p.themes, lambda w, theme: w.term("theme", theme)),
    "region": Filter(lambda p: (p.region,), Words.region),
    "country": Filter(lambda p: _one(p.country), Words.country),
    "city": Filter(lambda p: (p.actor,), _actor_name),
    "partner": Filter(lambda p: [partner.actor for partner in p.partners], _actor_name),
    "network": Filter(lambda p: p.networks, _actor_name),
    "level": Filter(lambda p: _one(p.level), lambda w, level: w.term("level", level)),
    "status": Filter(lambda p: _one(p.status), lambda w, status: w.term("status", status)),
    "sdg": Filter(lambda p: p.sdgs, sdg_label),
    "suggestion": Filter(lambda p: p.recommendations, lambda w, slug: w.term("recommendation", slug)),
    "relation": Filter(lambda p: [partner.relation for partner in p.partners if partner.relation], lambda w, relation: w.term("relation", relation)),
    "year": Filter(years_of, lambda w, year: str(year)),
}


def value_id(value: Any) -> str:
    """A value as the index and the address hold it: an actor's id, a code, a number."""
    return value.id if isinstance(value, Actor) else str(value)


def filter_marks(practice: Practice) -> str:
    """The practice's values as Pagefind filters, in hidden elements of their own
    (the value is given inline, so the element's text does not matter)."""
    ids = {(key, value_id(value)) for key, spec in FILTERS.items() for value in spec.values(practice)}
    return "".join(f'<span hidden data-pagefind-filter="{key}:{escape(value)}"></span>' for key, value in sorted(ids))


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
