"""The gateway's reading of a message: lexicon first, then the semantic reader."""

from __future__ import annotations

import asyncio

from bot.gateway.understanding import SEMANTIC_PATTERN, BatchedReads, Understander
from bot.safeguarding import RiskDetector
from bot.semantic.reader import Reading, Thresholds
from bot.settings import ROOT

LEXICON = ROOT / "data" / "safeguarding" / "lexicon.yml"


class _BrokenReader:
    def read_many(self, texts):
        raise RuntimeError("model gone")


class _CountingReader:
    """Reads nothing for real; records how the texts arrived (one call per batch)."""

    def __init__(self):
        self.batches: list[list[str]] = []

    def read_many(self, texts):
        import time

        time.sleep(0.05)  # an encoder takes a moment: others arrive meanwhile
        self.batches.append(list(texts))
        return [Reading(intents=((f"ask_{t}", 1.0),), risk=0.0, risk_category="none")
                for t in texts]


async def test_without_a_reader_the_lexicon_alone_decides():
    understander = Understander(detector=RiskDetector.from_file(LEXICON))
    assert (await understander.read("i want to kill myself")).finding is not None
    seen = await understander.read("how do i complain")
    assert seen.finding is None and not seen.check and seen.rasa_metadata() == {}


async def test_a_failing_reader_leaves_the_lexicon_standing():
    understander = Understander(detector=RiskDetector.from_file(LEXICON), reader=_BrokenReader(),
                                thresholds=Thresholds(risk_card=0.9, risk_check=0.5))
    assert (await understander.read("i want to kill myself")).finding is not None
    assert (await understander.read("how do i complain")).finding is None


async def test_button_payloads_and_empty_looking_text_are_not_read():
    understander = Understander(detector=RiskDetector.from_file(LEXICON), reader=_BrokenReader(),
                                thresholds=Thresholds(risk_card=0.9, risk_check=0.5))
    for text in ("/affirm", "\u200b\u200b", "🙂", "..."):
        assert (await understander.read(text)).reading is None


async def test_the_semantic_reader_finds_risk_the_lexicon_has_no_words_for():
    from bot.semantic.encoder import shared_encoder
    from bot.semantic.reader import SemanticReader
    from tests.bot.semantic.conftest import MODELS

    understander = Understander(
        detector=RiskDetector.from_file(LEXICON),
        reader=SemanticReader(encoder=shared_encoder(), models_dir=MODELS),
        thresholds=Thresholds.load())
    # From the issue's own examples of card misses (never in the evaluation sets).
    seen = await understander.read("my boyfriend is making me send pictures")
    assert seen.finding is not None and seen.finding.category == "sexual_exploitation"
    lexicon_ids = RiskDetector.from_file(LEXICON).pattern_ids
    assert seen.finding.pattern_id in {SEMANTIC_PATTERN, *lexicon_ids}
    topic = await understander.read("how do i get an advocate")
    assert topic.finding is None and not topic.check
    assert topic.reading.intents[0][0] == "ask_advocacy"
    assert topic.rasa_metadata()["semantic"]["intent_ranking"][0]["name"] == "ask_advocacy"


async def test_messages_arriving_together_are_read_in_one_batch_each_getting_its_own_reading():
    reader = _CountingReader()
    batched = BatchedReads(reader)
    first = asyncio.create_task(batched.read("a"))
    await asyncio.sleep(0.01)  # "a" is being read; these three wait and go together
    rest = [asyncio.create_task(batched.read(t)) for t in ("b", "c", "d")]
    readings = await asyncio.gather(first, *rest)
    assert [r.intents[0][0] for r in readings] == ["ask_a", "ask_b", "ask_c", "ask_d"]
    assert reader.batches == [["a"], ["b", "c", "d"]]
    alone = await batched.read("e")  # a message alone is read at once, alone
    assert alone.intents[0][0] == "ask_e" and reader.batches[-1] == ["e"]


class _SureReader:
    """Reads every message as surely not risk."""

    def read_many(self, texts):
        return [Reading(intents=(("ask_rights", 1.0),), risk=0.0, risk_category="none")
                for _ in texts]


async def test_lexicon_words_the_reader_is_sure_are_not_risk_get_the_question_not_the_card():
    thresholds = Thresholds(risk_card=0.9, risk_check=0.3, lexicon_doubt=0.05,
                            lexicon_doubt_categories=frozenset({"criminal_exploitation"}))
    detector = RiskDetector.from_file(LEXICON)
    lesson, danger = "we learnt about county lines in school", "i want to kill myself"
    assert detector.assess(lesson).level != "immediate"
    assert detector.assess(danger).level == "immediate"

    english = Understander(detector=detector, reader=_SureReader(), thresholds=thresholds,
                           is_english=lambda text: True)
    seen = await english.read(lesson)
    assert seen.finding is None and seen.check
    assert (await english.read(danger)).finding is not None  # immediate: always the card

    # Grooming is never doubted: its category is not among those the reader may doubt.
    assert (await english.read("i was groomed online")).finding is not None

    # Welsh or mixed (the sentence model knows no Welsh), or no way to tell: the card stands.
    for is_english in (lambda text: False, None):
        understander = Understander(detector=detector, reader=_SureReader(),
                                    thresholds=thresholds, is_english=is_english)
        assert (await understander.read(lesson)).finding is not None


async def test_harm_told_of_as_past_and_over_gets_the_question_not_the_card():
    from bot.safeguarding.resolved import ResolvedPast

    resolved = ResolvedPast.from_files(ROOT / "data" / "safeguarding" / "resolved.yml", LEXICON)
    understander = Understander(detector=RiskDetector.from_file(LEXICON), resolved=resolved)
    past = await understander.read("i used to self harm but ive been fine for 2 years now")
    assert past.finding is None and past.check
    now = await understander.read("i used to self harm and tonight i started again")
    assert now.finding is not None
