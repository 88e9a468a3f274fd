"""Keeping sources alive: the source checker against a local server that answers
200, 301, 302, 404, 405, 500 and never in time (no test touches the internet),
the review-due notice, and the maintainers' listing."""

from __future__ import annotations

import datetime
import http.server
import subprocess
import sys
import threading
import time

import pytest
import yaml
from conftest import FIXTURES, REGISTRY, ROOT, TODAY

from catalog.model import load_catalog
from catalog.site import Site
from catalog.sources import addresses, check_addresses, review_listing

MINIMAL = (FIXTURES / "valid" / "minimal-practice.md").read_text()


class Answers(http.server.BaseHTTPRequestHandler):
    def answer(self, body: bool) -> None:
        path = self.path
        if path == "/slow":
            time.sleep(2)
        if path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
        elif path in ("/ok", "/no-head", "/slow"):
            self.send_response(200)
        elif path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
        elif path == "/temporary":
            self.send_response(302)
            self.send_header("Location", "/ok")
        elif path == "/broken":
            self.send_response(500)
        else:
            self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_HEAD(self):
        self.answer(False)

    def do_GET(self):
        self.answer(True)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def local_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def practice_with_sources(folder, urls: list[str], name: str = "sourced.md", reviewed: str = "2024-01-31"):
    folder.mkdir(exist_ok=True)
    sources = "".join(f"  - title: Source {n}\n    url: {url}\n" for n, url in enumerate(urls, 1))
    text = MINIMAL.replace("sources:\n  - title: A source\n", "sources:\n" + sources).replace("last_reviewed: 2024-01-31", f"last_reviewed: {reviewed}")
    (folder / name).write_text(text)
    return folder / name


def test_each_kind_of_answer_gets_its_message_with_file_line_and_field(tmp_path, local_server):
    paths = ["/ok", "/moved", "/temporary", "/gone", "/broken", "/slow", "/no-head"]
    path = practice_with_sources(tmp_path / "practices", [local_server + p for p in paths])
    found = addresses(tmp_path / "practices", tmp_path)
    assert [(a.field, a.url.removeprefix(local_server)) for a in found] == [(f"sources[{n}].url", p) for n, p in enumerate(paths, 1)]
    started = time.perf_counter()
    problems = {p.field: p for p in check_addresses(found, timeout=1, workers=8)}
    assert time.perf_counter() - started < 5  # concurrently, and no waiting past the timeout
    assert sorted(problems) == ["sources[2].url", "sources[4].url", "sources[5].url", "sources[6].url"]
    lines = path.read_text().split("\n")
    for field, problem in problems.items():
        index = int(field[8]) - 1
        assert problem.file == "practices/sourced.md" and lines[problem.line - 1].strip() == f"url: {local_server}{paths[index]}"
    assert f"moved for good to {local_server}/ok" in problems["sources[2].url"].message
    assert "gone (404)" in problems["sources[4].url"].message and "archived:" in problems["sources[4].url"].hint
    assert "answered 500" in problems["sources[5].url"].message
    assert "no answer within 1 seconds" in problems["sources[6].url"].message


def test_the_command_exits_1_and_prints_one_line_per_problem(tmp_path, local_server):
    practice_with_sources(tmp_path / "practices", [local_server + "/ok", local_server + "/gone"])
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sources.py"), "check", "--practices", str(tmp_path / "practices"), "--timeout", "2"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = result.stdout.splitlines()
    assert line.startswith("practices/sourced.md:") and "sources[2].url: the page is gone (404)" in line


def test_an_archived_copy_is_a_field_of_a_source_and_shown(tmp_path):
    text = MINIMAL.replace("  - title: A source\n", "  - title: A source\n    url: https://example.org/gone\n    archived: https://web.archive.org/web/2021/https://example.org/gone\n")
    (tmp_path / "archived.md").write_text(text)
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    html = "".join(Site(catalog).practice_page(catalog.practices[0]).fragments.values())
    assert '<a href="https://web.archive.org/web/2021/https://example.org/gone">Archived copy</a>' in html
    assert [a.field for a in addresses(tmp_path, tmp_path)] == ["sources[1].url", "sources[1].archived"]


def test_a_practice_reviewed_more_than_two_years_ago_says_it_is_due(tmp_path):
    practice_with_sources(tmp_path, ["https://example.org/a"], name="old.md", reviewed="2022-06-30")
    practice_with_sources(tmp_path, ["https://example.org/b"], name="recent.md", reviewed="2026-01-31")
    (tmp_path / "recent.md").write_text((tmp_path / "recent.md").read_text().replace("Minimal practice", "Recent practice"))
    catalog = load_catalog(tmp_path, root=tmp_path, today=TODAY, registry=REGISTRY)
    pages = {p.slug: "".join(Site(catalog, language=lang).practice_page(p).fragments.values()) for lang in ("en",) for p in catalog.practices}
    assert "Last reviewed on 2022-06-30: this practice is due for review" in pages["old"]
    assert "practice-notice--review" not in pages["recent"]
    french = Site(catalog, language="fr").practice_page(next(p for p in catalog.practices if p.slug == "old"))
    assert "Dernière vérification le 2022-06-30" in "".join(french.fragments.values())


def test_the_maintainers_listing_orders_by_review_and_lists_incomplete_sources(tmp_path):
    practice_with_sources(tmp_path, ["https://example.org/a"], name="old.md", reviewed="2022-06-30")
    (tmp_path / "undated.md").write_text(MINIMAL.replace("Minimal practice", "Undated practice"))
    lines = review_listing(tmp_path, tmp_path, datetime.date(2026, 1, 15))
    assert lines[1:3] == ["  2022-06-30  old.md  (review due)", "  2024-01-31  undated.md"]
    assert 'old.md:7: sources[1] "Source 1" has no date.' in "\n".join(lines)
    assert 'undated.md:7: sources[1] "A source" has no address (url) and no date.' in "\n".join(lines)


def test_the_weekly_check_runs_with_least_privilege_and_no_pull_request_code():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "sources.yml").read_text())
    triggers = workflow.pop(True, workflow.get("on"))
    assert set(triggers) == {"schedule", "workflow_dispatch"} and triggers["schedule"][0]["cron"]
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write"}
    assert any("dev.py check-sources" in step.get("run", "") for step in job["steps"])
