"""The config schema is the one place a default is written; code that repeats one agrees."""

from __future__ import annotations

import dataclasses
import json

import pytest

from policytext.schema import load_schema, section_defaults, with_defaults


def test_section_defaults_are_the_schema_defaults():
    extract = load_schema()["properties"]["extract"]["properties"]
    assert section_defaults("extract") == {
        key: node["default"] for key, node in extract.items() if "default" in node
    }
    assert section_defaults("extract")["tables"] == "drop"


def test_options_given_win_over_defaults():
    merged = with_defaults("extract", {"engine": "pypdfium2"})
    assert merged["engine"] == "pypdfium2"
    assert merged["timeout"] == section_defaults("extract")["timeout"]


def test_an_unknown_section_is_a_key_error_naming_it():
    with pytest.raises(KeyError, match="no_such_section"):
        section_defaults("no_such_section")


def test_term_options_defaults_agree_with_the_schema():
    from policytext.terms.tables import TermsOptions

    schema = section_defaults("terms")
    for field in dataclasses.fields(TermsOptions):
        if field.name in schema and field.default is not dataclasses.MISSING:
            expected = schema[field.name]
            value = json.loads(json.dumps(field.default))  # tuples compare as lists
            assert value == expected, f"terms.{field.name}: code {value!r}, schema {expected!r}"


def test_topic_option_defaults_agree_with_the_schema():
    from policytext.topics.commands import DEFAULTS

    schema = section_defaults("topics")
    for key, value in DEFAULTS.items():
        if key in schema:
            assert value == schema[key], f"topics.{key}: code {value!r}, schema {schema[key]!r}"
