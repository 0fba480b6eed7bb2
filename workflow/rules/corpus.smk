"""The corpus table: manifest rows joined with extraction status and political period.

Needs: the manifest (config ``manifest``), results/extraction.csv.
Makes: results/documents.csv, which every corpus-level stage reads.
"""


localrules:
    documents,


CORPUS_FIGURES = policytext.corpus.figure_stems(config)


rule documents:
    """Join the manifest with each document's extraction status and its period."""
    input:
        manifest=config["manifest"],
        extraction=results("extraction.csv"),
    output:
        report(
            results("documents.csv"),
            caption="../report/documents.rst",
            category="1. Corpus and extraction",
            labels={"table": "documents"},
        ),
    log:
        logs("documents.log"),
    benchmark:
        benchmarks("documents.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        options=options_json(doc_types=config["doc_types"], periods=config["periods"]),
    shell:
        "policytext documents --manifest {input.manifest:q} --extraction {input.extraction:q}"
        " --options {params.options:q} --out {output:q} 2> {log:q}"


rule corpus_figures:
    """Draw what the corpus holds by year and type, and what extraction lost and why."""
    input:
        documents=results("documents.csv"),
        extraction=results("extraction.csv"),
        records=expand(results("extraction", "{doc_id}.json"), doc_id=DOC_IDS),
    output:
        composition=results("corpus", "composition.csv"),
        losses=report(
            results("corpus", "extraction_losses.csv"),
            caption="../report/extraction_losses_table.rst",
            category="1. Corpus and extraction",
            labels={"table": "extraction losses"},
        ),
        png=[
            report(
                results("figures", f"{stem}.png"),
                caption=f"../report/{stem}.rst",
                category="1. Corpus and extraction",
                labels={"figure": stem.replace("_", " ")},
            )
            for stem in CORPUS_FIGURES
        ],
        svg=[results("figures", f"{stem}.svg") for stem in CORPUS_FIGURES],
    log:
        logs("corpus_figures.log"),
    benchmark:
        benchmarks("corpus_figures.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=800,
        runtime=10,
    params:
        tables_dir=output_folder_of("composition"),
        figures_dir=output_folder_of("svg"),
    shell:
        "policytext corpus-figures --documents {input.documents:q} --records {input.records:q}"
        " --extraction {input.extraction:q}"
        " --tables-dir {params.tables_dir:q} --figures-dir {params.figures_dir:q} 2> {log:q}"


STAGE_OUTPUTS += [
    results("corpus", "composition.csv"),
    results("corpus", "extraction_losses.csv"),
    *[results("figures", f"{stem}.{ext}") for stem in CORPUS_FIGURES for ext in ("png", "svg")],
]
