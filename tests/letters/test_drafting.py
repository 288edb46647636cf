"""Drafted letters: the right law for the nation, the dates, placeholders, no invented facts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from letters import LetterRequest, Promise, draft, stages

ROOT = Path(__file__).resolve().parents[2]
FACTS = (ROOT / "data" / "sources" / "facts.md").read_text(encoding="utf-8")
TODAY = dt.date(2026, 12, 18)  # a Friday a week before Christmas
ENGLAND_LAW = ("Children Act 1989 Representations Procedure (England) Regulations 2006",
               "section 26A", "Local Government and Social Care Ombudsman")
WALES_LAW = ("Social Services Complaints Procedure (Wales) Regulations 2014",
             "Social Services and Well-being (Wales) Act 2014, section 178",
             "Public Services Ombudsman for Wales")
ALL_LETTERS = [("complaint", nation, stage) for nation in ("england", "wales")
               for stage in stages("complaint", nation)] + [
    ("subject_access", nation, "1") for nation in ("england", "wales")]


def request(kind: str, nation: str, stage: str = "1", **extra) -> LetterRequest:
    fields = dict(kind=kind, nation=nation, place=nation, stage=stage, about="seeing my family",
                  want="an apology", records="my social care file", advocate=True)
    fields.update(extra)
    return LetterRequest(**fields)


def test_stages_follow_each_nations_procedure():
    assert stages("complaint", "england") == ("1", "2", "3", "ombudsman")
    assert stages("complaint", "wales") == ("1", "2", "ombudsman")


@pytest.mark.parametrize(("kind", "nation", "stage"), ALL_LETTERS)
def test_each_nation_gets_its_own_law(kind, nation, stage):
    letter = draft(request(kind, nation, stage), today=TODAY)
    other = WALES_LAW if nation == "england" else ENGLAND_LAW
    assert not [law for law in other if law in letter.text], letter.text
    if kind == "complaint" and stage != "ombudsman":
        own = ENGLAND_LAW[0] if nation == "england" else WALES_LAW[0]
        assert own in letter.text
    if kind == "subject_access":
        assert "subject access request under the UK GDPR" in letter.text


@pytest.mark.parametrize(("kind", "nation", "stage"), ALL_LETTERS)
def test_no_personal_details_only_placeholders(kind, nation, stage):
    text = draft(request(kind, nation, stage), today=TODAY).text
    assert text.startswith("[your name]\n")
    assert text.rstrip().endswith("[your name]")
    assert "[your email, phone number or address, so they can reply]" in text


@pytest.mark.parametrize(("kind", "nation", "stage"), ALL_LETTERS)
def test_every_number_is_a_date_or_a_checked_fact(kind, nation, stage):
    text = draft(request(kind, nation, stage), today=TODAY).text
    text = re.sub(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|"
                  r"October|November|December) \d{4}\b", "", text)
    for number in re.findall(r"\d+", text):
        assert re.search(rf"(?<!\d){number}(?!\d)", FACTS), f"{number} is not in facts.md"


def test_england_stage_1_crosses_christmas_and_new_year():
    letter = draft(request("complaint", "england"), today=TODAY)
    assert letter.reply_by == dt.date(2027, 1, 6)
    assert "within 10 working days, which is by 6 January 2027" in letter.text
    assert "up to 20 working days" in letter.text
    assert "by 6 January 2027" in letter.chat
    assert letter.payload() == {"kind": "complaint", "stage": 1, "jurisdiction": "england",
                                "council": "england", "text": letter.text,
                                "reply_by": "2027-01-06"}


def test_wales_stage_1_acknowledgement_then_discussion():
    letter = draft(request("complaint", "wales"), today=TODAY)
    assert letter.reply_by == dt.date(2026, 12, 22)
    assert "within 2 working days, which is by 22 December 2026" in letter.text
    assert ("within 10 working days of the acknowledgement, which is by 8 January 2027"
            in letter.text)


def test_stage_2_crosses_easter():
    england = draft(request("complaint", "england", "2"), today=dt.date(2027, 3, 22))
    # 25 working days, Good Friday and Easter Monday skipped
    assert england.reply_by == dt.date(2027, 4, 28)
    assert "[the date you sent your first complaint]" in england.text
    wales = draft(request("complaint", "wales", "2"), today=dt.date(2027, 3, 22))
    assert wales.reply_by == dt.date(2027, 4, 28)
    assert wales.next_stage == "ombudsman"


def test_ombudsman_letters_promise_no_date():
    for nation, body in (("england", "Local Government and Social Care Ombudsman"),
                         ("wales", "Public Services Ombudsman for Wales")):
        letter = draft(request("complaint", nation, "ombudsman"), today=TODAY)
        assert letter.reply_by is None and letter.payload()["reply_by"] is None
        assert letter.payload()["stage"] == "ombudsman"
        assert f"To: The {body}" in letter.text
        assert "won't guess" in letter.chat


def test_subject_access_one_month_and_the_promise_quoted():
    promise = Promise(source="Cambridgeshire's Pledge — Health",
                      quote="will ensure you have access to your health history that we "
                            "hold for you.")
    letter = draft(request("subject_access", "england", place="cambridgeshire",
                           records="my health history that you hold for me", promise=promise),
                   today=dt.date(2026, 12, 3))
    assert letter.reply_by == dt.date(2027, 1, 4)  # 3 January 2027 is a Sunday
    assert letter.stage is None and "stage" not in letter.payload()
    assert "You promised this in Cambridgeshire's Pledge — Health: “…will ensure you have access " \
           "to your health history that we hold for you.”" in letter.text
    assert "To: The Data Protection Officer, Cambridgeshire children's services" in letter.text


def test_own_words_and_no_advocate():
    letter = draft(request("complaint", "england", what_happened="they moved me without asking",
                           advocate=False), today=TODAY)
    assert "What happened: they moved me without asking" in letter.text
    assert "advocate" not in letter.text


def test_unknown_kind_or_stage_is_refused():
    with pytest.raises(ValueError):
        draft(request("poem", "england"), today=TODAY)
    with pytest.raises(ValueError):
        draft(request("complaint", "wales", "3"), today=TODAY)


def test_the_payload_contract_names_the_same_kinds():
    from letters import KINDS
    from payload import LETTER_KINDS

    assert KINDS == LETTER_KINDS
