"""A proposal that reaches a maintainer: the Propose form's ZIP (or a practice file
alone) received by email or download, taken in with `dev.py intake` (read
safely, placed, checked, previewed) or checked with `validate proposal.zip`; and
the settings that tell contributors where proposals go (repo_url from the
publishing workflow, the maintainers' address on the About and Contribute pages,
a publishing build refused without either)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings
import zipfile
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, copy_site_sources, run_mkdocs, script

from catalog.i18n import Words
from catalog.languages import LANGUAGES, translated_name
from catalog.problems import translation
from catalog.proposals import MAX_ENTRIES, Proposal, ProposalRefused, check_proposal, read_proposal
from catalog.reference import WHERE_TO_PROPOSE, about_page, contribute_page

intake_script = script("intake")
PYTHON = sys.executable
REPOSITORY = "https://github.com/example/city-diplomacy"
EMAIL = "proposals@example.org"
SLUG = "kaedi-nouakchott-twinning"
TITLE = "Kaédi and Nouakchott: a twinning told by two sources"


def practice_text(city: str = "Kaédi Town", theme: str = "twinning") -> str:
    """A valid practice carried out by a city the registry does not know yet."""
    text = (ROOT / "practices" / "dakar-nouakchott-twinning-agreement.md").read_text(encoding="utf-8")
    text = re.sub(r'(?m)^title: .*$', f'title: "{TITLE}"', text, count=1)
    text = text.replace("city: dakar", f"city: {city}")
    return text.replace("  - twinning\n", f"  - {theme}\n", 1)


ACTOR = "---\nname: Kaédi\nkind: municipality\ncountry: MR\ncoordinates: [16.15, -13.5]\naliases:\n  - Kaédi Town\n---\n\nKaédi is a town on the Senegal river.\n"


def form_zip(path: Path, files: dict[str, str | bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    """A ZIP as the form writes it: each file at its repository path, UTF-8 names."""
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return path


def proposal_zip(tmp_path: Path, **changes) -> Path:
    return form_zip(tmp_path / f"proposal-{SLUG}.zip", {f"practices/{SLUG}.md": practice_text(**changes), "actors/kaedi.md": ACTOR})


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project to take proposals into: its sources, its scripts and
    catalog (dev.py reads the languages there), and the project's .venv/ for the preview."""
    folder = tmp_path / "project"
    copy_site_sources(folder)
    for name in ("scripts", "catalog"):
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / ".venv").symlink_to(ROOT / ".venv")
    return folder


def snapshot(project: Path) -> dict[str, str]:
    """Every file of practices/ and actors/, by path, with a digest of its bytes."""
    return {path.relative_to(project).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest() for folder in ("practices", "actors") for path in sorted((project / folder).iterdir())}


def intake(project: Path, *arguments: str) -> subprocess.CompletedProcess:
    """`dev.py intake` as a maintainer runs it (without the set-up step dev.py does first)."""
    result = subprocess.run([PYTHON, str(project / "scripts" / "intake.py"), "--no-preview", *arguments], cwd=project, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- intake: a proposal from the form lands in the project ------------------------------


def test_a_proposal_from_the_form_is_placed_checked_and_previewed(project, tmp_path):
    received = proposal_zip(tmp_path)
    port = free_port()
    command = [PYTHON, str(project / "scripts" / "intake.py"), str(received), "--dev-addr", f"127.0.0.1:{port}", "--lang", "en"]
    # In a session of its own, as in a terminal: Ctrl+C reaches intake and the preview it started.
    process = subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline, page = time.monotonic() + 240, ""
        while TITLE not in page:
            if process.poll() is not None or time.monotonic() > deadline:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                pytest.fail("the preview never showed the practice:\n" + "\n".join(process.communicate()))
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/practices/{SLUG}/", timeout=30) as response:
                    page = response.read().decode()
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        assert "Kaédi" in page  # the new actor, from its own new file
        os.killpg(process.pid, signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 0 and "Traceback" not in err, err
    assert (project / "practices" / f"{SLUG}.md").read_text(encoding="utf-8") == practice_text()
    assert (project / "actors" / "kaedi.md").read_text(encoding="utf-8") == ACTOR
    assert f"practices/{SLUG}.md: placed in the project." in out and "actors/kaedi.md: placed in the project." in out
    assert "2 file(s) checked: no problems." in err
    assert f"git add practices/{SLUG}.md actors/kaedi.md" in out
    assert f"Serving the preview of practices/{SLUG}.md" in out


def test_the_zip_the_forms_own_writer_makes_is_taken_in_whole(page, server, tmp_path):
    page.goto(f"{server}/contribute/propose/")
    files = [[f"practices/{SLUG}.md", practice_text()], ["actors/kaedi.md", ACTOR]]
    written = page.evaluate(
        "async (files) => { const form = await import('/javascripts/propose.js'); return Array.from(new Uint8Array(await form.zip(files).arrayBuffer())); }", files
    )
    received = tmp_path / f"proposal-{SLUG}.zip"
    received.write_bytes(bytes(written))
    proposal = read_proposal(received)
    assert {path: content.decode("utf-8") for path, content in proposal.files.items()} == dict(files)
    assert check_proposal(proposal, ROOT) == (2, [])


def test_a_translation_alone_previews_its_original_and_nothing_when_the_project_lacks_it():
    practice = ROOT / "practices" / "dakar-city-diplomacy-and-twinning.md"
    translation_only = Proposal("x.zip", {"practices/dakar-city-diplomacy-and-twinning.es.md": b""})
    assert intake_script.preview_arguments(translation_only, "127.0.0.1:9000", "fr") == [str(practice), "--dev-addr", "127.0.0.1:9000", "--lang", "fr"]
    assert intake_script.preview_arguments(Proposal("x.zip", {"practices/not-in-the-project.fr.md": b""}), "127.0.0.1:9000", "fr") == []


def test_a_proposal_with_problems_is_placed_and_told_in_the_maintainers_language(project, tmp_path):
    result = intake(project, str(proposal_zip(tmp_path, theme="twining")), "--lang", "fr")
    assert result.returncode == 1
    assert f'practices/{SLUG}.md:11: themes[1]: "twining" n\'est pas un thème connu. Vouliez-vous dire "twinning" ?' in result.stdout
    assert f"practices/{SLUG}.md : placé dans le projet." in result.stdout
    assert Words("fr")("validate.problems", problems=1, files=1, checked=2) in result.stderr


def test_a_practice_received_alone_is_placed_under_its_name(project, tmp_path):
    received = tmp_path / "lyon-and-dakar.md"
    received.write_text(practice_text(city="Dakar"), encoding="utf-8")
    result = intake(project, str(received))
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project / "practices" / "lyon-and-dakar.md").read_bytes() == received.read_bytes()
    assert "1 file(s) checked: no problems." in result.stderr


def test_a_practice_file_named_by_a_download_is_refused_with_the_name_to_give_it(project, tmp_path):
    received = tmp_path / "Lyon and Dakar (1).md"
    received.write_text(practice_text(city="Dakar"), encoding="utf-8")
    before = snapshot(project)
    result = intake(project, str(received))
    assert result.returncode == 1
    assert 'is not a valid practice file name' in result.stdout and 'Rename it to "lyon-and-dakar-1.md".' in result.stdout
    assert snapshot(project) == before


# --- intake refuses what the form does not write, and writes nothing --------------------


def entry(name: str, content: bytes = b"---\ntitle: x\n---\n", mode: int | None = None) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    if mode is not None:
        info.create_system, info.external_attr = 3, mode << 16
    return info


def hostile_zip(path: Path, case: str) -> Path:
    """A ZIP with one thing the form never writes, beside a valid practice and actor."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"practices/{SLUG}.md", practice_text())
        archive.writestr("actors/kaedi.md", ACTOR)
        if case == "traversal":
            archive.writestr("practices/../../hooks/practices.py", "import os\n")
        elif case == "absolute":
            archive.writestr(entry("/tmp/practices/x.md"), "x")
        elif case == "symlink":
            archive.writestr(entry("practices/link.md", mode=stat.S_IFLNK | 0o777), "/etc/passwd")
        elif case == "other-folder":
            archive.writestr("docs/about.md", "<script>alert(1)</script>\n")
        elif case == "nested-folder":
            archive.writestr("practices/more/x.md", "x")
        elif case == "not-markdown":
            archive.writestr("practices/x.py", "print()")
        elif case == "bomb":
            archive.writestr("practices/bomb.md", b"\0" * 60_000_000)
        elif case == "many-files":
            for n in range(12):
                archive.writestr(f"practices/part-{n}.md", b"x" * 990_000)
        elif case == "duplicate":
            with warnings.catch_warnings():  # zipfile warns, and writes it all the same
                warnings.simplefilter("ignore")
                archive.writestr(f"practices/{SLUG}.md", "another text")
    if case == "lying-bomb":  # a header that says small, over a stream that unpacks to 60 MB
        with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("practices/bomb.md", b"\0" * 60_000_000)
        data = bytearray(path.read_bytes())
        for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # central and local headers: the size unpacked
            at = data.rfind(signature)
            data[at + offset : at + offset + 4] = (1000).to_bytes(4, "little")
        path.write_bytes(bytes(data))
    if case == "not-utf8":  # a name in Latin-1, as old tools write it, without the UTF-8 flag
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("practices/cafX.md", "x")
        path.write_bytes(path.read_bytes().replace(b"practices/cafX.md", b"practices/caf\xe9.md"))
    if case == "not-a-zip":
        path.write_bytes(b"This is an email, not a ZIP.\n" * 10)
    return path


HOSTILE = {
    "traversal": 'the entry "practices/../../hooks/practices.py" goes up out of its folder ("..").',
    "absolute": 'the entry "/tmp/practices/x.md" has an absolute path.',
    "symlink": 'the entry "practices/link.md" is a link, not a file.',
    "other-folder": 'the entry "docs/about.md" is not a practice (practices/<name>.md) or an actor (actors/<name>.md).',
    "nested-folder": 'the entry "practices/more/x.md" is not a practice (practices/<name>.md) or an actor (actors/<name>.md).',
    "not-markdown": 'the entry "practices/x.py" is not a practice (practices/<name>.md) or an actor (actors/<name>.md).',
    "bomb": 'the entry "practices/bomb.md" unpacks to more than 1 MB; a practice or an actor is far smaller.',
    "lying-bomb": "this is not a ZIP file, or it is damaged.",
    "many-files": "the ZIP unpacks to more than 10 MB; a proposal is a few kilobytes.",
    "duplicate": f'the entry "practices/{SLUG}.md" appears twice.',
    "not-utf8": "an entry's name is not written in UTF-8.",
    "not-a-zip": "this is not a ZIP file, or it is damaged.",
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_hostile_zip_is_refused_in_plain_words_and_nothing_is_written(project, tmp_path, case):
    received = hostile_zip(tmp_path / f"proposal-{SLUG}.zip", case)
    before = snapshot(project)
    result = intake(project, str(received), "--lang", "en")
    assert result.returncode == 1
    assert f"{received.as_posix()}:1: file: {HOSTILE[case]}" in result.stdout, result.stdout
    assert "Nothing was written into the project." in result.stderr
    assert snapshot(project) == before and not (project / "hooks" / "practices.py").read_text().startswith("import os\n")


def test_the_lying_bomb_unpacks_no_further_than_the_limit(tmp_path):
    # Read as the header says: the stream would give 60 MB; the reader stops where the header's size ends.
    with pytest.raises(ProposalRefused):
        read_proposal(hostile_zip(tmp_path / "bomb.zip", "lying-bomb"))


def test_a_zip_with_more_entries_than_a_proposal_can_need_is_refused_before_reading(tmp_path):
    path = form_zip(tmp_path / "many.zip", {f"actors/actor-{n}.md": "x" for n in range(MAX_ENTRIES + 1)}, zipfile.ZIP_STORED)
    with pytest.raises(ProposalRefused) as refused:
        read_proposal(path)
    assert [p.message for p in refused.value.problems] == [f"the ZIP holds {MAX_ENTRIES + 1} entries; a proposal holds at most {MAX_ENTRIES}."]


def test_the_folders_a_zip_tool_adds_are_no_reason_to_refuse(tmp_path):
    path = tmp_path / "zipped-by-hand.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(zipfile.ZipInfo("practices/"), "")
        archive.writestr(f"practices/{SLUG}.md", practice_text())
    assert list(read_proposal(path).files) == [f"practices/{SLUG}.md"]


@pytest.mark.parametrize("language", LANGUAGES[1:])
def test_every_refusal_is_told_in_each_language(tmp_path, language):
    refusals = []
    for case in HOSTILE:
        with pytest.raises(ProposalRefused) as refused:
            read_proposal(hostile_zip(tmp_path / f"{case}.zip", case))
        refusals += refused.value.problems
    with pytest.raises(ProposalRefused) as refused:
        read_proposal(tmp_path / "proposal.txt")
    refusals += refused.value.problems
    missing = sorted({text for problem in refusals for text in (problem.message, problem.hint) if translation(text, language) is None})
    assert missing == []


def test_a_file_already_in_the_project_stops_intake_until_force(project, tmp_path):
    existing = "practices/dakar-city-diplomacy-and-twinning.md"
    received = form_zip(tmp_path / "proposal.zip", {existing: practice_text(city="Dakar"), "actors/kaedi.md": ACTOR})
    before = snapshot(project)
    stopped = intake(project, str(received))
    assert stopped.returncode == 1
    assert f"{existing} is already in the project, with other content." in stopped.stdout
    assert "run the same command again with --force" in stopped.stderr
    assert snapshot(project) == before  # not even the new actor
    forced = intake(project, str(received), "--force")
    assert f"{existing}: replaced by the proposal's (--force)." in forced.stdout and "actors/kaedi.md: placed in the project." in forced.stdout
    assert (project / existing).read_text(encoding="utf-8") == practice_text(city="Dakar")
    again = intake(project, str(received))  # the same files again: nothing to stop for
    assert again.returncode == 0 and f"{existing}: already in the project, the same; left as it is." in again.stdout


# --- validate reads the ZIP too -----------------------------------------------------------


def validate(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    result = subprocess.run([PYTHON, str(ROOT / "scripts" / "validate.py"), *arguments], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_validate_names_a_problem_by_its_file_inside_the_zip(tmp_path):
    proposal_zip(tmp_path, theme="twining")
    result = validate(f"proposal-{SLUG}.zip", cwd=tmp_path)
    assert result.returncode == 1
    # The practice names the ZIP's own new actor: no "not in the registry" for it.
    assert result.stdout.splitlines() == [f'proposal-{SLUG}.zip/practices/{SLUG}.md:11: themes[1]: "twining" is not a known theme. Did you mean "twinning"?']
    assert "1 problem(s) in 1 of 2 file(s)." in result.stderr


def test_validate_tells_a_new_actor_that_takes_a_known_actors_name(tmp_path):
    clash = ACTOR.replace("  - Kaédi Town\n", "  - Kaédi Town\n  - Banjul\n")
    form_zip(tmp_path / "proposal.zip", {f"practices/{SLUG}.md": practice_text(), "actors/kaedi.md": clash})
    result = validate("proposal.zip", "--lang", "es", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith('proposal.zip/actors/kaedi.md:8: aliases[2]: "Banjul" también es un nombre del actor actors/banjul.md'), result.stdout


def test_validate_refuses_a_hostile_zip_with_the_same_words_as_intake(tmp_path):
    hostile_zip(tmp_path / "proposal.zip", "traversal")
    result = validate("proposal.zip", cwd=tmp_path)
    assert result.returncode == 1 and result.stdout.strip() == f"proposal.zip:1: file: {HOSTILE['traversal']} Only practices/<name>.md and actors/<name>.md are taken in."


def test_a_valid_zip_validates_with_no_problem(tmp_path):
    proposal_zip(tmp_path)
    result = validate(f"proposal-{SLUG}.zip", cwd=tmp_path)
    assert result.returncode == 0 and "2 file(s) checked: no problems." in result.stderr


# --- where proposals go: the settings and the pages ---------------------------------------


def test_a_site_built_by_the_publishing_workflow_leads_to_its_repository_and_address(project_copy, monkeypatch):
    config = project_copy / "mkdocs.yml"
    assert "\nrepo_url:" not in config.read_text()  # as shipped: no repository written in mkdocs.yml
    config.write_text(config.read_text(encoding="utf-8").replace('proposals_email: ""', f"proposals_email: {EMAIL}"), encoding="utf-8")
    monkeypatch.setenv("SITE_REPOSITORY", REPOSITORY)
    monkeypatch.setenv("SITE_BRANCH", "trunk")
    monkeypatch.setenv("SITE_PUBLISH", "1")
    site = project_copy.parent / "site"
    result = run_mkdocs(project_copy, site)
    assert result.returncode == 0, result.stderr
    practice = "dakar-city-diplomacy-and-twinning"
    english = (site / "practices" / practice / "index.html").read_text()
    assert f'<a href="{REPOSITORY}/edit/trunk/practices/{practice}.md">' in english
    assert f'href="{REPOSITORY}" title=' in english and "GitHub" in english  # the header's link to the repository
    assert f'<a href="{REPOSITORY}/edit/trunk/practices/{practice}.fr.md">' in (site / "fr" / "practices" / practice / "index.html").read_text()
    form = re.search(r'<script type="application/json" id="propose-data">(.*?)</script>', (site / "contribute" / "propose" / "index.html").read_text(), re.S)[1]
    repository = json.loads(form)["repository"]
    assert (repository["url"], repository["branch"]) == (REPOSITORY, "trunk") and json.loads(form)["email"] == EMAIL
    for language in LANGUAGES:
        prefix = "" if language == LANGUAGES[0] else f"{language}/"
        words = Words(language)
        address = f'<a href="mailto:{EMAIL}">{EMAIL}</a>'
        for page in ("about", "contribute"):
            html = (site / prefix / page / "index.html").read_text()
            assert words.html("contribute.email", address=address) in html, (language, page)
            assert f'<a href="{REPOSITORY}">{REPOSITORY}</a>' in html


def test_a_publishing_build_that_names_nowhere_for_proposals_fails_naming_both_settings(project_copy, tmp_path):
    env = {**os.environ, "SITE_PUBLISH": "1", "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SITE_REPOSITORY", None)
    result = subprocess.run([str(Path(PYTHON).parent / "mkdocs"), "build", "--strict", "-f", str(project_copy / "mkdocs.yml"), "-d", str(tmp_path / "site")], capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 1
    assert "This build publishes the site (SITE_PUBLISH is set) but names nowhere to send proposals" in result.stderr
    assert "repo_url in mkdocs.yml" in result.stderr and "extra.proposals_email" in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_an_address_for_proposals_that_is_not_one_stops_the_build(project_copy, tmp_path):
    config = project_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('proposals_email: ""', 'proposals_email: "write to us"'), encoding="utf-8")
    result = run_mkdocs(project_copy, tmp_path / "site")
    assert result.returncode == 1 and "extra.proposals_email in mkdocs.yml is 'write to us', which is not an email address" in result.stderr


def test_the_publishing_workflow_passes_its_repository_and_says_it_publishes():
    hooks = importlib.util.spec_from_file_location("hooks_practices", ROOT / "hooks" / "practices.py")
    module = sys.modules[hooks.name] = importlib.util.module_from_spec(hooks)  # its dataclasses look their module up there
    hooks.loader.exec_module(module)
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "publish.yml").read_text())
    [build] = [step for step in workflow["jobs"]["build"]["steps"] if "dev.py build" in step.get("run", "")]
    assert build["env"][module.REPOSITORY] == "${{ github.server_url }}/${{ github.repository }}"
    assert build["env"][module.BRANCH] == "${{ github.event.repository.default_branch }}"
    assert build["env"][module.PUBLISH] == "1"
    check = yaml.safe_load((ROOT / ".github" / "workflows" / "check.yml").read_text())
    assert module.PUBLISH not in json.dumps(check)  # a pull request's build publishes nothing


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_about_page_holds_the_line_the_build_fills_and_fails_without_it(language):
    about = ROOT / "docs" / ("" if language == LANGUAGES[0] else language) / "about.md"
    text = about.read_text(encoding="utf-8")
    assert text.count(WHERE_TO_PROPOSE) == 1
    words = Words(language)
    filled = about_page(text, words, None, EMAIL)
    assert WHERE_TO_PROPOSE not in filled and words.html("contribute.email_only", address=f'<a href="mailto:{EMAIL}">{EMAIL}</a>') in filled
    assert WHERE_TO_PROPOSE not in about_page(text, words, None, None) and "where-to-propose" not in about_page(text, words, None, None)
    with pytest.raises(ValueError, match="where proposals go"):
        about_page(text.replace(WHERE_TO_PROPOSE, ""), words, REPOSITORY, EMAIL)


def test_the_contribute_page_gives_the_address_when_there_is_no_repository():
    words = Words("fr")
    text = (ROOT / translated_name("CONTRIBUTING.md", "fr")).read_text(encoding="utf-8")
    top = "".join(contribute_page(text, words, None, email="a.b+propositions@ville.example").fragments.values())
    assert '<a href="mailto:a.b%2Bpropositions@ville.example">a.b+propositions@ville.example</a>' in top
    assert "admonition info" in top and "repo_url" not in top
    assert "repo_url" in "".join(contribute_page(text, words, None).fragments.values())  # neither: says what to set


# --- what maintainers and contributors read ----------------------------------------------


def test_maintaining_shows_the_intake_command_and_the_steps_intake_prints():
    text = (ROOT / "MAINTAINING.md").read_text(encoding="utf-8")
    assert "python3 scripts/dev.py intake ~/Downloads/proposal-<name>.zip" in text
    assert "python3 scripts/dev.py validate ~/Downloads/proposal-<name>.zip" in text
    for step in intake_script.NEXT_STEPS:
        assert step.format(slug="<name>", files="practices/<name>.md actors/<id>.md") in text
    assert "never in the files" in text and "--force" in text and "--no-preview" in text


# How each language's guide says that a new actor goes in the same pull request as its practice.
SAME_PULL_REQUEST = {"en": "in the same pull request", "fr": "dans la même demande", "es": "en la misma solicitud"}


def test_the_pull_request_template_speaks_three_languages_and_agrees_with_the_guides():
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert set(SAME_PULL_REQUEST) == set(LANGUAGES)
    for language, words in SAME_PULL_REQUEST.items():
        guide = (ROOT / translated_name("CONTRIBUTING.md", language)).read_text(encoding="utf-8")
        assert words in " ".join(guide.split()), translated_name("CONTRIBUTING.md", language)
        assert words in template, language
    # Each box once, in the three languages: the English line, then French and Spanish beneath it.
    items = re.findall(r"(?m)^- \[ \] .*\n(?:  .*\n)*", template)
    assert len(items) >= 6 and all(item.count("\n") == len(LANGUAGES) for item in items), items
    assert "CC BY 4.0" in template and "CONTRIBUTING.fr.md" in template and "CONTRIBUTING.es.md" in template
    assert not (ROOT / ".github" / "PULL_REQUEST_TEMPLATE").exists()  # see the template's first comment: one file for all
