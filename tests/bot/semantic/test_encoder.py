"""The packaged model loads from site-packages, verified, and gives unit-length embeddings."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from bot.semantic.encoder import ModelCard, ModelIntegrityError, SentenceEncoder, shared_encoder


def test_embeddings_are_unit_length_and_similar_for_similar_messages():
    vectors = shared_encoder().encode(
        ["how do i complain about my social worker", "i want to make a complaint about my sw",
         "what's for tea tonight"])
    assert vectors.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_no_text_gives_no_rows():
    assert shared_encoder().encode([]).shape == (0, 384)


def test_weights_with_another_checksum_are_refused():
    card = dataclasses.replace(ModelCard.load(), weights_sha256="0" * 64)
    with pytest.raises(ModelIntegrityError):
        SentenceEncoder(card).load()


def test_a_missing_weights_file_is_refused(tmp_path):
    with pytest.raises(ModelIntegrityError):
        ModelCard.load().verify(tmp_path)
