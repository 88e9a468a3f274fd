"""The world map of practices and cooperation links, drawn at build time as SVG.

The land comes from Natural Earth (public domain) through the world-atlas package,
vendored under data/world-atlas; the map makes no request to any server. Places
are markers linking to their city pages, cooperation links are curves between
them, and places without coordinates are listed beside the map, not dropped.
Markers that would cover each other (Paris and its region share a point) are
moved apart here, each with a thin line to its true position, so that every one
can be selected on its own. docs/javascripts/map.js, loaded by the page, zooms
and pans by changing the SVG's viewBox; without it the map is this picture."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass
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


GAP = 1.0  # between two markers, in the viewBox's units (about a pixel on a desktop)
FAN = 0.5  # markers on one point start this far from it, around it, before moving apart
ROUNDS = 500  # of moving apart; a few dozen suffice for the real catalog
# Zoomed in, the map's script draws markers smaller than the land around them, so
# that they keep a readable size: at each of these sizes (1 is the whole map's)
# markers are moved apart again, the less the smaller, and the script takes the
# layout of the next size up from the one it draws.
MARK_SCALES = tuple(0.5**level for level in range(6))


@dataclass(frozen=True)
class Mark:
    """A marker before it is drawn: the place it stands for, its true position in
    the viewBox, and its radius."""

    slug: str
    x: float
    y: float
    radius: float


def radius_of(place: Place) -> float:
    """Cities with practices are the larger, the more practices; partners are small."""
    count = len(place.practices)
    return 4 + 3 * math.sqrt(count) if count else 3.5


def separate(marks: list[Mark], gap: float = GAP) -> dict[str, tuple[float, float]]:
    """Where each marker is drawn, as an offset from its true position, so that no
    two markers overlap: the markers on one point first fan out around it, in the
    order of their ids from the top clockwise, then every two that overlap move
    apart along the line between them, the smaller the more, until none do.
    Markers that overlap nothing stay where they are. The same marks give the same
    offsets, whatever their order."""
    ordered = sorted(marks, key=lambda mark: mark.slug)
    positions = [[mark.x, mark.y] for mark in ordered]
    on_one_point = defaultdict(list)
    for index, mark in enumerate(ordered):
        on_one_point[(mark.x, mark.y)].append(index)
    for indexes in on_one_point.values():
        if len(indexes) > 1:
            for turn, index in enumerate(indexes):
                angle = -math.pi / 2 + 2 * math.pi * turn / len(indexes)
                positions[index][0] += FAN * math.cos(angle)
                positions[index][1] += FAN * math.sin(angle)
    cell = 2 * max((mark.radius for mark in ordered), default=0) + gap  # two markers in cells not side by side cannot touch
    for _ in range(ROUNDS):
        grid = defaultdict(list)
        for index, (x, y) in enumerate(positions):
            grid[(math.floor(x / cell), math.floor(y / cell))].append(index)
        # Every push of a round is measured before any is made, so that markers
        # placed evenly around a point stay even.
        pushes = [[0.0, 0.0] for _ in ordered]
        for (column, row), indexes in grid.items():
            nearby = [i for dc in (-1, 0, 1) for dr in (-1, 0, 1) for i in grid.get((column + dc, row + dr), ())]
            for first in indexes:
                for second in nearby:
                    if second <= first:
                        continue
                    a, b = ordered[first], ordered[second]
                    dx, dy = positions[second][0] - positions[first][0], positions[second][1] - positions[first][1]
                    distance, wanted = math.hypot(dx, dy), a.radius + b.radius + gap
                    if distance >= wanted - 0.01:
                        continue
                    ux, uy = (dx / distance, dy / distance) if distance > 1e-9 else (1.0, 0.0)
                    share = b.radius**2 / (a.radius**2 + b.radius**2)  # the larger marker moves the less
                    push = wanted - distance
                    pushes[first][0] -= ux * push * share
                    pushes[first][1] -= uy * push * share
                    pushes[second][0] += ux * push * (1 - share)
                    pushes[second][1] += uy * push * (1 - share)
        if not any(dx or dy for dx, dy in pushes):
            break
        for position, (dx, dy) in zip(positions, pushes):
            position[0] += dx
            position[1] += dy
    return {mark.slug: (x - mark.x, y - mark.y) for mark, (x, y) in zip(ordered, positions)}


Offset = tuple[float, float]


def layouts(marks: list[Mark]) -> dict[str, tuple[Offset, ...]]:
    """Each marker's offset from its true position at each of MARK_SCALES, in the
    marker's own units (the script scales the marker, offset included)."""
    found = [separate([Mark(m.slug, m.x, m.y, m.radius * scale) for m in marks], GAP * scale) for scale in MARK_SCALES]
    return {m.slug: tuple((round(o[m.slug][0] / scale, 1) + 0.0, round(o[m.slug][1] / scale, 1) + 0.0) for o, scale in zip(found, MARK_SCALES)) for m in marks}


def marker(mark: Mark, offsets: tuple[Offset, ...]) -> str:
    """A marker's drawing, in a group placed at its true position: the circle at
    its offset of the whole map and, for a marker moved at any size, a line from
    its true position to it with the offsets for the script."""
    dx, dy = offsets[0]
    if all(offset == (0.0, 0.0) for offset in offsets):
        return f'<g class="world-map__mark" transform="translate({mark.x:g} {mark.y:g})"><circle class="world-map__dot" r="{mark.radius:.1f}"/></g>'
    every = " ".join(f"{x:g},{y:g}" for x, y in offsets)
    return (
        f'<g class="world-map__mark" transform="translate({mark.x:g} {mark.y:g})" data-offsets="{every}">'
        f'<path class="world-map__leader" d="M0 0L{dx:g} {dy:g}"/><circle class="world-map__spot" r="1"/>'
        f'<circle class="world-map__dot" cx="{dx:g}" cy="{dy:g}" r="{mark.radius:.1f}"/></g>'
    )


def place_label(place: Place, words: Words) -> str:
    return words.where(place.actor)


def what_of(place: Place, words: Words) -> str:
    """What a place is on the map: its practices, or a partner."""
    return words.count("count.practices", len(place.practices)) if place.practices else words("map.partner")


def place_text(place: Place, words: Words) -> str:
    """A marker's label: the place, in the page's language, and what it is."""
    return words("map.place", place=place_label(place, words), what=what_of(place, words))


def shown(network: Network) -> list[Place]:
    """The actors the map is about: those the practices name."""
    return [place for place in network.places.values() if place.named]


def map_svg(network: Network, links: Links, page: str, words: Words) -> str:
    parts = [
        f'<svg class="world-map" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="group" aria-labelledby="world-map-title" xmlns="http://www.w3.org/2000/svg" data-mark-scales="{" ".join(f"{scale:g}" for scale in MARK_SCALES)}">',
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
    placed = [place for place in shown(network) if place.coordinates]
    marks = {place.slug: Mark(place.slug, *project(*place.coordinates), radius_of(place)) for place in placed}
    offsets = layouts(list(marks.values()))
    markers = []
    # Partners first, so that cities with practices are drawn on top of them.
    for place in sorted(placed, key=lambda p: (bool(p.practices), p.slug)):
        count = len(place.practices)
        kind = "world-map__place" if count else "world-map__place world-map__place--partner"
        text = place_text(place, words)
        markers.append(
            f'<a class="{kind}" id="place-{escape(place.slug)}" href="{links.href(page, place.src_uri)}" aria-label="{escape(text)}" data-place="{escape(place.slug)}">'
            f"{marker(marks[place.slug], offsets[place.slug])}<title>{escape(text)}</title></a>"
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
        f"<li>{words.html('map.place', place=links.a(place_label(p, words), page.src_uri, p.src_uri), what=escape(what_of(p, words)))}</li>"
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
        f'<p>{intro}</p><p class="world-map__help" hidden>{escape(words("map.help"))}</p>'
        f'<figure class="world-map__figure">{zoom_buttons(words)}{map_svg(network, links, page.src_uri, words)}</figure>'
        f'<div class="world-map__aside">{aside}</div><script type="module" src="{links.data_href(MAP, "javascripts/map.js")}"></script>'
    )
    return page


ZOOMS = ("in", "out", "reset")  # what each button does, as the script reads it in data-zoom


def zoom_buttons(words: Words) -> str:
    """The buttons that zoom the map, hidden until its script shows them: without
    the script they would do nothing. The words they show and say are the page's."""
    shown_as = {"in": "+", "out": "\u2212", "reset": words("map.zoom.reset")}
    buttons = "".join(
        f'<button type="button" class="world-map__zoom world-map__zoom--{zoom}" data-zoom="{zoom}" aria-label="{escape(words(f"map.zoom.{zoom}"))}" title="{escape(words(f"map.zoom.{zoom}"))}">{escape(shown_as[zoom])}</button>'
        for zoom in ZOOMS
    )
    return f'<div class="world-map__controls" role="group" aria-label="{escape(words("map.zoom"))}" hidden>{buttons}</div>'
