"""The lexicon loader: the real lexicon is clean, and a bad entry is named in the error."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from bot.safeguarding import LexiconError, RiskDetector


def test_lexicon_self_check_is_clean(detector):
    assert detector.self_check() == []


def test_broken_regex_names_the_pattern(lexicon_data):
    data = copy.deepcopy(lexicon_data)
    data["patterns"].append(
        {"id": "test.broken_regex", "category": "abuse_violence", "regex": "\\bhits (me"}
    )
    with pytest.raises(LexiconError, match=re.escape("test.broken_regex")):
        RiskDetector.from_dict(data)


def test_broken_near_part_names_the_pattern(lexicon_data):
    data = copy.deepcopy(lexicon_data)
    data["patterns"].append(
        {
            "id": "test.broken_near",
            "category": "criminal_exploitation",
            "near": ["\\bgang\\b", "[unclosed"],
        }
    )
    with pytest.raises(LexiconError, match=re.escape("test.broken_near")):
        RiskDetector.from_dict(data)


def test_broken_regex_in_file_names_the_pattern(lexicon_data, tmp_path):
    data = copy.deepcopy(lexicon_data)
    data["exceptions"].append({"id": "test.broken_exception", "regex": "(?<=a+)b"})
    path = tmp_path / "lexicon.yml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    with pytest.raises(LexiconError, match=re.escape("test.broken_exception")):
        RiskDetector.from_file(path)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("emoji", {"x": "lol"}),  # an ASCII key would only sometimes be replaced
        ("emoji", {"\U0001f52a": "Knife!"}),
        ("emoji", ["\U0001f52a"]),
        ("two_means_to_after", ["want", "Going"]),
        ("two_means_to_after", ["want", 2]),
        ("two_means_to_after", {"want": "to"}),
    ],
)
def test_bad_normaliser_vocabulary_names_the_key(lexicon_data, key, value):
    data = copy.deepcopy(lexicon_data)
    data[key] = value
    with pytest.raises(LexiconError, match=key):
        RiskDetector.from_dict(data)
