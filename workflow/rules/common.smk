"""Shared set-up: validated config, the manifest, and helpers that rules call.

Needs: config.yaml (validated against workflow/schemas/config.schema.yaml, which also fills
defaults) and the manifest it names (each row checked against
workflow/schemas/manifest.schema.yaml by policytext.corpus.manifest, every problem at once).
Provides: DOCUMENTS (manifest rows by doc_id), DOC_IDS, BATCHES, results(), logs(),
benchmarks(), options_json(), batch_inputs(), batch_outputs(), final_outputs(), and the
wildcard constraints used by every rule.
"""

import json
from pathlib import Path

from snakemake.exceptions import WorkflowError
from snakemake.utils import validate

from policytext.extract.batches import assign_batches, batch_count
from policytext.corpus.manifest import load_manifest
from policytext.errors import UserError
import policytext.corpus
import policytext.terms
import policytext.topics


def dates_as_text(value):
    """YAML reads 2014-04-01 as a date; the schema and the stages expect ISO text."""
    if isinstance(value, dict):
        return {key: dates_as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [dates_as_text(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


config.update(dates_as_text(dict(config)))
validate(config, workflow.source_path("../schemas/config.schema.yaml"))

RESULTS = Path(config["results"])


def load_documents():
    """The manifest's documents by doc_id; a bad manifest stops the run with every problem."""
    try:
        documents = load_manifest(config["manifest"], doc_types=config["doc_types"])
    except UserError as error:
        raise WorkflowError(str(error)) from None
    return {document.doc_id: document for document in documents}


DOCUMENTS = load_documents()
DOC_IDS = sorted(DOCUMENTS)


#: Documents by batch name: one extraction job per batch (see policytext.extract.batches).
BATCH_COUNT = batch_count(config["extract"]["batches"], len(DOC_IDS))
BATCHES = assign_batches(DOC_IDS, BATCH_COUNT)


wildcard_constraints:
    doc_id="[a-z0-9_-]+",


def results(*parts):
    """A path under the results folder (config key ``results``)."""
    return str(RESULTS.joinpath(*parts))


def logs(*parts):
    """A log path under the results folder (logs are excluded from byte-identity checks)."""
    return str(RESULTS.joinpath("logs", *parts))


def benchmarks(*parts):
    """A benchmark path under the results folder."""
    return str(RESULTS.joinpath("benchmarks", *parts))


def options_json(*sections, **extra):
    """Config sections merged into one JSON string, passed to a stage's --options.

    Passing options as a param makes Snakemake rerun a stage when its settings change.
    """
    options = {}
    for section in sections:
        value = config[section]
        options.update(value if isinstance(value, dict) else {section: value})
    options.update(extra)
    return json.dumps(options, sort_keys=True)


def batch_outputs(doc_ids, folder, suffix):
    """The per-document files of one batch under results/<folder>/."""
    return [results(folder, f"{doc_id}{suffix}") for doc_id in doc_ids]


def batch_inputs(doc_ids):
    """The batch's document files that exist (missing ones get the status 'missing')."""
    return [str(DOCUMENTS[doc_id].path) for doc_id in doc_ids if DOCUMENTS[doc_id].path.is_file()]


def topics_options(*keys, **extra):
    """Only the `topics` keys a step uses, as JSON: changing one reruns just its steps."""
    options = {key: config["topics"][key] for key in keys}
    options.update(extra)
    return json.dumps(options, sort_keys=True)


def first_file(files):
    """The first path of a rule's input or output entry (a path, or a list of paths)."""
    return files if isinstance(files, str) else files[0]


def folder_of(name):
    """A params function: the folder of (the first file of) input ``name``."""
    return lambda wildcards, input: str(Path(first_file(input[name])).parent)


def output_folder_of(name=0, up=1):
    """A params function: the folder ``up`` levels above (the first file of) output ``name``."""
    return lambda wildcards, output: str(Path(first_file(output[name])).parents[up - 1])


def final_outputs():
    """Every table, figure and provenance file that ``rule all`` asks for (not the report)."""
    return [
        results("extraction.csv"),
        results("documents.csv"),
        *STAGE_OUTPUTS,
        results("provenance.json"),
    ]


#: Outputs that stage rule files add to the default target (each file appends its own).
STAGE_OUTPUTS = []
