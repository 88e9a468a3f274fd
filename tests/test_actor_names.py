"""A text names an actor as the registry names it in that text's language, so that
the story, the facts, the links and the search agree.

Every text of every practice is read: the original in its language and each
translation (title, summary, story and partners' notes). Every name and alias of
every actor is looked for in it, as whole words, case and accents aside
(catalog.text.folded). A mention is reported when it is, holds or is part of the
actor's name in ANOTHER language, accents counting there (French "Région de" is
not Spanish "Región de"), while the registry gives another name in this one:
"Bordeaux" in a Spanish text, where the registry says "Burdeos"; "Kyiv" in a
French text, where it says "Kiev"; "Leópolis" in a French text, where the
registry has no French name and shows "Lviv". The fix is the registry's name in
the text or, when the text holds the usual name in its language, that name under
`names:` in the actor's file.

Not reported, and why:

- the registry's name in this language, a longer form holding it ("Ville de
  Dakar", "Ayuntamiento de Barcelona") or a shorter form within it ("Abidjan" for
  the District autonome d'Abidjan, "Metropolis"): the reader sees that name;
- an alias that is no other language's name, nor holds or is part of one: a form in
  the text's own language ("Conseil régional de Dakar", "État tunisien") or a
  spelling a source uses ("Kauswagen"); search finds it, and nothing is mistranslated;
- acronyms in capitals ("AIMF", "CUN", "CIDEU"), even one that is an actor's name
  in another language: they are written the same in every language (aliases built
  on one, "CGLU Afrique", "AL-LAs Project", are no language's name). A name in
  capitals only is found only in capitals ("who" is not WHO);
- a word without any capital letter ("the canton of Vaud" is not Canton, Guangzhou):
  a common word, not a name;
- a gloss, a name right beside the registry's, with only brackets, commas or an
  article between ("Leópolis (Lviv)", "Canton (Guangzhou)");
- an organisation introduced by its own name and its acronym in brackets ("the
  Union des communes vaudoises (UCV)"): the pair the registry itself reads as one
  name (Registry.find);
- words between quotation marks: a source's own words («Métropole-Metz», "région
  de Dakar"), which a translation keeps as quoted;
- the publisher or the title of one of the practice's sources ("La Dépêche
  d'Abidjan"): a citation gives them as published;
- citation markers ([^paris-2020]) and web addresses, which are no text;
- the names of other things that hold an actor's name as their organisers write
  it (OTHER_THINGS: an award, a chair, a municipal company).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from babel import Locale
from conftest import REGISTRY, ROOT, TODAY

from catalog import load_catalog
from catalog.actors import Actor, Registry
from catalog.model import Catalog, Practice
from catalog.problems import shown_path
from catalog.text import folded

# Names of other things that hold an actor's name, in the form their organisers
# give them in each language; the actor's name in them is part of a title.
OTHER_THINGS = (
    "Guangzhou International Award for Urban Innovation",
    "Prix international de Guangzhou pour l'innovation urbaine",
    "Prix de Guangzhou",
    "Premio Internacional de Guangzhou a la Innovación Urbana",
    "Premio de Guangzhou",
    "Premio Guangzhou",
    "Conférence internationale de Guangzhou sur l'innovation urbaine",
    "Conferencia Internacional de Guangzhou sobre Innovación Urbana",
    "Cátedra Medellín-Barcelona",  # the chair's own name, in Spanish in every language
    "Barcelona Activa",  # Barcelona City Council's local development agency
)
# Between two names of one actor, what makes the second a gloss of the first.
GLUE = re.compile(r"[\s()\[\],;:/–—-]*(?:(?:the|la|le|les|el|los|las|l['’])\s*)?[\s()\[\],;:/–—-]*", re.I)
NOT_TEXT = re.compile(r"\[\^[^\]\s]*\]|\]\([^)\s]*\)|<?https?://[^\s>)]*>?")  # citation markers, link targets, addresses
QUOTATIONS = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"]*\"")
WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Text:
    path: Path
    language: str
    field: str
    text: str
    practice: Practice


@dataclass(frozen=True)
class Mention:
    actor: Actor
    written: str  # as the text writes it
    start: int  # in the text, in characters
    end: int
    first: int  # in the text, in words
    last: int


@dataclass(frozen=True)
class Finding:
    text: Text
    mention: Mention
    relation: str  # "is", "holds" or "is part of"
    other_name: str  # the actor's name in the other languages
    other_languages: tuple[str, ...]
    root: Path  # what the file's name is shown from

    def __str__(self) -> str:
        actor, language, written = self.mention.actor, self.text.language, " ".join(self.mention.written.split())
        wanted, words = actor.name_in(language), language_name(language)
        others = " and ".join(language_name(other) for other in self.other_languages)
        place = f"{shown_path(self.text.path, self.root)}:{line_of(self.text, self.mention)}: {self.text.field}"
        other = "" if self.relation == "is" else f'"{self.other_name}", '
        said = f'{place}: "{written}" {self.relation} the {others} name of {actor.name} ({other}{actor.src_uri})'
        if language == "en":
            return f'{said}, whose English name in the registry is "{wanted}": write "{wanted}", or, if "{written}" is the usual English name, make it the name: of {actor.src_uri}.'
        if language in actor.names:
            return f'{said}, whose {words} name in the registry is "{wanted}": write "{wanted}", or, if "{written}" is the usual {words} name, make it names: {language}: in {actor.src_uri}.'
        return f'{said}, which has no {words} name in the registry and shows "{wanted}": if "{written}" is the usual {words} name, add it under names: {language}: in {actor.src_uri}; otherwise write "{wanted}".'


def language_name(code: str) -> str:
    return Locale("en").languages[code]


def line_of(text: Text, mention: Mention) -> int:
    """The line of the file where the mention is: the same occurrence of its words
    as written (else of its first word) from where its field starts."""
    content = text.path.read_text(encoding="utf-8")
    if text.field == "body":
        start = content.find("\n---", 3) + 4
    elif partner := re.fullmatch(r"partners\[(.+)\]\.note", text.field):
        named = re.search(rf"name:\s*{re.escape(partner.group(1))}\b", content)
        start = content.find("note:", named.start() if named else 0)
    else:
        start = content.find(f"{text.field}:")
    start = max(start, 0)
    for wanted in (mention.written, WORD.search(mention.written).group()):
        found = start - 1
        for _ in range(text.text.count(wanted, 0, mention.start) + 1):
            if (found := content.find(wanted, found + 1)) < 0:
                break
        if found >= 0:
            return content.count("\n", 0, found) + 1
    return content.count("\n", 0, start) + 1


def texts_of(practice: Practice) -> list[Text]:
    """What a reader reads of a practice: in its language, then in each translation."""
    texts = [Text(practice.path, practice.language, field, value, practice) for field, value in (("title", practice.title), ("summary", practice.summary), ("body", practice.body))]
    texts += [Text(practice.path, practice.language, f"partners[{partner.actor.id}].note", partner.note, practice) for partner in practice.partners if partner.note]
    for language, translation in sorted(practice.translations.items()):
        texts += [Text(translation.path, language, field, value, practice) for field, value in (("title", translation.title), ("summary", translation.summary), ("body", translation.body))]
        texts += [Text(translation.path, language, f"partners[{actor_id}].note", note, practice) for actor_id, note in translation.notes.items()]
    return texts


def words_of(text: str) -> list[tuple[str, int, int]]:
    """Each word folded, with where it is written."""
    return [(piece, match.start(), match.end()) for match in WORD.finditer(text) for piece in folded(match.group()).split()]


def is_acronym(name: str) -> bool:
    """Capitals only: AIMF, CUN, PPIAF-SNTA."""
    letters = [ch for ch in name if ch.isalpha()]
    return len(letters) > 1 and all(ch.isupper() for ch in letters)


def names_by_words(registry: Registry) -> dict[tuple[str, ...], tuple[Actor, bool]]:
    """Every name and alias of every actor, as folded words: its actor, and whether it is an acronym."""
    found = {}
    for actor in registry.actors.values():
        for name in actor.all_names():
            found.setdefault(tuple(folded(name).split()), (actor, is_acronym(name)))
    return found


def mentions_in(text: str, names: dict[tuple[str, ...], tuple[Actor, bool]]) -> list[Mention]:
    """The actors a text names, longest names first, left to right."""
    text = NOT_TEXT.sub(lambda match: " " * len(match.group()), text)
    words = words_of(text)
    longest = max(map(len, names))
    found, index = [], 0
    while index < len(words):
        for size in range(min(longest, len(words) - index), 0, -1):
            key = tuple(word for word, _, _ in words[index : index + size])
            if key not in names:
                continue
            actor, acronym = names[key]
            written = text[words[index][1] : words[index + size - 1][2]]
            if not any(ch.isupper() for ch in written) or (acronym and not is_acronym(written)):
                continue  # a common word ("canton", "who"), not a name
            found.append(Mention(actor, written, words[index][1], words[index + size - 1][2], index, index + size - 1))
            index += size
            break
        else:
            index += 1
    return found


def relation(written: str, name: str, fold: Callable[[str], str] = folded) -> str | None:
    """Whether one is the other, holds it or is part of it, as whole words."""
    written, name = f" {fold(written)} ", f" {fold(name)} "
    return "is" if written == name else "holds" if name in written else "is part of" if written in name else None


def spelt(text: str) -> str:
    """A name as it is spelt, case aside but accents kept: French "Région de" is not
    Spanish "Región de", though both fold to "region de"."""
    return " ".join(WORD.findall(unicodedata.normalize("NFC", text.casefold())))


def protected_words(text: Text) -> list[tuple[int, int]]:
    """The words of a text that belong to another name: its sources' titles and
    publishers, and other things that hold an actor's name."""
    phrases = list(OTHER_THINGS)
    for source in text.practice.sources:
        phrases.append(source.title)
        if source.publisher:
            publisher = re.sub(r"\s*\([^()]*\)\s*$", "", source.publisher)
            phrases += [publisher, *re.split(r"\s+[–—-]\s+|:\s+", publisher)]
    words = [word for word, _, _ in words_of(NOT_TEXT.sub(lambda match: " " * len(match.group()), text.text))]
    spans = []
    for phrase in phrases:
        wanted = folded(phrase).split()
        for start in range(len(words) - len(wanted) + 1):
            if wanted and words[start : start + len(wanted)] == wanted:
                spans.append((start, start + len(wanted) - 1))
    return spans


def other_name(mention: Mention, language: str) -> tuple[str, str, tuple[str, ...]] | None:
    """How the mention relates to the actor's name in other languages (is, holds,
    is part of), that name and those languages, when it is no form of the actor's
    name in this language. Accents count here: they tell languages apart."""
    actor = mention.actor
    if relation(mention.written, actor.name_in(language)):
        return None
    names = {"en": actor.name, **actor.names}
    for other, name in sorted(names.items()):
        if other != language and folded(name) != folded(actor.name_in(language)) and (how := relation(mention.written, name, spelt)):
            return how, name, tuple(code for code, same in sorted(names.items()) if code != language and spelt(same) == spelt(name))
    return None  # an alias of no language: another form, or a spelling a source uses


def glossed(mention: Mention, mentions: list[Mention], text: str, language: str) -> bool:
    """Whether the mention stands beside another name of the same actor, with only
    brackets, commas or an article between, one of which is the registry's name
    in this language."""
    index = mentions.index(mention)
    chain = [mention]
    for step in (-1, 1):
        at = index
        while 0 <= at + step < len(mentions):
            left, right = sorted((mentions[at], mentions[at + step]), key=lambda m: m.start)
            if mentions[at + step].actor != mention.actor or not GLUE.fullmatch(text[left.end : right.start]):
                break
            at += step
            chain.append(mentions[at])
    return any(other is not mention and relation(other.written, mention.actor.name_in(language)) for other in chain)


def introduced(mention: Mention, mentions: list[Mention], text: str) -> bool:
    """Whether the mention is followed by the same actor's acronym in brackets:
    "Union des communes vaudoises (UCV)"."""
    following = next((other for other in mentions if other.start > mention.start), None)
    return bool(following and following.actor == mention.actor and is_acronym(following.written) and re.fullmatch(r"\s*\(\s*", text[mention.end : following.start]) and re.match(r"\s*\)", text[following.end :]))


def quoted(mention: Mention, text: str) -> bool:
    return any(quote.start() < mention.start and mention.end < quote.end() for quote in QUOTATIONS.finditer(text))


def findings(catalog: Catalog, root: Path, originals: bool) -> list[Finding]:
    """The mentions that name an actor in another language than the text's, in the
    originals or in the translations."""
    names = names_by_words(catalog.registry)
    found = []
    for practice in catalog.practices:
        for text in texts_of(practice):
            if (text.path == practice.path) != originals:
                continue
            mentions = mentions_in(text.text, names)
            protected = protected_words(text)
            for mention in mentions:
                if (other := other_name(mention, text.language)) is None:
                    continue
                if is_acronym(mention.written) or quoted(mention, text.text):
                    continue
                if glossed(mention, mentions, text.text, text.language) or introduced(mention, mentions, text.text):
                    continue
                if any(first <= mention.first and mention.last <= last for first, last in protected):
                    continue
                found.append(Finding(text, mention, *other, root))
    return found


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(ROOT / "practices")


def test_every_translation_names_actors_as_the_registry_does_in_its_language(catalog):
    assert [str(finding) for finding in findings(catalog, ROOT, originals=False)] == []


def test_every_original_names_actors_as_the_registry_does_in_its_language(catalog):
    assert [str(finding) for finding in findings(catalog, ROOT, originals=True)] == []


# A contributor's day: an original and its Spanish and French translations,
# written to a temporary folder and read with the real registry.

ORIGINAL = """---
title: Water for Dakar
summary: A water programme that a city runs with its partner cities in Europe and Africa.
city: Dakar
themes: [twinning]
partners:
  - name: bordeaux
    note: Joined in 2020.
sources:
  - id: depeche
    title: "Dakar and Bordeaux sign a water pact"
    publisher: "La Dépêche d'Abidjan (ladepechedabidjan.info)"
last_reviewed: 2024-01-31
---

## Context

{text}[^depeche]

## What was done

Some actions.[^depeche]

## Lessons for other cities

Some lessons.[^depeche]
"""
TRANSLATION = """---
title: {title}
summary: {summary}
translated_from: {version}
partners:
  - name: bordeaux
    note: {note}
---

## {headings[0]}

{text}[^depeche]

## {headings[1]}

{headings[3]}[^depeche]

## {headings[2]}

{headings[4]}[^depeche]
"""
WORDS = {  # section headings, then two sentences, a summary, a title and a note
    "es": ("Contexto", "Qué se hizo", "Lecciones para otras ciudades", "Algunas acciones.", "Algunas lecciones.",
           "Un programa de agua que una ciudad lleva con sus ciudades socias de Europa y África.", "Agua para Dakar", "Se sumó en 2020."),
    "fr": ("Contexte", "Ce qui a été fait", "Leçons pour d'autres villes", "Quelques actions.", "Quelques leçons.",
           "Un programme d'eau qu'une ville mène avec ses villes partenaires d'Europe et d'Afrique.", "De l'eau pour Dakar", "A rejoint en 2020."),
}  # fmt: skip


def practice_in(tmp_path: Path, translated: str, *, language: str = "es", title: str | None = None, note: str | None = None, registry: Registry = REGISTRY) -> list[str]:
    """What the audit says of a practice and its translation into `language`,
    whose story starts with `translated`."""
    (tmp_path / "water.md").write_text(ORIGINAL.format(text="Dakar works with Bordeaux."), encoding="utf-8")
    version = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY).practices[0].version
    words = WORDS[language]
    translation = TRANSLATION.format(headings=words, summary=words[5], title=title or words[6], note=note or words[7], version=version, text=translated)
    (tmp_path / f"water.{language}.md").write_text(translation, encoding="utf-8")
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=registry)
    return [str(finding) for finding in findings(catalog, tmp_path, originals=False)]


def test_a_spanish_text_writing_bordeaux_is_told_the_registrys_spanish_name(tmp_path):
    said = practice_in(tmp_path, "Dakar trabaja con la ciudad de\nBordeaux y con la Ville de Bordeaux.", title="Agua para Dakar y Bordeaux", note="La ciudad de Bordeaux se sumó en 2020.")
    assert said == [
        'water.es.md:2: title: "Bordeaux" is the English name of Bordeaux (actors/bordeaux.md), whose Spanish name in the registry is "Burdeos": '
        'write "Burdeos", or, if "Bordeaux" is the usual Spanish name, make it names: es: in actors/bordeaux.md.',
        'water.es.md:13: body: "Bordeaux" is the English name of Bordeaux (actors/bordeaux.md), whose Spanish name in the registry is "Burdeos": '
        'write "Burdeos", or, if "Bordeaux" is the usual Spanish name, make it names: es: in actors/bordeaux.md.',
        # an alias that holds another language's name
        'water.es.md:13: body: "Ville de Bordeaux" holds the English name of Bordeaux ("Bordeaux", actors/bordeaux.md), whose Spanish name in the registry is "Burdeos": '
        'write "Burdeos", or, if "Ville de Bordeaux" is the usual Spanish name, make it names: es: in actors/bordeaux.md.',
        'water.es.md:7: partners[bordeaux].note: "Bordeaux" is the English name of Bordeaux (actors/bordeaux.md), whose Spanish name in the registry is "Burdeos": '
        'write "Burdeos", or, if "Bordeaux" is the usual Spanish name, make it names: es: in actors/bordeaux.md.',
    ]


def test_a_name_the_registry_lacks_in_a_language_is_offered_for_its_names(tmp_path):
    said = practice_in(tmp_path, "Dakar travaille avec Leópolis, avec Kiev et avec Génova.", language="fr")
    assert said == [
        'water.fr.md:12: body: "Leópolis" is the Spanish name of Lviv (actors/lviv.md), which has no French name in the registry and shows "Lviv": '
        'if "Leópolis" is the usual French name, add it under names: fr: in actors/lviv.md; otherwise write "Lviv".',
        'water.fr.md:12: body: "Génova" is the Spanish name of Genoa (actors/genoa.md), whose French name in the registry is "Gênes": '
        'write "Gênes", or, if "Génova" is the usual French name, make it names: fr: in actors/genoa.md.',
    ]  # Kiev is the registry's French name for Kyiv, as CLDR and Wikidata give it


@pytest.mark.parametrize(
    "written",
    [
        "Dakar trabaja con Burdeos, con el Ayuntamiento de Barcelona y con la ciudad de Abiyán.",  # the registry's names, longer forms holding them
        "La AIMF, la CUN y CGLU Afrique apoyan el programa.",  # acronyms, and an alias built on one
        "Leópolis (Lviv) y Cantón (Guangzhou) también.",  # glosses
        "La Association internationale des maires francophones (AIMF) lo apoya.",  # introduced with its acronym
        "Según La Dépêche d'Abidjan y su artículo «Dakar and Bordeaux sign a water pact».",  # a source's publisher and title
        "La fuente escribe «la Ville de Bordeaux» y «Kyiv».",  # quotations
        "Recibió el Premio Internacional de Guangzhou a la Innovación Urbana.",  # another thing's name
        "Un vino de bordeaux, el cantón de Vaud y la OMS.",  # common words
        "El Conseil régional de Dakar y el Estado: [Burdeos](https://www.bordeaux.fr/kyiv).",  # a form of no other language; an address
    ],
)
def test_legitimate_names_are_not_reported(tmp_path, written):
    assert practice_in(tmp_path, written) == []


def test_an_acronym_is_written_the_same_in_every_language(tmp_path):
    """Even where the registry spells the actor out in the text's language."""
    spelt_out = replace(REGISTRY.actors["cideu"], names={"es": "Centro Iberoamericano de Desarrollo Estratégico Urbano"})
    registry = Registry({**REGISTRY.actors, "cideu": spelt_out})
    assert practice_in(tmp_path, "Dakar trabaja con el CIDEU y con la AIMF.", registry=registry) == []
