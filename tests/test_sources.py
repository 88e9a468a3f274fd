"""Keeping sources alive: the source checker against a local server that answers
200, 301, 302, 404, 405, 500 and never in time (no test touches the internet),
the review-due notice, and the maintainers' listing. Trust: the web addresses a
practice or an actor may give (no name before "@", no host of this computer or of
a private network, in any form a browser or urllib reads), and the checker against
hostile servers."""

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

from catalog.addresses import MESSAGES, address_problem
from catalog.model import check_paths, load_catalog
from catalog.problems import translation
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


# --- the web addresses a practice or an actor may give -----------------------------

THIS_COMPUTER = [
    "http://127.0.0.1/", "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0177.0.0.1/", "http://127.0.0.1./",
    "http://%31%32%37.0.0.1/", "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11/",  # percent-encoded, full-width
    "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/", "http://0.0.0.0/", "http://0/", "http://[::]/",
]
PRIVATE_NETWORKS = [
    "http://10.0.0.1/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/",
    "http://[fe80::1]/", "http://[fc00::1]/", "http://[fd12:3456::1]/", "http://[64:ff9b::a00:1]/", "http://[2002:c0a8:101::]/",
    "http://100.64.0.1/", "http://224.0.0.1/", "http://[ff02::1]/", "http://240.0.0.1/", "http://255.255.255.255/", "https://[2001:db8::1]/",
]
LOCAL_NAMES = [
    "http://localhost/", "http://LOCALHOST./", "http://localhost:8000/admin", "http://app.localhost/", "http://printer.local/",
    "http://metadata.google.internal/", "http://nas.home.arpa/", "http://router.lan/", "http://intranet/", "https://wiki/page",
]
LOCAL_FORMS = THIS_COMPUTER + PRIVATE_NETWORKS + LOCAL_NAMES
PUBLIC_FORMS = [
    "https://www.lausanne.ch/fr/officiel/administration.html", "http://example.org", "https://web.archive.org/web/2021/https://example.org/page",
    "https://medium.com/@dakar/twinning", "https://8.8.8.8/", "https://172.32.0.1/", "https://[2606:4700:4700::1111]/", "https://www.dakar.sn:443/?a=b@c",
]
USER_INFO_FORMS = ["https://www.dakar.sn@evil.example/", "https://user:secret@www.dakar.sn/", "https://@www.dakar.sn/", "https://www.dakar.sn\\@evil.example/"]


def practice_with_addresses(folder, entries: list[str]):
    """A valid practice but for its addresses: one source for each entry ("url:
    ...", or a url and an "archived: ..."), each with its id, cited in the text."""
    folder.mkdir(exist_ok=True)
    sources = "".join(f"  - title: Source {n}\n    id: s{n}\n    {entry}\n" for n, entry in enumerate(entries, 1))
    cited = "Some context." + "".join(f"[^s{n}]" for n in range(1, len(entries) + 1))
    path = folder / "sourced.md"
    path.write_text(MINIMAL.replace("sources:\n  - title: A source\n", "sources:\n" + sources).replace("Some context.", cited))
    return path


def source_lines(key: str, addresses: list[str]) -> list[str]:
    if key == "url":
        return [f"url: {address}" for address in addresses]
    return [f"url: https://example.org/\n    archived: {address}" for address in addresses]


@pytest.mark.parametrize("key", ["url", "archived"])
@pytest.mark.parametrize("forms", [THIS_COMPUTER, PRIVATE_NETWORKS, LOCAL_NAMES], ids=["this computer", "private networks", "local names"])
def test_a_source_on_this_computer_or_a_private_network_is_refused_in_any_form(tmp_path, key, forms):
    path = practice_with_addresses(tmp_path / "practices", source_lines(key, forms))
    _, problems = check_paths([path], root=tmp_path, today=TODAY, registry=REGISTRY)
    lines = path.read_text().split("\n")
    assert [p.field for p in problems] == [f"sources[{n}].{key}" for n in range(1, len(forms) + 1)], [str(p) for p in problems]
    for problem, address in zip(problems, forms):
        assert problem.file == "practices/sourced.md" and lines[problem.line - 1].strip() == f"{key}: {address}"
        assert "which is not a public web site: it names this computer or a private or local network" in problem.message
        assert problem.hint == "Give the address at which anyone on the internet can open the page."


def test_the_message_names_the_host_a_browser_would_reach():
    message, _ = address_problem("http://0x7f000001/")
    assert message.startswith('"http://0x7f000001/" leads to 127.0.0.1, which is not a public web site')
    assert "leads to [::ffff:7f00:1]," in address_problem("http://[::ffff:127.0.0.1]/")[0]


@pytest.mark.parametrize("key", ["url", "archived"])
def test_an_address_with_a_name_before_the_site_is_refused(tmp_path, key):
    path = practice_with_addresses(tmp_path / "practices", source_lines(key, USER_INFO_FORMS))
    lines = path.read_text().split("\n")
    _, problems = check_paths([path], root=tmp_path, today=TODAY, registry=REGISTRY)
    assert [p.field for p in problems] == [f"sources[{n}].{key}" for n in range(1, len(USER_INFO_FORMS) + 1)], [str(p) for p in problems]
    assert [lines[p.line - 1].strip() for p in problems] == [f"{key}: {address}" for address in USER_INFO_FORMS]
    assert all("has a name and an @ sign before the name of the site" in p.message and "copy its address from the address bar" in p.hint for p in problems)


def test_ordinary_public_addresses_pass(tmp_path):
    path = practice_with_addresses(tmp_path / "practices", source_lines("url", PUBLIC_FORMS) + source_lines("archived", PUBLIC_FORMS))
    assert check_paths([path], root=tmp_path, today=TODAY, registry=REGISTRY)[1] == []


def test_an_address_no_browser_can_open_is_refused_with_its_line(tmp_path):
    path = practice_with_addresses(tmp_path / "practices", source_lines("url", ["https://example.org/", "http://1.2.3.09/", "http://[::1/"]))
    _, problems = check_paths([path], root=tmp_path, today=TODAY, registry=REGISTRY)
    lines = path.read_text().split("\n")
    assert [(p.field, lines[p.line - 1].strip()) for p in problems] == [("sources[2].url", "url: http://1.2.3.09/"), ("sources[3].url", "url: http://[::1/")]
    assert all("is not a web address a browser can open" in p.message for p in problems)


@pytest.mark.parametrize(("website", "words"), [
    ("https://www.dakar.sn@evil.example/", "has a name and an @ sign"),
    ("https://127.1/", "leads to 127.0.0.1, which is not a public web site"),
    ("https://[::ffff:10.0.0.1]/", "which is not a public web site"),
    ("https://ville.local/", "leads to ville.local, which is not a public web site"),
])
def test_an_actor_website_on_a_private_host_or_with_a_name_before_the_site_is_refused(tmp_path, website, words):
    folder = tmp_path / "actors"
    folder.mkdir()
    path = folder / "dakar.md"
    path.write_text(f"---\nname: Dakar\nkind: municipality\ncountry: SN\nwebsite: {website}\n---\n")
    _, problems = check_paths([path], root=tmp_path, today=TODAY)
    assert [(p.file, p.line, p.field) for p in problems] == [("actors/dakar.md", 5, "website")], [str(p) for p in problems]
    assert words in problems[0].message


def test_the_address_messages_exist_in_french_and_spanish():
    addresses_refused = ["http://1.2.3.09/", USER_INFO_FORMS[0], LOCAL_FORMS[0]]
    produced = [address_problem(address) for address in addresses_refused]
    assert len({message for message, _ in produced}) == 3 and {hint for _, hint in produced} == {MESSAGES[key] for key in MESSAGES if key.endswith(".hint")}
    for language in ("fr", "es"):
        for address, (message, hint) in zip(addresses_refused, produced):
            said, advice = translation(message, language), translation(hint, language)
            assert said and said != message and f'"{address}"' in said, (language, message)
            assert advice and advice != hint, (language, hint)
