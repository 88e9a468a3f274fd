"""Keeping sources alive: the source checker against a local server that answers
200, 301, 302, 404, 405, 500 and never in time (no test touches the internet),
the review-due notice, and the maintainers' listing. Trust: the web addresses a
practice or an actor may give (no name before "@", no host of this computer or of
a private network, in any form a browser or urllib reads), and the checker against
hostile servers."""

from __future__ import annotations

import datetime
import functools
import http.server
import shutil
import socket
import ssl
import subprocess
import sys
import threading
import time

import pytest
import yaml
from conftest import FIXTURES, REGISTRY, ROOT, TODAY, script

from catalog.languages import LANGUAGES
from catalog.addresses import MESSAGES, address_problem
from catalog.model import check_paths, load_catalog
from catalog.problems import translation
from catalog.site import Site
from catalog import sources
from catalog.sources import Address, addresses, check_address, check_addresses, review_listing

MINIMAL = (FIXTURES / "valid" / "minimal-practice.md").read_text()


class Answers(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []  # every path asked, to tell whether the checker connected at all

    def answer(self, body: bool) -> None:
        path = self.path
        self.asked.append(path)
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
    problems = {p.field: p for p in check_addresses(found, timeout=1, workers=8, allow_private_hosts=True)}
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


def test_the_command_exits_1_and_prints_one_line_per_problem(tmp_path, local_server, monkeypatch, capsys):
    practice_with_sources(tmp_path / "practices", [local_server + "/ok", local_server + "/gone"])
    command = script("sources")
    monkeypatch.setattr(command, "check_addresses", functools.partial(check_addresses, allow_private_hosts=True))  # its server is on 127.0.0.1
    monkeypatch.chdir(tmp_path)
    assert command.main(["check", "--practices", str(tmp_path / "practices"), "--timeout", "2"]) == 1
    [line] = capsys.readouterr().out.splitlines()
    assert line.startswith("practices/sourced.md:") and "sources[2].url: the page is gone (404)" in line


def test_the_command_refuses_sources_on_this_computer_without_connecting(tmp_path, local_server):
    urls = [local_server + "/ok", local_server.replace("127.0.0.1", "localhost") + "/ok", local_server.replace("127.0.0.1", "[::1]") + "/ok"]
    practice_with_sources(tmp_path / "practices", urls)
    asked = len(Answers.asked)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "sources.py"), "check", "--practices", str(tmp_path / "practices"), "--timeout", "2"],
        capture_output=True, text=True, cwd=tmp_path,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert [line.split(": ", 2)[1] for line in result.stdout.splitlines()] == ["sources[1].url", "sources[2].url", "sources[3].url"]
    assert all("which is not a public web site" in line for line in result.stdout.splitlines()), result.stdout
    assert len(Answers.asked) == asked  # refused before any connection


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
    for language in LANGUAGES[1:]:
        for address, (message, hint) in zip(addresses_refused, produced):
            said, advice = translation(message, language), translation(hint, language)
            assert said and said != message and f'"{address}"' in said, (language, message)
            assert advice and advice != hint, (language, hint)


# --- the checker against hostile servers ---------------------------------------------


class HostileServer:
    """A server on 127.0.0.1 that misbehaves as each path asks, one thread per
    connection; `asked` lists the paths it was asked for."""

    def __init__(self, other_port: int) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port, self.other_port = self.listener.getsockname()[1], other_port
        self.url = f"http://127.0.0.1:{self.port}"
        self.closing = threading.Event()
        self.asked: list[str] = []
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.answer, args=(connection,), daemon=True).start()

    def answer(self, connection: socket.socket) -> None:
        with connection:
            request = b""
            while b"\r\n\r\n" not in request:
                chunk = connection.recv(4096)
                if not chunk:
                    return
                request += chunk
            method, path = request.decode("latin-1").split(" ")[:2]
            self.asked.append(path)
            try:
                for part in self.parts(method, path):
                    connection.sendall(part)
            except OSError:
                pass  # the checker went away: as it should

    def redirect(self, status: int, location: str) -> bytes:
        return f"HTTP/1.1 {status} Moved\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()

    def parts(self, method: str, path: str):
        if path == "/ok":
            yield b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
        elif path == "/moved":
            yield self.redirect(301, "/ok")
        elif path == "/status-200000":
            yield b"HTTP/1.1 200000 OK\r\nContent-Length: 0\r\n\r\n"
        elif path == "/long-header":
            yield b"HTTP/1.1 200 OK\r\nX-Padding: " + b"a" * 70_000 + b"\r\n\r\n"
        elif path == "/many-headers":
            yield b"HTTP/1.1 200 OK\r\n" + b"".join(b"X-Header-%d: %d\r\n" % (n, n) for n in range(150)) + b"\r\n"
        elif path == "/cut":
            yield b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"  # and the connection closes
        elif path == "/drip":  # one header line a second, for a minute
            yield b"HTTP/1.1 200 OK\r\n"
            for n in range(60):
                if self.closing.wait(1):
                    return
                yield b"X-Drip-%d: 1\r\n" % n
        elif path == "/silent":  # reads the request, never answers
            self.closing.wait(60)
        elif path == "/endless-body":  # HEAD refused, then a body that never ends
            if method == "HEAD":
                yield b"HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n"
                return
            yield b"HTTP/1.1 200 OK\r\nContent-Length: 100000000000\r\n\r\n"
            while not self.closing.is_set():
                yield b"x" * 65536
        elif path == "/to-ftp":
            yield self.redirect(301, "ftp://127.0.0.1/report.pdf")
        elif path == "/to-localhost":
            yield self.redirect(302, f"http://localhost:{self.port}/ok")
        elif path == "/to-other-port":
            yield self.redirect(302, f"http://127.0.0.1:{self.other_port}/ok")
        elif path == "/to-metadata":
            yield self.redirect(307, "http://169.254.169.254/latest/meta-data/")
        elif path == "/to-decimal":
            yield self.redirect(302, "http://2130706433/ok")
        elif path == "/loop":
            yield self.redirect(302, "/loop")
        elif path == "/bad-location":
            yield self.redirect(302, "http://[::1/")
        elif path == "/backticks":  # would close the code block of the weekly issue
            yield self.redirect(302, "http://[::1/```\x1b[2J@maintainers")
        else:
            yield b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"

    def close(self) -> None:
        self.closing.set()
        self.listener.close()


@pytest.fixture(scope="module")
def hostile(local_server):
    server = HostileServer(int(local_server.rsplit(":", 1)[1]))
    yield server
    server.close()


def address(url: str, line: int = 7) -> Address:
    return Address("practices/sourced.md", line, "sources[1].url", url)


TIMEOUT = 2.5
HOSTILE = {  # path -> what the report says of it
    "/status-200000": "gave a broken answer (it does not start with a status such as 200 OK)",
    "/long-header": "gave a broken answer (a line of it is far too long)",
    "/many-headers": "gave a broken answer (got more than 100 headers)",
    "/cut": "gave a broken answer (the connection closed before the end of the headers)",
    "/drip": f"no answer within {TIMEOUT:g} seconds",
    "/silent": f"no answer within {TIMEOUT:g} seconds",
    "/to-ftp": "redirects to ftp://127.0.0.1/report.pdf, which is not a public web page: it is not followed.",
    "/to-localhost": "redirects to http://localhost:{port}/ok, which is not a public web page",
    "/to-other-port": "redirects to http://127.0.0.1:{other}/ok, which is not a public web page",
    "/to-metadata": "redirects to http://169.254.169.254/latest/meta-data/, which is not a public web page",
    "/to-decimal": "redirects to http://127.0.0.1/ok, which is not a public web page",
    "/loop": "redirects more than 5 times",
    "/bad-location": "redirects to http://[::1/, which is not a web address",
    "/backticks": "redirects to http://[::1/%60%60%60?[2J@maintainers, which is not a web address",
}


def test_every_hostile_server_gets_one_finding_and_the_report_has_them_all(tmp_path, hostile):
    paths = [*HOSTILE, "/ok", "/moved", "/gone", "/endless-body"]
    path = practice_with_sources(tmp_path / "practices", [hostile.url + p for p in paths])
    found = addresses(tmp_path / "practices", tmp_path)
    started = time.monotonic()
    problems = check_addresses(found, timeout=TIMEOUT, workers=len(found), allow_private_hosts=True)
    assert time.monotonic() - started < TIMEOUT + 1
    lines = path.read_text().split("\n")
    by_field = {p.field: p for p in problems}
    assert len(problems) == len(by_field) == len(HOSTILE) + 2 and problems == sorted(problems)
    for n, asked in enumerate(paths, 1):
        problem = by_field.get(f"sources[{n}].url")
        if asked in ("/ok", "/endless-body"):
            assert problem is None, str(problem)
            continue
        assert problem.file == "practices/sourced.md" and lines[problem.line - 1].strip() == f"url: {hostile.url}{asked}"
        expected = HOSTILE.get(asked, "").format(port=hostile.port, other=hostile.other_port)
        assert expected in problem.message and problem.hint, str(problem)
    assert "moved for good to" in by_field[f"sources[{paths.index('/moved') + 1}].url"].message
    assert "gone (404)" in by_field[f"sources[{paths.index('/gone') + 1}].url"].message


@pytest.mark.parametrize("path", ["/drip", "/silent"])
def test_a_server_that_drips_or_says_nothing_is_given_up_at_the_deadline(hostile, path):
    started = time.monotonic()
    problem = check_address(address(hostile.url + path), TIMEOUT, allow_private_hosts=True)
    waited = time.monotonic() - started
    assert TIMEOUT - 0.1 < waited < TIMEOUT + 0.5, waited
    assert (problem.file, problem.line, problem.field) == ("practices/sourced.md", 7, "sources[1].url")
    assert f"no answer within {TIMEOUT:g} seconds from {hostile.url}{path}." == problem.message


def test_a_body_that_never_ends_is_not_read(hostile):
    started = time.monotonic()
    assert check_address(address(hostile.url + "/endless-body"), 10, allow_private_hosts=True) is None
    assert time.monotonic() - started < 2


def test_a_stuck_check_does_not_keep_the_command_running(hostile):
    code = (
        "import sys\n"
        "from catalog.sources import Address, check_addresses\n"
        "found = [Address('practices/sourced.md', 7, 'sources[1].url', sys.argv[1] + path) for path in ('/drip', '/silent')]\n"
        "print(len(check_addresses(found, timeout=1, allow_private_hosts=True)))\n"
    )
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", code, hostile.url], capture_output=True, text=True, timeout=30)
    assert result.stdout.strip() == "2" and result.returncode == 0, result.stderr
    assert time.monotonic() - started < 1 + 5  # the drip goes on for a minute; the process does not wait for it


def test_by_default_the_checker_refuses_every_private_hop_before_connecting(hostile):
    asked = len(hostile.asked)
    for url in (hostile.url + "/ok", f"http://localhost:{hostile.port}/ok", f"http://2130706433:{hostile.port}/ok", f"http://[::ffff:127.0.0.1]:{hostile.port}/ok"):
        problem = check_address(address(url), TIMEOUT)
        assert "which is not a public web site: it names this computer or a private or local network" in problem.message, str(problem)
    assert len(hostile.asked) == asked
    # With the tests' allowance the first host is reached, and a redirect to another private host is still refused
    problem = check_address(address(hostile.url + "/to-other-port"), TIMEOUT, allow_private_hosts=True)
    assert "which is not a public web page" in problem.message and hostile.asked[-1] == "/to-other-port"


@pytest.fixture
def resolver(monkeypatch):
    """Names that resolve as a test says, one answer after another; the system
    resolves the others. `asked` counts the questions."""
    answers: dict[str, list[list[str]]] = {}
    asked: list[str] = []
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in answers:
            return real(host, port, *args, **kwargs)
        asked.append(host)
        ips = answers[host].pop(0) if len(answers[host]) > 1 else answers[host][0]
        return [(socket.AF_INET6 if ":" in ip else socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, port)) for ip in ips]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    getaddrinfo.answers, getaddrinfo.asked = answers, asked
    return getaddrinfo


def test_a_public_name_that_resolves_to_this_computer_is_refused_before_connecting(hostile, resolver):
    resolver.answers["sources.example.org"] = [["127.0.0.1"]]
    resolver.answers["mixed.example.org"] = [["93.184.216.34", "10.1.2.3"]]
    asked = len(hostile.asked)
    problem = check_address(address(f"http://sources.example.org:{hostile.port}/ok"), TIMEOUT)
    assert problem.message == f"the name sources.example.org of http://sources.example.org:{hostile.port}/ok leads to 127.0.0.1, which is not a public web site."
    problem = check_address(address(f"https://mixed.example.org/ok"), TIMEOUT)
    assert "leads to 10.1.2.3, which is not a public web site" in problem.message  # every address is checked, not only the first
    assert len(hostile.asked) == asked


def test_the_checker_connects_to_the_address_it_checked_not_to_a_second_answer(hostile, resolver):
    # The name first resolves to the server, then (rebinding) elsewhere: the checker asks once per request and connects to what it was told
    resolver.answers["sources.example.org"] = [["127.0.0.1"], ["127.0.0.2"], ["127.0.0.2"]]
    assert check_address(address(f"http://sources.example.org:{hostile.port}/ok"), TIMEOUT, allow_private_hosts=True) is None
    assert resolver.asked == ["sources.example.org"] and hostile.asked[-1] == "/ok"


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory, local_server):
    """The well-behaved server over TLS, with a certificate for sources.example.org alone."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command: apt-get install openssl")
    folder = tmp_path_factory.mktemp("tls")
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=sources.example.org",
         "-addext", "subjectAltName=DNS:sources.example.org", "-keyout", str(folder / "key.pem"), "-out", str(folder / "cert.pem")],
        check=True, capture_output=True,
    )
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(folder / "cert.pem", folder / "key.pem")
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1], folder / "cert.pem"
    server.shutdown()


def test_over_tls_the_certificate_is_checked_for_the_name_while_connecting_to_the_checked_address(tls_server, resolver, monkeypatch):
    port, certificate = tls_server
    resolver.answers["sources.example.org"] = [["127.0.0.1"]]
    resolver.answers["other.example.org"] = [["127.0.0.1"]]
    problem = check_address(address(f"https://sources.example.org:{port}/ok"), TIMEOUT, allow_private_hosts=True)
    assert problem.message == f"could not reach https://sources.example.org:{port}/ok (its certificate is not valid: self-signed certificate)."
    trusted = ssl.create_default_context(cafile=str(certificate))
    monkeypatch.setattr(sources, "tls_context", lambda: trusted)
    assert check_address(address(f"https://sources.example.org:{port}/ok"), TIMEOUT, allow_private_hosts=True) is None
    problem = check_address(address(f"https://other.example.org:{port}/ok"), TIMEOUT, allow_private_hosts=True)
    assert "its certificate is not valid: Hostname mismatch, certificate is not valid for 'other.example.org'" in problem.message
