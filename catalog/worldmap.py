"""The world map of practices and cooperation links, drawn at build time as SVG.

The land comes from Natural Earth (public domain) through the world-atlas package,
vendored under data/world-atlas; the map makes no request to any server. Places
are markers linking to their city pages, cooperation links are curves between
them, and places without coordinates are listed beside the map, not dropped."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from .actors import folded
from .cooperation import Network, Place
from .i18n import Words
from .pages import Links, Page, escape, front_matter
from .routes import MAP

LAND = Path(__file__).resolve().parent / "data" / "world-atlas" / "land-110m.json"
WIDTH = 1000.0
# Equal Earth projection (Šavrič, Patterson and Jenny, 2018): areas stay true, so
# Africa and Latin America are not dwarfed as on a Mercator map.
A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2
X_MAX, Y_MAX = 2.706404, 1.317362  # the projection's extent, for unit coordinates
SCALE = WIDTH / (2 * X_MAX)
HEIGHT = round(2 * Y_MAX * SCALE, 1)


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """Latitude and longitude in degrees -> x, y in the SVG's viewBox."""
    theta = math.asin(M * math.sin(math.radians(latitude)))
    t2, t6 = theta * theta, theta**6
    x = math.radians(longitude) * math.cos(theta) / (M * (A1 + 3 * A2 * t2 + t6 * (7 * A3 + 9 * A4 * t2)))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return round(WIDTH / 2 + x * SCALE, 1), round(HEIGHT / 2 - y * SCALE, 1)


@cache
def land_path() -> str:
    """The land of the world as one SVG path, decoded from TopoJSON."""
    topology = json.loads(LAND.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:  # delta-encoded, quantized positions
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)

    def ring(indexes: list[int]) -> list[tuple[float, float]]:
        points: list[tuple[float, float]] = []
        for index in indexes:
            arc = arcs[index] if index >= 0 else arcs[~index][::-1]
            points.extend(arc[1:] if points else arc)
        return points

    commands = []
    for geometry in topology["objects"]["land"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            for indexes in polygon:
                commands.append(ring_path(ring(indexes)))
    return "".join(commands)


def ring_path(points: list[tuple[float, float]]) -> str:
    """One ring as SVG commands. Where a ring runs along the antimeridian it jumps
    from one edge of the map to the other: lift the pen there instead of drawing
    a line across the world."""
    path, previous = [], None
    for lon, lat in points:
        x, y = project(lat, lon)
        jump = previous is None or abs(lon - previous) > 180
        path.append(f"{'M' if jump else 'L'}{x:g} {y:g}")
        previous = lon
    return "".join(path) + "Z"


def curve(start: tuple[float, float], end: tuple[float, float]) -> str:
    """A gentle arc between two points, so that links do not hide behind each other."""
    (x1, y1), (x2, y2) = start, end
    mx, my = (x1 + x2) / 2, (y1 + y2) / 2
    dx, dy = x2 - x1, y2 - y1
    bend = 0.2
    cx, cy = mx - dy * bend, my + dx * bend
    return f"M{x1:g} {y1:g}Q{cx:.1f} {cy:.1f} {x2:g} {y2:g}"


def place_label(place: Place, words: Words) -> str:
    name = place.actor.name_in(words.language)
    return f"{name}, {words.country(place.country)}" if place.country else name


def shown(network: Network) -> list[Place]:
    """The actors the map is about: those the practices name."""
    return [place for place in network.places.values() if place.named]


def map_svg(network: Network, links: Links, page: str, words: Words) -> str:
    parts = [
        f'<svg class="world-map" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="group" aria-labelledby="world-map-title" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="world-map-title">{escape(words("map.svg"))}</title>',
        f'<path class="world-map__land" d="{land_path()}" aria-hidden="true"/>',
    ]
    drawn = []
    for link in network.links:
        if link.source.coordinates and link.target.coordinates:
            relation = words.term("relation", link.relation) if link.relation else words("partner")
            title = words("map.link", source=link.source.actor.name_in(words.language), target=link.target.actor.name_in(words.language), relation=relation)
            drawn.append(
                f'<path class="world-map__link" data-source="{escape(link.source.slug)}" data-target="{escape(link.target.slug)}" '
                f'd="{curve(project(*link.source.coordinates), project(*link.target.coordinates))}"><title>{escape(title)}</title></path>'
            )
    parts.append(f'<g class="world-map__links" aria-hidden="true">{"".join(drawn)}</g>')
    markers = []
    # Partners first, so that cities with practices are drawn on top of them.
    for place in sorted(shown(network), key=lambda p: (bool(p.practices), p.slug)):
        if not place.coordinates:
            continue
        x, y = project(*place.coordinates)
        count = len(place.practices)
        radius = 4 + 3 * math.sqrt(count) if count else 3.5
        kind = "world-map__place" if count else "world-map__place world-map__place--partner"
        what = words.count("count.practices", count) if count else words("map.partner")
        text = f"{place_label(place, words)}: {what}"
        markers.append(
            f'<a class="{kind}" id="place-{escape(place.slug)}" href="{links.href(page, place.src_uri)}" aria-label="{escape(text)}" data-place="{escape(place.slug)}">'
            f'<circle cx="{x:g}" cy="{y:g}" r="{radius:.1f}"/><title>{escape(text)}</title></a>'
        )
    parts.append(f'<g class="world-map__places">{"".join(markers)}</g></svg>')
    return "".join(parts)


def map_page(network: Network, links: Links, words: Words) -> Page:
    on_map = [p for p in shown(network) if p.coordinates]
    page = Page(MAP, places=frozenset(p.slug for p in on_map))
    unplaced = [p for p in shown(network) if not p.coordinates]
    mapped_links = [link for link in network.links if link.source.coordinates and link.target.coordinates]
    intro = escape(words("map.intro", places=words.count("count.places", len(on_map)), links=words.count("count.links", len(mapped_links))))
    listing = "".join(
        f"<li>{links.a(place_label(p, words), page.src_uri, p.src_uri)}: "
        f"{escape(words.count('count.practices', len(p.practices)) if p.practices else words('map.partner'))}</li>"
        for p in sorted(on_map, key=lambda p: folded(place_label(p, words)))
    )
    aside = f'<h2 id="places-on-the-map">{escape(words("map.on_map"))}</h2><ul>{listing}</ul>'
    if unplaced:
        items = "".join(f"<li>{links.a(place_label(p, words), page.src_uri, p.src_uri)}</li>" for p in sorted(unplaced, key=lambda p: folded(place_label(p, words))))
        aside += (
            f'<h2 id="places-without-coordinates">{escape(words("map.unplaced"))}</h2>'
            f'<p>{escape(words("map.unplaced.intro"))}</p><ul class="world-map__unplaced">{items}</ul>'
        )
    page.markdown = front_matter(words("map.title"), words("map.description"), hide=("navigation", "toc")) + page.fragment(
        f'<p>{intro}</p><figure class="world-map__figure">{map_svg(network, links, page.src_uri, words)}</figure><div class="world-map__aside">{aside}</div>'
    )
    return page
