"""The scrubber's word lists: the shipped files pass every check, and each check fires."""

from __future__ import annotations

import ast
import dataclasses
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.privacy import Scrubber
from bot.privacy.lexicon import Lexicon, get_lexicon
from bot.privacy.word_lists import (
    DATA_DIR,
    EXCLUSIVE_PAIRS,
    LAYOUT,
    WordListError,
    WordLists,
    load_word_lists,
)

PACKAGE = Path(__file__).resolve().parents[3] / "bot" / "privacy"
FILE_OF = {name: file for file, kinds in LAYOUT.items() for name in kinds}


@pytest.fixture
def lists_dir(tmp_path: Path) -> Path:
    """A copy of the shipped word lists to break."""
    target = tmp_path / "privacy"
    shutil.copytree(DATA_DIR, target)
    return target


def _edit(directory: Path, file_name: str, change) -> None:
    """Apply `change` to the parsed file and write it back."""
    path = directory / file_name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _error(directory: Path) -> WordListError:
    with pytest.raises(WordListError) as caught:
        load_word_lists(directory)
    return caught.value


# ---------------------------------------------------------------------------- shipped files
def test_the_shipped_files_pass_every_check():
    words = load_word_lists()
    assert isinstance(words, WordLists)
    for field in dataclasses.fields(WordLists):
        assert getattr(words, field.name), f"{field.name} is empty"


def test_the_layout_names_every_list_once():
    listed = [name for kinds in LAYOUT.values() for name in kinds]
    assert sorted(listed) == sorted(f.name for f in dataclasses.fields(WordLists))
    assert all(kind in ("word", "phrase", "code") for kinds in LAYOUT.values()
               for kind in kinds.values())
    assert all(a in FILE_OF and b in FILE_OF for a, b in EXCLUSIVE_PAIRS)


def test_each_shipped_file_says_what_it_is_for():
    for file_name in LAYOUT:
        first = (DATA_DIR / file_name).read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# ") and len(first) > 20, file_name


def test_a_copy_of_the_shipped_files_loads_the_same(lists_dir):
    assert load_word_lists(lists_dir) == load_word_lists()


def test_loading_is_done_once_per_folder():
    assert load_word_lists() is load_word_lists()
    assert get_lexicon() is get_lexicon()


# ---------------------------------------------------------------------------- each check fires
def test_an_unknown_top_level_key(lists_dir):
    _edit(lists_dir, "names.yml", lambda d: d.update(nick_names=["jay"]))
    err = _error(lists_dir)
    assert isinstance(err, ValueError)
    assert err.path.endswith("names.yml") and err.list_name == "nick_names"
    assert "unknown top-level key" in str(err) and "nick_names" in str(err)


def test_a_missing_list(lists_dir):
    _edit(lists_dir, "places.yml", lambda d: d.pop("keep_areas"))
    err = _error(lists_dir)
    assert err.path.endswith("places.yml") and err.list_name == "keep_areas"
    assert "missing" in str(err)


def test_a_list_that_is_not_a_list(lists_dir):
    _edit(lists_dir, "vocabulary.yml", lambda d: d.update(topic_words="advocate pep iro"))
    err = _error(lists_dir)
    assert err.list_name == "topic_words" and "must be a list" in str(err)


@pytest.mark.parametrize("bad", [False, 800, None, "", "   ", ["nested"]])
def test_an_entry_that_is_not_a_non_empty_string(lists_dir, bad):
    _edit(lists_dir, "names.yml", lambda d: d["not_names"].append(bad))
    err = _error(lists_dir)
    assert err.path.endswith("names.yml") and err.list_name == "not_names"
    assert err.word == bad and "not a non-empty string" in str(err)


def test_an_unquoted_yes_in_yaml_is_caught(lists_dir):
    path = lists_dir / "vocabulary.yml"
    path.write_text(path.read_text(encoding="utf-8").replace('"yes"', "yes"), encoding="utf-8")
    err = _error(lists_dir)
    assert err.list_name == "not_handles" and err.word is True


def test_a_phrase_in_a_list_of_single_words(lists_dir):
    _edit(lists_dir, "names.yml", lambda d: d["first_names"].append("mary jane"))
    err = _error(lists_dir)
    assert err.list_name == "first_names" and err.word == "mary jane"
    assert "single word" in str(err)


@pytest.mark.parametrize("file_name, list_name, entry, again", [
    ("names.yml", "first_names", "declan", "declan"),
    ("names.yml", "surnames", "smith", "Smith"),
    ("places.yml", "places", "st neots", "St  Neots"),
    ("places.yml", "postcode_areas", "CB", "cb"),
    ("vocabulary.yml", "topic_words", "ofsted", " OFSTED "),
])
def test_a_duplicate_within_a_list_after_normalising(lists_dir, file_name, list_name, entry,
                                                      again):
    def change(data: dict) -> None:
        if entry not in data[list_name]:
            data[list_name].append(entry)
        data[list_name].append(again)

    _edit(lists_dir, file_name, change)
    err = _error(lists_dir)
    assert err.path.endswith(file_name) and err.list_name == list_name
    assert err.word == again and "more than once" in str(err)


@pytest.mark.parametrize("first, second", EXCLUSIVE_PAIRS)
def test_an_overlap_between_lists_that_exclude_each_other(lists_dir, first, second):
    words = load_word_lists()
    elsewhere = set().union(*(getattr(words, f.name) for f in dataclasses.fields(WordLists)
                              if f.name != first))
    entry = min(getattr(words, first) - elsewhere)  # in `first` only
    _edit(lists_dir, FILE_OF[second], lambda d: d[second].append(entry.upper()))
    err = _error(lists_dir)
    assert err.path.endswith(FILE_OF[second]) and err.list_name == second
    assert err.word == entry and first in str(err) and "must not overlap" in str(err)


def test_lists_that_may_overlap_are_allowed_to(lists_dir):
    # "barry" is a first name and a town (Barry, Vale of Glamorgan): context decides.
    words = load_word_lists()
    assert "barry" in words.first_names and "barry" in words.ambiguous_places
    assert words.first_names & words.surnames  # "james", "morgan"


def test_not_valid_yaml(lists_dir):
    (lists_dir / "places.yml").write_text("places: [wisbech, ely\n", encoding="utf-8")
    err = _error(lists_dir)
    assert err.path.endswith("places.yml") and "not valid YAML" in str(err)


def test_a_missing_file(lists_dir):
    (lists_dir / "vocabulary.yml").unlink()
    err = _error(lists_dir)
    assert err.path.endswith("vocabulary.yml") and "cannot read" in str(err)


def test_a_top_level_that_is_not_a_mapping(lists_dir):
    (lists_dir / "names.yml").write_text("- sarah\n- jayden\n", encoding="utf-8")
    assert "mapping" in str(_error(lists_dir))


# ---------------------------------------------------------------------------- use
def test_a_scrubber_uses_the_lists_it_is_given(lists_dir):
    _edit(lists_dir, "names.yml", lambda d: d["first_names"].append("zebedee"))
    lexicon = Lexicon.build(load_word_lists(lists_dir))
    assert Scrubber(use_ner=False, lexicon=lexicon).scrub("ask zebedee") == "ask [NAME]"
    assert Scrubber(use_ner=False).scrub("ask zebedee") == "ask zebedee"


def test_a_bad_file_stops_the_lexicon_being_built(lists_dir):
    _edit(lists_dir, "names.yml", lambda d: d["first_names"].append("declan"))
    with pytest.raises(WordListError, match="declan"):
        get_lexicon(lists_dir)


def test_importing_reads_no_word_list_and_loads_no_model(repo_root):
    modules = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module('bot.privacy.' + name)\n"
        "from bot.privacy import word_lists, lexicon, scrubber\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
        "assert word_lists._load.cache_info().currsize == 0, 'word lists read at import'\n"
        "assert lexicon._build.cache_info().currsize == 0, 'lexicon built at import'\n"
        "s = scrubber.Scrubber()\n"
        "assert word_lists._load.cache_info().currsize == 1, 'word lists not read'\n"
        "assert 'spacy' not in sys.modules and s._nlp is None\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=repo_root, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_the_package_imports_only_the_standard_library_yaml_spacy_and_itself():
    # (and bot.text, the one text helper it shares with the risk check)
    allowed = set(sys.stdlib_module_names) | {"yaml", "spacy"}
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed or name.startswith("bot.privacy") \
                    or name == "bot.text", \
                    f"{path.name} imports {name}"
