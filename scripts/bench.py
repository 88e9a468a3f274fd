"""Measure the build with N synthetic practices, all in one run on this machine.

    python scripts/bench.py                 N = 100 and 1,000 (plus the real practices)
    python scripts/bench.py --sizes 1000 5000 --json bench.json

For each N, in a temporary copy of the project:
- full build: `mkdocs build --strict` with our hooks, wall time and peak memory
  (of the English build's process, and of the largest process it runs: the French
  and Spanish builds run beside it);
- three bare builds: the same Markdown files (practices copied into each
  language's docs folder) built by MkDocs and Material without our hooks, once
  per language (English, French, Spanish) one after the other, with Material's
  own search; the ratio full/three bare is what the hooks and Pagefind cost;
- validation: practices read and validated per second, in-process;
- page size: the HTML of the same practice page, so that sizes can be compared
  across N (a page must not grow with the catalog);
- edit to answer: under `dev.py serve`, the seconds from saving a change to a
  practice to the server answering with the changed page (the slowest of three
  edits, viewed in English, French and Spanish).
Targets: full/three bare <= 1.3 at N = 1,000 and 5,000; edit to answer <= 5 s at 1,000; validation >= 2,000 practices/s; page size
independent of N. Timings on a shared machine are noisy: each figure is the best of
several runs, and full and bare builds alternate, so compare ratios from one run.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

import yaml

from catalog.languages import LANGUAGES, site_folder
from catalog.model import forget_reads, load_catalog
from catalog.related import related_practices
from catalog.story import clear_cache as story_cache_clear
from catalog.testing import make_project

ROOT = Path(__file__).resolve().parent.parent

class ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking the default of each !ENV [VARIABLE, default]."""


ConfigLoader.add_constructor("!ENV", lambda loader, node: loader.construct_sequence(node)[-1])


def make_bare_project(full: Path, folder: Path) -> list[Path]:
    """The same Markdown built by MkDocs and Material alone, once per language:
    no hooks, the practices as plain pages under each language's docs folder,
    the same extensions, and Material as it comes, with its own search (our
    build has Pagefind's instead). Returns the three configuration files."""
    shutil.copytree(full / "docs", folder / "docs")
    config = yaml.load((full / "mkdocs.yml").read_text(), Loader=ConfigLoader)
    config.pop("hooks")
    config.pop("extra_javascript")
    config["theme"].pop("custom_dir")
    config["plugins"] = ["search"]
    config["strict"] = False  # hand-written pages link to generated ones, absent here
    config["nav"] = [{"Home": "index.md"}, {"About": "about.md"}]
    config["not_in_nav"] = "/practices/\n/explore.md\n"
    configs = []
    for language in LANGUAGES:
        docs = folder / "docs" / site_folder(language)
        shutil.copytree(full / "practices", docs / "practices")
        config["docs_dir"] = str(docs)
        config["theme"]["language"] = language
        configs.append(folder / f"mkdocs.{language}.yml")
        configs[-1].write_text(yaml.safe_dump(config, sort_keys=False))
    return configs


MEASURE = """
import resource, sys
from mkdocs.__main__ import cli
try:
    cli(["build", "--config-file", sys.argv[1], "--site-dir", sys.argv[2]] + sys.argv[3:])
finally:
    print(f"max-rss-kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", file=sys.stderr)
    print(f"children-max-rss-kb={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}", file=sys.stderr)
"""


def build(config: Path, site: Path, *extra: str) -> tuple[float, float, float]:
    """Wall seconds, peak memory (MB) of one `mkdocs build`, and of the largest
    process it ran (a language's build, or Pagefind)."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(config), str(site), *extra],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"The build of {config} failed:\n{result.stderr[-3000:]}")
    rss = int(re.findall(r"(?m)^max-rss-kb=(\d+)", result.stderr)[-1])
    children = int(re.findall(r"(?m)^children-max-rss-kb=(\d+)", result.stderr)[-1])
    return seconds, rss / 1024, children / 1024


def bare_builds(configs: list[Path], site: Path) -> tuple[float, float]:
    """The three bare builds, one after the other: their summed seconds and the
    peak memory of the largest."""
    runs = [build(config, site / config.stem) for config in configs]
    return sum(seconds for seconds, _, _ in runs), max(mb for _, mb, _ in runs)


def measure(count: int, workdir: Path, repeat: int, edit: bool) -> dict:
    """The best of `repeat` runs of each measure: the machine is shared, and the
    fastest run is the one least disturbed by others."""
    full, bare = workdir / f"full-{count}", workdir / f"bare-{count}"
    full.mkdir()
    bare.mkdir()
    make_project(ROOT, full, count)
    bare_configs = make_bare_project(full, bare)

    validation_seconds = float("inf")
    for _ in range(max(repeat, 3)):
        story_cache_clear()  # a first reading, as a contributor's validate run does
        forget_reads()
        started = time.perf_counter()
        catalog = load_catalog(full / "practices")
        validation_seconds = min(validation_seconds, time.perf_counter() - started)
    count = len(catalog.practices)

    full_runs, bare_runs = [], []
    for _ in range(repeat):  # alternate, so that a slow spell hits both alike
        full_runs.append(build(full / "mkdocs.yml", full / "site", "--strict"))
        bare_runs.append(bare_builds(bare_configs, bare / "site"))
    (full_seconds, full_mb, full_child_mb), (bare_seconds, bare_mb) = min(full_runs), min(bare_runs)
    page = full / "site" / "practices" / "synthetic-practice-00000" / "index.html"
    edits = edit_to_answer(full) if edit else {}
    return {
        "practices": count,
        "full_build_s": round(full_seconds, 2),
        "three_bare_builds_s": round(bare_seconds, 2),
        "full_over_three_bare": round(full_seconds / bare_seconds, 3),
        "full_peak_mb": round(full_mb, 1),
        "full_child_peak_mb": round(full_child_mb, 1),  # the French and Spanish builds run beside the English one
        "bare_peak_mb": round(bare_mb, 1),
        "validation_per_s": round(count / validation_seconds),
        "practice_page_bytes": page.stat().st_size,
        "edit_to_answer_s": max(edits.values(), default="-"),  # the slowest of an edit viewed in English, in French, in Spanish
    }


def edit_to_answer(project: Path, languages: tuple[str, ...] = LANGUAGES) -> dict:
    """Under `dev.py serve` (scripts/serve.py): seconds from saving a change to a
    practice's summary to the server answering with the changed page, viewed in
    each language in turn, each edit once the previous one's rebuild and search
    indexing are over."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, str(ROOT / "scripts" / "serve.py"), "--project", str(project), "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    settled = threading.Event()  # the search index rebuilt: the rebuild is over
    said: list[str] = []

    def listen() -> None:
        for line in server.stdout:
            said.append(line)
            if "Search index rebuilt" in line:
                settled.set()

    threading.Thread(target=listen, daemon=True).start()
    seconds = {}
    try:
        for index, language in enumerate(languages):
            if not settled.wait(900):
                sys.exit("dev.py serve did not finish building:\n" + "".join(said[-30:]))
            settled.clear()
            slug = f"synthetic-practice-{index + 40:05}"
            url = f"http://127.0.0.1:{port}/{site_folder(language)}practices/{slug}/"
            urllib.request.urlopen(url).read()  # the browser shows this language
            path = project / "practices" / f"{slug}.md"
            text, word = path.read_text(encoding="utf-8"), f"Editedword{index}"
            started = time.perf_counter()
            path.write_text(text.replace("summary: ", f"summary: {word} ", 1), encoding="utf-8")
            while word.encode() not in urllib.request.urlopen(url).read():
                time.sleep(0.05)
            seconds[language] = round(time.perf_counter() - started, 2)
    finally:
        server.terminate()
        server.wait()
    return seconds


SEARCH_PROBE = """
import json, sys
from playwright.sync_api import sync_playwright
site, word = sys.argv[1], sys.argv[2]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page()
    sizes = {}
    page.on("response", lambda r: sizes.__setitem__(r.url, len(r.body())) if r.ok else None)
    page.goto(site + "/about/")
    page.wait_for_load_state("networkidle")
    before = dict(sizes)
    page.click("#site-search-input")
    page.keyboard.type(word)
    page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    search = {u: n for u, n in sizes.items() if "/pagefind/" in u or u.endswith("/javascripts/search.js")}
    print(json.dumps({"bytes": sum(search.values()), "requests": len(search), "files": search}))
    browser.close()
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class StaticHostHandler(QuietHandler):
    """Serves like a typical static host (GitHub Pages): text compressed with
    gzip, and a ten-minute cache."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file() or path.suffix not in self.COMPRESSED or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)

    def end_headers(self):
        if "Cache-Control" not in "".join(h.decode("latin-1") for h in getattr(self, "_headers_buffer", [])):
            self.send_header("Cache-Control", "max-age=600")
        super().end_headers()


WEIGHT_PROBE = """
import json, sys
from playwright.sync_api import sync_playwright
site, first, second = sys.argv[1:4]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
    page = browser.new_page()
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    received = []
    cdp.on("Network.loadingFinished", lambda event: received.append(event["encodedDataLength"]))
    page.goto(site + first)
    page.wait_for_load_state("networkidle")
    first_visit, received[:] = sum(received), []
    page.goto(site + second)
    page.wait_for_load_state("networkidle")
    print(json.dumps({"first": first_visit, "second": sum(received)}))
    browser.close()
"""


def page_weight(site: Path, first: str, second: str) -> dict:
    """What Chromium fetches, compressed and with headers, for a first visit to
    a practice page and then for a second page of the same site."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(StaticHostHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run([sys.executable, "-c", WEIGHT_PROBE, f"http://127.0.0.1:{server.server_address[1]}", first, second], capture_output=True, text=True, timeout=300)
    finally:
        server.shutdown()
    if result.returncode != 0:
        sys.exit(f"The page-weight probe failed:\n{result.stderr[-3000:]}")
    weights = json.loads(result.stdout)
    return {"first_visit_kb": round(weights["first"] / 1024, 1), "second_page_kb": round(weights["second"] / 1024, 1)}


def search_transfer(count: int, workdir: Path) -> dict:
    """Bytes the header search downloads, from an empty cache, until the first
    result of a one-word query shows: our script, Pagefind's JS and WebAssembly,
    the index chunks and the result fragments. Counted uncompressed, as a
    static server without compression sends them."""
    project = workdir / f"search-{count}"
    project.mkdir()
    make_project(ROOT, project, count)
    build(project / "mkdocs.yml", project / "site", "--strict")
    started = time.perf_counter()
    catalog = load_catalog(project / "practices")
    related_practices(catalog)
    related_seconds = time.perf_counter() - started
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(project / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, "-c", SEARCH_PROBE, f"http://127.0.0.1:{server.server_address[1]}", "twinning"], capture_output=True, text=True, timeout=300
        )
    finally:
        server.shutdown()
    if result.returncode != 0:
        sys.exit(f"The search probe failed:\n{result.stderr[-3000:]}")
    probe = json.loads(result.stdout)
    if os.environ.get("BENCH_VERBOSE"):
        for url, size in sorted(probe["files"].items(), key=lambda item: -item[1]):
            print(f"  {size / 1024:7.1f} KB  {url.split('/', 3)[-1]}")
    return {"practices": len(catalog.practices), "search_kb": round(probe["bytes"] / 1024, 1), "search_requests": probe["requests"], "catalog_and_related_s": round(related_seconds, 2)}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000], help="numbers of synthetic practices")
    parser.add_argument("--repeat", type=int, default=2, help="runs of each build; the fastest counts (default 2)")
    parser.add_argument("--search", type=int, default=5000, metavar="N", help="practices in the site whose search download is measured (0: skip)")
    parser.add_argument("--edit-at", type=int, nargs="*", default=[1000], metavar="N", help="sizes at which to measure edit to answer under dev.py serve (default 1000)")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-") as temp:
        results = [measure(count, Path(temp), args.repeat, count in args.edit_at) for count in args.sizes]
        weight = page_weight(
            Path(temp) / f"full-{args.sizes[0]}" / "site",
            "/practices/synthetic-practice-00000/",
            "/practices/synthetic-practice-00001/",
        )
        search = search_transfer(args.search, Path(temp)) if args.search else None
    columns = list(results[0])
    print(" | ".join(columns))
    for row in results:
        print(" | ".join(str(row[c]) for c in columns))
    smallest, largest = results[0]["practice_page_bytes"], results[-1]["practice_page_bytes"]
    print(
        f"the same practice page: {smallest} bytes at N = {results[0]['practices']}, {largest} at N = {results[-1]['practices']} "
        f"({(largest - smallest) / smallest:+.1%}; only its five related practices change)"
    )
    print(
        f"a practice page, compressed as a static host sends it: {weight['first_visit_kb']} KB on a first visit (target <= 150 KB), "
        f"{weight['second_page_kb']} KB for a second page (target <= 25 KB)"
    )
    if search:
        print(
            f"search with {search['practices']} practices: first result of a one-word query after {search['search_kb']} KB "
            f"in {search['search_requests']} requests (target <= 300 KB); reading them and relating them took {search['catalog_and_related_s']} s"
        )
    if args.json:
        args.json.write_text(json.dumps({"builds": results, "weight": weight, "search": search}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
