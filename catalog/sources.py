"""Keeping sources alive: every source address of every practice checked over the
network, concurrently, each within its own deadline, following a few redirects and
saying where they lead; and the maintainers' listing: practices by date of last
review, and sources that lack an address or a date. Each finding names the file
and line, as the validator's problems do.

The checker reaches public web sites only, whatever a practice or a server says:
an address and every redirect is held to the validator's rule (catalog.addresses),
every address a name resolves to is checked again, and the connection is made to
the address that was checked, so that a name cannot point elsewhere in between.
A server can neither crash the report nor hold it past the deadline."""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import socket
import ssl
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import ada_url

from .addresses import address_problem, public_ip, refusal
from .freshness import review_due
from .problems import Problem, shown_path
from .reading import read_document
from .validation import translation_language

USER_AGENT = "CityDiplomacyExchange-source-check/1.0 (+https://github.com/)"
PERMANENT = {301, 308}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
DEFAULT_PORTS = {"http": 80, "https": 443}
ARCHIVE = 'Look for the page in a web archive (such as https://web.archive.org/) and add it under the source as a line "archived: <its address>".'
AGAIN = "Try again later; if it lasts, check the address in a browser, and add an archived copy if the page is gone."
ELSEWHERE = "Open the address in a browser and write the address where the page really is; if it is gone, add an archived copy."


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


# --- one address, within its deadline ---------------------------------------------


class Refused(Exception):
    """The checker will not go where an address or a redirect leads."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


class Cut(http.client.HTTPException):
    """The server closed the connection before the end of its answer's headers."""


class WatchedLines:
    """A server's answer as http.client reads it, noting whether it ended before
    the blank line that closes the headers (http.client takes the end for it)."""

    def __init__(self, stream) -> None:
        self.stream, self.ended = stream, False

    def readline(self, limit: int = -1) -> bytes:
        line = self.stream.readline(limit)
        self.ended = self.ended or not line
        return line

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


class Answer(http.client.HTTPResponse):
    """A response whose status and headers were read to their end."""

    def begin(self) -> None:
        self.fp = watched = WatchedLines(self.fp)
        super().begin()
        if watched.ended:
            raise Cut("the connection closed before the end of the headers")


class Connection(http.client.HTTPConnection):
    """A connection to the checked IP addresses of a host, not to whatever the
    name resolves to when it connects; Host is the host's name."""

    response_class = Answer

    def __init__(self, host: str, port: int, ips: list[tuple], timeout: float, check: Check) -> None:
        super().__init__(host, port, timeout=timeout)
        self.ips, self.check = ips, check

    def connect(self) -> None:
        self.sock = self.check.connect(self.ips, self.timeout)


class SecureConnection(http.client.HTTPSConnection):
    """The same over TLS: the certificate is verified for the host's name (SNI)."""

    response_class = Answer

    def __init__(self, host: str, port: int, ips: list[tuple], timeout: float, check: Check) -> None:
        self.tls = tls_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.ips, self.check = ips, check

    def connect(self) -> None:
        self.sock = self.check.keep(self.tls.wrap_socket(self.check.connect(self.ips, self.timeout), server_hostname=self.host))


def tls_context() -> ssl.SSLContext:
    """Certificates verified against the system's authorities, for the host's name."""
    return ssl.create_default_context()


class Check:
    """The check of one address, run in a worker thread. It stops at the deadline:
    `stop` shuts the sockets it has open, and a worker stuck in the resolver ends
    with its (daemon) thread."""

    def __init__(self, address: Address, timeout: float, allow_private_hosts: bool) -> None:
        self.address, self.timeout, self.allow_private_hosts = address, timeout, allow_private_hosts
        self.deadline = time.monotonic() + timeout
        self.origin = origin(address.url)
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.stopped = False
        self.result: Problem | None = None
        self.done = False

    def where(self) -> tuple[str, int, str]:
        return (self.address.file, self.address.line, self.address.field)

    def run(self) -> None:
        try:
            self.result = self.outcome()
        except Exception as error:  # whatever a server does, this address gets a finding, the others go on
            self.result = self.problem_of(error)
        finally:
            self.done = True
            self.stop()

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def keep(self, sock: socket.socket) -> socket.socket:
        """Note an open socket, to be shut at the deadline."""
        with self.lock:
            if self.stopped:
                sock.close()
                raise TimeoutError("the deadline has passed")
            self.sockets.append(sock)
        return sock

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("the deadline has passed")
        return left

    def outcome(self) -> Problem | None:
        """What is wrong with the address: HEAD first, then GET when the server
        refuses HEAD, each following at most MAX_REDIRECTS redirects."""
        url = self.address.url
        if problem := address_problem(url, allow_private_hosts=self.allow_private_hosts):  # the validator's rule, if the practice escaped it
            return Problem(*self.where(), *problem)
        for method in ("HEAD", "GET"):
            status, final, steps = self.follow(method)
            if method == "HEAD" and status in (403, 405, 501):
                continue
            if status in (404, 410):
                return Problem(*self.where(), f"the page is gone ({status}): {url[:120]}", ARCHIVE if self.address.field.endswith(".url") else "Find another archived copy, or remove this line.")
            if not 200 <= status < 300:
                return Problem(*self.where(), f"the server answered {status} for {url[:120]}.", AGAIN)
            if any(code in PERMANENT for code in steps):
                return Problem(*self.where(), f"the page has moved for good to {from_server(final, 160)}", "Write the new address in place of the old one, after checking that it is the same page.")
            return None
        return None

    def follow(self, method: str) -> tuple[int, str, list[int]]:
        """The final status, the final address and the redirects' statuses."""
        url, steps = self.address.url, []
        while True:
            status, location = self.ask(method, url)
            if status not in REDIRECTS or location is None:
                return status, url, steps
            try:
                target = ada_url.join_url(url, location)
            except ValueError:
                raise Refused(f"{self.address.url[:120]} redirects to {from_server(location)}, which is not a web address.", ELSEWHERE) from None
            steps.append(status)
            if len(steps) > MAX_REDIRECTS:
                raise Refused(f"{self.address.url[:120]} redirects more than {MAX_REDIRECTS} times.", ELSEWHERE)
            if refusal(target, allow_private_hosts=self.allow_private_hosts and origin(target) == self.origin):
                raise Refused(f"{self.address.url[:120]} redirects to {from_server(target)}, which is not a public web page: it is not followed.", ELSEWHERE)
            url = target

    def ask(self, method: str, url: str) -> tuple[int, str | None]:
        """One request to the checked addresses of the url's host: its status and
        Location. The body is never read: the status says enough."""
        parts = ada_url.URL(url)
        scheme, host = parts.protocol.removesuffix(":"), parts.hostname.removeprefix("[").removesuffix("]")
        port = int(parts.port) if parts.port else DEFAULT_PORTS[scheme]
        ips = self.resolve(host, port, allow_private=self.allow_private_hosts and origin(url) == self.origin)
        kind = SecureConnection if scheme == "https" else Connection
        connection = kind(host, port, ips, self.remaining(), self)
        try:
            connection.request(method, (parts.pathname or "/") + parts.search, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
            response = connection.getresponse()
            return response.status, response.getheader("Location")
        finally:
            connection.close()

    def resolve(self, host: str, port: int, allow_private: bool) -> list[tuple]:
        """Every address the host's name resolves to, each checked to be public."""
        found = []
        for family, kind, protocol, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            ip = ipaddress.ip_address(sockaddr[0].split("%")[0])
            if not allow_private and not public_ip(ip):
                raise Refused(
                    f"the name {host[:80]} of {self.address.url[:120]} leads to {ip}, which is not a public web site.",
                    "Check the address in a browser; if the site is gone, add an archived copy.",
                )
            found.append((family, kind, protocol, sockaddr))
        return found

    def connect(self, ips: list[tuple], timeout: float) -> socket.socket:
        """A socket connected to one of the checked addresses, the first that answers."""
        failure: OSError = OSError("the name has no address")
        for family, kind, protocol, sockaddr in ips:
            sock = self.keep(socket.socket(family, kind, protocol))
            sock.settimeout(min(timeout, self.remaining()))
            try:
                sock.connect(sockaddr)
            except OSError as error:
                failure = error
                continue
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            return sock
        raise failure

    def problem_of(self, error: Exception) -> Problem:
        """An error of the check, in the validator's form."""
        url = self.address.url[:120]
        if isinstance(error, Refused):
            return Problem(*self.where(), error.message, error.hint)
        if isinstance(error, TimeoutError):  # socket.timeout is TimeoutError
            return self.late()
        if isinstance(error, http.client.HTTPException):
            return Problem(*self.where(), f"the server at {url} gave a broken answer ({broken(error)}).", AGAIN)
        if isinstance(error, ssl.SSLCertVerificationError):
            reason = f"its certificate is not valid: {error.verify_message}"
        else:
            reason = getattr(error, "strerror", None) or getattr(error, "reason", None) or str(error) or type(error).__name__
        return Problem(*self.where(), f"could not reach {url} ({str(reason)[:120]}).", "Check the address in a browser; if the site is gone, add an archived copy.")

    def late(self) -> Problem:
        return Problem(*self.where(), f"no answer within {self.timeout:g} seconds from {self.address.url[:120]}.", "Try again later; if it lasts, the site may be gone: add an archived copy.")


def origin(url: str) -> tuple[str, str, str] | None:
    """An address's scheme, host and port, as a browser reads them."""
    try:
        parts = ada_url.URL(url)
    except ValueError:
        return None
    return parts.protocol, parts.hostname, parts.port


def from_server(text: str, limit: int = 120) -> str:
    """An address a server gave, as the report may quote it: on one line of
    printable characters, and with no ` to close the code block the weekly issue
    puts the report in."""
    return "".join(ch if ch.isprintable() else "?" for ch in text[:limit]).replace("`", "%60")


def broken(error: http.client.HTTPException) -> str:
    """What was wrong with a server's answer, in a few words."""
    if isinstance(error, http.client.LineTooLong):
        return "a line of it is far too long"
    if isinstance(error, http.client.RemoteDisconnected):
        return "the connection closed without an answer"
    if isinstance(error, http.client.BadStatusLine):
        return "it does not start with a status such as 200 OK"
    return str(error)[:80] or type(error).__name__


def check_address(address: Address, timeout: float, *, allow_private_hosts: bool = False) -> Problem | None:
    """What is wrong with one address, in the validator's form, or None. `timeout`
    bounds the whole check: every redirect and both methods. `allow_private_hosts`
    lets the address itself, and redirects on its own scheme, host and port, be
    on this computer or a private network: for tests alone, whose servers run on
    127.0.0.1; a redirect to any other host is held to the usual rule."""
    check = Check(address, timeout, allow_private_hosts)
    worker = threading.Thread(target=check.run, name=f"check {address.url[:60]}", daemon=True)
    worker.start()
    worker.join(timeout)
    if not check.done:
        check.stop()
        return check.late()
    return check.result


def check_addresses(found: list[Address], timeout: float = 15.0, workers: int = 8, *, allow_private_hosts: bool = False) -> list[Problem]:
    """Every address's problem, sorted; one address can never stop the others."""
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = pool.map(lambda address: check_address(address, timeout, allow_private_hosts=allow_private_hosts), found)
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
