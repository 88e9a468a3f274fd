"""Which web addresses a practice or an actor may give, and which hosts the source
checker may reach: one rule for both. An address is read as a browser reads it (the
WHATWG URL standard, through ada-url) and as Python's urllib reads it; it is refused
when either reading finds a name before "@" in front of the site, or a host that is
this computer, a private or local network, or a name only such a network knows."""

from __future__ import annotations

import ipaddress
import re
import socket
import urllib.parse
from dataclasses import dataclass

import ada_url

from .problems import shown

WEB_SCHEMES = ("http", "https")
# Names that mean something only inside one computer or one office network: the
# special-use names (RFC 6761, RFC 8375, ICANN's .internal) and the suffixes that
# routers and company networks use, which ICANN keeps off the internet for that reason.
LOCAL_NAMES = ("localhost", "local", "internal", "home.arpa", "localdomain", "lan", "home", "corp", "intranet")
# IPv6 ranges that carry an IPv4 address for a gateway to reach: what counts is that address.
NAT64 = ipaddress.ip_network("64:ff9b::/96")
NOT_PUBLIC = (ipaddress.ip_network("64:ff9b:1::/48"),)  # local-use NAT64 (RFC 8215); not in every Python's tables
IPV4_NUMBERS = re.compile(r"[0-9a-fx.]+", re.I)  # what inet_aton reads: 127.1, 2130706433, 0x7f000001, 0177.0.0.1

MESSAGES = {
    "invalid": "{value} is not a web address a browser can open.",
    "invalid.hint": "Open the page in a browser and copy its address from the address bar.",
    "user": "{value} has a name and an @ sign before the name of the site: such an address may lead to another site than the one it seems to name.",
    "user.hint": "Open the page in a browser and copy its address from the address bar; a page's address has no name followed by @ before the name of the site.",
    "local": "{value} leads to {host}, which is not a public web site: it names this computer or a private or local network.",
    "local.hint": "Give the address at which anyone on the internet can open the page.",
}


@dataclass(frozen=True)
class Refusal:
    """Why an address is refused: "invalid", "scheme", "user" or "local", and the host at fault."""

    reason: str
    host: str = ""


def ip_of(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The IP address a host names, in any form a browser, urllib or the system's
    resolver reads as one ("[::1]", "127.1", "2130706433", "0x7f000001",
    "0177.0.0.1"), or None when it is a name."""
    text = host.removeprefix("[").removesuffix("]")
    text = text[:-1] if text.endswith(".") and not text.endswith("..") else text
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        pass
    if IPV4_NUMBERS.fullmatch(text):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(text))
        except OSError:
            pass
    return None


def public_ip(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """Whether an IP address is on the public internet: not loopback, private,
    link-local, shared (100.64/10), multicast, reserved or unspecified, nor an IPv6
    address standing for such an IPv4 one."""
    if ip.version == 6:
        if ip.ipv4_mapped:
            return public_ip(ip.ipv4_mapped)
        if ip in NAT64:
            return public_ip(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
        if ip.sixtofour and not public_ip(ip.sixtofour):
            return False
        if ip.teredo or ip.scope_id or ip.is_site_local:
            return False
    special = ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    return ip.is_global and not special and not any(ip in network for network in NOT_PUBLIC if network.version == ip.version)


def public_host(host: str) -> bool:
    """Whether a host written in an address may be a public web site: a public IP
    address, or a name with a dot that is not one of a local network."""
    ip = ip_of(host)
    if ip is not None:
        return public_ip(ip)
    name = host.lower().removesuffix(".")
    if "." not in name:
        return False  # "intranet", "router": a name only a local network knows
    return not any(name == suffix or name.endswith("." + suffix) for suffix in LOCAL_NAMES)


def refusal(url: str, *, allow_private_hosts: bool = False) -> Refusal | None:
    """Why an address may be neither linked to from the site nor fetched by the
    source checker, or None. `allow_private_hosts` is for tests alone, whose
    servers run on this computer."""
    try:
        browser = ada_url.URL(url)
        python = urllib.parse.urlsplit(url)
        python_host, _ = python.hostname or "", python.port  # .port refuses a port that is not a number
    except ValueError:
        return Refusal("invalid")
    if browser.protocol.removesuffix(":") not in WEB_SCHEMES or python.scheme.lower() not in WEB_SCHEMES:
        return Refusal("scheme", browser.hostname)
    if browser.username or browser.password or "@" in python.netloc:
        return Refusal("user", browser.hostname)
    for host in (browser.hostname, python_host):
        if not allow_private_hosts and not public_host(host):
            return Refusal("local", host)
    return None


def address_problem(url: str, *, allow_private_hosts: bool = False) -> tuple[str, str] | None:
    """What the validator says of an address it refuses, (message, hint), or None.
    (An address that is not http or https is the schema's to refuse.)"""
    if not re.match(r"https?://", url, re.I):
        return None  # the schema's to refuse, with its own words
    found = refusal(url, allow_private_hosts=allow_private_hosts)
    if found is None or found.reason == "scheme":
        return None
    message = MESSAGES[found.reason].format(value=shown(url, 80), host=found.host)
    return message, MESSAGES[f"{found.reason}.hint"]
