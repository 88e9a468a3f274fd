"""The registry of actors: one file per city, region, network or organisation,
`actors/<id>.md`, so that one actor has one identity whatever language, acronym
or former name a practice uses. Reading and checking an actor file follows the
practice files' rules (file, line, field, fix); the registry then checks what no
single file can tell: a name two actors claim, a predecessor that does not exist
or that leads back to itself."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jsonschema_rs
import pycountry

from . import schema as schemas
from .addresses import address_problem
from .problems import Problem, field_name, shown, shown_path
from .reading import Document, read_document
from .story import Story
from .validation import MAX_SLUG, RULE_MESSAGES, SLUG, body_within_limits, check_story, facts, report_schema_errors, schema_errors, suggested_slug, stray_entry

BRACKETED = re.compile(r"\s*(.+?)\s*\(([^()]+)\)\s*")  # "Name (ACRONYM)"
RESERVED_IDS = {"index"}  # actors/index.md is the index of actors
# Kinds that belong to one country; networks, agencies and organisations may not.
NATIONAL_KINDS = {"municipality", "intermunicipal-body", "metropolitan-government", "regional-government", "national-government"}


@dataclass(frozen=True)
class Actor:
    id: str
    path: Path
    name: str  # the usual English name
    kind: str
    names: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # language -> name
    aliases: tuple[str, ...] = ()
    country: str | None = None
    coordinates: tuple[float, float] | None = None
    website: str | None = None
    wikidata: str | None = None
    predecessor: str | None = None  # the id of the actor it replaced
    predecessor_year: int | None = None
    story: Story = Story("", ())  # what it does internationally, rendered and cleaned

    def name_in(self, language: str) -> str:
        return self.names.get(language, self.name)

    def all_names(self) -> list[str]:
        """Every name this actor answers to, the usual one first."""
        return [self.name, *self.names.values(), *self.aliases]

    @property
    def src_uri(self) -> str:
        return f"actors/{self.id}.md"


def folded(text: str) -> str:
    """A name as it is compared: without case, accents, punctuation or extra spaces
    ("Région  Île-de-France" and "region ile de france" are the same)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


@dataclass
class Registry:
    actors: dict[str, Actor]  # by id, sorted
    by_name: dict[str, Actor] = field(default_factory=dict)  # folded name -> actor

    def __post_init__(self) -> None:
        for actor in self.actors.values():
            for name in (actor.id, *actor.all_names()):
                self.by_name.setdefault(folded(name), actor)
        # What a practice's reading depends on: which names mean which actor.
        self.names_key = hash(tuple((name, actor.id, actor.name) for name, actor in self.by_name.items()))

    def find(self, name: str) -> Actor | None:
        """The actor a practice means by an id, a name in any language or an alias;
        also a name followed by its acronym in brackets, as sources often write it
        ("Communauté urbaine de Nouakchott (CUN)"), when both mean the same actor."""
        found = self.actors.get(name) or self.by_name.get(folded(name))
        if found is None and (match := BRACKETED.fullmatch(name)):
            named = {self.by_name.get(folded(part)) for part in match.groups()} - {None}
            found = named.pop() if len(named) == 1 else None
        return found

    def suggest(self, name: str) -> list[str]:
        """The usual names of the actors closest to a name that is not known: names
        that hold what was written ("ile de france") first, then names spelt alike."""
        wanted = folded(name)
        if not wanted:
            return []

        def score(key: str) -> float:
            likeness = difflib.SequenceMatcher(None, wanted, key).ratio()
            return 1 + likeness if wanted in key else likeness

        scored = sorted(((score(key), key) for key in self.by_name), key=lambda pair: (-pair[0], pair[1]))
        found = []
        for value, key in scored:
            if value < 0.75:  # "ville de hanoi" is 0.67 like "ile de france": too far
                break
            if (usual := self.by_name[key].name) not in found:
                found.append(usual)
        return found[:3]

    def all_names(self) -> list[str]:
        """Every name and alias of every actor, sorted: what a contributor may write."""
        return sorted({name for actor in self.actors.values() for name in actor.all_names()}, key=folded)

    def successors(self, actor: Actor) -> list[Actor]:
        return [other for other in self.actors.values() if other.predecessor == actor.id]

    def predecessors(self, actor: Actor) -> list[Actor]:
        """The actors this one replaced, nearest first."""
        chain, current = [], actor
        while current.predecessor and (current := self.actors.get(current.predecessor)) and current not in chain:
            chain.append(current)
        return chain


@cache
def validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schemas.actor_schema())


def read_actor(path: Path, root: Path) -> Document:
    """Read and check one actor file on its own; problems are on the Document."""
    doc = read_document(path, shown_path(path, root), schemas.actor_shape())
    slug = path.name.removesuffix(".md") if path.name.endswith(".md") else None
    if slug is None or not SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        doc.problem("file name", f'"{path.name}" is not a valid actor file name: use lowercase letters, digits and hyphens, ending in .md.', f'Rename it to "{suggested_slug(path.name)}.md".')
    elif slug in RESERVED_IDS:
        doc.problem("file name", f'"{path.name}" is reserved for the index of actors.', "Name the file after the actor, such as dakar.md.")
    if doc.problems and not doc.meta:
        return doc
    reported = report_schema_errors(doc, schema_errors(doc.meta, validator(), schemas.actor_schema()))
    for where, message, hint in facts({"country": doc.meta.get("country")}, None):
        doc.problem(where, message, hint)
    if isinstance(doc.meta.get("website"), str) and ("website",) not in reported and (refused := address_problem(doc.meta["website"])):
        doc.problem(("website",), *refused)  # the rule is catalog.addresses', shared with the source checker
    if doc.meta.get("kind") in NATIONAL_KINDS and "country" not in doc.meta and ("kind",) not in reported:
        doc.problem(("country",), RULE_MESSAGES["country"], 'Add a line "country: ..." with the two-letter ISO code, for example SN for Senegal.', line=doc.line_of(("kind",)))
    for language in doc.meta.get("names") or {}:
        if isinstance(language, str) and re.fullmatch("[a-z]{2}", language) and pycountry.languages.get(alpha_2=language) is None:
            doc.problem(("names", language), f"{shown(language)} is not a language code.", "Use a two-letter code such as fr or es.")
    if doc.body.strip() and body_within_limits(doc):
        check_story(doc)  # the actor's page shows its text: the same rules as a practice's
    return doc


def actor_from(doc: Document) -> Actor:
    meta = doc.meta
    predecessor = meta.get("predecessor") or {}
    return Actor(
        id=doc.path.name.removesuffix(".md"),
        path=doc.path,
        name=meta["name"],
        kind=meta["kind"],
        names=dict(meta.get("names") or {}),
        aliases=tuple(meta.get("aliases") or ()),
        country=meta.get("country"),
        coordinates=tuple(meta["coordinates"]) if meta.get("coordinates") else None,
        website=meta.get("website"),
        wikidata=meta.get("wikidata"),
        predecessor=predecessor.get("id"),
        predecessor_year=predecessor.get("year"),
        story=doc.story or Story("", ()),
    )


def read_registry(directory: Path, root: Path) -> tuple[Registry, list[Problem]]:
    """Every actor file of a folder, and every problem found in them; the registry
    holds the actors whose files are valid."""
    problems: list[Problem] = []
    docs = []
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if stray := stray_entry(path, root, "actor"):
            problems.append(stray)
            continue
        doc = read_actor(path, root)
        problems.extend(doc.problems)
        if not doc.problems:
            docs.append(doc)
    actors = {doc.path.name.removesuffix(".md"): actor_from(doc) for doc in docs}
    problems += claimed_twice(docs, actors) + predecessor_problems(docs, actors)
    return Registry(dict(sorted(actors.items()))), problems


def claimed_twice(docs: list[Document], actors: dict[str, Actor]) -> list[Problem]:
    """A name, alias or id two actors answer to would make a practice ambiguous."""
    owner: dict[str, tuple[str, str]] = {folded(actor_id): (actor_id, actor_id) for actor_id in actors}
    problems = []
    for doc in docs:
        actor = actors[doc.path.name.removesuffix(".md")]
        names = [(("name",), actor.name)] + [(("names", lang), name) for lang, name in actor.names.items()] + [(("aliases", i), alias) for i, alias in enumerate(actor.aliases)]
        for path, name in names:
            first = owner.setdefault(folded(name), (actor.id, name))
            if first[0] != actor.id:
                problems.append(Problem(doc.shown_path, doc.line_of(path), field_name(path), f'"{name[:60]}" is also a name of actors/{first[0]}.md ("{first[1][:60]}"): a practice naming it could mean either.', "Keep the name on one actor only; use a longer name or an acronym with the country for the other."))
    return problems


def predecessor_problems(docs: list[Document], actors: dict[str, Actor]) -> list[Problem]:
    problems = []
    for doc in docs:
        actor = actors[doc.path.name.removesuffix(".md")]
        if not actor.predecessor:
            continue
        where = ("predecessor", "id")
        if actor.predecessor not in actors:
            close = difflib.get_close_matches(actor.predecessor, list(actors), n=1)
            hint = f'Did you mean "{close[0]}"?' if close else "Add the predecessor's file to actors/, or correct the id."
            problems.append(Problem(doc.shown_path, doc.line_of(where), "predecessor.id", f'there is no actor "{actor.predecessor[:60]}" (no file actors/{actor.predecessor[:60]}.md).', hint))
            continue
        seen, current = [actor.id], actors[actor.predecessor]
        while current.predecessor and current.predecessor in actors and current.id not in seen:
            seen.append(current.id)
            current = actors[current.predecessor]
        if current.id in seen:
            problems.append(Problem(doc.shown_path, doc.line_of(where), "predecessor.id", f"the predecessors lead back to this actor: {' → '.join([*seen, current.id])}.", "An actor cannot be its own predecessor: correct one of these lines."))
    return problems
