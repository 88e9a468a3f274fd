"""The world map of practices and cooperation links, drawn at build time as SVG.

The land comes from Natural Earth (public domain) through the world-atlas package,
vendored under data/world-atlas; the map makes no request to any server. Places
are markers linking to their city pages, cooperation links are curves between
them, and places without coordinates are listed beside the map, not dropped.
Markers that would cover each other (Paris and its region share a point) are
moved apart here, each with a thin line to its true position, so that every one
can be selected on its own, and places' names are placed beside the markers for
each size the script may draw them at, where they cover nothing. docs/javascripts/map.js,
loaded by the page, zooms and pans by changing the SVG's viewBox, and shows the
names; without it the map is this picture, without names."""

from __future__ import annotations

import json
import math
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
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


# --- Names beside the markers ------------------------------------------------------
# Zoomed in, each marker's name is written beside it for sighted readers, above all
# on a phone, which has no hover to show a marker's title. Where a name goes is
# decided here, like the markers' layouts: for each range of sizes the script may
# draw markers at, a side of its marker where the name covers no other name and no
# other marker at any size of that range, or no name there.

LABEL_SIZE = 7.5  # the names' font size in marker units: 12 px where markers stop growing (map.js's 1.6 px a unit)
LABEL_GROWTH = 1.6  # at the whole map a unit is fewer pixels: names grow up to this much to keep their size, and past it (a phone's whole map) are not shown
LABEL_WIDTH = 10.0  # ems: a longer name goes on several lines, broken at spaces
LABEL_GAP = 1.5  # between a marker's edge and its name, in marker units
LABEL_HALO = 0.15  # ems around a name's letters, its halo, that nothing else may cover
ASCENT, DESCENT, LEADING = 0.93, 0.24, 1.2  # ems: a line's height above and below its baseline, from line to line
LABEL_STEPS = 2  # name layouts for each marker layout: the finer, the sooner a name shows when zooming in
LABEL_SCALES = tuple(0.5 ** (step / LABEL_STEPS) for step in range(len(MARK_SCALES) * LABEL_STEPS))

# Helvetica's advance widths (Adobe's font metrics, in thousandths of an em) for
# the printable ASCII characters, which Arial, Liberation Sans and the system
# fonts of Material's font stack follow closely. A name's text is stretched by
# the browser to the width computed from them (textLength), so that its box is
# the one measured here whatever font draws it.
HELVETICA = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
OTHER_WIDTHS = {"\u2018": 222, "\u2019": 222, "\u201c": 333, "\u201d": 333, "\u2013": 556, "\u2014": 1000, "\u00a0": 278, "\u00ab": 556, "\u00bb": 556, "ß": 611, "æ": 889, "Æ": 1000, "œ": 944, "Œ": 1000, "ø": 611, "Ø": 778, "đ": 556, "Đ": 722, "ł": 222, "Ł": 556}


def char_width(char: str) -> float:
    """A character's width in ems: a letter with an accent is as wide as the letter;
    what the table does not know counts wide, so that its box holds it."""
    if char in OTHER_WIDTHS:
        return OTHER_WIDTHS[char] / 1000
    base = unicodedata.normalize("NFKD", char)[:1] or char
    if " " <= base <= "~":
        return HELVETICA[ord(base) - 32] / 1000
    return 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.7


def text_width(text: str) -> float:
    return round(sum(char_width(char) for char in text), 3)


def wrapped(text: str, width: float = LABEL_WIDTH) -> tuple[str, ...]:
    """The lines of a name no wider than `width` ems, broken at spaces; a word
    wider than that has a line of its own."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}") <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return tuple(lines)


@dataclass(frozen=True)
class Label:
    """A marker's name before it is placed: its place, its lines, and the place's
    number of practices (the names of places with more are placed first)."""

    slug: str
    lines: tuple[str, ...]
    practices: int = 0

    @property
    def rank(self) -> tuple[int, str]:
        return -self.practices, self.slug

    @property
    def size(self) -> tuple[float, float]:
        """Width and height in marker units, at the names' font size."""
        return max(text_width(line) for line in self.lines) * LABEL_SIZE, (ASCENT + DESCENT + LEADING * (len(self.lines) - 1)) * LABEL_SIZE


# Where a name may stand beside its marker, in the order tried: a side of the
# marker (right, left, the corners, above, below: the cartographers' order), and
# for the four straight sides, how far along it the name reaches (0.5: centred on
# the marker; 0 or 1: from it, one way or the other).
SIDES = (
    *(((sx, 0), along) for sx in (1, -1) for along in (0.5, 1, 0)),
    *(((sx, sy), 0.5) for sx, sy in ((1, -1), (1, 1), (-1, -1), (-1, 1))),
    *(((0, sy), along) for sy in (-1, 1) for along in (0.5, 1, 0)),
)


@dataclass(frozen=True)
class Placement:
    """Where a name stands at one size of markers, in marker units from its
    marker's true position: the point beside the marker it grows from, its box's
    top left corner from that point, and how its lines align (0 left, 1 right)."""

    anchor: Offset
    corner: Offset
    align: float
    side: tuple[tuple[int, int], float]  # which of SIDES

    def box(self, size: tuple[float, float], growth: float = 1.0) -> tuple[float, float, float, float]:
        """The box, halo included, when the name is drawn `growth` times larger."""
        (ax, ay), (cx, cy), (width, height), halo = self.anchor, self.corner, size, LABEL_HALO * LABEL_SIZE
        return (ax + growth * (cx - halo), ay + growth * (cy - halo), ax + growth * (cx + width + halo), ay + growth * (cy + height + halo))


def beside(mark: Mark, offset: Offset, side: tuple[tuple[int, int], float], size: tuple[float, float]) -> Placement:
    """A name on one side of its marker: the point it grows from is on the
    marker's side, just outside it, and on its box's edge."""
    (sx, sy), along = side
    reach = (mark.radius + 1 + LABEL_GAP) / math.hypot(sx, sy)  # 1: the marker's outline
    width, height = size
    corner_x = -width * (1 - sx) / 2 if sx else -width * along
    corner_y = -height * (1 - sy) / 2 if sy else -height * along
    return Placement((round(offset[0] + sx * reach, 1), round(offset[1] + sy * reach, 1)), (round(corner_x, 1), round(corner_y, 1)), (1 - sx) / 2 if sx else along, side)


Box = tuple[float, float, float, float]


def meet(first: tuple[float, float, Box], second: tuple[float, float, Box], low: float, high: float) -> bool:
    """Whether two boxes overlap at some size between `low` and `high`: each is a
    true position in the viewBox and a box around it in marker units, drawn at
    that size. Every edge moves in proportion to the size, so the sizes at which
    the boxes overlap make one interval, found exactly."""
    (x1, y1, box1), (x2, y2, box2) = first, second
    # Overlapping means, along each axis, start1 < end2 and start2 < end1, with
    # start1 = x1 + size * box1[0] and so on: four conditions c + size * d < 0.
    conditions = [
        (p1 - p2, b1[axis] - b2[axis + 2])
        for axis, (x_or_y1, x_or_y2) in enumerate(((x1, x2), (y1, y2)))
        for (p1, b1), (p2, b2) in (((x_or_y1, box1), (x_or_y2, box2)), ((x_or_y2, box2), (x_or_y1, box1)))
    ]
    if low == high:
        return all(c + low * d < 0 for c, d in conditions)
    for c, d in conditions:
        if abs(d) < 1e-12:
            if c >= 0:
                return False
        elif d > 0:
            high = min(high, -c / d)
        else:
            low = max(low, -c / d)
    return low < high


Drawn = tuple[float, float, Box, Box]  # a true position, a box around it in marker units, that box grown at the whole map


class Room:
    """What a name must keep clear of over one range of sizes: the markers and the
    names placed so far. Each is filed in a grid by the rectangle it may cover at
    any size of the range, so that a name is tested only against those near it."""

    def __init__(self, low: float, high: float, whole_map: bool):
        self.low, self.high, self.whole_map = low, high, whole_map
        self.cell = 100 * high * (LABEL_GROWTH if whole_map else 1)  # about a long name's width
        self.grid: defaultdict[tuple[int, int], dict[tuple[str, str], tuple[Drawn, Box]]] = defaultdict(dict)
        self.filed: dict[tuple[str, str], list[tuple[int, int]]] = {}

    def reach(self, drawing: Drawn) -> Box:
        """The rectangle of the viewBox a drawing may cover at any size of the range."""
        x, y, box, grown = drawing
        sizes = [(size, box) for size in (self.low, self.high)] + ([(1.0, grown)] if self.whole_map else [])
        return (
            min(x + size * b[0] for size, b in sizes),
            min(y + size * b[1] for size, b in sizes),
            max(x + size * b[2] for size, b in sizes),
            max(y + size * b[3] for size, b in sizes),
        )

    def cells(self, reach: Box) -> list[tuple[int, int]]:
        left, top, right, bottom = (math.floor(edge / self.cell) for edge in reach)
        return [(column, row) for column in range(left, right + 1) for row in range(top, bottom + 1)]

    def add(self, key: tuple[str, str], drawing: Drawn) -> None:
        reach = self.reach(drawing)
        self.filed[key] = self.cells(reach)
        for cell in self.filed[key]:
            self.grid[cell][key] = (drawing, reach)

    def remove(self, key: tuple[str, str]) -> None:
        for cell in self.filed.pop(key):
            del self.grid[cell][key]

    def clash(self, first: Drawn, second: Drawn) -> bool:
        (x1, y1, box1, grown1), (x2, y2, box2, grown2) = first, second
        return meet((x1, y1, box1), (x2, y2, box2), self.low, self.high) or (self.whole_map and meet((x1, y1, grown1), (x2, y2, grown2), 1, 1))

    def in_the_way(self, drawing: Drawn, mine: str, kind: str | None = None) -> list[tuple[str, str]]:
        """What a drawing of the place `mine` would cover (only markers or names,
        if `kind` says so), in the order of their keys."""
        reach = self.reach(drawing)
        near = {
            key: other
            for cell in self.cells(reach)
            for key, (other, around) in self.grid.get(cell, {}).items()
            if key[1] != mine and (kind is None or key[0] == kind)
            and around[0] < reach[2] and reach[0] < around[2] and around[1] < reach[3] and reach[1] < around[3]
        }
        return sorted(key for key, other in near.items() if self.clash(drawing, other))


def label_layouts(marks: list[Mark], labels: list[Label], offsets: dict[str, tuple[Offset, ...]]) -> dict[str, tuple[Placement | None, ...]]:
    """Each name's placement at each of LABEL_SCALES, or None where it would cover
    another name or marker. A name placed for a size stays clear at every size
    that layout is drawn at, down to the next one (excluded), and, at the whole
    map, grown by up to LABEL_GROWTH and inside the map. Only the names of places
    with practices are shown at the whole map, so that it stays readable.

    Names shown one size up are placed first, then by rank; each tries first the
    side it had one size up, and a marker moved apart from others the sides that
    face away from them. A name with no side clear but for one name in its way
    moves that name to another of its sides, if one is clear."""
    by_slug = {mark.slug: mark for mark in marks}
    sizes = {label.slug: label.size for label in labels}
    found: dict[str, list[Placement | None]] = {label.slug: [] for label in labels}
    before: dict[str, Placement] = {}
    for level, high in enumerate(LABEL_SCALES):
        layout, whole_map = level // LABEL_STEPS, level == 0
        room = Room(high / 2 ** (1 / LABEL_STEPS), high, whole_map)  # down to the next size
        for mark in marks:
            (dx, dy), reach = offsets[mark.slug][layout], mark.radius + 1  # 1: the marker's outline
            box = (dx - reach, dy - reach, dx + reach, dy + reach)
            room.add(("marker", mark.slug), (mark.x, mark.y, box, box))  # a marker does not grow with the names

        def drawn(slug: str, placement: Placement) -> Drawn:
            mark, size = by_slug[slug], sizes[slug]
            return mark.x, mark.y, placement.box(size), placement.box(size, LABEL_GROWTH)

        def options(slug: str) -> Iterator[tuple[Placement, Drawn]]:
            """The placements of a name that cover no other marker (and at the
            whole map stay inside it), in the order tried."""
            mark, offset = by_slug[slug], offsets[slug][layout]
            facing = lambda side: -(side[0][0] * offset[0] + side[0][1] * offset[1]) / math.hypot(*side[0])  # noqa: E731
            for side in sorted(SIDES, key=lambda side: (slug not in before or side != before[slug].side, facing(side))):
                placement = beside(mark, offset, side, sizes[slug])
                x, y, _, grown = drawing = drawn(slug, placement)
                if whole_map and not (0 <= x + grown[0] and x + grown[2] <= WIDTH and 0 <= y + grown[1] and y + grown[3] <= HEIGHT):
                    continue
                if not room.in_the_way(drawing, slug, "marker"):
                    yield placement, drawing

        placed: dict[str, Placement] = {}
        for label in sorted(labels, key=lambda label: (label.slug not in before, label.rank)):
            if whole_map and not label.practices:
                continue
            chosen = next(((placement, drawing) for placement, drawing in options(label.slug) if not room.in_the_way(drawing, label.slug, "name")), None)
            for placement, drawing in options(label.slug) if chosen is None else ():
                in_the_way = room.in_the_way(drawing, label.slug, "name")
                if len(in_the_way) != 1:
                    continue
                other = in_the_way[0][1]
                room.remove(("name", other))
                room.add(("name", label.slug), drawing)
                moved = next(((p, d) for p, d in options(other) if not room.in_the_way(d, other, "name")), None)
                room.remove(("name", label.slug))
                if moved:
                    placed[other] = moved[0]
                    room.add(("name", other), moved[1])
                    chosen = placement, drawing
                    break
                room.add(("name", other), drawn(other, placed[other]))
            if chosen:
                placed[label.slug] = chosen[0]
                room.add(("name", label.slug), chosen[1])
        for label in labels:
            found[label.slug].append(placed.get(label.slug))
        before = placed
    return {slug: tuple(placements) for slug, placements in found.items()}


def sharing(marks: list[Mark]) -> dict[str, str]:
    """The places whose markers share a point: so close that they would overlap
    even at the smallest size, only the layouts keep them apart (Paris, its region
    and Seine-Saint-Denis). Each such place -> the first id of its group."""
    smallest = MARK_SCALES[-1]
    group = {mark.slug: mark.slug for mark in marks}

    def first(slug: str) -> str:
        while group[slug] != slug:
            slug = group[slug]
        return slug

    ordered = sorted(marks, key=lambda mark: (mark.x, mark.slug))
    for index, a in enumerate(ordered):
        for b in ordered[index + 1 :]:
            reach = (a.radius + b.radius + GAP) * smallest
            if b.x - a.x >= reach:
                break
            if math.hypot(a.x - b.x, a.y - b.y) < reach:
                one, other = sorted((first(a.slug), first(b.slug)))
                group[other] = one
    found = {slug: first(slug) for slug in group}
    sizes = defaultdict(int)
    for key in found.values():
        sizes[key] += 1
    return {slug: key for slug, key in found.items() if sizes[key] > 1}


def label_svg(mark: Mark, label: Label, placements: tuple[Placement | None, ...], group: str | None) -> str:
    """A name's drawing, in a group placed at its marker's true position: one text
    a line, stretched to its measured width, its placement at each of
    LABEL_SCALES ("-" where it is not shown) for the script, which shows it, and
    the places its marker shares a point with (data-group)."""
    every = " ".join(f"{p.anchor[0]:g},{p.anchor[1]:g},{p.corner[0]:g},{p.corner[1]:g},{p.align:g}" if p else "-" for p in placements)
    lines = "".join(
        f'<text y="{(ASCENT + LEADING * row) * LABEL_SIZE:.2f}" textLength="{text_width(line) * LABEL_SIZE:.2f}" lengthAdjust="spacingAndGlyphs">{escape(line)}</text>'
        for row, line in enumerate(label.lines)
    )
    together = f' data-group="{escape(group)}"' if group else ""
    return f'<g class="world-map__label" data-place="{escape(label.slug)}"{together} transform="translate({mark.x:g} {mark.y:g})" data-at="{every}"><g><g>{lines}</g></g></g>'


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
        f'<svg class="world-map" viewBox="0 0 {WIDTH:g} {HEIGHT:g}" role="group" aria-labelledby="world-map-title" xmlns="http://www.w3.org/2000/svg" data-mark-scales="{" ".join(f"{scale:g}" for scale in MARK_SCALES)}" '
        f'data-label-scales="{" ".join(f"{scale:.4g}" for scale in LABEL_SCALES)}" data-label-growth="{LABEL_GROWTH:g}">',
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
    parts.append(f'<g class="world-map__places">{"".join(markers)}</g>')
    # The names, decoration for sighted readers (each marker's link has its name
    # already), drawn over markers and lines and letting the pointer through.
    labels = [Label(place.slug, wrapped(place_label(place, words)), len(place.practices)) for place in placed]
    placements = label_layouts(list(marks.values()), labels, offsets)
    groups = sharing(list(marks.values()))
    names = "".join(label_svg(marks[label.slug], label, placements[label.slug], groups.get(label.slug)) for label in sorted(labels, key=lambda label: label.slug))
    parts.append(f'<g class="world-map__labels" aria-hidden="true" font-size="{LABEL_SIZE:g}" stroke-width="{2 * LABEL_HALO * LABEL_SIZE:g}">{names}</g></svg>')
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
