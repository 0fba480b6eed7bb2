"""Batches of documents: stable assignment, and the automatic batch count."""

import pytest

from policytext.extract.batches import assign_batches, batch_count, batch_of


def test_adding_a_document_changes_only_its_own_batch():
    doc_ids = [f"doc_{number:04d}" for number in range(500)]
    before = assign_batches(doc_ids, 16)
    after = assign_batches([*doc_ids, "new_document"], 16)
    changed = [name for name in after if after[name] != before.get(name)]
    assert changed == [batch_of("new_document", 16)]


def test_batches_are_sorted_and_cover_every_document_once():
    doc_ids = [f"d{number}" for number in range(100)]
    batches = assign_batches(reversed(doc_ids), 8)
    assert list(batches) == sorted(batches)
    members = [doc_id for batch in batches.values() for doc_id in batch]
    assert sorted(members) == sorted(doc_ids)
    assert all(batch == sorted(batch) for batch in batches.values())


@pytest.mark.parametrize(
    ("n_docs", "expected"),
    [(1, 16), (160, 16), (1280, 16), (1281, 32), (5000, 64), (6000, 128)],
)
def test_auto_batch_count_keeps_batches_near_80_documents(n_docs, expected):
    assert batch_count("auto", n_docs) == expected


def test_a_fixed_batch_count_is_kept():
    assert batch_count(3, 5000) == 3
