"""The one list of places (data/places.yml), its checks, and Rasa's data agreeing with it."""

from __future__ import annotations

import re

import pytest
import yaml

from kb.places import PlacesError, load_places, parse_places
from tests.conftest import ROOT


def test_shipped_places():
    places = load_places()
    assert places.ids == ("cambridgeshire", "dorset", "wales", "england")
    assert places.with_promises == {"cambridgeshire": "england", "dorset": "england",
                                    "wales": "wales"}
    assert places.jurisdictions[-1] == "uk"
    assert places.known(" Wales ") == "wales" and places.known("peterborough") is None
    assert places.welsh_names["wales"] == "Cymru"


@pytest.mark.parametrize("raw, fragment", [
    ({"places": []}, "exactly the keys"),
    ({"places": [], "uk_wide": "uk"}, "no places"),
    ({"places": [{"id": "x", "name": "X", "name_cy": "X", "nation": "scotland",
                  "promises": True}],
      "uk_wide": "uk"}, "nation must be one of"),
    ({"places": [{"id": "x", "name": "X", "nation": "wales"}], "uk_wide": "uk"}, "needs exactly"),
    ({"places": [{"id": "x", "name": "X", "name_cy": "X", "nation": "wales",
                  "promises": True}] * 2,
      "uk_wide": "uk"}, "listed twice"),
])
def test_bad_places_are_clear_errors(raw, fragment):
    with pytest.raises(PlacesError, match=fragment):
        parse_places(raw)


def _button_places(response: str) -> set[str]:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    payloads = [b["payload"] for b in domain["responses"][response][0]["buttons"]]
    return {re.search(r'"council": "([a-z_]+)"', p).group(1) for p in payloads}


def test_domain_buttons_name_the_same_places():
    places = load_places()
    assert _button_places("utter_ask_council") == set(places.ids)
    assert _button_places("utter_ask_council_for_promises") == set(places.with_promises)


def test_nlu_has_a_synonym_for_every_place():
    nlu = yaml.safe_load((ROOT / "data" / "nlu" / "councils.yml").read_text(encoding="utf-8"))
    synonyms = {item["synonym"] for item in nlu["nlu"] if "synonym" in item}
    assert synonyms == set(load_places().ids)
