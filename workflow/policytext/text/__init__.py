"""Text: the one normaliser and tokeniser that every stage shares.

``tokenize`` holds the rules (Unicode normalisation, lower-case tokens, hyphenated compounds
kept whole) and the token files each document's paragraphs are stored in; ``pages`` carries
page breaks (form feeds) into token files and places concordance lines on their page and in
their sentence; ``sentences`` splits a paragraph into sentences without trained data.
"""

from policytext.text.tokenize import (
    iter_token_paragraphs,
    normalise,
    paragraphs,
    read_tokens,
    tokenize,
    tokenize_document,
    write_tokens,
)

__all__ = [
    "iter_token_paragraphs",
    "normalise",
    "paragraphs",
    "read_tokens",
    "tokenize",
    "tokenize_document",
    "write_tokens",
]
