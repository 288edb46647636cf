"""Draft a letter from data/letters/letters.yml: the young person's choices in, the text out.

Nothing personal goes in: the letter carries placeholders for a name and contact details.
What the young person typed about what happened is used as written (it is already an
ordinary message of their conversation).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from letters.dates import add_working_days, one_month_after

LETTERS_FILE = Path(__file__).resolve().parent.parent / "data" / "letters" / "letters.yml"
KINDS = ("complaint", "subject_access")


@dataclass(frozen=True)
class Promise:
    """A promise to quote: whose it is and its words."""

    source: str
    quote: str


@dataclass(frozen=True)
class LetterRequest:
    """What the young person chose. `place` is a place id; `nation` is england or wales."""

    kind: str
    nation: str
    place: str
    stage: str = "1"
    about: str = ""
    what_happened: str = ""
    want: str = ""
    records: str = ""
    advocate: bool = False
    promise: Promise | None = None


@dataclass(frozen=True)
class Letter:
    """A drafted letter and the dates it gives, for the chat and the `custom.letter` payload."""

    kind: str
    stage: str | None
    jurisdiction: str
    council: str
    text: str
    reply_by: dt.date | None
    chat: str
    next_stage: str | None

    def payload(self) -> dict[str, Any]:
        """`custom.letter`: kind, stage (complaints), jurisdiction, council, text, reply_by."""
        out: dict[str, Any] = {"kind": self.kind, "jurisdiction": self.jurisdiction,
                               "council": self.council, "text": self.text,
                               "reply_by": self.reply_by.isoformat() if self.reply_by else None}
        if self.kind == "complaint":
            out["stage"] = int(self.stage) if (self.stage or "").isdigit() else self.stage
        return out


@functools.lru_cache(maxsize=2)
def load_letters(path: Path = LETTERS_FILE) -> dict[str, Any]:
    """The letters file, read once."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def stages(kind: str, nation: str) -> tuple[str, ...]:
    """The stages a letter of this kind has in this nation, in order."""
    data = load_letters()["letters"][kind]
    return tuple(data.get(nation, data.get("any", {})))


def long_date(day: dt.date) -> str:
    """'3 December 2026': the form a council letter uses."""
    return f"{day.day} {day:%B %Y}"


def draft(request: LetterRequest, *, today: dt.date) -> Letter:
    """The letter for these choices, dated today, with its deadlines worked out."""
    data = load_letters()
    if request.kind not in KINDS:
        raise ValueError(f"unknown letter kind {request.kind!r}")
    by_nation = data["letters"][request.kind]
    template = (by_nation.get(request.nation) or by_nation["any"])
    stage = request.stage if request.kind == "complaint" else "request"
    if stage not in template:
        raise ValueError(f"no {request.kind} letter for stage {stage!r} in {request.nation}")
    template = template[stage]
    dates = _deadlines(template.get("deadlines") or {}, today=today, nation=request.nation)
    blanks = data["placeholders"]
    values = {
        "to": data["addressees"].get(request.place, blanks["council"]),
        "about": request.about or "something that happened",
        "what_happened": request.what_happened or blanks["what_happened"],
        "want": request.want or "[what you would like to happen]",
        "records": request.records,
        "first_complaint": blanks["first_complaint"],
        "promise": _promise_text(request.promise),
        "today": long_date(today),
        **{f"date_{key}": long_date(day) for key, day in dates.items()},
    }
    flags = {"advocate": request.advocate, "promise": request.promise is not None,
             "own_words": bool(request.what_happened)}
    to_ombudsman = stage == "ombudsman"
    salutation = data["salutations"]["ombudsman" if to_ombudsman else "council"]
    lines = [blanks["name"], blanks["contact"], long_date(today), "",
             f"To: {template['to'].format_map(values)}", "",
             f"Subject: {template['subject'].format_map(values)}", "",
             data["opening"].format(salutation=salutation), ""]
    for paragraph in template["body"]:
        if isinstance(paragraph, dict):
            if not flags[paragraph["when"]]:
                continue
            paragraph = paragraph["text"]
        lines += [paragraph.format_map(values), ""]
    lines += [data["closing"], blanks["name"]]
    reply_key = next(iter(dates), None)
    return Letter(kind=request.kind, stage=stage if request.kind == "complaint" else None,
                  jurisdiction=request.nation, council=request.place, text="\n".join(lines),
                  reply_by=dates[reply_key] if reply_key else None,
                  chat=template["chat"].format_map(values), next_stage=template.get("next"))


def _deadlines(spec: dict[str, dict], *, today: dt.date, nation: str) -> dict[str, dt.date]:
    # In file order: the first deadline is the one the council should reply by.
    dates: dict[str, dt.date] = {}
    for key, rule in spec.items():
        start = dates[rule["after"]] if "after" in rule else today
        if "working_days" in rule:
            dates[key] = add_working_days(start, int(rule["working_days"]), nation=nation)
        elif rule.get("months") == 1:
            dates[key] = one_month_after(start, nation=nation)
        else:
            raise ValueError(f"unknown deadline rule {rule!r}")
    return dates


def _promise_text(promise: Promise | None) -> str:
    if promise is None:
        return ""
    quote = promise.quote.strip()
    quote = f"…{quote}" if quote[:1].islower() else quote
    return f"You promised this in {promise.source}: “{quote}”"
