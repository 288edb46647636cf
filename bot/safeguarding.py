"""Safeguarding risk check: does a message disclose that a young person may be at risk?

This is the rule-based detector. It reads a maintained lexicon
(`data/safeguarding/lexicon.yml`) of regular-expression patterns, grouped by
category, plus a list of figure-of-speech exceptions ("this homework is killing
me"). The gateway calls `RiskDetector.assess()` on every incoming message; a
finding raises the safeguarding card. A second, trained detector (the Rasa NLU
intent `disclose_risk`) can raise the same card independently.

Design rules:

* Stdlib + PyYAML only, nothing happens at import time: build a detector with
  `RiskDetector.from_file(path)`.
* A finding names the category, the level and the lexicon pattern id, never the
  message text, so findings can be logged without personal data.
* Messages are normalised before matching (see `Normaliser`): lower case, no
  accents, look-alike letters, HTML, apostrophes and punctuation removed,
  text-speak expanded (u -> you, im -> i am, wanna -> want to ...), "l33t"
  spellings undone, and every run of a repeated letter squeezed to one letter
  (so "killll", "kil" and "kill" are the same word). Patterns are squeezed the
  same way when they are compiled, so lexicon authors write ordinary spelling.
* An exception only suppresses a finding when the exception's own match covers
  the whole span the pattern matched; it never silences a message globally.
* Bad input (None, bytes, huge or binary-ish text, HTML) never raises.
"""

from __future__ import annotations

import bisect
import html
import itertools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator, Mapping, Sequence

import yaml

__all__ = [
    "CATEGORIES",
    "LEVELS",
    "LexiconError",
    "Normaliser",
    "RiskDetector",
    "RiskFinding",
]

#: The category ids are a contract with the gateway and the card texts.
CATEGORIES: tuple[str, ...] = (
    "suicide_self_harm",
    "abuse_violence",
    "sexual_exploitation",
    "criminal_exploitation",
    "immediate_danger",
    "homelessness_running_away",
)

#: Finding levels, most serious first.
LEVELS: tuple[str, ...] = ("immediate", "high")

#: Categories whose findings are always "immediate".
IMMEDIATE_CATEGORIES: frozenset[str] = frozenset({"suicide_self_harm", "immediate_danger"})

#: Tie-break between findings of the same level (most serious first).
SEVERITY_ORDER: tuple[str, ...] = (
    "suicide_self_harm",
    "immediate_danger",
    "abuse_violence",
    "sexual_exploitation",
    "criminal_exploitation",
    "homelessness_running_away",
)

_ID_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_SHORTHAND_RE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# A run of one repeated letter, not preceded by a backslash (so "\bb" stays intact).
_SQUEEZE_SOURCE_RE = re.compile(r"(?<!\\)([a-z])\1+")
_SQUEEZE_TEXT_RE = re.compile(r"([a-z])\1+")
_DEFAULT_WITHIN = 15
_MAX_NEAR_COMBINATIONS = 2000


class LexiconError(ValueError):
    """The lexicon file is missing, malformed, or one of its patterns is invalid."""


@dataclass(frozen=True)
class RiskFinding:
    """One reason to raise the safeguarding card. Never carries the message text."""

    category: str  # one of CATEGORIES
    level: str  # "immediate" or "high"
    pattern_id: str  # which lexicon pattern fired


# --------------------------------------------------------------------------- #
# Normalisation
# --------------------------------------------------------------------------- #

_APOSTROPHES = str.maketrans({c: "'" for c in "\u2019\u2018\u201b`\u00b4\u02bc\u2032\uff07"})
# Emoji that change meaning: crying-laughing / skull are "lol" ("im dead 💀").
_EMOJI = {
    "\U0001f602": " lol ",  # 😂
    "\U0001f923": " lol ",  # 🤣
    "\U0001f480": " lol ",  # 💀
    "\U0001f639": " lol ",  # 😹
    "\U0001f52a": " knife ",  # 🔪
    "\U0001f48a": " pills ",  # 💊
    "\U0001f52b": " gun ",  # 🔫
}
# Latin look-alikes from other scripts, and letters NFKD does not split.
_CONFUSABLES = str.maketrans(
    {
        "\u0430": "a", "\u0435": "e", "\u043e": "o", "\u0440": "p", "\u0441": "c",
        "\u0443": "y", "\u0445": "x", "\u0456": "i", "\u0458": "j", "\u0455": "s",
        "\u043a": "k", "\u043c": "m", "\u0442": "t", "\u043d": "h", "\u0432": "b",
        "\u0131": "i", "\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u00e6": "ae",
        "\u0153": "oe", "\u00fe": "th", "\u00f0": "d", "\u03b1": "a", "\u03bf": "o",
        "\u03b5": "e", "\u03b9": "i", "\u03ba": "k", "\u03bd": "v", "\u03c1": "p",
        "\u03c4": "t", "\u03c5": "u", "\u03c7": "x",
    }
)
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t",
                       "@": "a", "$": "s", "!": "i", "|": "i"})
_LEET_CHARS = frozenset("013457@$!|")
# A token that starts with a letter and may contain leet characters; it may not
# end in "!" (that is punctuation: "help!").
_LEET_TOKEN_RE = re.compile(r"(?<![a-z0-9@$!|])[a-z][a-z0-9@$!|]*[a-z0-9@$|]")
_TAG_RE = re.compile(r"<[a-z!/?][^<>]{0,2000}>", re.IGNORECASE)
_CONTRACTIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"\b(i|you|u|he|she|we|they|it|that|there|who|what)'ll\b", r"\1 will"),
        (r"\b(i|you|u|he|she|we|they|it|that|there|who)'d\b", r"\1 would"),
        (r"\bi'm\b", "i am"),
        (r"'m\b", " am"),
        (r"'re\b", " are"),
        (r"'ve\b", " have"),
        (r"\bcan't\b", "can not"),
        (r"\bwon't\b", "will not"),
        (r"\bain't\b", "is not"),
        (r"n't\b", " not"),
        (r"([a-z])'d\b", r"\1ed"),  # "od'd" -> "oded"
        (r"'", ""),  # "he's" -> "hes", "someone's" -> "someones"
    )
)
_SENTENCE_RE = re.compile(r"[.!?;:\n\r\u2026]+")
_NON_WORD_RE = re.compile(r"[^a-z0-9.]+")
_DOTS_RE = re.compile(r"(?:\s*\.\s*)+")
_SPACES_RE = re.compile(r"\s+")
# "want 2 die", "going 2 do it": a lone "2" after these (squeezed) words is "to".
_TWO_IS_TO_RE = re.compile(
    r"\b(want|wanted|going|ned|have|got|trying|try|ready|deserve|like|wish|used|about|"
    r"hope|decided|planing|plan|go|come|how|scared|afraid|told me|asked me) 2\b"
)


def squeeze(text: str) -> str:
    """Squeeze every run of a repeated letter to one letter ("killll" -> "kil")."""
    return _SQUEEZE_TEXT_RE.sub(r"\1", text)


def _coerce(text: Any) -> str:
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text).decode("utf-8", errors="replace")
    try:
        return str(text)
    except Exception:  # pragma: no cover - pathological __str__
        return ""


class Normaliser:
    """Turn a raw chat message into the form the lexicon patterns are written against.

    The result contains only lower-case ASCII letters, digits, single spaces and
    " . " sentence breaks, with every letter run squeezed to one letter.
    """

    def __init__(self, text_speak: Mapping[str, str] | None = None):
        self._raw_keys: frozenset[str] = frozenset()
        self._map: dict[str, str] = {}
        self._map_re: re.Pattern[str] | None = None
        if text_speak:
            raw_keys = set()
            for key, value in text_speak.items():
                raw_keys.add(str(key).casefold())
                skey = self._prepare(str(key), expand=False)
                sval = self._prepare(str(value), expand=False)
                if skey and skey != sval:
                    self._map.setdefault(skey, sval)
            self._raw_keys = frozenset(raw_keys)
            if self._map:
                keys = sorted(self._map, key=len, reverse=True)
                self._map_re = re.compile(
                    r"(?<![a-z0-9])(?:" + "|".join(re.escape(k) for k in keys) + r")(?![a-z0-9])"
                )

    def __call__(self, text: Any) -> str:
        return self._prepare(_coerce(text), expand=True)

    def _leet(self, match: re.Match[str]) -> str:
        token = match.group(0)
        if token in self._raw_keys or not _LEET_CHARS.intersection(token):
            return token
        return token.translate(_LEET)

    def _prepare(self, s: str, *, expand: bool) -> str:
        if not s:
            return ""
        if "<" in s:
            s = _TAG_RE.sub(" ", s)
        if "&" in s:
            s = html.unescape(s)
        s = s.translate(_APOSTROPHES)
        if not s.isascii():
            for emoji, word in _EMOJI.items():
                if emoji in s:
                    s = s.replace(emoji, word)
            s = unicodedata.normalize("NFKD", s)
            s = "".join(c for c in s if not unicodedata.combining(c))
        s = s.casefold()
        if not s.isascii():
            s = s.translate(_CONFUSABLES)
        if "'" in s:
            for rx, repl in _CONTRACTIONS:
                s = rx.sub(repl, s)
        s = _LEET_TOKEN_RE.sub(self._leet, s)
        s = s.replace("&", " and ")
        s = _SENTENCE_RE.sub(" . ", s)
        s = _NON_WORD_RE.sub(" ", s)
        s = _DOTS_RE.sub(" . ", s)
        s = _SPACES_RE.sub(" ", s).strip(" .")
        s = squeeze(s)
        if expand and self._map_re is not None:
            s = self._map_re.sub(lambda m: self._map[m.group(0)], s)
        if expand:
            s = _TWO_IS_TO_RE.sub(r"\1 to", s)
        return s


# --------------------------------------------------------------------------- #
# Lexicon
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Pattern:
    id: str
    category: str
    level: str
    parts: tuple[re.Pattern[str], ...]  # one regex, or several that must occur near each other
    within: int
    examples: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class _Exception:
    id: str
    regex: re.Pattern[str]
    applies_to: frozenset[str] | None  # categories and/or pattern ids; None = all
    examples: tuple[str, ...]

    def applies(self, pattern: _Pattern) -> bool:
        return self.applies_to is None or pattern.category in self.applies_to or pattern.id in self.applies_to


def _fail(where: str, message: str) -> LexiconError:
    return LexiconError(f"lexicon {where}: {message}")


def _as_str_list(value: Any, where: str, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(where, f"'{field}' must be a list of strings")
    return tuple(value)


class _Compiler:
    def __init__(self, shorthands: Mapping[str, str]):
        self.shorthands = dict(shorthands)

    def compile(self, source: Any, where: str) -> re.Pattern[str]:
        if not isinstance(source, str) or not source.strip():
            raise _fail(where, "regex must be a non-empty string")
        expanded = source.strip()
        for _ in range(5):  # shorthands may use other shorthands
            if not _SHORTHAND_RE.search(expanded):
                break
            expanded = _SHORTHAND_RE.sub(self._expand(where), expanded)
        if _SHORTHAND_RE.search(expanded):
            raise _fail(where, "shorthands nest too deeply")
        if re.search(r"(?<!\\)[A-Z]", expanded):
            raise _fail(where, f"write patterns in lower case (messages are lower-cased): {source!r}")
        squeezed = _SQUEEZE_SOURCE_RE.sub(r"\1", expanded)
        try:
            raw = re.compile(squeezed)
        except re.error as err:
            raise _fail(where, f"invalid regex ({err}): {source!r}") from None
        if raw.match("") is not None:
            raise _fail(where, f"regex can match empty text: {source!r}")
        return re.compile(r"\b(?:" + squeezed + r")\b")

    def _expand(self, where: str):
        def repl(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self.shorthands:
                raise _fail(where, f"unknown shorthand {{{name}}}")
            return "(?:" + self.shorthands[name] + ")"

        return repl


# --------------------------------------------------------------------------- #
# Detector
# --------------------------------------------------------------------------- #


class RiskDetector:
    """Rule-based safeguarding detector built from a validated lexicon."""

    def __init__(
        self,
        patterns: Sequence[_Pattern],
        exceptions: Sequence[_Exception],
        normaliser: Normaliser,
        source: str = "<dict>",
    ):
        self._patterns = tuple(patterns)
        self._exceptions = tuple(exceptions)
        self._normalise = normaliser
        self.source = source
        self._exceptions_for = {
            p.id: tuple(e for e in self._exceptions if e.applies(p)) for p in self._patterns
        }

    # ---- construction --------------------------------------------------- #

    @classmethod
    def from_file(cls, path: str | Path) -> "RiskDetector":
        """Load and validate a lexicon YAML file. Raises LexiconError naming the bad entry."""
        path = Path(path)
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except OSError as err:
            raise LexiconError(f"lexicon {path}: cannot read ({err})") from None
        except yaml.YAMLError as err:
            raise LexiconError(f"lexicon {path}: not valid YAML ({err})") from None
        return cls.from_dict(data, source=str(path))

    @classmethod
    def from_dict(cls, data: Any, source: str = "<dict>") -> "RiskDetector":
        """Build from an already-parsed lexicon mapping (same validation as from_file)."""
        if not isinstance(data, dict):
            raise LexiconError(f"lexicon {source}: top level must be a mapping")
        unknown = set(data) - {"version", "categories", "shorthands", "text_speak", "patterns", "exceptions"}
        if unknown:
            raise LexiconError(f"lexicon {source}: unknown top-level keys {sorted(unknown)}")

        categories = data.get("categories") or {}
        if not isinstance(categories, dict) or set(categories) != set(CATEGORIES):
            raise LexiconError(
                f"lexicon {source}: 'categories' must list exactly {list(CATEGORIES)}"
            )

        shorthands = data.get("shorthands") or {}
        if not isinstance(shorthands, dict) or not all(
            isinstance(k, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", k) and isinstance(v, str)
            for k, v in shorthands.items()
        ):
            raise LexiconError(f"lexicon {source}: 'shorthands' must map UPPER_CASE names to regex text")
        compiler = _Compiler(shorthands)
        for name, value in shorthands.items():
            try:
                re.compile(value)
            except re.error as err:
                raise _fail(f"shorthand '{name}'", f"invalid regex ({err})") from None

        text_speak = data.get("text_speak") or {}
        if not isinstance(text_speak, dict) or not all(
            isinstance(k, (str, int)) and isinstance(v, str) for k, v in text_speak.items()
        ):
            raise LexiconError(f"lexicon {source}: 'text_speak' must map words to their meaning")
        normaliser = Normaliser({str(k): v for k, v in text_speak.items()})

        raw_patterns = data.get("patterns")
        if not isinstance(raw_patterns, list) or not raw_patterns:
            raise LexiconError(f"lexicon {source}: 'patterns' must be a non-empty list")
        patterns: list[_Pattern] = []
        seen: set[str] = set()
        for order, item in enumerate(raw_patterns):
            patterns.append(cls._parse_pattern(item, order, seen, compiler))

        raw_exceptions = data.get("exceptions") or []
        if not isinstance(raw_exceptions, list):
            raise LexiconError(f"lexicon {source}: 'exceptions' must be a list")
        exceptions = [cls._parse_exception(item, seen, compiler) for item in raw_exceptions]
        return cls(patterns, exceptions, normaliser, source=source)

    @staticmethod
    def _parse_pattern(item: Any, order: int, seen: set[str], compiler: _Compiler) -> _Pattern:
        if not isinstance(item, dict):
            raise LexiconError(f"lexicon pattern #{order + 1}: must be a mapping")
        pid = item.get("id")
        if not isinstance(pid, str) or not _ID_RE.match(pid):
            raise LexiconError(f"lexicon pattern #{order + 1}: missing or badly formed id {pid!r}")
        where = f"pattern '{pid}'"
        if pid in seen:
            raise _fail(where, "duplicate id")
        seen.add(pid)
        unknown = set(item) - {"id", "category", "regex", "near", "within", "level", "examples", "note"}
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        category = item.get("category")
        if category not in CATEGORIES:
            raise _fail(where, f"unknown category {category!r}")
        level = item.get("level")
        default_level = "immediate" if category in IMMEDIATE_CATEGORIES else "high"
        if level is None:
            level = default_level
        elif level not in LEVELS:
            raise _fail(where, f"level must be one of {list(LEVELS)}")
        elif default_level == "immediate" and level != "immediate":
            raise _fail(where, f"category {category} is always 'immediate'")
        has_regex, has_near = "regex" in item, "near" in item
        if has_regex == has_near:
            raise _fail(where, "give exactly one of 'regex' or 'near'")
        if has_regex:
            parts = (compiler.compile(item["regex"], where),)
            if "within" in item:
                raise _fail(where, "'within' only goes with 'near'")
        else:
            near = item["near"]
            if not isinstance(near, list) or len(near) < 2:
                raise _fail(where, "'near' must list at least two regexes")
            parts = tuple(compiler.compile(src, f"{where} near[{i}]") for i, src in enumerate(near))
        within = item.get("within", _DEFAULT_WITHIN)
        if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 60:
            raise _fail(where, "'within' must be a whole number of words from 1 to 60")
        examples = _as_str_list(item.get("examples"), where, "examples")
        return _Pattern(pid, category, level, parts, within, examples, order)

    @staticmethod
    def _parse_exception(item: Any, seen: set[str], compiler: _Compiler) -> _Exception:
        if not isinstance(item, dict):
            raise LexiconError("lexicon exception: each exception must be a mapping")
        eid = item.get("id")
        if not isinstance(eid, str) or not _ID_RE.match(eid):
            raise LexiconError(f"lexicon exception: missing or badly formed id {eid!r}")
        where = f"exception '{eid}'"
        if eid in seen:
            raise _fail(where, "duplicate id")
        seen.add(eid)
        unknown = set(item) - {"id", "regex", "applies_to", "examples", "note"}
        if unknown:
            raise _fail(where, f"unknown keys {sorted(unknown)}")
        regex = compiler.compile(item.get("regex"), where)
        applies = item.get("applies_to")
        applies_to = None
        if applies is not None:
            names = _as_str_list(applies, where, "applies_to")
            bad = [n for n in names if n not in CATEGORIES and n not in seen]
            if bad:
                raise _fail(where, f"applies_to names unknown categories/patterns {bad}")
            applies_to = frozenset(names)
        examples = _as_str_list(item.get("examples"), where, "examples")
        return _Exception(eid, regex, applies_to, examples)

    # ---- introspection -------------------------------------------------- #

    @property
    def pattern_ids(self) -> tuple[str, ...]:
        return tuple(p.id for p in self._patterns)

    @property
    def exception_ids(self) -> tuple[str, ...]:
        return tuple(e.id for e in self._exceptions)

    def normalise(self, text: Any) -> str:
        """The normalised form the patterns see (for debugging and tests)."""
        return self._normalise(text)

    def self_check(self) -> list[str]:
        """Problems with the lexicon's own examples (empty list = all good).

        Every pattern example must be caught *by that pattern*; every exception
        example must raise no finding at all.
        """
        problems = []
        for p in self._patterns:
            for ex in p.examples:
                ids = {f.pattern_id for f in self.assess_all(ex)}
                if p.id not in ids:
                    problems.append(f"pattern '{p.id}' does not catch its example {ex!r}")
        for e in self._exceptions:
            for ex in e.examples:
                found = self.assess_all(ex)
                if found:
                    problems.append(
                        f"exception '{e.id}' example {ex!r} is still flagged by "
                        f"{[f.pattern_id for f in found]}"
                    )
        return problems

    # ---- assessment ----------------------------------------------------- #

    def assess(self, text: Any) -> RiskFinding | None:
        """The most serious finding for a message, or None."""
        findings = self.assess_all(text)
        return findings[0] if findings else None

    def assess_all(self, text: Any) -> list[RiskFinding]:
        """Every pattern that fired (one finding per pattern), most serious first."""
        norm = self._normalise(text)
        if not norm:
            return []
        token_starts: list[int] | None = None
        exception_spans: dict[str, list[tuple[int, int]]] = {}
        fired: list[_Pattern] = []
        for p in self._patterns:
            if len(p.parts) > 1 and token_starts is None:
                token_starts = [m.start() for m in re.finditer(r"\S+", norm)]
            for start, end in self._spans(p, norm, token_starts):
                if not self._covered(p, start, end, norm, exception_spans):
                    fired.append(p)
                    break
        fired.sort(key=lambda p: (LEVELS.index(p.level), SEVERITY_ORDER.index(p.category), p.order))
        return [RiskFinding(p.category, p.level, p.id) for p in fired]

    def _covered(
        self,
        p: _Pattern,
        start: int,
        end: int,
        norm: str,
        cache: dict[str, list[tuple[int, int]]],
    ) -> bool:
        for e in self._exceptions_for[p.id]:
            spans = cache.get(e.id)
            if spans is None:
                spans = cache[e.id] = [m.span() for m in e.regex.finditer(norm)]
            for s, t in spans:
                if s <= start and t >= end:
                    return True
        return False

    @staticmethod
    def _spans(p: _Pattern, norm: str, token_starts: list[int] | None) -> Iterator[tuple[int, int]]:
        if len(p.parts) == 1:
            for m in p.parts[0].finditer(norm):
                yield m.span()
            return
        assert token_starts is not None
        per_part: list[list[tuple[int, int, int, int]]] = []
        for rx in p.parts:
            found = []
            for m in rx.finditer(norm):
                t0 = bisect.bisect_right(token_starts, m.start()) - 1
                t1 = bisect.bisect_right(token_starts, max(m.end() - 1, m.start())) - 1
                found.append((t0, t1, m.start(), m.end()))
            if not found:
                return
            per_part.append(found)
        anchors, others = per_part[0], per_part[1:]
        other_starts = [[f[0] for f in part] for part in others]
        for a in anchors:
            lo, hi = a[1] - p.within, a[0] + p.within
            candidates = []
            for part, starts in zip(others, other_starts):
                i, j = bisect.bisect_left(starts, lo), bisect.bisect_right(starts, hi)
                if i >= j:
                    break
                candidates.append(part[i:j])
            else:
                for n, combo in enumerate(itertools.product(*candidates)):
                    if n >= _MAX_NEAR_COMBINATIONS:
                        break
                    chosen = (a, *combo)
                    first = min(c[0] for c in chosen)
                    last = max(c[1] for c in chosen)
                    if last - first + 1 <= p.within:
                        yield min(c[2] for c in chosen), max(c[3] for c in chosen)
                        break
