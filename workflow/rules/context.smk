"""Meaning in context: embedding regression of concept mentions (conText, in Python).

Needs: results/documents.csv (usable documents, their manifest columns and period),
results/tokens/{doc_id}.txt (one paragraph a line), the `context` config section, the term
stage's concept patterns (`terms.concepts`, `terms.focus`), `periods` and `events`; a file of
pre-trained vectors when `context.vectors` names one.
Makes: results/context/model/ (vectors.npy, vocabulary.csv, transform.npy),
results/context/instances.csv, effects.csv, neighbours.csv, neighbour_ratios.csv, shift.csv,
and results/figures/context_*.png|svg (see policytext.context).

Three jobs: vectors and the ALC transform; the regression and neighbours; the figures. Each
runs single-threaded with a fixed hash seed, so outputs are byte-identical across runs.
A covariate the manifest does not have stops the workflow while it is being built.
"""

import policytext.context
from policytext.context.settings import check_covariates, manifest_columns, rule_options

#: Single-threaded numerics and a fixed hash seed: results must not depend on threads.
CONTEXT_ENV = "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0"
CONTEXT_REPORT = {"category": "4. Meaning in context"}
CONTEXT_FIGURES = policytext.context.figure_stems(config)
CONTEXT_TABLES = ["effects", "neighbours", "neighbour_ratios", "shift"]
CONTEXT_MODEL = [
    results("context", "model", name) for name in ("vectors.npy", "vocabulary.csv", "transform.npy")
]


#: The pre-trained vectors file as an input (so replacing it reruns), or nothing.
CONTEXT_VECTORS = [] if config["context"]["vectors"] == "train" else [config["context"]["vectors"]]

# A covariate the manifest lacks stops the workflow here, before any job runs.
try:
    check_covariates(
        config["context"]["covariates"],
        manifest_columns(DOCUMENTS.values()),
        source=config["manifest"],
    )
except UserError as error:
    raise WorkflowError(str(error)) from None


rule context_vectors:
    """Train (or read) word vectors and estimate the ALC transform from the corpus."""
    input:
        documents=results("documents.csv"),
        tokens=expand(results("tokens", "{doc_id}.txt"), doc_id=DOC_IDS),
        vectors=CONTEXT_VECTORS,
    output:
        CONTEXT_MODEL,
    log:
        logs("context", "vectors.log"),
    benchmark:
        benchmarks("context", "vectors.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        env=CONTEXT_ENV,
        tokens_dir=folder_of("tokens"),
        out_dir=output_folder_of(),
        options=rule_options(
            config, "covariates", "vectors", "window", "dim", "min_count", "epochs", "seed"
        ),
    shell:
        "{params.env} policytext context-vectors --documents {input.documents:q}"
        " --tokens-dir {params.tokens_dir:q} --out-dir {params.out_dir:q}"
        " --options {params.options:q} 2> {log:q}"


rule context_effects:
    """Embed every concept mention; effects of covariates, neighbours, ratios, period shift."""
    input:
        documents=results("documents.csv"),
        tokens=expand(results("tokens", "{doc_id}.txt"), doc_id=DOC_IDS),
        model=CONTEXT_MODEL,
    output:
        instances=results("context", "instances.csv"),
        tables=[
            report(
                results("context", f"{table}.csv"),
                caption=f"../report/context_{table}_table.rst",
                subcategory="Tables",
                labels={"table": table.replace("_", " ")},
                **CONTEXT_REPORT,
            )
            for table in CONTEXT_TABLES
        ],
    log:
        logs("context", "effects.log"),
    benchmark:
        benchmarks("context", "effects.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        env=CONTEXT_ENV,
        tokens_dir=folder_of("tokens"),
        model_dir=folder_of("model"),
        out_dir=output_folder_of("instances"),
        options=rule_options(
            config,
            "concepts",
            "covariates",
            "window",
            "seed",
            "bootstrap_n",
            "permutations",
            "ci_level",
            "min_instances",
            "min_documents",
            "neighbours",
            "event_window_years",
        ),
    shell:
        "{params.env} policytext context-effects --documents {input.documents:q}"
        " --tokens-dir {params.tokens_dir:q} --model-dir {params.model_dir:q}"
        " --out-dir {params.out_dir:q} --options {params.options:q} 2> {log:q}"


rule context_figures:
    """Draw coefficient norms, each covariate's neighbours and the period shift."""
    input:
        tables=[results("context", f"{table}.csv") for table in CONTEXT_TABLES],
    output:
        png=[
            report(
                results("figures", f"{stem}.png"),
                caption="../report/"
                + ("context_neighbours" if stem.startswith("context_neighbours_") else stem)
                + ".rst",
                subcategory="Figures",
                labels={"figure": stem},
                **CONTEXT_REPORT,
            )
            for stem in CONTEXT_FIGURES
        ],
        svg=[results("figures", f"{stem}.svg") for stem in CONTEXT_FIGURES],
    log:
        logs("context", "figures.log"),
    benchmark:
        benchmarks("context", "figures.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=800,
        runtime=10,
    params:
        env=CONTEXT_ENV,
        context_dir=folder_of("tables"),
        out_dir=output_folder_of("svg"),
        options=rule_options(config, "covariates", "ci_level"),
    shell:
        "{params.env} policytext context-figures --context-dir {params.context_dir:q}"
        " --out-dir {params.out_dir:q} --options {params.options:q} 2> {log:q}"


STAGE_OUTPUTS += [
    results("context", "instances.csv"),
    *[results("context", f"{table}.csv") for table in CONTEXT_TABLES],
    *[results("figures", f"{stem}.{ext}") for stem in CONTEXT_FIGURES for ext in ("png", "svg")],
]
