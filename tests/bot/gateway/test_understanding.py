"""The gateway's reading of a message: lexicon first, then the semantic reader."""

from __future__ import annotations

from bot.gateway.understanding import SEMANTIC_PATTERN, Understander
from bot.safeguarding import RiskDetector
from bot.semantic.reader import Thresholds
from bot.settings import ROOT

LEXICON = ROOT / "data" / "safeguarding" / "lexicon.yml"


class _BrokenReader:
    def read(self, text):
        raise RuntimeError("model gone")


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
