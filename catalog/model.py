"""The catalog: every practice under practices/, read, validated and indexed.
Loading either returns a complete catalog or raises with every problem found."""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import places
from . import schema as practice_schema
from .actors import Actor, Registry, read_actor, read_actor_translation, read_registry, strangers
from .citations import check_citations
from .problems import InvalidPractices, Problem, field_name, shown, shown_path
from .reading import Document, read_bytes, read_document
from .story import Story
from .text import IGNORABLE
from .validation import (
    check_body,
    body_within_limits,
    check_fields,
    check_file_name,
    check_story,
    stray_entry,
    suggested_slug,
    check_language,
    check_translation,
    document_version,
    translation_language,
    version_of,
)


@dataclass(frozen=True)
class Source:
    title: str
    publisher: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None  # what the text cites it by: [^id]
    archived: str | None = None  # a copy in a web archive, for when the page is gone


@dataclass(frozen=True)
class Partner:
    actor: Actor  # who the practice names as a partner, found in the registry
    relation: str | None = None
    note: str | None = None

    @property
    def name(self) -> str:
        return self.actor.name


@dataclass(frozen=True)
class Translation:
    """A practice in another language: only what language changes."""

    language: str
    path: Path
    title: str
    summary: str
    body: str
    story: Story
    notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # partner's actor id -> its note in this language
    current: bool = True  # made from the original as it is now (its translated_from is the original's version)


@dataclass(frozen=True)
class Practice:
    slug: str
    path: Path
    title: str
    summary: str
    actor: Actor  # who carried it out (the `city` field), found in the registry
    themes: tuple[str, ...]
    sources: tuple[Source, ...]
    last_reviewed: str
    body: str
    story: Story = Story("", ())  # the body rendered; set by the loader
    level: str | None = None
    status: str | None = None
    start_year: int | None = None
    end_year: int | None = None
    sdgs: tuple[int, ...] = ()
    recommendations: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()  # what it is about (water, health, ...), where themes say how cities cooperate
    partners: tuple[Partner, ...] = ()
    networks: tuple[Actor, ...] = ()
    language: str = "en"  # the language the practice was written in
    translations: dict[str, Translation] = field(default_factory=dict, compare=False, hash=False)

    def text_in(self, language: str) -> tuple[str, str, Story, str]:
        """Title, summary, story and the language they are in: the translation into
        `language` if there is one, else the original."""
        if translation := self.translations.get(language):
            return translation.title, translation.summary, translation.story, language
        return self.title, self.summary, self.story, self.language

    def note_in(self, actor_id: str, language: str) -> tuple[str, str] | None:
        """The note on a partner (by its actor's id) and the language it is in: the
        translation's into `language` if it gives one, else the original's."""
        note = next((partner.note for partner in self.partners if partner.actor.id == actor_id), None)
        if not note:
            return None
        translation = self.translations.get(language)
        if translation and (translated := translation.notes.get(actor_id)):
            return translated, language
        return note, self.language

    @property
    def version(self) -> str:
        """What its translations record as the version they were made from."""
        return version_of(self.title, self.summary, self.body, [partner.note for partner in self.partners])

    def outdated_in(self, language: str) -> bool:
        """Whether its translation into `language` was made from an earlier version."""
        translation = self.translations.get(language)
        return translation is not None and not translation.current

    @property
    def city(self) -> str:
        """The usual name of who carried it out."""
        return self.actor.name

    @property
    def country(self) -> str | None:
        return self.actor.country

    @property
    def coordinates(self) -> tuple[float, float] | None:
        return self.actor.coordinates

    @property
    def region(self) -> str:
        """The world region of its country; international bodies are in the world's."""
        return places.region_of(self.country) if self.country else places.WORLD

    @property
    def src_uri(self) -> str:
        """Where the practice's page sits in the site, as a source path."""
        return f"practices/{self.slug}.md"

    @classmethod
    def from_document(cls, doc: Document, registry: Registry, translations: dict[str, Translation] | None = None) -> Practice:
        """The practice of a valid document whose actors were all found (see actor_problems)."""
        meta = doc.meta
        return cls(
            translations=translations or {},
            slug=doc.path.name.removesuffix(".md"),
            path=doc.path,
            title=meta["title"],
            summary=meta["summary"],
            actor=registry.find(meta["city"]),
            themes=tuple(meta["themes"]),
            sources=tuple(Source(**s) for s in meta["sources"]),
            last_reviewed=meta["last_reviewed"],
            body=doc.body,
            story=doc.story,
            level=meta.get("level"),
            status=meta.get("status"),
            start_year=meta.get("start_year"),
            end_year=meta.get("end_year"),
            sdgs=tuple(meta.get("sdgs", ())),
            recommendations=tuple(meta.get("recommendations", ())),
            sectors=tuple(meta.get("sectors", ())),
            partners=tuple(Partner(registry.find(p["name"]), p.get("relation"), p.get("note")) for p in meta.get("partners", ())),
            networks=tuple(registry.find(name) for name in meta.get("networks", ())),
            language=meta.get("language", "en"),
        )


def actor_problems(doc: Document, registry: Registry, reported: set[tuple] = frozenset(), language: str = "en") -> None:
    """Every actor a practice names (who carried it out, its partners, its networks)
    must be in the registry, by id or by one of its names; an actor named twice, or
    as its own partner, is a mistake too. Actors suggested are named in `language`,
    the contributor's."""
    named: dict[str, tuple] = {}
    suggested = 0  # unknown names given suggestions so far: a few are enough to see the pattern
    for path, name in actors_named(doc.meta):
        if not isinstance(name, str) or any(path[: len(done)] == done for done in reported):
            continue  # the schema has said what is wrong with it
        actor = registry.find(name)
        if actor is None:
            suggested += 1
            doc.problem(path, f"{shown(name)} is not in the registry of actors (actors/).", unknown_actor_hint(name, registry, suggest=suggested <= MAX_SUGGESTED, language=language))
            continue
        group = path[0]
        if actor.id in named and (group == "partners" and named[actor.id][0] == "city" or group == named[actor.id][0]):
            first = field_name(named[actor.id])
            message = f"{shown(name)} is {actor.name} ({actor.id}), already named in {first}."
            hint = "A practice's own actor is not its partner: delete this entry." if named[actor.id][0] == "city" else "Name each actor once: delete this entry, or merge its note into the first."
            doc.problem(path, message, hint)
            continue
        named.setdefault(actor.id, path)


MAX_SUGGESTED = 12  # per file: past that, finding close names costs time and helps no one


def actors_named(meta: dict) -> list[tuple[tuple, object]]:
    """Where a practice names an actor, as (field path, name as written): who carried
    it out, its partners and its networks."""
    named = [(("city",), meta.get("city"))]
    named += [(("partners", i, "name"), p.get("name")) for i, p in enumerate(meta.get("partners") or []) if isinstance(p, dict)]
    named += [(("networks", i), name) for i, name in enumerate(meta.get("networks") or [])]
    return named


def unknown_actor_hint(name: str, registry: Registry, suggest: bool = True, language: str = "en") -> str:
    """How to fix a name the registry does not know: the actors it may mean, named
    as the contributor reads them (in `language`: "Región de Nuakchot" for a
    Spanish speaker), or how to add a new actor. The message stays English, to be
    translated (catalog/problems.py), whose translations name the template in
    their own language (templates/actor-template.es.md)."""
    slug = suggested_slug(name)
    file = f"actors/{slug}.md" if slug not in ("my-practice", "index") else "actors/<id>.md (an id in lowercase Latin letters, digits and hyphens)"
    new = f"If it is a new actor, add its file: copy templates/actor-template.md to {file} and fill it in."
    if alike := registry.look_alike(name):
        if odd := strangers(name, alike.name):
            return f"It reads like {alike.name_in(language)} ({alike.id}) but holds {odd}: type the name again with your keyboard's letters, or write its id."
        return f"It reads like {alike.name_in(language)} ({alike.id}): type the name again with your keyboard's letters, or write its id."
    close = registry.suggest(name) if suggest else []
    if close:
        choices = " or ".join(f"{actor.name_in(language)} ({actor.id})" for actor in (registry.find(c) for c in close))
        return f"Did you mean {choices}? Write its id or one of its names. {new}"
    return new


@dataclass
class Catalog:
    practices: list[Practice]  # sorted by slug
    registry: Registry = field(default_factory=lambda: Registry({}))  # the actors of actors/

    def by_theme(self) -> dict[str, list[Practice]]:
        return self._group(lambda p: p.themes, practice_schema.vocabulary("theme"))

    def by_sector(self) -> dict[str, list[Practice]]:
        return self._group(lambda p: p.sectors, practice_schema.vocabulary("sector"))

    def by_recommendation(self) -> dict[str, list[Practice]]:
        return self._group(lambda p: p.recommendations, practice_schema.vocabulary("recommendation"))

    def by_region(self) -> dict[str, list[Practice]]:
        return self._group(lambda p: (p.region,), places.REGIONS)

    def by_country(self) -> dict[str, list[Practice]]:
        return self._group(lambda p: (p.country,) if p.country else (), sorted({p.country for p in self.practices if p.country}))

    def by_sdg(self) -> dict[int, list[Practice]]:
        return self._group(lambda p: p.sdgs, practice_schema.vocabulary("sdg"))

    def _group(self, keys_of, order) -> dict:
        groups = defaultdict(list)
        for practice in self.practices:
            for key in keys_of(practice):
                groups[key].append(practice)
        return {key: groups.get(key, []) for key in order}


# Practices read before, by all their reading depends on: the file's bytes, where
# it is, the day and the registry's names. `dev.py serve` rebuilds in one process,
# after each save, and a file that did not change is not parsed and checked again.
# The Documents are not changed once read.
_read_before: dict[tuple, Document] = {}
READ_BEFORE_MOST = 50_000


def read_practice(path: Path, root: Path, today: datetime.date, registry: Registry, language: str = "en") -> Document:
    """Read and validate one practice file; its problems are on the Document, the
    actors they suggest named in `language`."""
    raw = read_bytes(path)
    key = (path, root, today, registry.names_key, language, hashlib.blake2b(raw, digest_size=16).digest())
    if (doc := _read_before.get(key)) is None:
        if len(_read_before) >= READ_BEFORE_MOST:
            _read_before.clear()
        doc = _read_before[key] = check_practice(path, root, today, registry, raw, language)
    return doc


def forget_reads() -> None:
    """Forget the practices read before: the next reading is a first one."""
    _read_before.clear()


def check_practice(path: Path, root: Path, today: datetime.date, registry: Registry, raw: bytes, language: str = "en") -> Document:
    doc = read_document(path, shown_path(path, root), raw=raw)
    check_file_name(doc)
    if doc.problems and not doc.meta:
        return doc  # the file could not be read; checking fields would only repeat that
    reported = check_fields(doc, today)
    actor_problems(doc, registry, reported, language)
    if body_within_limits(doc):
        check_body(doc)
        check_story(doc)
        if not any(path[:1] == ("sources",) for path in reported):  # sources the schema refused say enough
            check_citations(doc, sources_of(doc))
    return doc


def sources_of(doc: Document | None) -> list:
    sources = (doc.meta or {}).get("sources") if doc else None
    return sources if isinstance(sources, list) else []


def read_translation(path: Path, original: Document | None, root: Path, registry: Registry | None = None) -> Document:
    """Read and validate a translation (<slug>.<language>.md) against its original."""
    doc = read_document(path, shown_path(path, root))
    language = translation_language(path)
    check_file_name(doc, translation=True)
    if original is None:
        doc.problem(
            "file name",
            f"there is no original practice {path.name.split('.')[0]}.md for this translation.",
            "Add the original practice, or rename this file after the practice it translates.",
        )
        return doc
    if doc.problems and not doc.meta:
        return doc
    if original.problems:  # checked against an original that could not be read, it would only echo its problems
        check_language(doc, original, language)
        doc.problem("file", f"its original {original.shown_path} has problems: this translation is checked once they are fixed.", f"Run the validator on {original.shown_path} and fix what it says.")
        return doc
    check_translation(doc, original, language, actor_id_finder(registry))
    if body_within_limits(doc):
        check_body(doc, language)
        check_story(doc)
        check_citations(doc, sources_of(original), original=False)
    return doc


def actor_id_finder(registry: Registry | None):
    """name -> the id of the actor it names (the name itself when no actor has it)."""
    if registry is None:
        return None
    return lambda name: getattr(registry.find(name), "id", name)


def load_catalog(directory: Path, root: Path | None = None, today: datetime.date | None = None, only: list[str] | None = None, registry: Registry | None = None) -> Catalog:
    """Read every entry of a practices directory (or, for a preview, only the
    files named in `only`) and the registry of actors beside it (or the one
    given). Raises InvalidPractices with every problem of every file if anything
    is wrong."""
    root = root or directory.parent
    problems: list[Problem] = []
    if registry is None:
        registry, problems = read_registry(actors_dir(directory), root)
    entries = practice_entries(directory, only)
    practices, practice_problems = read_entries(entries, root, today, registry)
    problems += practice_problems + duplicate_practices(practices, root)
    if problems:
        raise InvalidPractices(problems)
    return Catalog(sorted((p for p, _ in practices), key=lambda p: p.slug), registry)


PRACTICES_FOLDER = "practices"  # where practice files are kept in the repository
ACTORS_FOLDER = "actors"  # where actor files are kept, beside the practices


def actors_dir(practices: Path) -> Path:
    """The registry of actors sits beside the practices: actors/ next to practices/."""
    return practices.parent / ACTORS_FOLDER


def practice_entries(directory: Path, only: list[str] | None = None) -> list[Path]:
    """What the practices directory holds, or, for a preview, the named practices
    with their translations."""
    if only is None:
        return sorted(directory.iterdir()) if directory.is_dir() else []
    named = {directory / Path(name).name for name in only}
    slugs = {path.name.split(".")[0] for path in named}
    translations = {path for path in directory.glob("*.*.md") if path.name.split(".")[0] in slugs and translation_language(path)}
    return sorted(named | translations)


def check_paths(paths: list[Path], root: Path, today: datetime.date | None = None, registry: Registry | None = None, language: str = "en") -> tuple[int, list[Problem]]:
    """Check files and folders of practices and actors without building anything:
    the number of files read, and every problem found. Practices are checked
    against the registry in root/actors/ (or the one given), whose own problems
    are reported when it is among the paths. `language` is the contributor's: the
    actors suggested for a name are named in it."""
    registry, registry_problems = (registry, []) if registry is not None else read_registry(root / ACTORS_FOLDER, root)
    entries, folders, actor_problems_found, actor_files = [], [], [], 0
    for path in paths:
        if path.is_dir() and not path.is_symlink() and path.name == ACTORS_FOLDER:
            if path.resolve() != (root / ACTORS_FOLDER).resolve():
                registry, registry_problems = read_registry(path, root)
            actor_files += len(list(path.iterdir()))
            actor_problems_found += registry_problems
        elif path.parent.name == ACTORS_FOLDER and not path.is_dir():
            if translation_language(path):  # checked against the actor's own file
                own = path.with_name(f"{path.name.split('.')[0]}.md")
                actor_problems_found += read_actor_translation(path, read_actor(own, root) if own.is_file() else None, root).problems
            else:
                actor_problems_found += read_actor(path, root).problems
            actor_files += 1
        elif path.is_dir() and not path.is_symlink():
            folders.append(path)
            entries.extend(sorted(path.iterdir()))
        else:
            entries.append(path)
    practices, problems = read_entries(entries, root, today, registry, language)
    problems += actor_problems_found
    if folders:  # a duplicate can only be told among a whole folder
        problems.extend(duplicate_practices(practices, root))
    return len(entries) + actor_files, sorted(problems)


def read_entries(entries: list[Path], root: Path, today: datetime.date | None, registry: Registry, language: str = "en") -> tuple[list[tuple[Practice, int]], list[Problem]]:
    """Valid practices (with the line of their title) and the problems of the rest.
    Translations are checked against their originals and attached to them."""
    today = today or datetime.date.today()
    problems: list[Problem] = []
    originals: dict[str, Document] = {}
    translations: list[Path] = []
    for path in entries:
        if stray := stray_entry(path, root):
            problems.append(stray)
        elif translation_language(path):
            translations.append(path)
        else:
            doc = read_practice(path, root, today, registry, language)
            problems.extend(doc.problems)
            originals[path.name.removesuffix(".md")] = doc
    attached: dict[str, dict[str, Translation]] = {}
    for path in translations:
        slug = path.name.split(".")[0]
        original = originals.get(slug)
        if original is None and (path.parent / f"{slug}.md").is_file():  # checking a translation on its own
            original = read_practice(path.parent / f"{slug}.md", root, today, registry, language)
        doc = read_translation(path, original, root, registry)
        problems.extend(doc.problems)
        if not doc.problems and original is not None and not original.problems:
            language = translation_language(path)
            notes = {registry.find(p["name"]).id: p["note"] for p in doc.meta.get("partners") or []}
            current = doc.meta["translated_from"] == document_version(original)
            attached.setdefault(slug, {})[language] = Translation(language, path, doc.meta["title"], doc.meta["summary"], doc.body, doc.story, notes, current)
    practices = [
        (Practice.from_document(doc, registry, attached.get(slug)), doc.line_of(("title",)))
        for slug, doc in originals.items()
        if not doc.problems
    ]
    return practices, problems


def comparable(text: str) -> str:
    """Text as a reader tells it apart: case, spacing, invisible characters and
    look-alike forms (NFKC) make no difference."""
    return " ".join(unicodedata.normalize("NFKC", IGNORABLE.sub("", text)).casefold().split())


def duplicate_practices(practices: list[tuple[Practice, int]], root: Path) -> list[Problem]:
    seen: dict[tuple[str, str], Practice] = {}
    problems = []
    for practice, title_line in sorted(practices, key=lambda pair: pair[0].slug):
        key = (comparable(practice.title), practice.actor.id)
        if key in seen:
            problems.append(
                Problem(
                    shown_path(practice.path, root),
                    title_line,
                    "title",
                    f"{shown_path(seen[key].path, root)} already describes a practice with this title in {practice.city}.",
                    "If it is the same practice, improve that file instead; if not, give this one a title that tells them apart.",
                )
            )
        else:
            seen[key] = practice
    return problems
