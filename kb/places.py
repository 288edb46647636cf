"""The one list of places (councils and nations) the assistant knows, from data/places.yml.

Standard library and PyYAML only: the gateway and the Rasa actions both read it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml

DEFAULT_FILE = Path(__file__).resolve().parent.parent / "data" / "places.yml"
NATIONS = ("england", "wales")
_FIELDS = {"id", "name", "name_cy", "nation", "promises"}


class PlacesError(ValueError):
    """data/places.yml does not follow its format."""


@dataclass(frozen=True)
class Place:
    id: str
    name: str
    nation: str
    promises: bool
    name_cy: str = ""


@dataclass(frozen=True)
class Places:
    """Every known place, in display order, and the UK-wide jurisdiction's name."""

    places: tuple[Place, ...]
    uk_wide: str

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.places)

    @property
    def names(self) -> dict[str, str]:
        return {p.id: p.name for p in self.places}

    @property
    def welsh_names(self) -> dict[str, str]:
        return {p.id: p.name_cy for p in self.places}

    @property
    def with_promises(self) -> dict[str, str]:
        """Places we hold written promises for, and the nation whose law applies there."""
        return {p.id: p.nation for p in self.places if p.promises}

    @property
    def jurisdictions(self) -> tuple[str, ...]:
        """What a knowledge-base entry may apply to: a place, or the whole UK."""
        return (*self.ids, self.uk_wide)

    def nation_of(self, place: str) -> str | None:
        """Whose law applies in a place ("dorset" -> "england"); None for an unknown place."""
        return next((p.nation for p in self.places if p.id == place), None)

    def known(self, value: object) -> str | None:
        """The id of a place we know ("Wales " -> "wales"), else None."""
        if isinstance(value, str) and value.strip().lower() in self.ids:
            return value.strip().lower()
        return None


def parse_places(raw: object, source: str = "<data>") -> Places:
    """Check and build the places list; PlacesError names what is wrong."""
    if not isinstance(raw, dict) or set(raw) != {"places", "uk_wide"}:
        raise PlacesError(f"{source}: expected exactly the keys 'places' and 'uk_wide'")
    items, seen = [], set()
    for item in raw["places"] or ():
        if not isinstance(item, dict) or set(item) != _FIELDS:
            raise PlacesError(f"{source}: each place needs exactly {sorted(_FIELDS)}: {item!r}")
        if item["id"] in seen:
            raise PlacesError(f"{source}: place {item['id']!r} is listed twice")
        if item["nation"] not in NATIONS:
            raise PlacesError(f"{source}: {item['id']}: nation must be one of {NATIONS}")
        seen.add(item["id"])
        items.append(Place(id=str(item["id"]), name=str(item["name"]), nation=item["nation"],
                           promises=bool(item["promises"]), name_cy=str(item["name_cy"])))
    if not items:
        raise PlacesError(f"{source}: no places")
    return Places(places=tuple(items), uk_wide=str(raw["uk_wide"]))


@functools.cache
def load_places(path: str | Path = DEFAULT_FILE) -> Places:
    """The places in data/places.yml (or `path`), read once."""
    file = Path(path)
    return parse_places(yaml.safe_load(file.read_text(encoding="utf-8")), str(file))
