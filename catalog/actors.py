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
from collections import defaultdict
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
from .text import folded, look_alike
from .validation import (
    RULE_MESSAGES,
    body_within_limits,
    check_story,
    facts,
    is_slug,
    report_schema_errors,
    say_version,
    schema_errors,
    stray_entry,
    suggested_slug,
    translation_language,
    version_of,
)

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
    version: str = ""  # of its story, as translations record it (translated_from)
    translations: dict[str, ActorTranslation] = field(default_factory=dict, compare=False, hash=False)  # language -> its story in it
    language: str = "en"  # the language of its file's story

    def name_in(self, language: str) -> str:
        return self.names.get(language, self.name)

    def story_in(self, language: str) -> tuple[Story, str, bool]:
        """Its story in `language` if translated, else in its own; the language it
        is in; and whether that translation was made from an earlier version."""
        if translation := self.translations.get(language):
            return translation.story, language, not translation.current
        return self.story, self.language, False

    def all_names(self) -> list[str]:
        """Every name this actor answers to, the usual one first."""
        return [self.name, *self.names.values(), *self.aliases]

    @property
    def src_uri(self) -> str:
        return f"actors/{self.id}.md"


@dataclass(frozen=True)
class ActorTranslation:
    """An actor's story in another language: actors/<id>.<language>.md."""

    language: str
    path: Path
    story: Story
    current: bool  # made from the story as it is now


@dataclass
class Registry:
    actors: dict[str, Actor]  # by id, sorted
    by_name: dict[str, Actor] = field(default_factory=dict)  # folded name -> actor

    def __post_init__(self) -> None:
        self._successors: dict[str, list[Actor]] = defaultdict(list)
        for actor in self.actors.values():
            for name in (actor.id, *actor.all_names()):
                self.by_name.setdefault(folded(name), actor)
            if actor.predecessor:
                self._successors[actor.predecessor].append(actor)
        # Names as a reader sees them: a name written with look-alike letters of
        # another script is recognised, to say so (see suggest).
        self.by_look: dict[str, Actor] = {}
        for key, actor in self.by_name.items():
            self.by_look.setdefault(look_alike(key), actor)
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

    def look_alike(self, name: str) -> Actor | None:
        """The actor whose name this one reads like, letter for letter, when it is
        not written the same ("Dаkar" with a Cyrillic а reads like Dakar)."""
        return self.by_look.get(look_alike(name)) if self.find(name) is None else None

    def suggest(self, name: str) -> list[str]:
        """The usual names of the actors closest to a name that is not known: a name
        it reads like first, then names that hold what was written ("ile de
        france"), then names spelt alike. Cheap bounds rule out most names before
        the costly comparison, so that a file naming many unknown actors is
        answered at once."""
        wanted = folded(name)
        if not wanted:
            return []
        scored = []
        for key in self.by_name:
            if wanted in key:
                scored.append((1 + difflib.SequenceMatcher(None, wanted, key).ratio(), key))
                continue
            matcher = difflib.SequenceMatcher(None, wanted, key)
            # each bound is at least the ratio: below the threshold, so is the ratio
            if matcher.real_quick_ratio() >= CLOSE and matcher.quick_ratio() >= CLOSE and (ratio := matcher.ratio()) >= CLOSE:
                scored.append((ratio, key))
        found = [alike.name] if (alike := self.look_alike(name)) else []
        for _, key in sorted(scored, key=lambda pair: (-pair[0], pair[1])):
            if (usual := self.by_name[key].name) not in found:
                found.append(usual)
        return found[:3]

    def all_names(self) -> list[str]:
        """Every name and alias of every actor, sorted: what a contributor may write."""
        return sorted({name for actor in self.actors.values() for name in actor.all_names()}, key=folded)

    def successors(self, actor: Actor) -> list[Actor]:
        return list(self._successors.get(actor.id, ()))

    def predecessors(self, actor: Actor) -> list[Actor]:
        """The actors this one replaced, nearest first."""
        chain, seen, current = [], {actor.id}, actor
        while current.predecessor and (current := self.actors.get(current.predecessor)) and current.id not in seen:
            chain.append(current)
            seen.add(current.id)
        return chain


CLOSE = 0.75  # how alike two names must be to suggest one for the other: "ville de hanoi" is 0.67 like "ile de france", too far


@cache
def validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(schemas.actor_schema())


def read_actor(path: Path, root: Path, raw: bytes | None = None) -> Document:
    """Read and check one actor file on its own (or the bytes already read from it,
    from git say); problems are on the Document."""
    doc = read_document(path, shown_path(path, root), schemas.actor_shape(), raw=raw)
    slug = path.name.removesuffix(".md") if path.name.endswith(".md") else None
    if slug is None or not is_slug(slug):
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
    if isinstance(doc.meta.get("kind"), str) and doc.meta["kind"] in NATIONAL_KINDS and "country" not in doc.meta and ("kind",) not in reported:
        doc.problem(("country",), RULE_MESSAGES["country"], 'Add a line "country: ..." with the two-letter ISO code, for example SN for Senegal.', line=doc.line_of(("kind",)))
    for language in doc.meta.get("names") or {}:
        if isinstance(language, str) and re.fullmatch("[a-z]{2}", language) and pycountry.languages.get(alpha_2=language) is None:
            doc.problem(("names", language), f"{shown(language)} is not a language code.", "Use a two-letter code such as fr or es.")
    if doc.body.strip() and body_within_limits(doc):
        check_story(doc)  # the actor's page shows its text: the same rules as a practice's
    return doc


@cache
def translation_validator() -> jsonschema_rs.Validator:
    return jsonschema_rs.validator_for(actor_translation_schema())


@cache
def actor_translation_schema() -> dict:
    """What an actor's translation holds beside its story: the version of the story
    it was made from. Its name in that language is in the actor's own file (names:)."""
    practice = schemas.schema()
    return {"$schema": practice["$schema"], "type": "object", "additionalProperties": False, "required": ["translated_from"], "properties": {"translated_from": {"$ref": "#/$defs/translatedFrom"}}, "$defs": practice["$defs"]}


def read_actor_translation(path: Path, original: Document | None, root: Path) -> Document:
    """Read and check actors/<id>.<language>.md against the actor's own file."""
    doc = read_document(path, shown_path(path, root), schemas.actor_shape())
    actor_id = path.name.split(".")[0]
    if original is None or original.problems:
        if original is None:
            doc.problem("file name", f"there is no actor file actors/{actor_id}.md for this translation.", "Add the actor's file, or rename this file after the actor it translates.")
        return doc
    if doc.problems and not doc.meta:
        return doc
    if not original.body.strip():
        doc.problem("file name", f"actors/{actor_id}.md has no text to translate.", "Write the actor's text in its own file first, then translate it here.")
        return doc
    reported = report_schema_errors(doc, schema_errors(doc.meta, translation_validator(), actor_translation_schema()))
    if ("translated_from",) in reported:
        say_version(doc, f'If you translated the text as it is now, write "translated_from: {story_version(original.body)}".')
    if not doc.body.strip():
        doc.problem("body", "the translation has no text.", "Write the actor's text in this language below the --- line.", line=doc.body_line)
    elif body_within_limits(doc):
        check_story(doc)
    return doc


def story_version(body: str) -> str:
    """The version of an actor's story, as its translations record it."""
    return version_of(None, None, body, [])


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
        version=story_version(doc.body),
    )


def read_registry(directory: Path, root: Path) -> tuple[Registry, list[Problem]]:
    """Every actor file of a folder, and every problem found in them; the registry
    holds the actors whose files are valid."""
    problems: list[Problem] = []
    docs, read, translations = [], {}, []
    for path in sorted(directory.iterdir()) if directory.is_dir() else []:
        if stray := stray_entry(path, root, "actor"):
            problems.append(stray)
        elif translation_language(path):
            translations.append(path)
        else:
            doc = read[path.name] = read_actor(path, root)
            problems.extend(doc.problems)
            if not doc.problems:
                docs.append(doc)
    actors = {doc.path.name.removesuffix(".md"): actor_from(doc) for doc in docs}
    for path in translations:
        actor_id, language = path.name.split(".")[0], translation_language(path)
        doc = read_actor_translation(path, read.get(f"{actor_id}.md"), root)
        problems.extend(doc.problems)
        if not doc.problems and actor_id in actors:
            current = doc.meta["translated_from"] == actors[actor_id].version
            actors[actor_id].translations[language] = ActorTranslation(language, path, doc.story, current)
    problems += claimed_twice(docs, actors) + predecessor_problems(docs, actors)
    return Registry(dict(sorted(actors.items()))), problems


def claimed_twice(docs: list[Document], actors: dict[str, Actor]) -> list[Problem]:
    """A name, alias or id two actors answer to would make a practice ambiguous; so
    would a name that reads like another actor's, written with look-alike letters of
    another script or invisible characters ("Dаkar" with a Cyrillic а), and a name
    with an acronym in brackets whose parts are another actor's names (a practice
    naming "Communauté urbaine de Nouakchott (CUN)" means the actor both parts name)."""
    owner: dict[str, tuple[str, str]] = {look_alike(actor_id): (actor_id, actor_id) for actor_id in actors}
    problems = []

    def names_of(doc: Document) -> tuple[Actor, list[tuple[tuple, str]]]:
        actor = actors[doc.path.name.removesuffix(".md")]
        return actor, [(("name",), actor.name)] + [(("names", lang), name) for lang, name in actor.names.items()] + [(("aliases", i), alias) for i, alias in enumerate(actor.aliases)]

    def report(doc: Document, path: tuple, message: str, hint: str) -> None:
        problems.append(Problem(doc.shown_path, doc.line_of(path), field_name(path), message, hint))

    ambiguous = "Keep the name on one actor only; use a longer name or an acronym with the country for the other."
    for doc in docs:
        actor, names = names_of(doc)
        for path, name in names:
            first = owner.setdefault(look_alike(name), (actor.id, name))
            if first[0] == actor.id:
                continue
            model = actors[first[0]].name if first[1] == first[0] else first[1]  # an id: say the name it stands for
            odd = strangers(name, model)
            if folded(name) == folded(first[1]):
                message, hint = f'"{name[:60]}" is also a name of actors/{first[0]}.md ("{model[:60]}"): a practice naming it could mean either.', ambiguous
            else:
                message, hint = f'"{name[:60]}" reads like "{model[:60]}", a name of actors/{first[0]}.md: readers could not tell the two apart.', RETYPE
            report(doc, path, message, f"It holds {odd}. {hint}" if odd else hint)
    for doc in docs:
        actor, names = names_of(doc)
        for path, name in names:
            if not (match := BRACKETED.fullmatch(name)):
                continue
            others = {owner[key][0] for part in match.groups() if (key := look_alike(part)) in owner} - {actor.id}
            if others:
                named = " and ".join(f"actors/{other}.md" for other in sorted(others))
                report(doc, path, f'"{name[:60]}" is made of names of {named}: a practice naming it would mean {"that actor" if len(others) == 1 else "those actors"}.', "Remove this name, or add it to that actor's file if it is the same actor.")
    return problems


RETYPE = "Type the name again with your keyboard's letters; if it is another actor, give it a name that reads differently."


def strangers(name: str, model: str) -> str:
    """What makes a name differ from the one it reads like, by code and Unicode name:
    its letters of another script and its invisible characters ("" if none)."""
    odd = [ch for ch in dict.fromkeys(name) if ch not in model and (ord(ch) > 0x24F or not ch.isprintable() or unicodedata.category(ch) in ("Cf", "Mn"))]
    return ", ".join(f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}" for ch in odd[:3])


def predecessor_problems(docs: list[Document], actors: dict[str, Actor]) -> list[Problem]:
    """A predecessor that does not exist, or a chain of predecessors that leads back
    to the actor it starts from. Each actor is walked once: a long chain costs its length."""
    problems = []
    circle_of: dict[str, list[str]] = {}  # actor id -> the circle it leads into, if any
    done: set[str] = set()
    for start in actors:
        path, on_path = [], {}
        current = start
        while current in actors and current not in done and current not in on_path:
            on_path[current] = len(path)
            path.append(current)
            current = actors[current].predecessor
        circle = path[on_path[current] :] if current in on_path else circle_of.get(current, [])
        for actor_id in path:
            if actor_id in circle:
                circle_of[actor_id] = circle
        done.update(path)
    for doc in docs:
        actor = actors[doc.path.name.removesuffix(".md")]
        if not actor.predecessor:
            continue
        where = ("predecessor", "id")
        if actor.predecessor not in actors:
            close = difflib.get_close_matches(actor.predecessor, list(actors), n=1)
            hint = f'Did you mean "{close[0]}"?' if close else "Add the predecessor's file to actors/, or correct the id."
            problems.append(Problem(doc.shown_path, doc.line_of(where), "predecessor.id", f'there is no actor "{actor.predecessor[:60]}" (no file actors/{actor.predecessor[:60]}.md).', hint))
        elif circle := circle_of.get(actor.id):
            turn = circle.index(actor.id)
            walked = [*circle[turn:], *circle[:turn], actor.id]
            shown_walk = " → ".join(walked if len(walked) <= 8 else [*walked[:4], "…", *walked[-3:]])
            problems.append(Problem(doc.shown_path, doc.line_of(where), "predecessor.id", f"the predecessors lead back to this actor: {shown_walk}.", "An actor cannot be its own predecessor: correct one of these lines."))
    return problems
