"""The shared tokeniser: compounds kept, typography folded, paragraphs preserved."""

import importlib
import random

import pytest

from policytext.text.tokenize import (
    count_tokens,
    normalise,
    paragraphs,
    read_tokens,
    tokenize,
    tokenize_document,
    write_tokens,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Co-production", ["co-production"]),
        ("co\u2011production", ["co-production"]),  # non-breaking hyphen
        ("person-centred care", ["person-centred", "care"]),
        ("the \ufb01nancial \ufb02ow", ["the", "financial", "flow"]),  # ligatures
        ("people\u2019s voices", ["people", "voices"]),  # curly possessive
        ("don't stop", ["don't", "stop"]),
        ("2014 Act, s.1(2)", ["2014", "act", "s", "1", "2"]),
        ("well- being", ["well", "being"]),  # a dangling hyphen is not a compound
        ("co\u00adproduction", ["coproduction"]),  # soft hyphen is invisible
    ],
)
def test_tokenize_cases(text, expected):
    assert tokenize(text) == expected


@pytest.mark.parametrize(
    "pieces",
    [
        ["Co-production", "isn't", "new:", "the", "Commission's", "2011", "report."],
        ["\ufb01nancial", "people\u2019s", "co\u2011production", "co\u00adproduction"],
        ["\u0130stanbul", "STRASSE", "Stra\u00dfe"],  # lower-casing splits a dotted I
        ["e", "\u0301t\u00e9", "x\u00b2", "\u00bd", "well-", "being", "--", ""],
        [],
    ],
)
def test_count_tokens_counts_what_tokenize_finds(pieces):
    assert count_tokens(pieces) == len(tokenize(" ".join(pieces)))


def test_count_tokens_counts_what_tokenize_finds_in_random_pieces():
    # ASCII marks, curly quotes (folded to ASCII), an en dash and a bullet (kept), a soft
    # hyphen, a ligature, a dotted I and a superscript two (split or kept by folding).
    rng = random.Random(7)
    alphabet = "aZ9-' .\u2019\u201c\u2013\u2022\u00ad\ufb01\u0130\u00b2s"
    for _ in range(5000):
        pieces = [
            "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6)))
            for _ in range(rng.randint(0, 5))
        ]
        assert count_tokens(pieces) == len(tokenize(" ".join(pieces))), pieces


def test_count_tokens_counts_a_long_text_in_batches_as_a_whole():
    # 2,500 lines: three batches, with ASCII and folded lines in each
    lines = [f"Line {n} of the report's co\u2011production \ufb01ndings" for n in range(2500)]
    lines[1000] = lines[2499] = "caf\u00e9 people\u2019s"
    assert count_tokens(iter(lines)) == len(tokenize("\n".join(lines)))


def test_ascii_tokens_are_counted_as_the_ascii_pattern_finds_them():
    # ``policytext.text.tokenize`` is also the name of the function the package exports.
    module = importlib.import_module("policytext.text.tokenize")
    rng = random.Random(11)
    marks = "aZ09-' _.x\n/"
    everything = "".join(map(chr, range(128)))
    for alphabet, longest in ((marks, 12), (everything, 30)):
        for _ in range(20000):
            text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, longest)))
            expected = len(module._ASCII_TOKEN.findall(text))
            assert module._count_ascii_tokens(text) == expected, repr(text)


def test_possessives_are_cut_as_from_each_token():
    # As tokenize did before: each token found, then its final 's cut.
    token = importlib.import_module("policytext.text.tokenize")._TOKEN
    rng = random.Random(5)
    alphabet = "aZs's-'- _\u2019\u00e9\u0130S\n9"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        folded = normalise(text).lower()
        expected = [found.removesuffix("'s") for found in token.findall(folded)]
        assert tokenize(text) == expected, repr(text)


def test_normalise_folds_quotes_and_ligatures():
    assert normalise("\u201cef\ufb01cient\u201d") == '"efficient"'


def test_paragraphs_split_on_blank_lines_and_join_lines():
    text = "First line\nsame paragraph.\n\n  \nSecond paragraph.\n"
    assert paragraphs(text) == ["First line same paragraph.", "Second paragraph."]


def test_tokens_round_trip_through_a_file(tmp_path):
    document = tokenize_document("Co-design matters.\n\nSo does trust.\n\n!!!\n")
    assert document == [["co-design", "matters"], ["so", "does", "trust"]]
    path = write_tokens(tmp_path / "doc.txt", document)
    assert path.read_text(encoding="utf-8") == "co-design matters\nso does trust\n"
    assert read_tokens(path) == document
