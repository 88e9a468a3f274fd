"""The search index: Pagefind reads the built site and writes its index beside it
(site/pagefind/), in chunks that a browser downloads only as a query needs them.
Pagefind ships as a binary in the pagefind_bin wheel; it runs here in a child
process, so a failure is reported, not raised from deep inside.

(Pagefind's Python client could index each page as it is written, on the second
core, but it reads one reply per tenth of a second: 100 s for 1,000 pages.)"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"  # the folder of the index inside the site


class SearchIndexError(Exception):
    pass


def index_command(site_dir: Path) -> list[str]:
    """The command that indexes every page of a built site."""
    # Permalink marks (¶), the skip link ("Skip to content", which every page would
    # match) and the back-to-top button are not words of the page.
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--exclude-selectors", ".headerlink, .md-skip, .md-top", "--silent"]


def index_site(site_dir: Path) -> int:
    """Index every page of a built site; returns the number of pages indexed."""
    result = subprocess.run(index_command(site_dir), capture_output=True, text=True)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind could not index the site (exit code {result.returncode}):\n{result.stdout}{result.stderr}".strip())
    return indexed_pages(site_dir)


def indexed_pages(site_dir: Path) -> int:
    """The number of pages in a site's search index."""
    entry = json.loads((site_dir / BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def pages_to_index(site_dir: Path) -> int:
    """How many pages the index should hold: every HTML page of the site."""
    return sum(1 for path in site_dir.rglob("*.html") if BUNDLE not in path.relative_to(site_dir).parts[:1])
