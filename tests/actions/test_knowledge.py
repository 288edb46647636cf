"""Editing the knowledge base changes answers without retraining or restarting."""

import shutil
import time
from pathlib import Path

from actions.knowledge import KnowledgeBaseCache, age_band, known_place

ROOT = Path(__file__).resolve().parents[2]


def test_cache_reloads_when_a_file_changes(tmp_path):
    directory = tmp_path / "knowledge"
    shutil.copytree(ROOT / "data" / "knowledge", directory)
    cache = KnowledgeBaseCache(directory)
    entry = cache.get().topic_entries("life_story")[0]
    assert cache.get() is cache.get()  # unchanged files: no reload

    path = directory / "life_story.yml"
    time.sleep(0.01)
    path.write_text(path.read_text().replace(entry.answer.split(".")[0], "Edited answer", 1))
    assert cache.get().by_id[entry.id].answer.startswith("Edited answer")


def test_places_and_age_bands():
    assert known_place(" Wales ") == "wales" and known_place("peterborough") is None
    assert age_band("16") == "16-17" and age_band("30") is None and age_band(None) is None
