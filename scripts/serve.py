"""Serve the site while you edit it, all three languages and search:

    python3 scripts/dev.py serve [--dev-addr 127.0.0.1:8000]

The whole site is built first. Then, after each save:

- a practice or an actor changed or was added: the language you are viewing
  is rebuilt first, then the other two, each build rewriting only the pages
  whose content changed; the browser reloads as soon as its language is done.
  The search index is rebuilt last, in the background, so a search may find
  the old words for a few seconds more;
- a hand-written page, a template, a configuration file, CONTRIBUTING, or a
  file removed or renamed: the three languages are rebuilt from scratch, then
  the search index;
- the code or the schema (catalog/, hooks/): the server restarts.

A practice with a problem: the problems are printed, and the site stays as it
was until the file is fixed. `mkdocs serve` works too, but rebuilds everything
after every save.
"""

from __future__ import annotations

import argparse
import html
import http.server
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from catalog.i18n import LANGUAGES, Words, environment_language
from catalog import languages
from catalog.languages import site_folder
from catalog.searchindex import index_command

ROOT = Path(__file__).resolve().parent.parent  # the project served, unless --project says another
log = logging.getLogger("mkdocs")

# What a change under each folder (or to each file) of the project asks for.
RESTART = ("catalog", "hooks")  # code and schemas the server has loaded
INCREMENTAL = ("practices", "actors")  # content: rewrite only the pages that changed
FROM_SCRATCH = ("docs", "overrides")  # plus mkdocs*.yml and CONTRIBUTING*.md
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".pyc")

RELOAD_SCRIPT = b"""// Reloads the page when the server has rebuilt its language (scripts/serve.py).
const script = document.currentScript;
const { language } = script.dataset;
let { epoch } = script.dataset;
async function wait() {
  for (;;) {
    try {
      const response = await fetch(`/__reload?language=${language}&epoch=${epoch}`, { cache: "no-store" });
      const now = await response.text();
      if (response.ok && now !== epoch) return location.reload();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1000));  // the server is restarting
    }
  }
}
wait();
"""


def config_file(project: Path, language: str) -> Path:
    return project / languages.config_file(language)


def change_of(path: str, project: Path) -> str | None:
    """What a change to this file of the project asks for: "restart", "scratch",
    "incremental", or None when the site does not read it."""
    try:
        parts = Path(path).resolve().relative_to(project).parts
    except ValueError:
        return None
    name = parts[-1] if parts else ""
    if not parts or name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES) or "__pycache__" in parts:
        return None
    if parts[0] in RESTART:
        return "restart"
    if parts[0] in INCREMENTAL:
        return "incremental" if name.endswith(".md") else None
    if parts[0] in FROM_SCRATCH or (len(parts) == 1 and (name.startswith("mkdocs") and name.endswith(".yml") or name.startswith("CONTRIBUTING"))):
        return "scratch"
    return None


class Site:
    """The site being served: where it is built, which language the browser
    shows, each language's build count (the browser reloads when its own
    grows), and the search indexing running in the background."""

    def __init__(self, project: Path, folder: Path):
        self.project, self.folder = project, folder
        self.viewed = LANGUAGES[0]
        self.epochs = {language: 0 for language in LANGUAGES}
        self.rebuilt = threading.Condition()
        self.search: subprocess.Popen | None = None
        self.problems: list[str] = []  # what the last build that failed said; shown on every page until fixed

    def folder_of(self, language: str) -> Path:
        return self.folder if language == LANGUAGES[0] else self.folder / language

    def build(self, language: str, scratch: bool) -> bool:
        """One language's build; False when it failed (its messages are printed)."""
        started = time.perf_counter()
        errors = Errors()
        log.addHandler(errors)
        try:
            config = load_config(config_file=str(config_file(self.project, language)), site_dir=str(self.folder_of(language)), strict=False)
            build(config, dirty=not scratch)
        except (Exception, SystemExit) as error:  # MkDocs' Abort is a SystemExit
            if str(error) and not str(error).startswith("Aborted"):
                log.error(str(error))
            log.removeHandler(errors)
            self.problems = errors.messages
            self.reload(LANGUAGES)  # to show the problems on the page being viewed
            log.error(f"The {language} site was not rebuilt: fix the problems above and save again; it is served as it was.")
            return False
        finally:
            log.removeHandler(errors)
        self.reload([language])
        log.info(f"{language}: rebuilt in {time.perf_counter() - started:.1f} s")
        return True

    def reload(self, languages) -> None:
        """Tell the browsers showing these languages to reload."""
        with self.rebuilt:
            for language in languages:
                self.epochs[language] += 1
            self.rebuilt.notify_all()

    def rebuild(self, scratch: bool) -> None:
        """Every language, the one being viewed first (English first from scratch:
        its build empties the site folder), then the search index in the background."""
        self.stop_search()
        self.problems = []  # shown again if this build fails too
        first = LANGUAGES[0] if scratch else self.viewed
        order = [first] + [language for language in LANGUAGES if language != first]
        for language in order:
            if not self.build(language, scratch):
                return  # the same practices would fail the others
        self.search = subprocess.Popen(index_command(self.folder), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self.report_search, args=(self.search,), daemon=True).start()

    def report_search(self, process: subprocess.Popen) -> None:
        said, _ = process.communicate()
        if process.returncode == 0:
            log.info("Search index rebuilt.")
        elif process.returncode > 0:  # not stopped for a newer build
            log.error(f"Pagefind could not index the site: {said.strip()}")

    def stop_search(self) -> None:
        if self.search and self.search.poll() is None:
            self.search.kill()
            self.search.wait()

    def wait_for(self, language: str, epoch: str, seconds: float = 25) -> int:
        with self.rebuilt:
            self.rebuilt.wait_for(lambda: str(self.epochs[language]) != epoch, timeout=seconds)
            return self.epochs[language]


class Errors(logging.Handler):
    """The error messages of one build."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage().removeprefix("hooks/practices: "))


class Watcher(FileSystemEventHandler):
    """Collects the changes to the project; `next` waits for some and says
    what they ask for."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.pending: set[str] = set()
        self.arrived = threading.Condition()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        gone = change_of(str(event.src_path), self.project) if event.event_type in ("deleted", "moved") else None
        changes = {change_of(str(path), self.project) for path in (event.src_path, getattr(event, "dest_path", "")) if path}
        if gone == "incremental":
            changes.add("scratch")  # a practice or actor gone: a dirty build would leave its page
        changes.discard(None)  # an editor's temporary file, saved over the real one, is a change to that one
        if changes:
            with self.arrived:
                self.pending |= changes
                self.arrived.notify_all()

    def next(self) -> str:
        with self.arrived:
            self.arrived.wait_for(lambda: self.pending)
        time.sleep(0.05)  # an editor's save is often several events
        with self.arrived:
            changes, self.pending = self.pending, set()
        return next(change for change in ("restart", "scratch", "incremental") if change in changes)


def handler_for(site: Site):
    class Handler(http.server.SimpleHTTPRequestHandler):
        """Serves the site folder; HTML pages with the reload script."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(site.folder), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if url.path == "/__reload.js":
                return self.answer(200, RELOAD_SCRIPT, "text/javascript")
            if url.path == "/__reload":
                query = parse_qs(url.query)
                language = query.get("language", [""])[0]
                if language not in site.epochs:
                    return self.answer(400, b"unknown language", "text/plain")
                return self.answer(200, str(site.wait_for(language, query.get("epoch", [""])[0])).encode(), "text/plain")
            path = Path(self.translate_path(self.path))
            if path.is_dir() and url.path.endswith("/"):
                path = path / "index.html"
            if path.suffix == ".html" or not path.exists():
                language = next((code for code in LANGUAGES[1:] if url.path.startswith(f"/{site_folder(code)}")), LANGUAGES[0])
                if path.is_file():
                    site.viewed = language
                    return self.page(200, path, language)
                return self.page(404, site.folder_of(language) / "404.html", language)
            return super().do_GET()

        def page(self, status: int, path: Path, language: str) -> None:
            try:
                body = path.read_bytes()
            except OSError:  # not built yet, or the first build failed
                body = b"<!doctype html><title>Not found</title><body><p>There is no page here.</p></body>"
            script = f'<script src="/__reload.js" data-language="{language}" data-epoch="{site.epochs[language]}"></script>'.encode()
            body = body.replace(b"</body>", script + b"</body>", 1)
            if site.problems:
                body = problems_banner(site.problems) + body if b"<body" not in body else re.sub(rb"(<body[^>]*>)", lambda m: m[1] + problems_banner(site.problems), body, count=1)
            self.answer(status, body, "text/html; charset=utf-8")

        def answer(self, status: int, body: bytes, kind: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)

        def end_headers(self) -> None:
            if not any(line.startswith(b"Cache-Control") for line in getattr(self, "_headers_buffer", [])):
                self.send_header("Cache-Control", "no-store")  # a reload shows the rebuilt files
            super().end_headers()

    return Handler


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a browser that left while its page waited for a reload
            super().handle_error(request, client_address)


def problems_banner(problems: list[str]) -> bytes:
    """What the last build said, at the top of the page being viewed."""
    items = "".join(f"<li>{html.escape(problem)}</li>" for problem in problems)
    return (
        '<div role="alert" style="position:sticky;top:0;z-index:10;padding:1em;background:#fff3cd;color:#000;border-bottom:2px solid #c00;font:14px/1.4 sans-serif">'
        f"<strong>{html.escape(messages()('serve.problems'))}</strong><ul>{items}</ul></div>"
    ).encode()


def serve(address: str, project: Path, page: str = "") -> int:
    host, _, port = address.rpartition(":")
    os.environ.update({"NO_MKDOCS_2_WARNING": "1", "PRACTICES_ONE_LANGUAGE": "1"})
    output = Path(tempfile.mkdtemp(prefix="practices-serve-"))
    os.environ["PRACTICES_PAGE_RECORDS"] = str(output / "records")
    signal.signal(signal.SIGTERM, stop)
    site = Site(project, output / "site")
    observer = Observer()
    try:  # Ctrl+C at any moment, the first build included, stops with one plain line
        log.info("Building the whole site, all languages, before serving it ...")
        site.rebuild(scratch=True)
        watcher = Watcher(project)
        observer.schedule(watcher, str(project), recursive=False)  # mkdocs*.yml, CONTRIBUTING*.md
        for folder in (*RESTART, *INCREMENTAL, *FROM_SCRATCH):  # not .venv/, site/ or .git/
            if (project / folder).is_dir():
                observer.schedule(watcher, str(project / folder), recursive=True)
        observer.start()
        server = Server((host or "127.0.0.1", int(port)), handler_for(site))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        others = ", ".join(f"{Words(LANGUAGES[0]).language_name(code)} at /{site_folder(code)}" for code in LANGUAGES[1:])
        log.info(f"Serving on http://{host or '127.0.0.1'}:{port}/ ({others}). Ctrl+C stops.")
        if page:
            log.info(f"Open http://{host or '127.0.0.1'}:{port}/{page}")
        while True:
            change = watcher.next()
            if change == "restart":
                log.info("Code changed: restarting ...")
                site.stop_search()
                server.server_close()
                shutil.rmtree(output, ignore_errors=True)
                os.execv(sys.executable, [sys.executable, *sys.argv])
            log.info("Rebuilding: " + ("only the pages that changed" if change == "incremental" else "everything"))
            site.rebuild(scratch=change == "scratch")
    except KeyboardInterrupt:
        log.info(messages()("serve.stopped"))
    finally:
        site.stop_search()
        if observer.is_alive():
            observer.stop()
        shutil.rmtree(output, ignore_errors=True)
    return 0


def stop(*_) -> None:
    raise KeyboardInterrupt  # so that the temporary site is removed


def messages() -> Words:
    """What serve says, in the contributor's language: --lang, which main puts
    where the builds (hooks/practices.py) read it too."""
    return Words(os.environ.get("PRACTICES_MESSAGES_LANGUAGE", LANGUAGES[0]))


class Quiet(logging.Filter):
    """What a dirty build says every time, and is the point here."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("A 'dirty' build is being performed", "The directory contains stale files"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="serve.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT", help="where to serve (default 127.0.0.1:8000)")
    parser.add_argument("--project", type=Path, default=ROOT, help="the project folder to serve (default: this checkout)")
    parser.add_argument("--page", default="", metavar="PATH", help="the page to name when serving starts, e.g. fr/practices/my-city/")
    parser.add_argument("--lang", choices=LANGUAGES, default=environment_language(), help="the language of the problems reported (default: your system's)")
    args = parser.parse_args(argv)
    os.environ["PRACTICES_MESSAGES_LANGUAGE"] = args.lang
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.addFilter(Quiet())
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        return serve(args.dev_addr, args.project.resolve(), args.page)
    except KeyboardInterrupt:  # a second Ctrl+C while the first one was cleaning up
        log.info(messages()("serve.stopped"))
        return 130


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
