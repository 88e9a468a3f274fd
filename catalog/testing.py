"""Helpers that the test suite and the benchmark share: a copy of a project's
site sources to build or break freely, and synthetic catalogs of any size."""

from __future__ import annotations

import itertools
import random
import shutil
from pathlib import Path

import yaml

from .languages import LANGUAGES, config_file, translated_name
from . import schema as practice_schema
from .actors import read_registry
from .validation import suggested_slug

# libyaml's emitter when PyYAML has it: the same text, several times faster.
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

# What a build of the site reads: copy these to build it elsewhere (tests, benchmark).
SITE_SOURCES = (
    *(config_file(code) for code in LANGUAGES),
    *(translated_name("CONTRIBUTING.md", code) for code in LANGUAGES),
    "docs", "hooks", "overrides", "practices", "actors",
)  # fmt: skip


def copy_site_sources(project: Path, destination: Path, practices: bool = True) -> None:
    """A copy of everything a build of the project reads, optionally without the practices."""
    destination.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = project / name
        if name == "practices" and not practices:
            (destination / name).mkdir(exist_ok=True)
        elif source.is_dir():
            shutil.copytree(source, destination / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, destination / name)
    for translation in project.glob("CONTRIBUTING.*.md"):
        shutil.copy(translation, destination / translation.name)


CITIES = [
    ("Dakar", "SN", 14.69, -17.45), ("Nouakchott", "MR", 18.09, -15.98), ("Mexico City", "MX", 19.43, -99.13),
    ("Bamako", "ML", 12.64, -8.0), ("Abidjan", "CI", 5.36, -4.01), ("Rabat", "MA", 34.02, -6.84),
    ("Tunis", "TN", 36.81, 10.18), ("Nairobi", "KE", -1.29, 36.82), ("Johannesburg", "ZA", -26.2, 28.05),
    ("Bogotá", "CO", 4.71, -74.07), ("Montevideo", "UY", -34.9, -56.16), ("São Paulo", "BR", -23.55, -46.63),
    ("Quito", "EC", -0.18, -78.47), ("Barcelona", "ES", 41.39, 2.17), ("Lyon", "FR", 45.76, 4.84),
    ("Berlin", "DE", 52.52, 13.4), ("Guangzhou", "CN", 23.13, 113.26), ("Seoul", "KR", 37.57, 126.98),
    ("Jakarta", "ID", -6.2, 106.85), ("Montréal", "CA", 45.5, -73.57), ("Melbourne", "AU", -37.81, 144.96),
]
# Text with the shape of real prose, for a search index of realistic size: a few
# very common words, domain words, and a long tail of rarer ones (Zipf's law).
COMMON = "the of and to in a for with on by as its from was that were this city".split()
DOMAIN = (
    "council cooperation partner network twinning agreement region climate funding exchange staff training "
    "mayor delegation project water waste transport housing health solidarity programme evaluation plan citizens "
    "municipal metropolitan strategy diplomacy knowledge capacity institutions law budget results lessons"
).split()
SYLLABLES = "ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re ri ro sa se si so ta te ti to va ve vi vo".split()
TAIL = sorted({a + b + c for a in SYLLABLES for b in SYLLABLES for c in SYLLABLES[::3]})[:4000]
VOCABULARY = COMMON + DOMAIN + TAIL
# Summed once: random.choices would add the weights up again for every sentence.
ZIPF_SUMMED = list(itertools.accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))


def sentence(rng: random.Random, words: int = 14) -> str:
    text = " ".join(rng.choices(VOCABULARY, cum_weights=ZIPF_SUMMED, k=words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random, sentences: int = 5) -> str:
    return " ".join(sentence(rng) for _ in range(sentences))


def synthetic_practice(index: int) -> str:
    """One valid practice file, the same for the same index whatever N is."""
    rng = random.Random(index)
    city = CITIES[index % len(CITIES)][0]
    themes = rng.sample(list(practice_schema.vocabulary("theme")), rng.randint(1, 4))
    partner_city = CITIES[(index + 7) % len(CITIES)][0]
    meta = {
        "title": f"{city}: practice number {index} on {practice_schema.vocabulary('theme')[themes[0]].label.lower()}",
        "summary": paragraph(rng, 2),
        "city": city,
        "level": rng.choice(list(practice_schema.vocabulary("level"))),
        "status": rng.choice(list(practice_schema.vocabulary("status"))),
        "start_year": 2010 + index % 10,
        "themes": themes,
        "sdgs": sorted(rng.sample(range(1, 18), 2)),
        "recommendations": rng.sample(list(practice_schema.vocabulary("recommendation")), 2),
        "partners": [{"name": partner_city, "relation": rng.choice(list(practice_schema.vocabulary("relation"))), "note": sentence(rng)}],
        "networks": ["Metropolis"],
        "sources": [{"title": f"Report {index}", "publisher": "Synthetic publisher", "date": "2021-02-25", "url": f"https://example.org/report/{index}"}],
        "last_reviewed": "2026-01-15",
    }
    body = "\n\n".join(f"## {s.heading}\n\n{paragraph(rng)}\n\n{paragraph(rng)}" for s in practice_schema.body_sections())
    return "---\n" + yaml.dump(meta, Dumper=DUMPER, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


def make_project(project: Path, folder: Path, count: int) -> None:
    """A copy of the project's site sources, its real practices included (the
    docs link to them), plus `count` synthetic practices."""
    copy_site_sources(project, folder)
    # The cities the synthetic practices name, as actors: those the registry lacks get a file.
    registry, _ = read_registry(folder / "actors", folder)
    for name, country, latitude, longitude in CITIES:
        if registry.find(name) is None:
            text = f"---\nname: {name}\nkind: municipality\ncountry: {country}\ncoordinates: [{latitude}, {longitude}]\n---\n"
            (folder / "actors" / f"{suggested_slug(name)}.md").write_text(text, encoding="utf-8")
    practices = folder / "practices"
    for index in range(count):
        (practices / f"synthetic-practice-{index:05}.md").write_text(synthetic_practice(index), encoding="utf-8")
