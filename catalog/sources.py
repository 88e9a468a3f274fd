"""Keeping sources alive: every source address of every practice checked over the
network, concurrently, with a timeout, following redirects and saying where they
lead; and the maintainers' listing: practices by date of last review, and sources
that lack an address or a date. Each finding names the file and line, as the
validator's problems do."""

from __future__ import annotations

import datetime
import socket
import ssl
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .freshness import review_due
from .problems import Problem, shown_path
from .reading import read_document
from .validation import translation_language

USER_AGENT = "CityDiplomacyExchange-source-check/1.0 (+https://github.com/)"
PERMANENT = {301, 308}


@dataclass(frozen=True)
class Address:
    """One address to check, and where it is written."""

    file: str
    line: int
    field: str  # "sources[2].url"
    url: str


def addresses(practices: Path, root: Path) -> list[Address]:
    """Every source address (url and archived copy) of the practices of a folder."""
    found = []
    for path in sorted(practices.glob("*.md")):
        if translation_language(path):
            continue  # a translation's sources are its original's
        doc = read_document(path, shown_path(path, root))
        sources = (doc.meta or {}).get("sources")
        for index, source in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(source, dict):
                continue
            for key in ("url", "archived"):
                if isinstance(source.get(key), str) and source[key].startswith(("http://", "https://")):
                    found.append(Address(doc.shown_path, doc.line_of(("sources", index, key)), f"sources[{index + 1}].{key}", source[key]))
    return found


class Redirects(urllib.request.HTTPRedirectHandler):
    """Follows redirects as usual, remembering each step's status."""

    def __init__(self) -> None:
        self.steps: list[tuple[int, str]] = []

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        self.steps.append((code, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def check_address(address: Address, timeout: float) -> Problem | None:
    """What is wrong with one address, in the validator's form, or None."""
    redirects = Redirects()
    opener = urllib.request.build_opener(redirects)
    where = (address.file, address.line, address.field)
    archive = "Look for the page in a web archive (such as https://web.archive.org/) and add it under the source as a line \"archived: <its address>\"."
    for method in ("HEAD", "GET"):  # some servers refuse HEAD
        redirects.steps.clear()
        request = urllib.request.Request(address.url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with opener.open(request, timeout=timeout) as response:
                final = response.geturl()
        except urllib.error.HTTPError as error:
            if method == "HEAD" and error.code in (403, 405, 501):
                continue
            if error.code in (404, 410):
                return Problem(*where, f"the page is gone ({error.code}): {address.url[:120]}", archive if address.field.endswith(".url") else "Find another archived copy, or remove this line.")
            return Problem(*where, f"the server answered {error.code} for {address.url[:120]}.", "Try again later; if it lasts, check the address in a browser, and add an archived copy if the page is gone.")
        except (urllib.error.URLError, socket.timeout, TimeoutError, ssl.SSLError, ConnectionError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
                return Problem(*where, f"no answer within {timeout:g} seconds from {address.url[:120]}.", "Try again later; if it lasts, the site may be gone: add an archived copy.")
            return Problem(*where, f"could not reach {address.url[:120]} ({str(reason)[:80]}).", "Check the address in a browser; if the site is gone, add an archived copy.")
        if any(code in PERMANENT for code, _ in redirects.steps):
            return Problem(*where, f"the page has moved for good to {final[:160]}", "Write the new address in place of the old one, after checking that it is the same page.")
        return None
    return None


def check_addresses(found: list[Address], timeout: float = 15.0, workers: int = 8) -> list[Problem]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda address: check_address(address, timeout), found)
    return sorted(problem for problem in results if problem is not None)


# --- the maintainers' listing ---------------------------------------------------------


def review_listing(practices: Path, root: Path, today: datetime.date) -> list[str]:
    """Lines for a maintainer: practices oldest review first (those due marked), then
    sources without an address or a date."""
    reviewed, missing = [], []
    for path in sorted(practices.glob("*.md")):
        if translation_language(path):
            continue
        doc = read_document(path, shown_path(path, root))
        meta = doc.meta if isinstance(doc.meta, dict) else {}
        day = meta.get("last_reviewed")
        if isinstance(day, str):
            try:
                due = review_due(day, today)
            except ValueError:
                due = False
            reviewed.append((day, doc.shown_path, due))
        sources = meta.get("sources")
        for index, source in enumerate(sources if isinstance(sources, list) else []):
            if not isinstance(source, dict):
                continue
            lacks = [what for key, what in (("url", "address (url)"), ("date", "date")) if not source.get(key)]
            if lacks:
                title = str(source.get("title", ""))[:60]
                missing.append(f"{doc.shown_path}:{doc.line_of(('sources', index))}: sources[{index + 1}] \"{title}\" has no {' and no '.join(lacks)}.")
    lines = ["Practices by date of last review, oldest first:"]
    lines += [f"  {day}  {file}{'  (review due)' if due else ''}" for day, file, due in sorted(reviewed)]
    lines += ["", f"Sources without an address or a date ({len(missing)}):"] + [f"  {line}" for line in missing]
    return lines
