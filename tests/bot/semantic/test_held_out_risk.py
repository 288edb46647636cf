"""Floors for the gateway's risk check (lexicons + semantic reader) on sets written apart from the
project and frozen (tests/eval/external, tests/eval/blind, tests/eval/welsh). Never tune on these
sets: they are floors just under the measured figures (README, "Semantic readers" and "Cymraeg"),
so a regression fails.
"""

from __future__ import annotations

import pytest
import yaml

from bot.gateway.language import LanguageReader
from bot.gateway.understanding import Understander
from bot.safeguarding import CombinedDetector
from bot.safeguarding.resolved import ResolvedPast
from bot.semantic.reader import Thresholds
from bot.settings import ROOT

EVAL = ROOT / "tests" / "eval"
FLOORS = {  # set: (card recall >=, card or check recall >=, card false alarms <=)
    # 2026-12-05: the reader's doubt about lexicon words, risk training data in more voices, harm
    # told of as past and over
    # (the session began at external 97.1%, 98.3%, 7.5%; blind 97.6%, 100%, 1.7%)
    "external": (0.95, 0.97, 0.06),  # 96.5%, 98.8%, 5.0%
    "blind": (0.96, 0.98, 0.03),  # 97.6%, 100%, 1.4%
    # Welsh (the lexicon, nearly alone: the sentence model knows no Welsh). 2026-12-04: 74.7%,
    # 75.9%, 7.5%; 2026-12-05: 74.7%, 74.7%, 7.5%
    "welsh": (0.72, 0.73, 0.09),
}


def _messages(path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [m for value in data.values() if isinstance(value, list) for m in value]


@pytest.fixture(scope="module")
def understander(reader) -> Understander:
    detector = CombinedDetector.from_files(ROOT / "data/safeguarding/lexicon.yml",
                                           ROOT / "data/safeguarding/lexicon.cy.yml")
    resolved = ResolvedPast.from_files(ROOT / "data/safeguarding/resolved.yml",
                                       ROOT / "data/safeguarding/lexicon.yml")
    return Understander(detector=detector, reader=reader, thresholds=Thresholds.load(),
                        is_english=LanguageReader.from_file().is_english, resolved=resolved)


async def _outcomes(understander, texts):
    return [await understander.read(t) for t in texts]


@pytest.mark.parametrize("name", sorted(FLOORS))
async def test_risk_brings_the_card_or_the_check(understander, name):
    card_floor, either_floor, _ = FLOORS[name]
    seen = await _outcomes(understander, _messages(EVAL / name / "risk.yml"))
    card = sum(u.finding is not None for u in seen) / len(seen)
    either = sum(u.finding is not None or u.check for u in seen) / len(seen)
    print(f"\n[{name}] card {card:.1%}, card or check {either:.1%} of {len(seen)} risk messages")
    assert card >= card_floor and either >= either_floor


@pytest.mark.parametrize("name", sorted(FLOORS))
async def test_ordinary_messages_rarely_bring_the_card(understander, name):
    seen = await _outcomes(understander, _messages(EVAL / name / "ordinary.yml"))
    alarms = sum(u.finding is not None for u in seen) / len(seen)
    checks = sum(u.check for u in seen) / len(seen)
    print(f"\n[{name}] card false alarms {alarms:.1%}, checks {checks:.1%} of {len(seen)}")
    assert alarms <= FLOORS[name][2]
