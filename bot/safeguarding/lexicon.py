"""Read the safeguarding lexicon (YAML): validate it and compile its patterns and exceptions.

The lexicon (`data/safeguarding/lexicon.yml`) is reviewed by people, not only
programmers, so every mistake is reported as a LexiconError naming the entry.
Patterns are squeezed the way messages are (see `normalise.squeeze`) when they
are compiled, so lexicon authors write ordinary spelling.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.safeguarding.categories import CATEGORIES, IMMEDIATE_CATEGORIES, LEVELS
from bot.safeguarding.normalise import Normaliser

_TOP_LEVEL_KEYS = {
    "version", "categories", "shorthands", "text_speak", "emoji", "two_means_to_after",
    "patterns", "exceptions",
}
_PATTERN_KEYS = {"id", "category", "regex", "near", "within", "level", "examples", "note"}
_EXCEPTION_KEYS = {"id", "regex", "applies_to", "examples", "note"}
# Lower-case words, single spaces: what emoji stand for, and the words before "2" = "to".
_WORDS_RE = re.compile(r"[a-z]+( [a-z]+)*")
_ID_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_]+)*$")
_SHORTHAND_RE = re.compile(r"\{([A-Z][A-Z0-9_]*)\}")
# A run of one repeated letter, not preceded by a backslash (so "\bb" stays intact).
_SQUEEZE_SOURCE_RE = re.compile(r"(?<!\\)([a-z])\1+")
DEFAULT_WITHIN = 15


class LexiconError(ValueError):
    """The lexicon file is missing, malformed, or one of its patterns is invalid."""


@dataclass(frozen=True)
class RiskPattern:
    """One lexicon pattern: a regex, or several that must occur near each other."""

    id: str
    category: str
    level: str
    parts: tuple[re.Pattern[str], ...]  # one regex, or several that must occur near each other
    within: int
    examples: tuple[str, ...]
    order: int


@dataclass(frozen=True)
class ExceptionRule:
    """A figure of speech that silences a pattern when it covers the whole matched span."""

    id: str
    regex: re.Pattern[str]
    applies_to: frozenset[str] | None  # categories and/or pattern ids; None = all
    examples: tuple[str, ...]

    def applies(self, pattern: RiskPattern) -> bool:
        return (
            self.applies_to is None
            or pattern.category in self.applies_to
            or pattern.id in self.applies_to
        )


@dataclass(frozen=True)
class Lexicon:
    """A validated lexicon, ready for the detector."""

    patterns: tuple[RiskPattern, ...]
    exceptions: tuple[ExceptionRule, ...]
    normaliser: Normaliser
    source: str
    compiler: PatternCompiler  # with its shorthands, for rules written beside it


def load_lexicon(path: str | Path) -> Lexicon:
    """Read and validate a lexicon YAML file. Raises LexiconError naming the bad entry."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise LexiconError(f"lexicon {path}: cannot read ({err})") from None
    except yaml.YAMLError as err:
        raise LexiconError(f"lexicon {path}: not valid YAML ({err})") from None
    return parse_lexicon(data, source=str(path))


def parse_lexicon(data: Any, source: str = "<dict>") -> Lexicon:
    """Validate an already-parsed lexicon mapping (same checks as load_lexicon)."""
    if not isinstance(data, dict):
        raise LexiconError(f"lexicon {source}: top level must be a mapping")
    unknown = set(data) - _TOP_LEVEL_KEYS
    if unknown:
        raise LexiconError(f"lexicon {source}: unknown top-level keys {sorted(unknown)}")

    categories = data.get("categories") or {}
    if not isinstance(categories, dict) or set(categories) != set(CATEGORIES):
        raise LexiconError(f"lexicon {source}: 'categories' must list exactly {list(CATEGORIES)}")

    shorthands = data.get("shorthands") or {}
    if not isinstance(shorthands, dict) or not all(
        isinstance(k, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*", k) and isinstance(v, str)
        for k, v in shorthands.items()
    ):
        raise LexiconError(
            f"lexicon {source}: 'shorthands' must map UPPER_CASE names to regex text"
        )
    compiler = PatternCompiler(shorthands)
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
    normaliser = Normaliser(
        {str(k): v for k, v in text_speak.items()},
        emoji=_parse_emoji(data.get("emoji"), source),
        two_means_to_after=_parse_two_means_to_after(data.get("two_means_to_after"), source),
    )

    raw_patterns = data.get("patterns")
    if not isinstance(raw_patterns, list) or not raw_patterns:
        raise LexiconError(f"lexicon {source}: 'patterns' must be a non-empty list")
    seen: set[str] = set()
    patterns = tuple(
        _parse_pattern(item, order, seen, compiler) for order, item in enumerate(raw_patterns)
    )

    raw_exceptions = data.get("exceptions") or []
    if not isinstance(raw_exceptions, list):
        raise LexiconError(f"lexicon {source}: 'exceptions' must be a list")
    exceptions = tuple(_parse_exception(item, seen, compiler) for item in raw_exceptions)
    return Lexicon(patterns, exceptions, normaliser, source, compiler)


class PatternCompiler:
    """Compile lexicon regex text: expand {SHORTHANDS}, squeeze letter runs, add word bounds."""

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
            raise _fail(
                where, f"write patterns in lower case (messages are lower-cased): {source!r}"
            )
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


def _checked_id(item: dict, seen: set[str], keys: frozenset[str] | set[str], *, kind: str,
                place: str) -> tuple[str, str]:
    """A pattern's or exception's id, new and well formed, and no unknown keys beside it."""
    item_id = item.get("id")
    if not isinstance(item_id, str) or not _ID_RE.match(item_id):
        raise LexiconError(f"{place}: missing or badly formed id {item_id!r}")
    where = f"{kind} '{item_id}'"
    if item_id in seen:
        raise _fail(where, "duplicate id")
    seen.add(item_id)
    unknown = set(item) - keys
    if unknown:
        raise _fail(where, f"unknown keys {sorted(unknown)}")
    return item_id, where


def _parse_pattern(item: Any, order: int, seen: set[str], compiler: PatternCompiler) -> RiskPattern:
    if not isinstance(item, dict):
        raise LexiconError(f"lexicon pattern #{order + 1}: must be a mapping")
    pid, where = _checked_id(item, seen, _PATTERN_KEYS, kind="pattern",
                             place=f"lexicon pattern #{order + 1}")
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
    within = item.get("within", DEFAULT_WITHIN)
    if not isinstance(within, int) or isinstance(within, bool) or not 1 <= within <= 60:
        raise _fail(where, "'within' must be a whole number of words from 1 to 60")
    examples = _as_str_list(item.get("examples"), where, "examples")
    return RiskPattern(pid, category, level, parts, within, examples, order)


def _parse_exception(item: Any, seen: set[str], compiler: PatternCompiler) -> ExceptionRule:
    if not isinstance(item, dict):
        raise LexiconError("lexicon exception: each exception must be a mapping")
    eid, where = _checked_id(item, seen, _EXCEPTION_KEYS, kind="exception",
                             place="lexicon exception")
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
    return ExceptionRule(eid, regex, applies_to, examples)


def _parse_emoji(value: Any, source: str) -> dict[str, str]:
    emoji = value or {}
    # Emoji are only replaced in text that is not plain ASCII: an ASCII key would work erratically.
    if not isinstance(emoji, dict) or not all(
        isinstance(k, str) and k and not any(c.isascii() for c in k)
        and isinstance(v, str) and _WORDS_RE.fullmatch(v)
        for k, v in emoji.items()
    ):
        raise LexiconError(
            f"lexicon {source}: 'emoji' must map emoji (no ASCII) to lower-case words"
        )
    return emoji


def _parse_two_means_to_after(value: Any, source: str) -> tuple[str, ...]:
    words = _as_str_list(value, source, "two_means_to_after")
    bad = [w for w in words if not _WORDS_RE.fullmatch(w)]
    if bad:
        raise LexiconError(
            f"lexicon {source}: 'two_means_to_after' must list lower-case words, not {bad}"
        )
    return words


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
