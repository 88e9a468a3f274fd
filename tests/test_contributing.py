"""A contributor's path: starting a practice, the template, the checks before and
in the pull request, and the guide that explains it all."""

from __future__ import annotations

import builtins
import codecs
import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import REGISTRY, FIXTURES, ROOT, TODAY, script

from catalog.languages import DEFAULT, LANGUAGES, translated_name
from catalog.model import check_paths
from catalog.template import practice_text

new_practice = script("new_practice")

OPTIONS = [
    "--title", "Lyon: twinning with Dakar", "--city", "Lyon", "--kind", "municipality", "--country", "France", "--theme", "twinning",
    "--summary", "Lyon and Dakar have a twinning agreement; this practice tells how both cities run it.",
    "--source-title", "Annual report 2020", "--source-date", "2020",
]


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """The user's cache folder, where `new` keeps unfinished answers: a temporary one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache"


def project(tmp_path: Path) -> list[str]:
    """Options for new_practice.py to write into a copy of the project's registry."""
    shutil.copytree(ROOT / "actors", tmp_path / "actors")
    (tmp_path / "practices").mkdir()
    return ["--directory", str(tmp_path / "practices"), "--actors", str(tmp_path / "actors")]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_template_files_are_the_ones_the_schema_gives_in_each_language(language):
    name = translated_name("practice-template.md", language)
    text = (ROOT / "templates" / name).read_text(encoding="utf-8")
    assert text == practice_text(language=language), "regenerate it: python -c 'from catalog.template import practice_text; ...'"
    if language != DEFAULT:  # the comments, headings and prompts are in that language, and the file says its language
        english = practice_text()
        assert f"\nlanguage: {language}\n" in text and "(required)" not in text and "Write it here" not in text
        assert sum(line in english for line in text.splitlines() if line.startswith("#   ")) < 8


def test_an_untouched_template_is_refused_field_by_field_with_what_to_write(tmp_path):
    (tmp_path / "my-practice.md").write_text(practice_text())
    _, problems = check_paths([tmp_path / "my-practice.md"], root=tmp_path, today=TODAY, registry=REGISTRY)
    fields = {p.field for p in problems}
    assert {"title", "summary", "city", "themes", "sources[1].title", "last_reviewed", "body"} == fields
    assert all(p.hint for p in problems)


def test_new_practice_writes_the_facts_and_waits_for_the_story(tmp_path, capsys):
    assert new_practice.main([*OPTIONS, *project(tmp_path)]) == 0
    written = tmp_path / "practices" / "lyon-twinning-with-dakar.md"
    meta = yaml.safe_load(written.read_text().split("---\n")[1])
    assert (meta["city"], meta["themes"], meta["sources"][0]["title"]) == ("lyon", ["twinning"], "Annual report 2020")
    # Lyon is not in the registry: its actor file is written too, with what was asked
    actor = yaml.safe_load((tmp_path / "actors" / "lyon.md").read_text().split("---\n")[1])
    assert actor == {"name": "Lyon", "kind": "municipality", "country": "FR"}
    out = capsys.readouterr().out
    assert 'the section "## Context" is empty' in out
    # Once the story is written, the practice is valid.
    text = written.read_text()
    for heading in ("Context", "What was done", "Lessons for other cities"):
        text = re.sub(rf"(## {heading}\n\n)<!--.*?-->", r"\1A paragraph of the story.", text)
    written.write_text(text)
    assert check_paths([written, tmp_path / "actors"], root=tmp_path)[1] == []


def test_new_practice_finds_a_known_actor_by_any_of_its_names(tmp_path, capsys):
    options = [*OPTIONS]
    options[options.index("Lyon")] = "Région de Nouakchott"
    assert new_practice.main([*options, *project(tmp_path)]) == 0
    meta = yaml.safe_load((tmp_path / "practices" / "lyon-twinning-with-dakar.md").read_text().split("---\n")[1])
    assert meta["city"] == "nouakchott-region" and not (tmp_path / "actors" / "region-de-nouakchott.md").exists()
    assert "Nouakchott Region (nouakchott-region), in the registry" in capsys.readouterr().out


def test_new_practice_never_overwrites(tmp_path):
    options = project(tmp_path)
    assert new_practice.main([*OPTIONS, *options]) == 0
    before = (tmp_path / "practices" / "lyon-twinning-with-dakar.md").read_text()
    (tmp_path / "actors" / "lyon.md").unlink()
    assert new_practice.main([*OPTIONS, *options]) == 1
    assert (tmp_path / "practices" / "lyon-twinning-with-dakar.md").read_text() == before
    assert not (tmp_path / "actors" / "lyon.md").exists()  # nothing half-written


def test_new_practice_asks_and_explains_a_wrong_answer(tmp_path, monkeypatch, capsys):
    answers = iter(
        [
            "Lyon: twinning with Dakar", "", "Lyon", "town", "1", "Atlantis", "Francia", "",  # Enter: on the map at Lyon
            "Lyon and Dakar have a twinning agreement; this practice tells how both cities run it.",
            "99", "2 11", "", "Annual report 2020", "City of Lyon", "", "", "", "",  # no partner, no network
        ]
    )
    monkeypatch.setattr(builtins, "input", lambda prompt: next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert new_practice.main(project(tmp_path)) == 0
    out = capsys.readouterr().out
    assert '"town" is not one of the kinds' in out and '"Atlantis" is not a country I know' in out and "11. Knowledge exchange (knowledge-exchange)" in out
    meta = yaml.safe_load((tmp_path / "practices" / "lyon-twinning-with-dakar.md").read_text().split("---\n")[1])
    assert meta["city"] == "lyon" and meta["themes"] == ["twinning", "knowledge-exchange"]
    assert meta["sources"] == [{"title": "Annual report 2020", "publisher": "City of Lyon"}]
    assert "country: FR" in (tmp_path / "actors" / "lyon.md").read_text()
    assert "coordinates: [45.75, 4.85]" in (tmp_path / "actors" / "lyon.md").read_text()  # from the gazetteer


def test_new_practice_offers_close_actors_for_a_misspelt_name(tmp_path, monkeypatch, capsys):
    answers, asked = iter(["Dakar: twinning with Lyon", "", "Dakkar", "", "Dakar and Lyon have a twinning agreement; this practice tells how both cities run it.", "2", "", "Annual report 2020", "", "", "", "", ""]), []
    monkeypatch.setattr(builtins, "input", lambda prompt: asked.append(prompt) or next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert new_practice.main(project(tmp_path)) == 0
    assert any(prompt.startswith("Did you mean Dakar (dakar)? [Y/n]") for prompt in asked)  # Enter says yes: no new actor
    assert not (tmp_path / "actors" / "dakkar.md").exists()
    meta = yaml.safe_load((tmp_path / "practices" / "dakar-twinning-with-lyon.md").read_text().split("---\n")[1])
    assert meta["city"] == "dakar"


def test_new_practice_without_a_terminal_says_which_option_is_missing(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "new_practice.py"), "--directory", str(tmp_path), "--title", "A title long enough"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    assert result.returncode == 2 and "Give --city" in result.stderr and "Traceback" not in result.stderr


def test_messages_never_speak_of_yaml_or_tracebacks():
    for folder in ("invalid", "hostile"):
        for path in (FIXTURES / folder).iterdir():
            for problem in check_paths([path], root=ROOT, today=TODAY)[1]:
                text = f"{problem.message} {problem.hint}".lower()
                assert "yaml" not in text and "traceback" not in text and "exception" not in text, text


# --- the pull request -----------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
SHA_PIN = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")


def load_workflow(path: Path) -> dict:
    workflow = yaml.safe_load(path.read_text())
    workflow["on"] = workflow.pop(True, workflow.get("on"))  # YAML 1.1 reads the key `on` as true
    return workflow


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_have_least_privilege_and_pinned_actions(path):
    workflow = load_workflow(path)
    assert "permissions" in workflow, f"{path.name} has no top-level permissions"
    assert workflow["permissions"] == {"contents": "read"}
    for step in steps(workflow):
        if "uses" in step:
            assert SHA_PIN.match(step["uses"]), f"{path.name}: {step['uses']} is not pinned to a commit"


def test_pull_requests_are_built_with_the_pull_request_trigger():
    # what pull_request_target may do, and the check of content and code, are in test_pull_request.py
    workflow = load_workflow(ROOT / ".github" / "workflows" / "check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    runs = " ".join(step.get("run", "") for step in steps(workflow))
    assert "validate --format github" in runs and "dev.py build" in runs
    assert "${{" not in runs  # expressions reach scripts through env, never through the shell line


def test_only_the_deploy_job_may_write_and_only_from_main():
    workflow = load_workflow(ROOT / ".github" / "workflows" / "publish.yml")
    assert workflow["on"]["push"] == {"branches": ["main"]}
    assert workflow["concurrency"]["group"] == "pages"
    jobs = workflow["jobs"]
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert all("permissions" not in job for name, job in jobs.items() if name != "deploy")


def test_the_pull_request_template_has_the_checklist():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text()
    for words in ("sources", "own words", "permission to publish", "public role"):
        assert words in text
    assert text.count("- [ ]") >= 5


def test_pre_commit_checks_changed_practices():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text())
    [hook] = config["repos"][0]["hooks"]
    assert hook["entry"] == "python scripts/validate.py" and hook["files"] == "^practices/"


def test_the_contribute_page_is_contributing_md_with_the_template(site):
    page = (site / "contribute" / "index.html").read_text()
    assert "Write it on GitHub, in your browser" in page and "A worked example" in page
    assert 'href="../format/"' in page and 'href="#the-practice-template"' in page
    assert "yaml-language-server" in page and "## Lessons for other cities" in page


def test_the_contribute_page_speaks_each_language(site):
    assert "L'écrire sur GitHub, dans votre navigateur" in (site / "fr" / "contribute" / "index.html").read_text()
    assert "Escribirla en GitHub, en su navegador" in (site / "es" / "contribute" / "index.html").read_text()


def test_tab_completes_the_names_of_known_actors_in_any_language(tmp_path):
    registry_names = ["Ciudad de México", "Dakar", "Région de Nouakchott", "Nouakchott Region"]
    with new_practice.completing(registry_names):
        import readline

        complete = readline.get_completer()
        assert [complete("region de", n) for n in range(2)] == ["Région de Nouakchott", None]
        assert complete("ciudad", 0) == "Ciudad de México" and complete("", 0) is None
    assert readline.get_completer() is not complete


class Terminal:
    """new_practice.py in a pseudo-terminal, as a contributor runs it: it reads
    the answers typed and prints the questions."""

    def __init__(self, *arguments: str, env: dict[str, str]):
        import pty

        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "new_practice.py"), *arguments],
            stdin=slave, stdout=slave, stderr=slave, env={**os.environ, **env}, close_fds=True,
        )
        os.close(slave)
        self.said = ""
        self.decoder = codecs.getincrementaldecoder("utf-8")("replace")  # a read may end inside a character

    def read_until(self, text: str, seconds: float = 60) -> str:
        import select

        deadline = time.monotonic() + seconds
        while text not in self.said:
            assert time.monotonic() < deadline, f"no {text!r} in:\n{self.said}"
            if select.select([self.master], [], [], 0.2)[0]:
                try:
                    self.said += self.decoder.decode(os.read(self.master, 65536))
                except OSError:  # the program ended
                    assert text in self.said, f"no {text!r} in:\n{self.said}"
        return self.said

    def answer(self, text: str) -> None:
        """Wait for the next prompt, then type the answer and Enter."""
        self.read_until("> ")
        self.said = self.said.replace("> ", "» ", 1)  # that prompt is answered
        os.write(self.master, text.encode("utf-8") + b"\r")

    def finish(self) -> int:
        code = self.process.wait(60)
        with contextlib.suppress(OSError):
            self.said += self.decoder.decode(os.read(self.master, 65536), final=True)
        os.close(self.master)
        return code


@pytest.mark.parametrize(
    ("language", "answers", "expected"),
    [
        (
            "fr",
            # title (its file name taken: the free one offered is accepted), language, city (new), kind, country, not on
            # the map (n), summary, themes by French label, no sectors (Enter), source title, publisher, date as 15/03/2026 (converted),
            # address with www., no partner, no network.
            ["Lyon : un jumelage avec Dakar", "", "", "Lyon", "Commune", "France", "n",
             "Lyon et Dakar ont signé un accord de jumelage ; cette pratique raconte comment les deux villes le font vivre.",
             "coopération, Jumelage", "", "Rapport annuel 2020", "Ville de Lyon", "15/03/2026", "", "www.lyon.fr/dakar", "", "", ""],
            {"language": "fr", "themes": ["decentralised-cooperation", "twinning"], "heading": "## Contexte", "prompt": "Quels thèmes ?"},
        ),
        (
            "es",
            ["Lyon : un jumelage avec Dakar", "", "español", "Lyon", "Municipio", "Francia", "n",
             "Lyon y Dakar firmaron un acuerdo de hermanamiento; esta práctica cuenta cómo ambas ciudades lo mantienen vivo.",
             "Hermanamiento; salud", "", "Informe anual 2020", "Ciudad de Lyon", "15/03/2026", "", "www.lyon.fr/dakar", "", "", ""],
            {"language": "es", "themes": ["twinning", "public-health"], "heading": "## Contexto", "prompt": "¿Qué temas?"},
        ),
    ],
    ids=["french", "spanish"],
)
def test_new_practice_in_a_terminal_speaks_the_contributors_language_and_loses_nothing(tmp_path, language, answers, expected):
    options = project(tmp_path)
    taken = tmp_path / "practices" / "lyon-un-jumelage-avec-dakar.md"
    taken.write_text("already here\n")
    terminal = Terminal(*options, env={"LANG": f"{language}_{'FR' if language == 'fr' else 'ES'}.UTF-8", "LC_ALL": ""})
    for text in answers:
        terminal.answer(text)
    assert terminal.finish() == 0, terminal.said
    said = terminal.said
    assert expected["prompt"] in said and ("existe déjà" in said or "ya existe" in said)
    assert "2026-03-15" in said and "https://www.lyon.fr/dakar" in said  # asked before converting
    written = tmp_path / "practices" / "lyon-un-jumelage-avec-dakar-2.md"
    assert taken.read_text() == "already here\n"  # nothing overwritten
    text = written.read_text(encoding="utf-8")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["language"] == expected["language"] and meta["themes"] == expected["themes"]
    source = meta["sources"][0]
    assert (str(source["date"]), source["url"], len(meta["sources"])) == ("2026-03-15", "https://www.lyon.fr/dakar", 1)
    assert expected["heading"] in text and "# partners:" in text  # optional fields kept, commented
    # Once the story is written, the practice and its new actor pass validation with no problem.
    text = re.sub(r"<!--.*?-->", "Un paragraphe de l'histoire.", text)
    written.write_text(text, encoding="utf-8")
    assert check_paths([written, tmp_path / "actors"], root=tmp_path)[1] == []
