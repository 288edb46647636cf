"""Finders for details with a shape: contacts, handles, numbers, dates, ages, addresses."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from bot.privacy import patterns as p
from bot.privacy.spans import Rank, Span
from bot.privacy.tokens import words_before

if TYPE_CHECKING:
    from bot.privacy.lexicon import Lexicon

_NON_DIGIT_RE = re.compile(r"\D")
_SPACED_TEN_DIGITS_RE = re.compile(r"\d{3}[\s\-]\d{3}[\s\-]\d{4}")
_HANDLE_MARK_RE = re.compile(r"[\d_.]")
_STREET_WORD_RE = re.compile(r"[a-z'’\-]+")
_TOKEN_RE = re.compile(r"\S+")


def find_contacts_and_numbers(text: str, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    """Emails, URLs, handles, NI numbers, full postcodes, phones, NHS numbers, IDs, dates."""
    for m in p.EMAIL_RE.finditer(text):
        yield Span(m.start(), m.end(), "EMAIL", Rank.EMAIL)
    for m in p.URL_RE.finditer(text):
        end = m.end()
        while end > m.start() and text[end - 1] in ".,;:!?)]}'\"":
            end -= 1
        yield Span(m.start(), end, "URL", Rank.URL)
    yield from _handles(text, stop, lex)
    for m in p.NI_RE.finditer(text):
        yield Span(m.start(), m.end(), "NI_NUMBER", Rank.NI)
    for m in lex.postcodes.full_re.finditer(text):
        yield Span(m.start(), m.end(), "POSTCODE", Rank.POSTCODE)
    for m in lex.postcodes.context_re.finditer(text):
        yield Span(m.start("pc"), m.end("pc"), "POSTCODE", Rank.POSTCODE)
    for m in p.PHONE_RE.finditer(text):
        yield Span(m.start(), m.end(), "PHONE", Rank.PHONE)
    yield from _nhs_numbers(text)
    for m in p.DOB_RE.finditer(text):
        yield Span(m.start("d"), m.end("d"), "DOB", Rank.DOB)
    yield from _ids(text, lex)
    for m in p.DATE_RE.finditer(text):
        yield Span(m.start(), m.end(), "DATE", Rank.DATE)


def find_postcode_parts(text: str, lex: Lexicon) -> Iterator[Span]:
    """Partial postcodes ("BH15", "cb1"), but not text-speak that looks like one ("sk8")."""
    for m in lex.postcodes.part_re.finditer(text):
        if m.group().lower() in lex.words.postcode_lookalikes and not m.group().isupper():
            continue
        yield Span(m.start(), m.end(), "POSTCODE", Rank.POSTCODE_PART)


def find_ages(text: str, lex: Lexicon) -> Iterator[Span]:
    """Someone's stated age ("im 16"), but not an age in a rule ("when i turn 18")."""
    for regex in p.AGE_RES:
        for m in regex.finditer(text):
            before = [w.lower() for _s, _e, w in words_before(text, m.start(), 3)]
            if any(w in lex.words.conditional_words for w in before):
                continue  # "when i turn 18", "can i stay till im 21": a rule, not a person
            yield Span(m.start("age"), m.end("age"), "AGE", Rank.AGE)


def find_addresses(text: str, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    """Street addresses: "12 mill road", "flat 3", "on mill road", "my address is ..."."""
    for m in p.ADDRESS_NUMBERED_RE.finditer(text):
        words = (m.group("words") or "").split()
        if (words or m.group("the")) and all(_street_word_ok(w, stop, lex) for w in words):
            yield Span(m.start(), m.end(), "ADDRESS", Rank.ADDRESS)
    for m in p.FLAT_RE.finditer(text):
        yield Span(m.start(), m.end(), "ADDRESS", Rank.ADDRESS)
    for m in p.ADDRESS_BARE_RE.finditer(text):
        span = _bare_street(m, stop, lex)
        if span:
            yield span
    for m in p.ADDRESS_IS_RE.finditer(text):
        value = m.group("a")
        cut = p.ADDRESS_END_RE.search(" " + value + " ")
        end = m.start("a") + (cut.start() if cut else len(value))
        end = min(end, m.start("a") + len(value))
        start = m.start("a")
        while end > start and text[end - 1] in " ,":
            end -= 1
        if end > start:
            yield Span(start, end, "ADDRESS", Rank.ADDRESS)


def _bare_street(m: re.Match[str], stop: frozenset[str], lex: Lexicon) -> Span | None:
    """Only the run of name-like words right before "road" ("on [mill road]")."""
    words = m.group("words").split()
    kept = 0
    for w in reversed(words):
        if not _street_word_ok(w, stop, lex) or w.lower() in lex.words.generic_street_words:
            break
        kept += 1
    if not kept:
        return None
    tokens = list(_TOKEN_RE.finditer(m.group("words")))
    piece_start = m.start("words") + tokens[len(tokens) - kept].start()
    return Span(piece_start, m.end(), "ADDRESS", Rank.ADDRESS)


def _street_word_ok(word: str, stop: frozenset[str], lex: Lexicon) -> bool:
    """Can `word` be part of a street's name?"""
    words = lex.words
    low = word.lower().strip(",")
    if low in stop or low in words.topic_words \
            or low in words.not_place_words - {"park", "hall"}:  # "park road", "hall lane"
        return False
    if low in words.not_street_words:
        return False
    return bool(_STREET_WORD_RE.fullmatch(low))


def _handles(text: str, stop: frozenset[str], lex: Lexicon) -> Iterator[Span]:
    for m in p.AT_HANDLE_RE.finditer(text):
        yield Span(m.start(), m.end(), "HANDLE", Rank.HANDLE)
    for regex in (p.HANDLE_MY_RE, p.HANDLE_ADD_RE, p.HANDLE_COLON_RE):
        for m in regex.finditer(text):
            start, end = m.start("h"), m.end("h")
            while end > start and text[end - 1] in ".-#":
                end -= 1
            handle = text[start:end]
            low = handle.lower().lstrip("@")
            marked = handle.startswith("@") or bool(_HANDLE_MARK_RE.search(handle))
            if low in lex.words.not_handles or low in lex.words.topic_words:
                continue
            if not marked:
                if low in stop or low.endswith(("ing", "ed")) or len(low) < 3:
                    continue
                if regex is p.HANDLE_MY_RE and not (m.group("conn") or "").strip():
                    continue  # "my snap jayden" is too weak without "is" / ":"
            yield Span(start, end, "HANDLE", Rank.HANDLE)


def _nhs_numbers(text: str) -> Iterator[Span]:
    for m in p.NHS_CONTEXT_RE.finditer(text):
        yield Span(m.start("n"), m.end("n"), "NHS_NUMBER", Rank.NHS)
    for m in p.TEN_DIGITS_RE.finditer(text):
        digits = _NON_DIGIT_RE.sub("", m.group())
        if digits[0] == "0":
            continue  # a phone number (or not UK): left to the phone rule
        spaced = bool(_SPACED_TEN_DIGITS_RE.fullmatch(m.group()))
        tag = "NHS_NUMBER" if spaced or nhs_checksum_ok(digits) else "ID"
        yield Span(m.start(), m.end(), tag, Rank.NHS)


def _ids(text: str, lex: Lexicon) -> Iterator[Span]:
    for m in p.REFERENCE_RE.finditer(text):
        yield Span(m.start("ref"), m.end("ref"), "ID", Rank.ID)
    for m in p.SORT_CODE_RE.finditer(text):
        yield Span(m.start(), m.end(), "ID", Rank.ID)
    for m in p.LONG_NUMBER_RE.finditer(text):
        digits = _NON_DIGIT_RE.sub("", m.group())
        if digits.startswith(lex.service_number_prefixes) or digits in lex.words.helpline_numbers:
            continue  # 0800 1111 is Childline, 116 123 the Samaritans: nobody's own number
        yield Span(m.start(), m.end(), "ID", Rank.ID)


def nhs_checksum_ok(digits: str) -> bool:
    """Do ten digits pass the NHS number's modulus-11 check?"""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])
