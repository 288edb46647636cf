"""Checks on the curated knowledge base in data/knowledge/*.yml.

They make sure that every quote is word for word from its seed document, that no
number, amount or deadline appears that is not in a source, that the pledges and
promises are all covered, that each topic has one default (primary) entry per place,
that answers stay easy to read, and that the key questions pick the right entries.

The source documents live in data/sources/ (the repository's own copy).
"""

from __future__ import annotations

import re
import statistics
import sys
from collections import Counter
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import kb  # noqa: E402
from kb.places import load_places  # noqa: E402
from kb.schema import TOPICS  # noqa: E402

KNOWLEDGE_DIR = REPO_ROOT / "data" / "knowledge"
SOURCES_DIR = REPO_ROOT / "data" / "sources"

PLEDGE = "000_bd1dbc2786a4842b.txt"  # Cambridgeshire's Pledge
DORSET = "001_e17dc4567f978096.txt"  # Dorset Corporate Parenting Strategy
SCHOOL = "002_540943937820bf4c.txt"  # provider education policy (+ Cambridgeshire Virtual School)
TRUST = "003_c9730a981942729b.txt"  # Cambridgeshire Children's Trust page
WALES = "004_f17ee0c8ffa63aa6.txt"  # Children's Commissioner for Wales promise
SEEDS = (PLEDGE, DORSET, SCHOOL, TRUST, WALES)

# Reading age about 11 (issue 13): every answer at most grade 7, the median at most 5,
# and short enough for one phone screen.
MAX_FK_GRADE = 7.0
MAX_MEDIAN_FK_GRADE = 5.0
MAX_ANSWER_WORDS = 60


def norm(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space."""
    return " ".join(text.split())


def source_path(name: str) -> Path:
    return SOURCES_DIR / name if name == "facts.md" else SOURCES_DIR / "seeds" / name


def source_text(name: str) -> str:
    path = source_path(name)
    assert path.is_file(), f"source document missing: {path}"
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def knowledge() -> kb.KnowledgeBase:
    return kb.load_knowledge_base(KNOWLEDGE_DIR)


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {name: source_text(name) for name in (*SEEDS, "facts.md")}


def quotes_from(knowledge: kb.KnowledgeBase, file: str, jurisdiction: str | None = None):
    return [
        e
        for e in knowledge.entries
        if e.source.file == file
        and e.quote
        and (jurisdiction is None or e.jurisdiction == jurisdiction)
    ]


# --------------------------------------------------------------------------- 1. loading


def test_knowledge_base_loads(knowledge):
    assert len(knowledge.entries) > 0
    missing = [t for t in TOPICS if not knowledge.topic_entries(t)]
    assert not missing, f"topics without entries: {missing}"


def test_titles_are_short_enough_for_buttons(knowledge):
    long = [(e.id, len(e.title)) for e in knowledge.entries if len(e.title) > 60]
    assert not long, f"titles over 60 characters: {long}"


def test_keywords_are_lowercase_and_unique(knowledge):
    for e in knowledge.entries:
        assert e.keywords, f"{e.id}: no keywords"
        dupes = [k for k, n in Counter(e.keywords).items() if n > 1]
        assert not dupes, f"{e.id}: repeated keywords {dupes}"


# --------------------------------------------------------------------------- 2. quotes


def test_every_quote_is_verbatim_from_its_source(knowledge, sources):
    normalised = {name: norm(text) for name, text in sources.items()}
    bad = [
        (e.file, e.id)
        for e in knowledge.entries
        if e.quote and norm(e.quote) not in normalised[e.source.file]
    ]
    assert not bad, f"quotes not found word for word in their source: {bad}"


def test_seed_entries_quote_and_facts_entries_do_not(knowledge):
    for e in knowledge.entries:
        if e.source.file == "facts.md":
            assert not e.quote, f"{e.id}: facts.md entries paraphrase, they do not quote"
        else:
            assert e.quote, f"{e.id}: an entry sourced from a seed must quote it"


def test_uncrc_articles_only_from_the_wales_promise(knowledge, sources):
    named = {int(n) for n in re.findall(r"\(Article (\d+)\)", sources[WALES])}
    for e in knowledge.entries:
        if e.uncrc:
            assert e.source.file == WALES, f"{e.id}: UNCRC articles only from the Wales promise"
            unnamed = set(e.uncrc) - named
            assert not unnamed, f"{e.id}: article(s) {unnamed} not named in the seed"


# --------------------------------------------------------------------------- 3. numbers

# Phone-like numbers: digit groups separated by single spaces, or a long run of digits.
PHONE = re.compile(r"(?<![\d£,.])(?:\d{2,5}(?: \d{2,6}){1,3}|\d{5,})(?![\d,])")
MONEY = re.compile(r"£\d[\d,]*(?:\.\d{2})?")
WORKING_DAYS = re.compile(r"\b(\d+) working days?\b", re.IGNORECASE)


def _texts(entry: kb.Entry) -> list[str]:
    texts = [entry.answer, entry.title, *entry.next_steps]
    for c in entry.contacts:
        texts += [c.name, c.phone, c.text, c.hours]
    return [t for t in texts if t]


def test_phone_numbers_amounts_and_deadlines_come_from_sources(knowledge, sources):
    corpus = norm("\n".join(sources.values()))
    working_day_lines = [
        line for text in sources.values() for line in text.splitlines() if "working day" in line
    ]
    problems = []
    for e in knowledge.entries:
        for c in e.contacts:
            for value in (c.phone, c.text):
                if value and norm(value) not in corpus:
                    problems.append((e.id, "contact number", value))
        for text in _texts(e):
            for number in PHONE.findall(text):
                if norm(number) not in corpus:
                    problems.append((e.id, "phone number", number))
            for amount in MONEY.findall(text):
                if amount not in corpus:
                    problems.append((e.id, "amount", amount))
            for days in WORKING_DAYS.findall(text):
                if not any(re.search(rf"\b{days}\b", line) for line in working_day_lines):
                    problems.append((e.id, "working days", days))
    assert not problems, f"numbers not found in facts.md or a seed: {problems}"


def test_every_number_appears_in_a_source(knowledge, sources):
    """A stricter net: any figure at all (age, year, count) must occur in a source."""
    known = set(re.findall(r"\d+", "\n".join(sources.values())))
    problems = [
        (e.id, n) for e in knowledge.entries for t in _texts(e) for n in re.findall(r"\d+", t)
        if n not in known
    ]
    assert not problems, f"figures not in any source: {problems}"


# --------------------------------------------------------------------------- 4. coverage


def _pledge_sections(text: str) -> dict[str, str]:
    """Heading -> paragraph text for the Cambridgeshire pledge (headings are in capitals)."""
    sections: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines()[1:]:  # the first line is the document title
        stripped = line.strip()
        if stripped and stripped == stripped.upper() and re.search(r"[A-Z]", stripped):
            current = stripped.rstrip(".")
            sections[current] = []
        elif current and stripped:
            sections[current].append(stripped)
    return {h: norm(" ".join(lines)) for h, lines in sections.items()}


def test_every_cambridgeshire_pledge_heading_has_an_entry(knowledge, sources):
    sections = _pledge_sections(sources[PLEDGE])
    assert len(sections) == 10, sorted(sections)
    entries = quotes_from(knowledge, PLEDGE, "cambridgeshire")
    for heading, paragraph in sections.items():
        covering = [
            e for e in entries if e.source.section.upper() == heading and norm(e.quote) in paragraph
        ]
        assert covering, f"no Cambridgeshire entry quotes the pledge heading {heading!r}"


def _dorset_principles(text: str) -> list[str]:
    lines = text.splitlines()
    marker = "seven key Corporate Parenting Principles"
    start = next(i for i, line in enumerate(lines) if marker in line)
    principles = []
    for line in lines[start + 1 :]:
        if not line.startswith("- "):
            break
        principles.append(norm(line[2:]))
    return principles


def test_each_dorset_principle_is_quoted(knowledge, sources):
    principles = _dorset_principles(sources[DORSET])
    assert len(principles) == 7, principles
    quotes = [norm(e.quote) for e in quotes_from(knowledge, DORSET, "dorset")]
    for principle in principles:
        assert any(principle in q for q in quotes), f"Dorset principle not quoted: {principle!r}"


def test_dorset_forums_survey_and_definition_are_covered(knowledge):
    dorset = quotes_from(knowledge, DORSET, "dorset")
    have_a_say = [norm(e.quote) for e in dorset if e.topic == "have_a_say"]
    for needle in (
        "Children in Care Council for young people aged 10 - 15 years",
        "Care Leavers Forum for young adults aged 16 - 21 years",
        "Junior in Care Council for children aged 5 - 9 years",
        "The Dorset Care Satisfaction Survey is an annual survey",
    ):
        assert any(needle in q for q in have_a_say), f"no Dorset have_a_say entry quotes {needle!r}"
    definitions = [
        e for e in quotes_from(knowledge, DORSET, "dorset")
        if e.topic == "corporate_parent" and "Corporate Parenting is the term" in e.quote
    ]
    assert definitions, "Dorset's definition of corporate parenting is not quoted"


def _wales_lines(text: str, start_marker: str, end_marker: str) -> list[str]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(start_marker))
    end = next(i for i, line in enumerate(lines) if i > start and line.startswith(end_marker))
    return [norm(line) for line in lines[start + 1 : end] if line.strip()]


def _covered(line: str, quotes: list[str]) -> bool:
    # The line is inside a quote, or (for a broken line) a real part of it is quoted.
    return any(line in q or (len(q) >= 20 and q in line) for q in quotes)


def test_every_wales_promise_and_how_we_keep_it_is_quoted(knowledge, sources):
    text = sources[WALES]
    quotes = [norm(e.quote) for e in quotes_from(knowledge, WALES, "wales")]
    promises = _wales_lines(
        text, "The Promises set out in the Wales Charter", "How we will keep these Promises"
    )
    keeping = _wales_lines(text, "How we will keep these Promises", "The rights from the")
    assert len(promises) == 9, promises
    for line in promises + keeping:
        assert _covered(line, quotes), f"Wales promise text not quoted by any entry: {line!r}"


def test_education_policy_and_trust_page_are_covered(knowledge):
    school = [norm(e.quote) for e in quotes_from(knowledge, SCHOOL)]
    for needle in (
        "Personal Education Plan (PEP)",
        "Designated Person",
        "exclusion",
        "attendance",
        "admission of care-experienced young people",
        "Cambridgeshire Virtual School",
        "13 weeks or more spanning their 16th birthday",
    ):
        assert any(needle in q for q in school), f"education policy not quoted on {needle!r}"
    phones = {c.phone for e in knowledge.entries for c in e.contacts}
    assert "01223 699 883" in phones, "Cambridgeshire Virtual School phone number missing"
    trust = [e for e in quotes_from(knowledge, TRUST, "cambridgeshire")]
    assert any("free and confidential" in e.quote and e.topic == "health" for e in trust)
    assert any("Multi Agency Safeguarding Hub (MASH)" in e.quote for e in trust)


def test_each_topic_has_a_national_entry(knowledge):
    for topic in TOPICS:
        national = [
            e for e in knowledge.topic_entries(topic) if e.jurisdiction in ("england", "uk")
        ]
        assert national, f"topic {topic!r} has no England or UK-wide entry"


@pytest.mark.parametrize(
    "topic, jurisdiction, needle",
    [
        ("advocacy", "england", "section 26A"),
        ("advocacy", "england", "0808 800 5792"),
        ("advocacy", "england", "NYAS"),
        ("advocacy", "wales", "080 880 23456"),
        ("advocacy", "wales", "active offer"),
        ("rights", "england", "0800 528 0731"),
        ("rights", "wales", "Investigation and Advice"),
        ("complaints", "england", "10 working days"),
        ("complaints", "england", "25 working days"),
        ("complaints", "england", "30 working days"),
        ("complaints", "england", "Ombudsman"),
        ("complaints", "england", "treated worse"),
        ("complaints", "wales", "2 working days"),
        ("complaints", "wales", "10 working days"),
        ("complaints", "wales", "25 working days"),
        ("complaints", "wales", "Public Services Ombudsman for Wales"),
        ("records", "uk", "subject access request"),
        ("records", "uk", "one month"),
        ("health", "england", "summary of their health history"),
        ("leaving_care", "england", "13 weeks"),
        ("leaving_care", "england", "Personal Adviser"),
        ("leaving_care", "england", "local offer"),
        ("leaving_care", "england", "Staying Put"),
        ("leaving_care", "england", "£3,000"),
        ("leaving_care", "england", "£2,000 bursary"),
        ("leaving_care", "england", "council tax"),
        ("leaving_care", "wales", "council tax"),
        ("leaving_care", "wales", "£2,000"),
        ("corporate_parent", "england", "seven Corporate"),
    ],
)
def test_national_facts_are_covered(knowledge, topic, jurisdiction, needle):
    def haystack(e: kb.Entry) -> str:
        return " ".join([e.title, e.answer, e.quote, e.source.title, *e.next_steps]
                        + [f"{c.name} {c.phone}" for c in e.contacts])

    entries = [e for e in knowledge.topic_entries(topic) if e.jurisdiction == jurisdiction]
    assert any(needle.lower() in haystack(e).lower() for e in entries), (
        f"no {jurisdiction} {topic} entry mentions {needle!r}"
    )


# --------------------------------------------------------------------------- 5. primaries


def test_exactly_one_primary_per_topic_and_jurisdiction(knowledge):
    groups = Counter((e.topic, e.jurisdiction) for e in knowledge.entries)
    primaries = Counter((e.topic, e.jurisdiction) for e in knowledge.entries if e.primary)
    wrong = {g: primaries[g] for g in groups if primaries[g] != 1}
    assert not wrong, f"(topic, jurisdiction) pairs without exactly one primary: {wrong}"


def test_default_national_answer_is_the_nations_own(knowledge):
    """With no keyword hits, a nation's own law beats a UK-wide entry when it has one."""
    for topic in TOPICS:
        for council, nation in [(None, "england"), *load_places().with_promises.items()]:
            own = [
                e for e in knowledge.topic_entries(topic)
                if e.jurisdiction == nation and not e.is_promise
            ]
            answer = knowledge.answer(topic=topic, council=council, text="")
            if own:
                assert answer.national.jurisdiction == nation, (topic, council, answer.national.id)
                assert answer.national.primary, (topic, council, answer.national.id)


# --------------------------------------------------------------------------- 6. readability


def _flesch_kincaid(text: str) -> float:
    import textstat
    from textstat.backend.counts import _count_syllables

    try:
        import nltk

        nltk.data.find("corpora/cmudict")
    except LookupError:
        # No CMU dictionary offline: count syllables with pyphen (bundled with textstat).
        _count_syllables.get_cmudict = lambda lang: None
    return textstat.flesch_kincaid_grade(text)


def test_answers_are_easy_to_read(knowledge):
    grades = {e.id: _flesch_kincaid(e.answer) for e in knowledge.entries}
    median = statistics.median(grades.values())
    hardest = sorted(grades.items(), key=lambda kv: -kv[1])[:5]
    print(f"\nmedian Flesch-Kincaid grade of {len(grades)} answers: {median:.2f}")
    print("hardest:", ", ".join(f"{i} {g:.1f}" for i, g in hardest))
    assert median <= MAX_MEDIAN_FK_GRADE
    assert not {i: g for i, g in grades.items() if g > MAX_FK_GRADE}


def test_answers_fit_on_a_phone_screen(knowledge):
    long = {e.id: len(e.answer.split()) for e in knowledge.entries
            if len(e.answer.split()) > MAX_ANSWER_WORDS}
    assert not long


# --------------------------------------------------------------------------- 7. selection


def test_health_history_in_cambridgeshire(knowledge):
    answer = knowledge.answer(
        topic="health", council="cambridgeshire", text="can i see my health history"
    )
    assert answer.local.source.file == PLEDGE
    assert answer.local.source.section.upper() == "HEALTH"
    assert answer.national.jurisdiction in ("england", "uk")
    assert "health history" in answer.national.answer.lower()
    said = " ".join([answer.national.answer, *answer.national.next_steps]).lower()
    assert "subject access" in said


def test_health_history_without_a_place_uses_england(knowledge):
    answer = knowledge.answer(topic="health", text="can i see my health history")
    assert answer.local is None
    assert answer.national.id == "health-england-health-history-summary"


def test_sexual_health_in_cambridgeshire(knowledge):
    answer = knowledge.answer(
        topic="health", council="cambridgeshire", text="where can i get contraception"
    )
    assert answer.local.source.file == TRUST


def test_advocate_in_wales_differs_from_cambridgeshire(knowledge):
    text = "how do i get an advocate"
    wales = knowledge.answer(topic="advocacy", council="wales", text=text)
    cambs = knowledge.answer(topic="advocacy", council="cambridgeshire", text=text)
    assert wales.national.jurisdiction == "wales" and not wales.national.is_promise
    assert wales.local.jurisdiction == "wales" and wales.local.source.file == WALES
    assert cambs.national.jurisdiction == "england"
    assert cambs.local.source.file == PLEDGE and cambs.local.source.section.upper() == "ADVOCACY"
    assert (wales.national.id, wales.local.id) != (cambs.national.id, cambs.local.id)
    assert any(c.phone == "0808 800 5792" for c in cambs.national.contacts)
    assert any(c.phone == "080 880 23456" for c in wales.national.contacts)


def test_how_do_i_complain(knowledge):
    england = knowledge.answer(topic="complaints", council="dorset", text="how do i complain")
    assert england.national.id == "complaints-england-how-to-complain"
    assert england.local.source.file == DORSET
    wales = knowledge.answer(topic="complaints", council="wales", text="how do i complain")
    assert wales.national.jurisdiction == "wales" and not wales.national.is_promise
    assert wales.local.source.file == WALES
    stages = knowledge.answer(topic="complaints", text="how long does stage 2 take")
    assert stages.national.id == "complaints-england-stages-and-time-limits"


@pytest.mark.parametrize(
    "topic, council, text, expected",
    [
        ("records", None, "how do i see my file", "records-uk-subject-access-request"),
        ("education", "cambridgeshire", "what is a pep", "education-england-pep"),
        ("education", "dorset", "i got excluded from school",
         "education-england-exclusion-virtual-school"),
        ("leaving_care", None, "can i stay with my foster carers after 18",
         "leaving_care-england-staying-put"),
        ("leaving_care", "wales", "do i pay council tax", "leaving_care-wales-council-tax"),
        ("leaving_care", "dorset", "do i pay council tax", "leaving_care-england-council-tax"),
        ("have_a_say", "dorset", "is there a group for me im 13",
         "have_a_say-dorset-children-in-care-council"),
        ("have_a_say", "dorset", "what is the survey",
         "have_a_say-dorset-care-satisfaction-survey"),
        ("family_contact", "cambridgeshire", "why was contact cancelled",
         "family_contact-cambridgeshire-cant-happen"),
    ],
)
def test_key_selections(knowledge, topic, council, text, expected):
    answer = knowledge.answer(topic=topic, council=council, text=text)
    chosen = {answer.national and answer.national.id, answer.local and answer.local.id}
    assert expected in chosen, (text, chosen)
