"""Bad settings stop the context stage with a message that says what to fix."""

from __future__ import annotations

import json

import numpy as np
import pytest

from policytext.cli import main
from policytext.context.commands import context_vectors_command
from policytext.context.settings import check_covariates, context_options, figure_stems
from policytext.context.vectors import corpus_vocabulary, read_vectors_file
from policytext.errors import UserError
from tests.context.planted import planted_corpus, planted_options
from tests.support.paths import PROJECT
from tests.support.workflow import snakemake


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return planted_corpus(tmp_path_factory.mktemp("small"), documents=12, seed=3)


def vectors_arguments(corpus, options: dict, out) -> list[str]:
    """The arguments of ``policytext context-vectors`` on ``corpus``."""
    return [
        "--documents",
        str(corpus.documents_csv),
        "--tokens-dir",
        str(corpus.tokens_dir),
        "--options",
        json.dumps(options),
        "--out-dir",
        str(out),
    ]


def test_a_covariate_missing_from_the_manifest_is_named():
    with pytest.raises(UserError, match=r"\['sector'\].*manifest.csv does not have"):
        check_covariates(
            ["doc_type", "sector"], ["doc_id", "doc_type", "year"], source="manifest.csv"
        )


def test_period_is_always_a_covariate_and_status_never_is():
    check_covariates(["period", "doc_type"], ["doc_type"], source="m.csv")
    with pytest.raises(UserError, match="status"):
        check_covariates(["status"], ["doc_type", "status"], source="m.csv")


def test_a_bad_covariate_stops_the_command_before_any_vector_is_trained(corpus, tmp_path, capsys):
    options = planted_options(covariates=["doc_type", "funder"])
    out = tmp_path / "model"
    status = main(["context-vectors", *vectors_arguments(corpus, options, out)])
    assert status == 2
    error = capsys.readouterr().err
    assert "funder" in error and "documents.csv does not have" in error
    assert "Traceback" not in error
    assert not out.exists()


def test_an_unknown_concept_is_named():
    with pytest.raises(UserError, match=r"\['co-nothing'\], not defined in terms.concepts"):
        context_options(planted_options(concepts=["co-nothing"]))


def test_a_covariate_listed_twice_is_an_error():
    with pytest.raises(UserError, match="twice"):
        context_options(planted_options(covariates=["doc_type", "doc_type"]))


def test_a_missing_vectors_file_is_named(corpus, tmp_path):
    options = planted_options(vectors=str(tmp_path / "glove.txt"))
    with pytest.raises(UserError, match="glove.txt not found"):
        context_vectors_command(vectors_arguments(corpus, options, tmp_path / "model"))


def test_a_file_that_is_not_vectors_is_named(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("these are\nnot vectors at all\n", encoding="utf-8")
    with pytest.raises(UserError, match="notes.txt is not a word2vec"):
        read_vectors_file(path)


def test_too_high_a_min_count_is_explained():
    with pytest.raises(UserError, match="lower context.min_count"):
        corpus_vocabulary({"a": np.ones(3)}, {"a": 2}, min_count=5)


def test_figure_stems_make_safe_file_names():
    assert figure_stems(["doc_type", "Funding Body"]) == [
        "context_norms",
        "context_neighbours_doc_type",
        "context_neighbours_funding_body",
        "context_shift",
    ]


@pytest.mark.slow
def test_the_workflow_refuses_a_covariate_the_manifest_lacks_before_running(tmp_path):
    config = {
        "manifest": str(PROJECT / "corpus" / "demo" / "manifest.csv"),
        "context": {"covariates": ["doc_type", "funder"]},
    }
    finished = snakemake(tmp_path, "-n", config=config)
    output = finished.stdout + finished.stderr
    assert finished.returncode != 0
    assert "context.covariates names ['funder']" in output
    assert "Traceback" not in output


def test_option_defaults_agree_with_the_schema():
    import dataclasses

    from policytext.context.settings import ContextOptions, VectorOptions
    from policytext.schema import section_defaults

    schema = section_defaults("context")
    schema["source"] = schema["vectors"]
    for options in (ContextOptions, VectorOptions):
        for field in dataclasses.fields(options):
            if field.name in schema and field.default is not dataclasses.MISSING:
                value = json.loads(json.dumps(field.default))  # tuples compare as lists
                assert value == schema[field.name], f"context.{field.name}: {value!r}"
