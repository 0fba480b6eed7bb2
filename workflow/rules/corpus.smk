"""The corpus table: manifest rows joined with extraction status and political period.

Needs: the manifest (config ``manifest``), results/extraction.csv.
Makes: results/documents.csv, which every corpus-level stage reads.
"""


localrules:
    documents,


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
    params:
        options=options_json(doc_types=config["doc_types"], periods=config["periods"]),
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/policytext.yaml"
    shell:
        "policytext documents --manifest {input.manifest:q} --extraction {input.extraction:q}"
        " --options {params.options:q} --out {output:q} 2> {log:q}"
