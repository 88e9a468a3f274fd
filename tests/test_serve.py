"""`dev.py serve` (scripts/serve.py) as a maintainer uses it: edits show in the
browser without a restart, only what changed is rewritten, and a broken practice
neither stops the server nor loses the site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ARTIFACTS, ROOT, screenshot

PRACTICE = "dakar-municipal-finance-programme-and-bond"  # written in English, translated into French and Spanish


def mkdocs(project: Path, site: Path, *options: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "mkdocs"), "build", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site), *options],
        capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **env}, timeout=600,
    )


def edit_summary(project: Path, slug: str, word: str) -> None:
    path = project / "practices" / f"{slug}.md"
    text = path.read_text(encoding="utf-8")
    head, _, rest = text.partition("\nsummary: ")
    if rest.startswith(">-\n  "):
        path.write_text(f"{head}\nsummary: >-\n  {word} {rest[5:]}", encoding="utf-8")
    else:
        path.write_text(f"{head}\nsummary: {word} {rest}", encoding="utf-8")


def test_a_dirty_build_rewrites_only_the_pages_whose_content_changed(project_copy, tmp_path):
    env = {"PRACTICES_ONE_LANGUAGE": "1", "PRACTICES_PAGE_RECORDS": str(tmp_path / "records"), "MKDOCS_STRICT": "false"}
    site = tmp_path / "site"
    config = project_copy / "mkdocs.yml"
    config.write_text("site_url: https://example.org/\n" + config.read_text())  # for a sitemap with addresses
    first = mkdocs(project_copy, site, env=env)
    assert first.returncode == 0, first.stderr
    assert not (site / "fr").exists() and not (site / "pagefind").exists()  # one language, no search: serve does those
    before = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    sitemap = (site / "sitemap.xml").read_text()
    time.sleep(0.05)
    edit_summary(project_copy, PRACTICE, "Zanzibarword")
    second = mkdocs(project_copy, site, "--dirty", env=env)
    assert second.returncode == 0, second.stderr
    rewritten = {path for path, mtime in before.items() if path.stat().st_mtime_ns != mtime}
    assert site / "practices" / PRACTICE / "index.html" in rewritten
    assert "Zanzibarword" in (site / "practices" / PRACTICE / "index.html").read_text()
    assert site / "practices" / "index.html" in rewritten  # lists the practice with its summary
    assert site / "about" / "index.html" not in rewritten
    assert site / "practices" / "lausanne-solidarity-water-fund-nouakchott" / "index.html" not in rewritten
    assert len(rewritten) < len(before) / 4, f"{len(rewritten)} of {len(before)} pages rewritten"
    # The sitemap still dates every page from the content, those left as they were included.
    assert sitemap.count("<lastmod>") > 100 and (site / "sitemap.xml").read_text() == sitemap


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """scripts/serve.py on a copy of the project, its output collected."""

    def __init__(self, project: Path, *options: str, env: dict[str, str] | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--project", str(project), "--dev-addr", f"127.0.0.1:{self.port}", *options]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})})
        self.said: list[str] = []
        threading.Thread(target=lambda: self.said.extend(self.process.stdout), daemon=True).start()
        self.wait_for_output("Serving on", 300)

    def output(self) -> str:
        return "".join(self.said)

    def wait_for_output(self, text: str, seconds: float = 120, after: int = 0) -> None:
        deadline = time.monotonic() + seconds
        while text not in "".join(self.said[after:]):
            assert self.process.poll() is None, f"serve.py stopped:\n{self.output()}"
            assert time.monotonic() < deadline, f"no {text!r} within {seconds} s:\n{self.output()}"
            time.sleep(0.1)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def wait_for_page(self, path: str, text: str, seconds: float = 120) -> str:
        deadline = time.monotonic() + seconds
        while text not in (body := self.get(path)[1]):
            assert self.process.poll() is None, f"serve.py stopped:\n{self.output()}"
            assert time.monotonic() < deadline, f"{path} never showed {text!r}:\n{self.output()}"
            time.sleep(0.1)
        return body

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


@pytest.fixture
def served(project_copy):
    server = Server(project_copy)
    server.wait_for_output("Search index rebuilt", 300)
    yield server
    server.stop()


def test_serve_shows_an_edit_in_every_language_and_survives_a_broken_practice(served, project_copy, browser):
    status, page = served.get(f"/fr/practices/{PRACTICE}/")
    assert status == 200 and 'src="/__reload.js" data-language="fr"' in page
    assert served.get("/pagefind/pagefind-entry.json")[0] == 200  # search indexed too

    # The page open in the browser (Spanish, on a phone) reloads by itself.
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    errors = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.goto(f"{served.url}/es/practices/{PRACTICE}/")
    edit_summary(project_copy, PRACTICE, "Zanzibarword")
    # The original changed: its translations now say they may be out of date.
    tab.wait_for_selector(".practice-notice--outdated", timeout=120_000)
    screenshot(tab, "serve-reloaded-es-phone")
    assert errors == []
    served.wait_for_page(f"/practices/{PRACTICE}/", "Zanzibarword")
    for prefix in ("/fr", "/es"):
        served.wait_for_page(f"{prefix}/practices/{PRACTICE}/", "practice-notice--outdated")
    assert "only the pages that changed" in served.output()

    # A broken practice: the message names the file and line; the site is served as it was, with the problem on top.
    path = project_copy / "practices" / f"{PRACTICE}.md"
    working = path.read_text(encoding="utf-8")
    path.write_text(working.replace("\nthemes:", "\nthemes", 1), encoding="utf-8")
    body = served.wait_for_page(f"/practices/{PRACTICE}/", "The site was not rebuilt")
    tab.wait_for_selector("[role=alert]", timeout=60_000)  # the open page reloads to show the problem
    tab.screenshot(path=str(ARTIFACTS / "serve-problem-es-phone.png"))  # the top of the page: the problem
    tab.close()
    assert "Zanzibarword" in body
    assert f"practices/{PRACTICE}.md:" in body and f"practices/{PRACTICE}.md:" in served.output()

    path.write_text(working.replace("Zanzibarword", "Kilimanjaroword"), encoding="utf-8")
    body = served.wait_for_page(f"/practices/{PRACTICE}/", "Kilimanjaroword")
    assert "The site was not rebuilt" not in body

    # A practice removed: everything is rebuilt, and its page is gone.
    seen = len(served.said)
    for path in (project_copy / "practices").glob("lausanne-solidarity-water-fund-nouakchott.*md"):  # with its translations
        path.unlink()
    served.wait_for_output("Rebuilding: everything", after=seen)
    deadline = time.monotonic() + 120
    while served.get("/practices/lausanne-solidarity-water-fund-nouakchott/")[0] != 404:
        assert time.monotonic() < deadline, served.output()
        time.sleep(0.2)
    assert "Traceback" not in served.output()


FRENCH_PRACTICE = """---
title: Dakar, un jumelage à l'essai
summary: Une pratique minimale écrite en français, avec les seuls champs et sections requis.
city: Dakar
language: fr
themes: [twinning]
sources:
  - title: Une source
last_reviewed: 2024-01-31
---

## Contexte

Un contexte.

## Ce qui a été fait

Des actions.

## Leçons pour d'autres villes

Des leçons.
"""


def test_a_preview_of_a_broken_french_practice_serves_its_problems_and_the_page_once_fixed(project_copy):
    # What `dev.py preview practices/<name>.md` runs: only that practice (and those the guides link to).
    path = project_copy / "practices" / "ville-test-jumelage.md"
    text = FRENCH_PRACTICE
    path.write_text(text.replace("\ntitle:", "\ntitle", 1), encoding="utf-8")
    server = Server(project_copy, "--page", "fr/practices/ville-test-jumelage/", env={"PRACTICE_PREVIEW": path.name})
    try:
        assert "Open " + server.url + "/fr/practices/ville-test-jumelage/" in server.output()
        status, body = server.get("/fr/practices/ville-test-jumelage/")
        assert "The site was not rebuilt" in body and "practices/ville-test-jumelage.md:" in body
        path.write_text(text, encoding="utf-8")
        server.wait_for_page("/fr/practices/ville-test-jumelage/", "</article>")
        assert "WARNING" not in server.output(), server.output()  # nothing that is not the contributor's
        assert server.get("/practices/dakar-city-diplomacy-and-twinning/")[0] == 200  # the guides' example is there
        assert server.get("/practices/lausanne-solidarity-water-fund-nouakchott/")[0] == 404  # the rest of the catalog is not
    finally:
        server.stop()
