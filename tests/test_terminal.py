"""A Spanish-speaking official at a terminal: `new` keeps what was typed when
Ctrl+C stops it and offers it back, asks before taking a misspelt name for a new
actor, understands a vocabulary's labels in any language of the site, goes back
a question, asks for sectors (Enter skips them) and for partners and networks; `preview` and `serve` stop on
Ctrl+C without a traceback; `validate` recognises the site's labels and names
actors and templates in the contributor's language."""

from __future__ import annotations

import builtins
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_site_sources
from test_contributing import OPTIONS, Terminal, cache, new_practice, project  # noqa: F401  (cache: the user's cache folder, a temporary one)
from test_serve import free_port

from catalog.languages import LANGUAGES, translated_name
from catalog.model import check_paths
from catalog.problems import translations
from catalog.schema import help_texts
from catalog.schema import schema as practice_schema

SPANISH = {"LANG": "es_ES.UTF-8", "LC_ALL": ""}


def interrupt(terminal: Terminal, after: str) -> int:
    """Ctrl+C once `after` has been asked; the exit status. A Ctrl+C that lands
    while Python's readline is between printing the prompt and waiting for a key is
    only seen at the next key (a race in CPython's readline, not in the tool): as a
    person would, press it again if nothing happened."""
    terminal.read_until(after)
    time.sleep(0.2)  # at the prompt, waiting for an answer
    for _ in range(5):
        terminal.process.send_signal(signal.SIGINT)
        try:
            terminal.process.wait(5)
            break
        except subprocess.TimeoutExpired:
            continue
    return terminal.finish()


def written(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# --- new ---------------------------------------------------------------------------


def test_ctrl_c_in_new_keeps_the_answers_outside_the_project_and_the_next_run_resumes_them(tmp_path, cache):
    options = project(tmp_path)
    first = Terminal(*options, env=SPANISH)
    for text in ["Nuakchot: cooperación descentralizada con Lyon", "", "Nuakchot", ""]:  # Enter: yes, the Region
        first.answer(text)
    first.answer("Nuakchot y Lyon cooperan desde hace años; esta práctica cuenta qué hicieron juntas las dos ciudades.")
    first.answer("3")
    first.answer("Salud; Agua, saneamiento y residuos")  # a label that holds a comma is one sector
    assert interrupt(first, "¿Cuál es el título de una fuente") == 1
    assert "Traceback" not in first.said and "KeyboardInterrupt" not in first.said
    assert "Detenido: todavía no se escribió nada. Sus respuestas se guardan" in first.said
    assert list((tmp_path / "practices").iterdir()) == []  # nothing half-written among the practices
    [draft] = list(cache.rglob("*.json"))
    kept = json.loads(draft.read_text(encoding="utf-8"))["answers"]
    assert (kept["title"], kept["sector"]) == ("Nuakchot: cooperación descentralizada con Lyon", ["health", "water-sanitation-waste"])

    second = Terminal(*options, env=SPANISH)
    second.read_until("Dejó una práctica a medio escribir el ")
    assert "(«Nuakchot: cooperación descentralizada con Lyon»): ¿retomarla? [S/n]" in second.read_until("[S/n]")
    second.answer("")
    second.read_until("¿Cuál es el título de una fuente")  # the next question not yet answered
    assert "¿Qué temas?" not in second.said and "¿De qué trata la práctica?" not in second.said and second.said.count("¿Qué ciudad, región") == 0
    for text in ["Informe anual 2020", "", "", "", "", ""]:
        second.answer(text)
    assert second.finish() == 0, second.said
    meta = written(tmp_path / "practices" / "nuakchot-cooperacion-descentralizada-con-lyon.md")
    assert (meta["city"], meta["language"], meta["themes"]) == ("nouakchott-region", "es", ["city-networks"])
    assert meta["sectors"] == ["health", "water-sanitation-waste"]
    assert meta["summary"].startswith("Nuakchot y Lyon cooperan")
    assert not draft.exists()  # written: nothing left to resume


def test_a_resumed_practice_can_be_declined_and_started_afresh(tmp_path, cache):
    options = project(tmp_path)
    first = Terminal(*options, env=SPANISH)
    first.answer("Una práctica que no se terminará nunca")
    assert interrupt(first, "¿En qué idioma") == 1
    second = Terminal(*options, env=SPANISH)
    second.answer("n")
    assert interrupt(second, "¿Cómo se llama la práctica?") == 1 and "Traceback" not in second.said
    assert "No se escribió nada." in second.said and list(cache.rglob("*.json")) == []  # nothing kept: nothing was answered


def test_a_day_at_the_terminal_misspelt_names_labels_going_back_partners_and_networks(tmp_path):
    options = project(tmp_path)
    terminal = Terminal(*options, env=SPANISH)
    for text in ["Nuakchot y Lyon: hermanamiento e intercambio", "", "Nuakchot"]:
        terminal.answer(text)
    assert "¿Quiso decir Región de Nuakchot (nouakchott-region)? [S/n]" in terminal.read_until("[S/n]")  # in Spanish
    terminal.answer("<")  # back to the name, to write it in full
    terminal.answer("Región de Nuakchot")
    assert terminal.read_until("en el registro").count("¿Qué ciudad, región u otro gobierno local") == 2
    terminal.answer("Nuakchot y Lyon firmaron un hermanamiento; esta práctica cuenta cómo comparten sus conocimientos.")
    terminal.answer("jumellage, intercambio de conocimento")  # a French label and a Spanish one, both misspelt
    terminal.read_until("¿Quiso decir Jumelage (twinning), Intercambio de conocimientos (knowledge-exchange)?")
    terminal.answer("")
    terminal.answer("Gobernanza y finanzas locale")  # a sector, misspelt
    terminal.read_until("¿Quiso decir Gobernanza y finanzas locales (local-governance-finance)?")
    for text in ["", "Informe anual 2020", "", "atrás", "Ciudad de Lyon", "2020", ""]:  # "atrás" at the date: back to the publisher
        terminal.answer(text)
    # A partner not in the registry: its kind and country, then its place from the gazetteer.
    for text in ["Lyon", "Municipio", "Francia"]:
        terminal.answer(text)
    assert "Buscando el lugar…\r\n¿Situarlo en el mapa en Lyon, Francia (45.75, 4.85)? [S/n]" in terminal.read_until("¿Situarlo")
    for text in ["", "hermanamiento", "Firmaron un acuerdo de cooperación en 2019."]:
        terminal.answer(text)
    for text in ["Dakkar", ""]:  # misspelt: Enter takes Dakar, no new actor
        terminal.answer(text)
    for text in ["", "", "Región de Nuakchot"]:  # no relation, no note; then the practice's own actor, refused
        terminal.answer(text)
    terminal.read_until("Región de Nuakchot ya figura en esta práctica")
    for text in ["", "CGLU África", ""]:  # no more partners; a network by its Spanish name; no more
        terminal.answer(text)
    assert terminal.finish() == 0, terminal.said
    assert "Traceback" not in terminal.said
    path = tmp_path / "practices" / "nuakchot-y-lyon-hermanamiento-e-intercambio.md"
    meta = written(path)
    assert meta["city"] == "nouakchott-region" and meta["themes"] == ["twinning", "knowledge-exchange"]
    assert meta["sectors"] == ["local-governance-finance"]
    assert meta["sources"] == [{"title": "Informe anual 2020", "publisher": "Ciudad de Lyon", "date": 2020}]
    assert meta["partners"] == [{"name": "lyon", "relation": "twinning", "note": "Firmaron un acuerdo de cooperación en 2019."}, {"name": "dakar"}]
    assert meta["networks"] == ["uclg-africa"]
    lyon = yaml.safe_load((tmp_path / "actors" / "lyon.md").read_text(encoding="utf-8").split("---\n")[1])
    assert lyon == {"name": "Lyon", "kind": "municipality", "country": "FR", "coordinates": [45.75, 4.85]}
    assert not (tmp_path / "actors" / "dakkar.md").exists()
    # Once the story is written, the practice, its partners and its network pass validation.
    path.write_text(re.sub(r"<!--.*?-->", "Un párrafo de la historia.", path.read_text(encoding="utf-8")), encoding="utf-8")
    assert check_paths([path, tmp_path / "actors"], root=tmp_path)[1] == []


@pytest.mark.parametrize(
    ("language", "answer", "expected"),
    [
        ("fr", "jumelage, Intercambio de conocimientos, solidarity between cities", ["twinning", "knowledge-exchange", "solidarity"]),
        ("es", "Hermanamiento; Échange de connaissances; 4", ["twinning", "knowledge-exchange", "decentralised-cooperation"]),
        ("en", "cambio climático, Santé publique", ["climate-change", "public-health"]),
    ],
)
def test_new_understands_the_themes_by_their_labels_in_any_language(language, answer, expected):
    from test_contributing import new_practice

    assert new_practice.Questions(language).themes(answer) == expected


@pytest.mark.parametrize(
    ("language", "answer", "offered"),
    [
        ("fr", "jumellage", "Jumelage (twinning)"),
        ("es", "hermanamento", "Hermanamiento (twinning)"),
        ("en", "knowlege exchange", "Knowledge exchange (knowledge-exchange)"),
        ("es", "Comune", "Commune (municipality)"),  # a kind of actor, in French
    ],
)
def test_a_misspelt_vocabulary_answer_is_offered_what_it_is_closest_to(language, answer, offered):
    from test_contributing import new_practice

    q = new_practice.Questions(language)
    check = q.kind if offered.endswith("(municipality)") else q.themes
    with pytest.raises(new_practice.Convert) as conversion:
        check(answer)
    assert offered in str(conversion.value)
    with pytest.raises(new_practice.Refused):
        q.themes("xylophone")  # nothing close: refused, with the list to choose from


# --- sectors: what a practice is about, optional --------------------------------------


def answering(monkeypatch, answers: list) -> list[str]:
    """`new` at a terminal, answered in order (KeyboardInterrupt: Ctrl+C there): the questions it asked."""
    asked, replies = [], iter(answers)

    def reply(prompt: str) -> str:
        asked.append(prompt)
        answer = next(replies)
        if answer is KeyboardInterrupt:
            raise KeyboardInterrupt
        return answer

    monkeypatch.setattr(builtins, "input", reply)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    return asked


def dakar(sectors: list, then: tuple = ("Annual report 2020", "", "", "", "", "")) -> list:
    """The answers of a practice of Dakar (in the registry) with its twinning theme, up to the sectors; then the source, no partner, no network."""
    return ["Dakar: clean water with Lyon", "", "Dakar", "Dakar and Lyon work together on drinking water; this practice tells how the two cities did it.", "twinning", *sectors, *then]


def sectors_limits() -> tuple[int, int]:
    field = practice_schema()["properties"]["sectors"]
    return field["minItems"], field["maxItems"]


def test_a_sector_given_by_its_french_label_is_written_as_its_value_and_the_file_validates(tmp_path, monkeypatch, capsys):
    options = project(tmp_path)
    asked = answering(monkeypatch, dakar(["Eau, assainissement et déchets; Santé"]))
    assert new_practice.main([*options, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "The sectors, what a practice is about" in out and " 1. Water, sanitation and waste (water-sanitation-waste): Drinking water" in out
    assert any(prompt.startswith("What is the practice about? Give 1 to 3 numbers") for prompt in asked)
    path = tmp_path / "practices" / "dakar-clean-water-with-lyon.md"
    assert "sectors:\n  - water-sanitation-waste\n  - health\n" in path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"<!--.*?-->", "A paragraph of the story.", path.read_text(encoding="utf-8")), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--lang", "en", "practices/dakar-clean-water-with-lyon.md"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_enter_at_the_sectors_question_writes_no_sectors_and_ctrl_c_keeps_that_answer(tmp_path, monkeypatch, capsys):
    options = [*project(tmp_path), "--lang", "en"]
    answering(monkeypatch, dakar([""], then=(KeyboardInterrupt,)))  # Enter, then Ctrl+C at the source
    assert new_practice.main(options) == 1
    asked = answering(monkeypatch, ["", "Annual report 2020", "", "", "", "", ""])  # resumed
    assert new_practice.main(options) == 0
    assert not any(prompt.startswith("What is the practice about?") for prompt in asked)  # not asked again
    path = tmp_path / "practices" / "dakar-clean-water-with-lyon.md"
    text = path.read_text(encoding="utf-8")
    assert "sectors" not in written(path) and "\n# sectors:\n" in text  # left as a comment, to fill in later
    path.write_text(re.sub(r"<!--.*?-->", "A paragraph of the story.", text), encoding="utf-8")
    assert check_paths([path], root=tmp_path)[1] == []


def test_more_sectors_than_the_schema_allows_are_refused_with_how_many_to_choose(tmp_path, monkeypatch, capsys):
    low, high = sectors_limits()
    too_many = ", ".join(str(number) for number in range(1, high + 2))  # 1, 2, 3, 4
    answering(monkeypatch, dakar([too_many, "Salud"]))
    assert new_practice.main([*project(tmp_path), "--lang", "en"]) == 0
    assert f"  Choose between {low} and {high} sectors, or press Enter to skip." in capsys.readouterr().out
    assert written(tmp_path / "practices" / "dakar-clean-water-with-lyon.md")["sectors"] == ["health"]


@pytest.mark.parametrize(
    ("language", "answer", "offered"),
    [
        ("es", "Gobernanza y finanzas locale", "Gobernanza y finanzas locales (local-governance-finance)"),
        ("es", "Emergencias y riesgo de desastre", "Emergencias y riesgo de desastres (emergency-response)"),
        ("fr", "Agua, saneamento y residuos", "Agua, saneamiento y residuos (water-sanitation-waste)"),  # misspelt, and cut by its comma
        ("en", "Salud, Mobilité et transport", "Mobilité et transports (mobility-transport)"),
    ],
)
def test_a_misspelt_sector_is_offered_what_it_is_closest_to(language, answer, offered):
    with pytest.raises(new_practice.Convert) as conversion:
        new_practice.Questions(language).sectors(answer)
    assert offered in str(conversion.value)


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ("Agua, saneamiento y residuos, Salud", ["water-sanitation-waste", "health"]),
        ("Santé; Eau, assainissement et déchets", ["health", "water-sanitation-waste"]),
        ("health, Water, sanitation and waste, migration", ["health", "water-sanitation-waste", "migration"]),
        ("Agua, Salud", ["water-sanitation-waste", "health"]),  # a word of a label, then a label: two sectors
    ],
)
def test_a_sector_label_that_holds_a_comma_stays_one_sector(answer, expected):
    assert new_practice.Questions("es").sectors(answer) == expected


def test_sectors_given_as_options_are_written_and_a_misspelt_one_is_refused_with_its_suggestion(tmp_path, capsys):
    options = project(tmp_path)
    assert new_practice.main([*OPTIONS, *options, "--sector", "Salud", "--sector", "Eau, assainissement et déchets"]) == 0
    assert written(tmp_path / "practices" / "lyon-twinning-with-dakar.md")["sectors"] == ["health", "water-sanitation-waste"]
    assert new_practice.main([*OPTIONS, *options, "--slug", "without-sectors"]) == 0  # none given: none written, nothing asked
    assert "sectors" not in written(tmp_path / "practices" / "without-sectors.md")
    capsys.readouterr()
    assert new_practice.main([*OPTIONS, *options, "--slug", "misspelt", "--sector", "Gobernanza y finanzas locale"]) == 2
    assert "Did you mean Gobernanza y finanzas locales (local-governance-finance)?" in capsys.readouterr().err
    assert not (tmp_path / "practices" / "misspelt.md").exists()


# --- preview and serve ---------------------------------------------------------------


def stop_with_ctrl_c(command: list[str], port: int, building: bool = False) -> tuple[int, str]:
    """Start a server as a terminal would, then press Ctrl+C (SIGINT to the whole
    process group, as a terminal sends it) once it answers, or while it builds the
    site for the first time: its exit status and output."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(process.stdout), daemon=True)
    reader.start()
    deadline = time.monotonic() + 300
    try:
        while not (building and "Building the whole site" in "".join(said)):
            assert process.poll() is None, "".join(said)
            assert time.monotonic() < deadline, "the server never answered"
            if not building:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            time.sleep(0.2)
        os.killpg(process.pid, signal.SIGINT)
        process.wait(60)
        reader.join(10)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, "".join(said)


def test_ctrl_c_stops_preview_in_the_contributors_language_without_a_traceback():
    port = free_port()
    practice = ROOT / "practices" / "dakar-municipal-finance-programme-and-bond.md"
    code, output = stop_with_ctrl_c([sys.executable, str(ROOT / "scripts" / "dev.py"), "preview", str(practice), "--dev-addr", f"127.0.0.1:{port}", "--lang", "es"], port)
    assert code in (0, 130), output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert "Detenido." in output


@pytest.mark.parametrize("building", [False, True], ids=["serving", "building"])
def test_ctrl_c_stops_serve_without_a_traceback_while_serving_or_building(tmp_path, building):
    tiny = tmp_path / "project"
    copy_site_sources(tiny, practices=False)
    shutil.copy(ROOT / "practices" / "dakar-municipal-finance-programme-and-bond.md", tiny / "practices")
    port = free_port()
    code, output = stop_with_ctrl_c([sys.executable, str(ROOT / "scripts" / "serve.py"), "--project", str(tiny), "--dev-addr", f"127.0.0.1:{port}", "--lang", "fr"], port, building)
    assert code in (0, 130), output
    assert "Traceback" not in output and "KeyboardInterrupt" not in output, output
    assert "Arrêté." in output
    assert ("Serving on" in output) != building  # stopped while serving, or during the first build


# --- validate ------------------------------------------------------------------------

PRACTICE = """---
title: Nuakchot y Lyon, un hermanamiento
summary: Nuakchot y Lyon firmaron un hermanamiento; esta práctica cuenta cómo comparten sus conocimientos.
city: {city}
themes: [{themes}]
sources:
  - title: Informe anual 2020
last_reviewed: 2026-01-15
language: es
---

## Contexto

Un párrafo.

## Qué se hizo

Un párrafo.

## Lecciones para otras ciudades

Un párrafo.
"""


def validate(tmp_path: Path, language: str, city: str = "nouakchott-region", themes: str = "twinning") -> list[str]:
    """`validate --lang <language>` on a practice written in Spanish: its lines."""
    shutil.copytree(ROOT / "actors", tmp_path / "actors", dirs_exist_ok=True)
    (tmp_path / "practices").mkdir(exist_ok=True)
    (tmp_path / "practices" / "nuakchot-lyon.md").write_text(PRACTICE.format(city=city, themes=themes), encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "validate.py"), "--lang", language, "practices/nuakchot-lyon.md"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    return result.stdout.splitlines()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ['themes[1]: "intercambio de conocimientos" is not a known theme. Did you mean "knowledge-exchange"? It is the value of the Spanish label "Intercambio de conocimientos": write it exactly like that.',
                'themes[2]: "Jumelage" is not a known theme. Did you mean "twinning"? It is the value of the French label "Jumelage": write it exactly like that.',
                'themes[3]: "Solidarity between cities" is not a known theme. Did you mean "solidarity"? It is the value of the English label "Solidarity between cities": write it exactly like that.',
                'themes[4]: "cambio climatico" is not a known theme. Did you mean "climate-change"? It is the value of the Spanish label "Cambio climático": write it exactly like that.',
                'themes[5]: "Santé publiq" is not a known theme. Did you mean "public-health"? It is the value of the French label "Santé publique".']),
        ("es", ['themes[1]: "intercambio de conocimientos" no es un tema conocido. ¿Quiso decir "knowledge-exchange"? Es el valor de la etiqueta en español "Intercambio de conocimientos": escríbalo exactamente así.',
                'themes[2]: "Jumelage" no es un tema conocido. ¿Quiso decir "twinning"? Es el valor de la etiqueta en francés "Jumelage": escríbalo exactamente así.']),
        ("fr", ['themes[1]: "intercambio de conocimientos" n\'est pas un thème connu. Vouliez-vous dire "knowledge-exchange" ? C\'est la valeur de l\'intitulé espagnol "Intercambio de conocimientos" : écrivez-la exactement ainsi.']),
    ],
)
def test_validate_gives_the_value_of_a_label_the_site_shows_in_any_language(tmp_path, language, expected):
    lines = validate(tmp_path, language, themes='intercambio de conocimientos, Jumelage, Solidarity between cities, cambio climatico, "Santé publiq"')
    for line in expected:
        assert f"practices/nuakchot-lyon.md:5: {line}" in lines, "\n".join(lines)


@pytest.mark.parametrize(
    ("language", "name", "template"),
    [("en", "Nouakchott Region", "actor-template.md"), ("fr", "Région de Nouakchott", "actor-template.fr.md"), ("es", "Región de Nuakchot", "actor-template.es.md")],
)
def test_validate_names_the_actor_it_suggests_and_the_template_in_the_contributors_language(tmp_path, language, name, template):
    [line] = [line for line in validate(tmp_path, language, city="Nuakchot Regoin") if ": city: " in line]
    assert f"{name} (nouakchott-region)" in line, line
    assert f"templates/{template} " in line and (ROOT / "templates" / template).is_file()


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_message_that_points_to_a_template_points_to_the_one_in_its_language(language):
    exact, templates = translations(language)
    texts = [*exact.values(), *(target for _, target in templates), *help_texts(language).values()]
    named = [(text, file) for text in texts for file in re.findall(r"templates/([\w.-]+\.md)", text)]
    assert named, "no message names a template"
    for text, file in named:
        english = re.sub(rf"\.{language}\.md$", ".md", file)
        assert file == translated_name(english, language) and (ROOT / "templates" / file).is_file(), text
