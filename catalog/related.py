"""Related practices: for each practice, up to five others that share the most with
it (places involved, suggestions, themes, region), rarer traits counting more.

Comparing every pair would be quadratic. Instead each practice looks only at a
bounded window of the practices sharing each of its traits, so the work grows with
the number of practices, not its square: rare traits (a partner city) are seen in
full, and only very common ones (a region) are sampled."""

from __future__ import annotations

import math
from bisect import bisect_left
from collections import defaultdict

from .model import Catalog, Practice

WINDOW = 30  # practices looked at per trait
WEIGHTS = {"place": 3.0, "suggestion": 1.0, "theme": 1.0, "region": 0.5}


def traits(practice: Practice) -> set[tuple[str, str]]:
    places = {practice.actor.id} | {p.actor.id for p in practice.partners}
    return (
        {("place", p) for p in places}
        | {("suggestion", r) for r in practice.recommendations}
        | {("theme", t) for t in practice.themes}
        | {("region", practice.region)}
    )


def related_practices(catalog: Catalog, limit: int = 5) -> dict[str, list[Practice]]:
    """slug -> up to `limit` related practices, best first."""
    practices = catalog.practices  # sorted by slug
    holders: dict[tuple, list[str]] = defaultdict(list)
    practice_traits = {}
    for practice in practices:
        practice_traits[practice.slug] = traits(practice)
        for trait in practice_traits[practice.slug]:
            holders[trait].append(practice.slug)
    by_slug = {p.slug: p for p in practices}
    total = len(practices)
    weight = {trait: WEIGHTS[trait[0]] * math.log(1 + total / len(slugs)) for trait, slugs in holders.items()}

    related = {}
    for practice in practices:
        scores: dict[str, float] = defaultdict(float)
        for trait in sorted(practice_traits[practice.slug]):  # a fixed order: float sums must not depend on hashing
            slugs = holders[trait]  # sorted, since practices are
            if len(slugs) <= WINDOW + 1:
                window = slugs
            else:  # the practices next to this one in the trait's list, wrapping round
                at = bisect_left(slugs, practice.slug)
                window = [slugs[(at + offset) % len(slugs)] for offset in range(-(WINDOW // 2), WINDOW // 2 + 1)]
            for other in window:
                if other != practice.slug:
                    scores[other] += weight[trait]
        best = sorted(scores.items(), key=lambda item: (-round(item[1], 9), item[0]))[:limit]
        related[practice.slug] = [by_slug[slug] for slug, _ in best]
    return related
