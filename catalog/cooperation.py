"""Cooperation as data: every actor of the registry is a place in the network of
cooperation, and every partner named by a practice is a typed link between two
actors, the one that carried out the practice and its partner. An actor has a
page as soon as it is in the registry, so a partner city has one even before it
contributes a practice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from .actors import Actor
from .model import Catalog, Practice


@dataclass
class Place:
    actor: Actor
    practices: list[Practice] = field(default_factory=list)  # carried out by this actor
    outgoing: list[Link] = field(default_factory=list)  # partners named by its practices
    incoming: list[Link] = field(default_factory=list)  # practices of others naming it as a partner
    through: list[Practice] = field(default_factory=list)  # practices naming it as a network
    predecessors: list[Place] = field(default_factory=list)  # the actors it replaced, nearest first
    successors: list[Place] = field(default_factory=list)  # the actors that replaced it

    @property
    def slug(self) -> str:
        return self.actor.id

    @property
    def name(self) -> str:
        return self.actor.name

    @property
    def country(self) -> str | None:
        return self.actor.country

    @property
    def coordinates(self) -> tuple[float, float] | None:
        return self.actor.coordinates

    @property
    def src_uri(self) -> str:
        return self.actor.src_uri

    @property
    def named(self) -> bool:
        """Whether any practice names it, as its actor, a partner or a network."""
        return bool(self.practices or self.incoming or self.through)


@dataclass(frozen=True)
class Link:
    practice: Practice  # the practice that names the partner
    source: Place  # who carried out the practice
    target: Place  # the partner
    relation: str | None
    note: str | None


@dataclass
class Network:
    places: dict[str, Place]  # by actor id, sorted
    links: list[Link]

    def by_relation(self) -> dict[str | None, list[Link]]:
        groups = defaultdict(list)
        for link in self.links:
            groups[link.relation].append(link)
        return dict(groups)


def build_network(catalog: Catalog) -> Network:
    registry = catalog.registry
    places = {actor_id: Place(actor) for actor_id, actor in registry.actors.items()}

    def place(actor: Actor) -> Place:
        # A catalog built by hand (tests, benchmark) may name actors it has no registry for.
        return places.setdefault(actor.id, Place(actor))

    links = []
    for practice in catalog.practices:
        source = place(practice.actor)
        source.practices.append(practice)
        for partner in practice.partners:
            target = place(partner.actor)
            link = Link(practice, source, target, partner.relation, partner.note)
            source.outgoing.append(link)
            target.incoming.append(link)
            links.append(link)
        for network in practice.networks:
            place(network).through.append(practice)
    for found in places.values():
        found.predecessors = [places[a.id] for a in registry.predecessors(found.actor) if a.id in places]
        found.successors = [places[a.id] for a in registry.successors(found.actor) if a.id in places]
    return Network(dict(sorted(places.items())), links)
