"""Small, skewed and degenerate corpora of plain-text files, for end-to-end runs (issue #16).

Each builder writes text files and a ``manifest.csv`` into a folder and returns the
manifest's path. The prose below was written by hand for these tests (not by the demo
generator, which was written to be read by this code); it mentions the default config's
concepts (co-production, co-design, participation, partnership, outcomes...) so that the term
stage finds something to count. Documents are composed from it with a fixed seed, so every
call writes the same bytes.

- :func:`three_document_corpus`: three short, near-identical documents from one year, two
  government and one third sector (the case reported in #16);
- :func:`one_sector_corpus`: eight government documents over four years;
- :func:`huge_and_tiny_corpus`: one very long document, a few ordinary ones and many tiny
  ones (cover pages, landing pages), over three years and two sectors.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PARAGRAPHS = (
    "Co-production means that people who use services and the staff who provide them share "
    "power over how support is designed and delivered. It asks organisations to treat lived "
    "experience as expertise, and to plan with communities rather than for them.",
    "Local partnerships should agree shared outcomes with the third sector and with carers. "
    "Where partnership working is strong, budgets are pooled and decisions about priorities "
    "are taken together, with clear accountability for the results.",
    "Participation is more than consultation. Citizens should be involved early, when options "
    "are still open, and should see how their views changed the final decision about local "
    "health and social care services.",
    "Co-design workshops brought together unpaid carers, nurses, social workers and housing "
    "officers. Participants mapped the journey through hospital discharge and identified the "
    "delays that matter most to families.",
    "The evaluation found that outcomes improved where staff had time to build relationships. "
    "Measurement focused on what people said mattered to them, such as independence, dignity "
    "and feeling safe at home.",
    "Prevention and early intervention reduce demand on acute services. Investment in "
    "community assets, such as lunch clubs, walking groups and befriending schemes, helps "
    "people stay well and connected.",
    "Integration of health and social care requires a shared culture as well as shared "
    "structures. Leadership, training and trust between professions were named as the main "
    "facilitators of change.",
    "Barriers included short-term funding, bureaucracy and the pressure of waiting lists. "
    "Voluntary organisations reported that tokenistic engagement damaged trust and made "
    "future co-production harder to achieve.",
    "Empowerment of communities is a theme of recent legislation. Community bodies can ask to "
    "take part in improving outcomes, and public authorities must respond openly to each "
    "participation request they receive.",
    "Person-centred care starts from what matters to the person. Practitioners are encouraged "
    "to hold good conversations, to record personal outcomes, and to review support plans "
    "together with the person and their family.",
    "Housing associations, employability services and advice agencies each hold part of the "
    "picture. Joint planning across these partners lets a tenant facing eviction receive "
    "money advice, mental health support and help with rent arrears in one place.",
    "Digital services were redesigned with the people who rely on them. Prototypes were "
    "tested in libraries and community centres, and accessibility problems found in testing "
    "were fixed before the national launch.",
    "Third sector interfaces support volunteering and social enterprise in every local "
    "authority area. Their members asked for longer grants, simpler reporting and a seat at "
    "the table when strategic plans are written.",
    "The inspection looked at leadership, governance and the quality of care. Inspectors "
    "spoke to residents, relatives and staff, and graded each service against the national "
    "health and social care standards.",
)

TINY_TEXTS = (
    "Annual report. Published by the partnership board.",
    "Cover page. Strategic plan for health and social care.",
    "This page has moved. Please follow the link to the new website.",
    "Summary leaflet. Co-production in practice.",
    "Contents. Foreword. Introduction. Annex.",
    "Easy read version. Your care, your say.",
    "Consultation closed. Thank you for taking part.",
    "Briefing note for members. Community engagement.",
)


@dataclass(frozen=True)
class PlannedDocument:
    """One document to write: its manifest fields and its text."""

    doc_id: str
    doc_type: str
    year: int
    text: str
    publisher: str = "Test publisher"


def composed_text(rng: random.Random, paragraphs: int) -> str:
    """``paragraphs`` paragraphs drawn from the bank (in runs of the whole bank, shuffled)."""
    chosen: list[str] = []
    while len(chosen) < paragraphs:
        batch = list(PARAGRAPHS)
        rng.shuffle(batch)
        chosen += batch
    return "\n\n".join(chosen[:paragraphs]) + "\n"


def write_corpus(folder: Path, documents: Sequence[PlannedDocument]) -> Path:
    """Write each document as ``{doc_id}.txt`` and a manifest naming them; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for document in documents:
        name = f"{document.doc_id}.txt"
        (folder / name).write_text(document.text, encoding="utf-8")
        rows.append(
            {
                "doc_id": document.doc_id,
                "title": document.doc_id.replace("_", " ").capitalize(),
                "publisher": document.publisher,
                "doc_type": document.doc_type,
                "year": str(document.year),
                "file": name,
            }
        )
    manifest = folder / "manifest.csv"
    with manifest.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def three_document_corpus(folder: Path) -> Path:
    """Three short documents from 2015 (two government, one third sector), near-identical."""
    rng = random.Random(16)
    base = composed_text(rng, 6)
    documents = [
        PlannedDocument("gov_plan_2015", "government", 2015, base),
        PlannedDocument("gov_strategy_2015", "government", 2015, base + PARAGRAPHS[10] + "\n"),
        PlannedDocument("tsi_response_2015", "third_sector", 2015, base + PARAGRAPHS[12] + "\n"),
    ]
    return write_corpus(folder, documents)


def one_sector_corpus(folder: Path) -> Path:
    """Eight government documents, two in each year from 2014 to 2017, no other doc_type."""
    rng = random.Random(17)
    documents = [
        PlannedDocument(f"gov_{year}_{number}", "government", year, composed_text(rng, 8))
        for year in range(2014, 2018)
        for number in (1, 2)
    ]
    return write_corpus(folder, documents)


def huge_and_tiny_corpus(folder: Path) -> Path:
    """One long document (about 12,600 words), six ordinary ones and five tiny ones.

    Years 2014 to 2016, government and third sector; each tiny document (under 15 words) is
    alone with ordinary documents in its year and group, so a rate that let it stand for a
    cell would be absurd.
    """
    rng = random.Random(18)
    documents = [PlannedDocument("gov_review_2015", "government", 2015, composed_text(rng, 400))]
    for index, (doc_type, year) in enumerate(
        [("government", 2014), ("government", 2016), ("third_sector", 2014)]
        + [("third_sector", 2015), ("third_sector", 2016), ("government", 2015)]
    ):
        documents.append(
            PlannedDocument(f"ordinary_{index + 1}", doc_type, year, composed_text(rng, 10))
        )
    for index, (doc_type, year) in enumerate(
        [("government", 2014), ("third_sector", 2014), ("government", 2016)]
        + [("third_sector", 2016), ("third_sector", 2015)]
    ):
        documents.append(
            PlannedDocument(f"tiny_{index + 1}", doc_type, year, TINY_TEXTS[index] + "\n")
        )
    return write_corpus(folder, documents)
