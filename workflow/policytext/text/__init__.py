"""Text: the one normaliser and tokeniser that every stage shares.

``tokenize`` holds the rules (Unicode normalisation, lower-case tokens, hyphenated compounds
kept whole) and the token files each document's paragraphs are stored in.
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
