"""Shared helpers: where fixtures live, how to build the site as a maintainer
does, and a browser on that site for the tests that need one."""

from __future__ import annotations

import datetime
import functools
import http.server
import importlib.util
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

# The tools speak the language of the system's locale: English here, unless a test says otherwise.
for variable in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(variable, None)
os.environ["LANG"] = "C.UTF-8"

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"  # screenshots for a person to look at; ignored by git
# Debian's Chromium (Playwright's own browser download does not work here); another
# Chromium-based browser can be named in CHROMIUM_PATH, as GitHub's runners do.
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TODAY = datetime.date(2026, 11, 27)  # fixed, so that "not in the future" does not drift

from catalog import testing
from catalog.actors import read_registry

# The project's registry of actors, for practices written to a temporary folder.
REGISTRY = read_registry(ROOT / "actors", ROOT)[0]


def built_command(project: Path, site_dir: Path) -> list[str]:
    """`mkdocs build --strict` of a project folder, as a maintainer runs it."""
    return [str(Path(sys.executable).parent / "mkdocs"), "build", "--strict", "--config-file", str(project / "mkdocs.yml"), "--site-dir", str(site_dir)]


def run_mkdocs(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of a project folder, as a maintainer runs it."""
    return subprocess.run(
        built_command(project, site_dir),
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )


@pytest.fixture(scope="session")
def build(tmp_path_factory, worker_id) -> subprocess.CompletedProcess:
    """The real site, built once for the whole session. When the tests run in
    several processes (pytest-xdist), the first that needs it builds it in their
    shared folder while the others wait, and they all read it."""
    if worker_id == "master":
        site_dir = tmp_path_factory.mktemp("site")
        result = run_mkdocs(ROOT, site_dir)
        result.site_dir = site_dir
        return result
    shared = tmp_path_factory.getbasetemp().parent  # one folder per session, beside each process's own
    site_dir, outcome = shared / "site", shared / "site-build.json"
    try:
        (shared / "site-build.claimed").mkdir()  # only one process can make it
    except FileExistsError:
        waited = 0.0
        while not outcome.exists():
            assert waited < 900, "the process building the site for the tests did not finish"
            time.sleep(0.5)
            waited += 0.5
    else:
        built = run_mkdocs(ROOT, site_dir)
        written = shared / "site-build.json.part"
        written.write_text(json.dumps({"returncode": built.returncode, "stdout": built.stdout, "stderr": built.stderr}))
        written.replace(outcome)  # whole or not at all
    recorded = json.loads(outcome.read_text())
    result = subprocess.CompletedProcess(built_command(ROOT, site_dir), recorded["returncode"], recorded["stdout"], recorded["stderr"])
    result.site_dir = site_dir
    return result


@pytest.fixture(scope="session")
def site(build) -> Path:
    assert build.returncode == 0, build.stderr
    return build.site_dir


def script(name: str):
    """A module of scripts/, to call its functions."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_site_sources(destination: Path, practices: bool = True) -> None:
    """A copy of what a build of this project reads."""
    testing.copy_site_sources(ROOT, destination, practices)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A copy of the site's sources (configs, docs, hooks, practices) to break freely."""
    copy_site_sources(tmp_path / "project")
    return tmp_path / "project"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def server(site):
    """The built site served on localhost, as a static host would serve it."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"Chromium is not installed at {CHROMIUM}: install Debian's package (apt-get install chromium) to run the browser tests."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Without the background-networking flags Chromium calls home at start.
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    """A browser tab that records every request and every console error; the
    test fails if the page made a request off this machine or logged an error."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests, tab.errors = [], []
    tab.on("request", lambda request: tab.requests.append(request.url))
    tab.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    outside = [url for url in tab.requests if not url.startswith((server, "data:", "blob:"))]
    context.close()
    assert outside == [], f"requests outside localhost: {outside}"
    assert tab.errors == [], f"console errors: {tab.errors}"


def screenshot(tab, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
