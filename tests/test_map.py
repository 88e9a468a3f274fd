"""The world map as a practitioner uses it: zooming and moving it with the wheel,
a drag, a pinch, the keyboard or its buttons; selecting one of several places
that share a point (Paris, its region and Seine-Saint-Denis); finding every actor
a practice names on the map or beside it; reading places' names in the page's
language, in the links' labels and, zoomed in, written beside the markers. First
the layouts that move markers apart and place their names, on small networks of
our own and on the real catalog, without a browser."""

from __future__ import annotations

import contextlib
import itertools
import math
import random
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import ROOT, screenshot

from catalog import load_catalog
from catalog.actors import Actor, Registry
from catalog.cooperation import build_network
from catalog.i18n import Words
from catalog.languages import LANGUAGES, site_folder
from catalog.model import Catalog, Partner, Practice, Source
from catalog.pages import Links
from catalog.worldmap import (
    ASCENT,
    DESCENT,
    GAP,
    LABEL_GROWTH,
    LABEL_SCALES,
    LABEL_STEPS,
    LABEL_WIDTH,
    MARK_SCALES,
    Label,
    Mark,
    label_layouts,
    layouts,
    map_svg,
    meet,
    place_label,
    project,
    radius_of,
    separate,
    sharing,
    shown,
    text_width,
    wrapped,
)

CATALOG = load_catalog(ROOT / "practices")
SVG = "{http://www.w3.org/2000/svg}"


def overlapping(marks: list[Mark], offsets: dict[str, tuple[float, float]], gap: float = 0.0) -> list[tuple[str, str]]:
    """The pairs of markers drawn closer than their radii and `gap` allow."""
    drawn = {m.slug: (m.x + offsets[m.slug][0], m.y + offsets[m.slug][1], m.radius) for m in marks}
    return [
        (a, b)
        for (a, (ax, ay, ar)), (b, (bx, by, br)) in itertools.combinations(sorted(drawn.items()), 2)
        if math.hypot(ax - bx, ay - by) < ar + br + gap - 0.2  # offsets are written to a tenth
    ]


# --- Moving markers apart, without a browser ------------------------------------


def test_three_actors_on_one_point_fan_out_around_it_in_the_order_of_their_ids():
    marks = [Mark("paris", 100, 50, 7), Mark("ile-de-france-region", 100, 50, 7), Mark("seine-saint-denis", 100, 50, 7)]
    offsets = separate(marks)
    assert overlapping(marks, offsets, GAP) == []
    # The first id straight above the point, the others clockwise after it.
    angles = {slug: math.degrees(math.atan2(dy, dx)) % 360 for slug, (dx, dy) in offsets.items()}
    assert angles["ile-de-france-region"] == pytest.approx(270, abs=1)
    assert sorted(angles, key=lambda slug: (angles[slug] - 270) % 360) == ["ile-de-france-region", "paris", "seine-saint-denis"]
    # The same places, listed in another order, land in the same places.
    assert separate(list(reversed(marks))) == offsets


def test_a_marker_that_touches_no_other_stays_on_its_place():
    marks = [Mark("dakar", 450, 190, 9), Mark("guangzhou", 850, 150, 7), Mark("lyon", 505, 80, 3.5)]
    assert separate(marks) == {"dakar": (0.0, 0.0), "guangzhou": (0.0, 0.0), "lyon": (0.0, 0.0)}


def test_two_markers_a_few_pixels_apart_move_apart_along_their_line_the_smaller_the_more():
    marks = [Mark("nouakchott-region", 456.7, 176.3, 9.2), Mark("urban-community-of-nouakchott", 459.7, 176.3, 3.5)]
    offsets = separate(marks)
    assert overlapping(marks, offsets, GAP) == []
    (region_dx, region_dy), (community_dx, community_dy) = offsets["nouakchott-region"], offsets["urban-community-of-nouakchott"]
    assert region_dx < 0 < community_dx and region_dy == community_dy == 0  # left stays left, on the same line
    assert community_dx > 5 * -region_dx  # the partner moves, the city with practices hardly


def test_a_crowd_of_markers_ends_with_no_two_overlapping_the_same_way_every_time():
    rng = random.Random(7)
    marks = [Mark(f"town-{n:02}", round(500 + rng.uniform(-15, 15), 1), round(80 + rng.uniform(-10, 10), 1), rng.choice((3.5, 7, 9.2))) for n in range(40)]
    marks += [Mark(f"twin-{n}", 500, 80, 3.5) for n in range(5)]  # five on one point, in the middle of the crowd
    offsets = separate(marks)
    assert overlapping(marks, offsets, GAP) == []
    rng.shuffle(marks)
    assert separate(marks) == offsets


def actor(actor_id: str, name: str, coordinates=None, country="FR", **names: str) -> Actor:
    return Actor(actor_id, Path(f"actors/{actor_id}.md"), name, "municipality", names=names, country=country, coordinates=coordinates)


def practice(slug: str, by: Actor, partners=(), networks=()) -> Practice:
    return Practice(
        slug=slug, path=Path(f"{slug}.md"), title=f"Practice {slug}", summary="s" * 60, actor=by, themes=("twinning",),
        sources=(Source("A source"),), last_reviewed="2026-01-01", body="", partners=tuple(partners), networks=tuple(networks),
    )


def test_a_small_network_draws_each_actor_of_a_shared_point_as_its_own_link_with_a_line_to_its_place():
    capital = actor("capital", "Capital City", (48.86, 2.35), fr="Ville capitale")
    region = actor("capital-region", "Capital Region", (48.86, 2.35), fr="Région capitale")
    suburb = actor("suburb", "Suburb", (48.91, 2.45))
    faraway = actor("faraway", "Faraway", (-33.87, 151.21), country="AU")
    league = actor("league", "League of Cities", country=None)
    practices = [practice("region-aid", region, [Partner(capital, "twinning"), Partner(suburb), Partner(faraway)], [league]), practice("capital-fund", capital)]
    network = build_network(Catalog(practices, Registry({a.id: a for a in sorted((capital, region, suburb, faraway, league), key=lambda a: a.id)})))
    svg = ET.fromstring(map_svg(network, Links(), "map.md", Words("fr")))
    assert svg.get("data-mark-scales") == " ".join(f"{scale:g}" for scale in MARK_SCALES)
    drawn = {}
    for link in svg.iter(f"{SVG}a"):
        group = link.find(f"{SVG}g")
        dot = group.find(f"{SVG}circle[@class='world-map__dot']")
        x, y = map(float, re.fullmatch(r"translate\((\S+) (\S+)\)", group.get("transform")).groups())
        offset = (float(dot.get("cx", 0)), float(dot.get("cy", 0)))
        leader = group.find(f"{SVG}path[@class='world-map__leader']")
        drawn[link.get("data-place")] = (link.get("href"), (x, y), offset, leader, group.get("data-offsets"), float(dot.get("r")), link.get("aria-label"))
    assert sorted(drawn) == ["capital", "capital-region", "faraway", "suburb"]  # the league has no place: listed beside the map
    for slug, (href, true_place, offset, leader, every, radius, label) in drawn.items():
        assert href == f"../actors/{slug}/"  # each marker opens its own page
        assert true_place == project(*network.places[slug].coordinates)  # the group stands on the true place
    assert drawn["capital"][6].startswith("Ville capitale, France") and drawn["capital-region"][6].startswith("Région capitale, France")
    for slug in ("capital", "capital-region", "suburb"):  # moved apart, each with a line from its true place to it
        offset, leader, every = drawn[slug][2], drawn[slug][3], drawn[slug][4]
        assert offset != (0, 0) and leader.get("d") == f"M0 0L{offset[0]:g} {offset[1]:g}"
        assert len(every.split()) == len(MARK_SCALES) and every.split()[0] == f"{offset[0]:g},{offset[1]:g}"
    assert drawn["faraway"][2] == (0, 0) and drawn["faraway"][3] is None and drawn["faraway"][4] is None
    # At every size the script may draw them, the build's layout for it keeps them apart.
    for level, scale in enumerate(MARK_SCALES):
        marks, offsets = [], {}
        for slug, (_, (x, y), _, _, every, radius, _) in drawn.items():
            dx, dy = map(float, every.split()[level].split(",")) if every else (0.0, 0.0)
            marks.append(Mark(slug, x, y, radius * scale))
            offsets[slug] = (dx * scale, dy * scale)
        assert overlapping(marks, offsets) == [], scale


def test_on_the_real_map_no_two_markers_overlap_at_any_size():
    network = build_network(CATALOG)
    marks = [Mark(place.slug, *project(*place.coordinates), radius_of(place)) for place in shown(network) if place.coordinates]
    found = layouts(marks)
    for level, scale in enumerate(MARK_SCALES):
        scaled = [Mark(m.slug, m.x, m.y, m.radius * scale) for m in marks]
        assert overlapping(scaled, {slug: (every[level][0] * scale, every[level][1] * scale) for slug, every in found.items()}) == [], scale
    assert all(found[slug][0] != (0.0, 0.0) for slug in ("paris", "ile-de-france-region", "seine-saint-denis"))


# --- Names beside the markers, without a browser -----------------------------------


def test_a_long_name_wraps_at_spaces_into_lines_no_wider_than_the_limit():
    name = "Département de la Seine-Saint-Denis, France"
    lines = wrapped(name)
    assert len(lines) > 1 and " ".join(lines) == name
    assert all(text_width(line) <= LABEL_WIDTH for line in lines)
    assert wrapped("Paris, France") == ("Paris, France",)
    assert wrapped("Rabat-Salé-Kénitra-Region-With-No-Space") == ("Rabat-Salé-Kénitra-Region-With-No-Space",)  # one word: one line
    # Wide letters measure wider; an accent does not change a letter's width.
    assert text_width("MMMM") > 3 * text_width("iiii") and text_width("Île-de-France") == text_width("Ile-de-France")
    assert text_width("廣州") == 2.0  # a character the table does not know counts as wide as it may be


def test_two_boxes_meet_at_exactly_the_sizes_where_they_cross():
    # A name drawn right of its place slides over a marker three units right of
    # it, from size 0.15 to size 0.6 (its box: 10 to 20 units right, the marker's 0 to 5).
    name, marker_box = (0.0, 0.0, (10.0, 0.0, 20.0, 10.0)), (3.0, 0.0, (0.0, 0.0, 5.0, 10.0))
    assert meet(name, marker_box, 0.1, 1.0) and meet(name, marker_box, 0.5, 0.5)
    assert not meet(name, marker_box, 0.7, 1.0) and not meet(name, marker_box, 0.05, 0.14)
    assert not meet(name, (3.0, 50.0, (0.0, 0.0, 5.0, 10.0)), 0.1, 1.0)  # far below: never


def drawn_boxes(marks: dict[str, Mark], labels: dict[str, Label], placements, offsets, level: int, size: float, growth: float = 1.0):
    """The names and markers as drawn at a level of names, at one size, in the viewBox."""
    names, markers = {}, {}
    for slug, mark in marks.items():
        dx, dy = offsets[slug][level // LABEL_STEPS]
        reach = mark.radius + 1
        markers[slug] = (mark.x + size * (dx - reach), mark.y + size * (dy - reach), mark.x + size * (dx + reach), mark.y + size * (dy + reach))
        placement = placements[slug][level] if slug in labels else None
        if placement:
            x0, y0, x1, y1 = placement.box(labels[slug].size, growth)
            names[slug] = (mark.x + size * x0, mark.y + size * y0, mark.x + size * x1, mark.y + size * y1)
    return names, markers


def boxes_overlap(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@pytest.mark.parametrize("language", LANGUAGES)
def test_on_the_real_map_no_name_covers_another_name_or_a_marker_at_any_size_it_is_shown(language):
    words = Words(language)
    network = build_network(CATALOG)
    places = [place for place in shown(network) if place.coordinates]
    marks = {place.slug: Mark(place.slug, *project(*place.coordinates), radius_of(place)) for place in places}
    labels = {place.slug: Label(place.slug, wrapped(place_label(place, words)), len(place.practices)) for place in places}
    offsets = layouts(list(marks.values()))
    placements = label_layouts(list(marks.values()), list(labels.values()), offsets)
    assert set(placements) == set(marks) and all(len(every) == len(LABEL_SCALES) for every in placements.values())
    for level, high in enumerate(LABEL_SCALES):
        low = high / 2 ** (1 / LABEL_STEPS)
        # Sizes through the range this level is drawn at, and at the whole map the names grown.
        drawn = [(low + (high - low) * step / 8, 1.0) for step in range(1, 9)]
        if level == 0:
            drawn += [(1.0, growth) for growth in (1.2, LABEL_GROWTH)]
        for size, growth in drawn:
            names, markers = drawn_boxes(marks, labels, placements, offsets, level, size, growth)
            for (a, one), (b, other) in itertools.combinations(names.items(), 2):
                assert not boxes_overlap(one, other), (language, level, size, a, b)
            for slug, name in names.items():
                assert not any(boxes_overlap(name, box) for other, box in markers.items() if other != slug), (language, level, size, slug)
                if level == 0:
                    assert 0 <= name[0] and name[2] <= 1000 and 0 <= name[1] and name[3] <= 486.8, slug  # inside the whole map
    # The whole map names places with practices only; zoomed in, Paris, its
    # region and Seine-Saint-Denis are named together; at the finest size every
    # place that shares its point with no other.
    assert {slug for slug, every in placements.items() if every[0]} <= {place.slug for place in places if place.practices}
    assert any(all(placements[slug][level] for slug in ("paris", "ile-de-france-region", "seine-saint-denis")) for level in range(len(LABEL_SCALES)))
    together = sharing(list(marks.values()))
    assert {"paris", "ile-de-france-region", "seine-saint-denis"} <= set(together)
    assert all(placements[slug][-1] for slug in marks if slug not in together)


def test_names_are_written_in_the_page_language_and_hidden_from_screen_readers():
    capital = actor("capital", "Capital City", (48.86, 2.35), fr="Ville capitale")
    region = actor("capital-region", "Capital Region", (48.86, 2.35), fr="Région capitale")
    faraway = actor("faraway", "Faraway", (-33.87, 151.21), country="AU")
    network = build_network(Catalog([practice("region-aid", region, [Partner(capital), Partner(faraway)])], Registry({a.id: a for a in (capital, region, faraway)})))
    svg = ET.fromstring(map_svg(network, Links(), "map.md", Words("fr")))
    names = svg.find(f"{SVG}g[@class='world-map__labels']")
    assert names.get("aria-hidden") == "true"
    assert svg.get("data-label-scales").split() == [f"{scale:.4g}" for scale in LABEL_SCALES]
    written = {}
    for label in names.iter(f"{SVG}g"):
        if label.get("class") == "world-map__label":
            written[label.get("data-place")] = (" ".join(text.text for text in label.iter(f"{SVG}text")), label.get("data-at").split(), label.get("data-group"))
    words = Words("fr")
    assert {slug: text for slug, (text, _, _) in written.items()} == {a.id: words.where(a) for a in (capital, region, faraway)}
    assert written["capital-region"][0] == "Région capitale, France" and written["faraway"][0] == "Faraway, Australie"
    for slug, (_, every, group) in written.items():
        assert len(every) == len(LABEL_SCALES)
        assert (every[0] != "-") == (slug == "capital-region")  # at the whole map, only the place with practices
    assert written["capital"][2] == written["capital-region"][2] == "capital" and written["faraway"][2] is None


# --- In the browser ---------------------------------------------------------------


def view_box(page) -> list[float]:
    return [float(n) for n in page.get_attribute("svg.world-map", "viewBox").split()]


def test_the_keyboard_and_the_buttons_zoom_and_move_the_map_and_reset_brings_the_whole_map_back(page, server):
    page.goto(server + "/map/")
    whole = view_box(page)
    assert whole[:2] == [0, 0] and page.is_visible(".world-map__controls")
    page.focus("svg.world-map")
    page.keyboard.press("+")
    zoomed = view_box(page)
    assert zoomed[2] == pytest.approx(whole[2] / 1.5) and zoomed[3] == pytest.approx(whole[3] / 1.5)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    moved = view_box(page)
    assert moved[0] > zoomed[0] and moved[1] > zoomed[1] and moved[2:] == zoomed[2:]
    page.keyboard.press("-")
    assert view_box(page)[2] == pytest.approx(whole[2])
    words = Words("en")
    page.get_by_role("button", name=words("map.zoom.in"), exact=True).click()
    page.get_by_role("button", name=words("map.zoom.in"), exact=True).click()
    assert view_box(page)[2] == pytest.approx(whole[2] / 1.5**2)
    page.get_by_role("button", name=words("map.zoom.reset"), exact=True).click()
    assert view_box(page) == whole
    assert page.get_by_role("button", name=words("map.zoom.out"), exact=True).is_disabled()


def test_the_wheel_zooms_where_the_pointer_is_and_a_drag_moves_the_map_without_opening_a_place(page, server):
    page.goto(server + "/map/")
    box = page.locator("svg.world-map").bounding_box()
    whole = view_box(page)
    dakar = project(14.69, -17.45)
    x, y = box["x"] + dakar[0] / whole[2] * box["width"], box["y"] + dakar[1] / whole[3] * box["height"]
    page.mouse.move(x, y)
    page.mouse.wheel(0, -400)
    page.wait_for_function("document.querySelector('svg.world-map').viewBox.baseVal.width < 1000")
    vx, vy, vw, vh = view_box(page)
    assert vw < whole[2]
    # The point under the pointer stayed under it.
    assert vx + (x - box["x"]) / box["width"] * vw == pytest.approx(dakar[0], abs=0.5)
    # Dragging from a marker moves the map and opens nothing.
    x, y = centre(page, 'a[data-place="dakar"] .world-map__dot')
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 120, y, steps=6)
    page.mouse.up()
    dragged = view_box(page)
    assert dragged[0] == pytest.approx(vx + 120 / box["width"] * vw, abs=0.5) and dragged[2] == vw
    assert page.url == server + "/map/"


def test_two_fingers_pinching_out_zoom_in_and_one_finger_moves_the_map(page, server):
    page.goto(server + "/map/")
    box = page.locator("svg.world-map").bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 2})

    def touch(kind: str, *points: tuple[float, float]) -> None:
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": [{"x": px, "y": py, "id": n} for n, (px, py) in enumerate(points)]})

    touch("touchStart", (cx - 30, cy), (cx + 30, cy))
    for spread in range(40, 130, 10):
        touch("touchMove", (cx - spread, cy), (cx + spread, cy))
    touch("touchEnd")
    pinched = view_box(page)
    assert pinched[2] == pytest.approx(1000 / 4, rel=0.05)  # fingers four times as far apart
    touch("touchStart", (cx, cy))
    for step in range(1, 6):
        touch("touchMove", (cx + 20 * step, cy))
    touch("touchEnd")
    moved = view_box(page)
    assert moved[0] == pytest.approx(pinched[0] - 100 / box["width"] * pinched[2], abs=0.5)
    assert page.url == server + "/map/"


def centre(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


@pytest.mark.parametrize("presses", [0, 9], ids=["whole-map", "zoomed-in"])
def test_paris_its_region_and_seine_saint_denis_each_open_their_own_page(page, server, presses):
    for slug in ("paris", "ile-de-france-region", "seine-saint-denis"):
        page.goto(server + "/map/")
        page.focus("svg.world-map")
        for _ in range(presses):  # zoomed in on Paris: its three markers are still apart
            x, y = centre(page, 'a[data-place="paris"] .world-map__spot')
            page.mouse.move(x, y)
            page.mouse.wheel(0, -200)
        if presses:
            page.wait_for_function("document.querySelector('svg.world-map').viewBox.baseVal.width < 40")
        dot = f'a[data-place="{slug}"] .world-map__dot'
        radius = page.locator(dot).bounding_box()["width"] / 2
        assert radius >= 3
        x, y = centre(page, dot)
        # What is under the middle of the marker is that marker, nothing else.
        assert page.evaluate(f"document.elementFromPoint({x}, {y}).closest('a').dataset.place") == slug
        if presses and slug == "paris":
            screenshot(page, "map-paris-zoomed")
        page.mouse.click(x, y)
        page.wait_for_url(re.compile(rf"/actors/{slug}/$"))


def test_see_it_on_the_map_on_an_actor_page_opens_the_map_zoomed_on_that_place(page, server):
    page.goto(server + "/es/actors/seine-saint-denis/")
    page.click('a[href$="map/#place-seine-saint-denis"]')
    page.wait_for_url(re.compile(r"/es/map/#place-seine-saint-denis$"))
    x, y, w, h = view_box(page)
    assert w <= 1000 / 8 + 1e-6  # zoomed eight times, or more until its name shows
    assert "seine-saint-denis" in shown_names(page)[0]
    true_x, true_y = project(*CATALOG.registry.actors["seine-saint-denis"].coordinates)
    assert x < true_x < x + w and y < true_y < y + h
    assert page.evaluate("document.activeElement.dataset.place") == "seine-saint-denis"


def named_by_practices(catalog) -> set[str]:
    """Every actor a practice names: who carried it out, its partners, its networks."""
    return {actor.id for p in catalog.practices for actor in (p.actor, *(partner.actor for partner in p.partners), *p.networks)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_actor_a_practice_names_is_on_the_map_or_in_the_list_beside_it(page, server, language):
    page.goto(f"{server}/{site_folder(language)}map/")
    marked = {a.get_attribute("data-place") for a in page.query_selector_all("svg.world-map a.world-map__place")}
    listed = {re.search(r"actors/([^/]+)/$", a.get_attribute("href")).group(1) for a in page.query_selector_all(".world-map__unplaced a")}
    named = named_by_practices(CATALOG)
    assert marked | listed == named and not marked & listed
    assert {a for a in named if CATALOG.registry.actors[a].coordinates} == marked
    assert "kauswagan" in marked  # from GeoNames, through the gazetteer


@pytest.mark.parametrize("language", [language for language in LANGUAGES if language != "en"])
def test_the_map_names_places_in_the_language_of_the_page(page, server, language):
    words = Words(language)
    page.goto(f"{server}/{site_folder(language)}map/")
    assert page.get_attribute("html", "lang") == language
    registry = CATALOG.registry.actors
    for mark in page.query_selector_all("svg.world-map a.world-map__place"):
        place = registry[mark.get_attribute("data-place")]
        label, title = mark.get_attribute("aria-label"), mark.query_selector("title").text_content()
        own = place.names.get(language, place.name)
        assert label == title and label.startswith(own), (label, own)
        if place.country:
            assert words.country(place.country) in label
        if own != place.name and place.name not in own:  # Guangzhou is Canton in French
            assert place.name not in label, label
    for line in page.query_selector_all("svg.world-map .world-map__link"):
        title = line.query_selector("title").text_content()
        for end in ("data-source", "data-target"):
            place = registry[line.get_attribute(end)]
            assert place.names.get(language, place.name) in title, title
    beside = [a.inner_text() for a in page.query_selector_all(".world-map__aside li a")]
    for place in (registry[slug] for slug in named_by_practices(CATALOG)):
        assert any(text.startswith(place.names.get(language, place.name)) for text in beside), place.id
    for zoom in ("in", "out", "reset"):
        assert page.get_attribute(f'button[data-zoom="{zoom}"]', "aria-label") == words(f"map.zoom.{zoom}")
    assert page.inner_text(".world-map__help") == words("map.help")


def test_on_a_phone_the_map_fits_the_screen_and_zoomed_in_its_markers_are_big_enough_to_touch(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/fr/map/")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    screenshot(page, "map-phone")
    for _ in range(7):  # on Paris
        page.mouse.move(*centre(page, 'a[data-place="paris"] .world-map__spot'))
        page.mouse.wheel(0, -200)
    page.wait_for_function("document.querySelector('svg.world-map').viewBox.baseVal.width < 100")
    boxes = {slug: page.locator(f'a[data-place="{slug}"] .world-map__dot').bounding_box() for slug in ("paris", "ile-de-france-region", "seine-saint-denis")}
    for slug, box in boxes.items():
        assert box["width"] >= 12, slug  # a fingertip can aim at it
    for (a, one), (b, other) in itertools.combinations(boxes.items(), 2):
        apart = math.hypot(one["x"] - other["x"], one["y"] - other["y"])
        assert apart >= (one["width"] + other["width"]) / 2, (a, b)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.locator("svg.world-map").screenshot(path=str(ROOT / "test-artifacts" / "map-phone-zoomed.png"))


def test_without_javascript_the_map_is_the_whole_world_with_no_buttons(browser, server):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(server + "/map/")
        assert view_box(tab) == [0, 0, 1000, 486.8]
        assert not tab.is_visible(".world-map__controls") and not tab.is_visible(".world-map__help")
        assert tab.locator(".world-map__label").count() > 0 and not tab.is_visible(".world-map__labels")  # names need the script's sizes
        assert tab.get_attribute('a[data-place="paris"]', "href") == "../actors/paris/"
    finally:
        context.close()


# --- Names beside the markers, in the browser ---------------------------------------

SHOWN_NAMES = """() => {
  const frame = document.querySelector("svg.world-map").getBoundingClientRect();
  const box = (element) => { const r = element.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; };
  const names = {};
  for (const label of document.querySelectorAll("svg.world-map .world-map__label")) {
    const r = label.getBoundingClientRect();
    if (getComputedStyle(label).display === "none" || !r.width) continue;
    names[label.dataset.place] = {
      box: box(label),
      text: [...label.querySelectorAll("text")].map((text) => text.textContent).join(" "),
      hidden: label.closest('[aria-hidden="true"]') !== null,
      fontSize: parseFloat(getComputedStyle(label.querySelector("text")).fontSize) * label.querySelector("text").getScreenCTM().a,
      inside: r.left >= frame.left && r.right <= frame.right && r.top >= frame.top && r.bottom <= frame.bottom,
      under: (() => { const e = document.elementFromPoint((r.left + r.right) / 2, (r.top + r.bottom) / 2); return e && e.closest(".world-map__labels") !== null; })(),
    };
  }
  const markers = {};
  for (const dot of document.querySelectorAll("svg.world-map a.world-map__place .world-map__dot")) markers[dot.closest("a").dataset.place] = box(dot);
  return { names, markers };
}"""


def shown_names(page) -> tuple[dict, dict]:
    found = page.evaluate(SHOWN_NAMES)
    return found["names"], found["markers"]


def assert_apart(names: dict, markers: dict) -> None:
    """No two names overlap, nor a name and another's marker (a name at a corner of
    its own marker may cross the corner of the square around it, not the marker)."""
    for (a, one), (b, other) in itertools.combinations(names.items(), 2):
        assert not boxes_overlap(one["box"], other["box"]), (a, b)
    for slug, name in names.items():
        for other, box in markers.items():
            assert other == slug or not boxes_overlap(name["box"], box), (slug, other)
        assert name["hidden"] and not name["under"], slug  # hidden from screen readers, and the pointer passes through
        assert 11 <= name["fontSize"] <= 13, (slug, name["fontSize"])  # a readable size at any zoom


PARIS = ("paris", "ile-de-france-region", "seine-saint-denis")


@contextlib.contextmanager
def in_the_dark(page):
    """The same page in a new tab of a system set to dark: Material's slate palette."""
    context = page.context.browser.new_context(viewport=page.viewport_size, color_scheme="dark")
    try:
        tab = context.new_page()
        tab.goto(page.url)
        tab.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        yield tab
    finally:
        context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("how", ["link", "keyboard"])
def test_zoomed_on_paris_the_three_names_show_beside_their_markers_in_the_page_language(page, server, language, how):
    words = Words(language)
    if how == "link":
        page.goto(f"{server}/{site_folder(language)}map/#place-paris")
    else:
        page.goto(f"{server}/{site_folder(language)}map/")
        page.focus('a[data-place="paris"]')
        for _ in range(20):  # + with Paris selected zooms on Paris, until its names show
            if all(slug in shown_names(page)[0] for slug in PARIS):
                break
            page.keyboard.press("+")
    names, markers = shown_names(page)
    for slug in PARIS:
        assert slug in names, (slug, sorted(names))
        assert names[slug]["text"] == words.where(CATALOG.registry.actors[slug]), names[slug]["text"]
        assert names[slug]["inside"], slug  # on the screen, not past the map's edge
    assert_apart(names, markers)
    if how == "link" and language == "fr":
        screenshot(page, "map-names-paris")
        with in_the_dark(page) as dark:
            assert_apart(*shown_names(dark))
            screenshot(dark, "map-names-paris-dark")


def test_at_the_whole_map_names_show_only_where_they_fit_and_not_at_all_on_a_phone(page, server):
    page.goto(server + "/map/")
    names, markers = shown_names(page)
    assert {"dakar", "oslo", "guangzhou"} <= set(names), sorted(names)  # places with practices, alone in their corner of the world
    assert set(names) <= {p.actor.id for p in CATALOG.practices}  # no partner's name: the whole map stays readable
    assert all(name["inside"] for name in names.values())
    assert_apart(names, markers)
    screenshot(page, "map-names-whole")
    with in_the_dark(page) as dark:
        screenshot(dark, "map-names-whole-dark")
    page.set_viewport_size({"width": 390, "height": 844})
    page.wait_for_function("document.querySelector('svg.world-map').getBoundingClientRect().width < 400")
    page.wait_for_function("[...document.querySelectorAll('.world-map__label')].every((label) => label.style.display === 'none')")
    assert shown_names(page)[0] == {}  # a phone's whole map: names would be too small to read, so none


def test_on_a_phone_zoomed_on_paris_the_names_read_beside_the_markers(page, server):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/es/map/#place-seine-saint-denis")
    names, markers = shown_names(page)
    assert set(PARIS) <= set(names) and all(names[slug]["inside"] for slug in PARIS)
    assert_apart(names, markers)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    frame = page.locator("svg.world-map").bounding_box()
    assert frame["y"] >= 48  # the map below the header, not under it
    screenshot(page, "map-names-phone-paris")
    page.locator("svg.world-map").screenshot(path=str(ROOT / "test-artifacts" / "map-names-phone-paris-map.png"))
    with in_the_dark(page) as dark:
        dark.locator("svg.world-map").screenshot(path=str(ROOT / "test-artifacts" / "map-names-phone-paris-map-dark.png"))
