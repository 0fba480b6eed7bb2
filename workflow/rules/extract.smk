"""Extraction and tokenisation, in batches of documents.

Needs: each manifest document's file (a missing file is reported, not fatal).
Makes, per document: results/text/{doc_id}.txt (body text in reading order, cleaned),
results/extraction/{doc_id}.json (its record: status, pages, what was dropped) and
results/tokens/{doc_id}.txt (one paragraph a line); and results/extraction.csv, one row per
document with its status.

Documents are grouped into ``extract.batches`` batches by a hash of their doc_id (see
policytext.extract.batches): one job per batch keeps Snakemake's per-job cost small on large corpora,
and adding a document re-extracts only its own batch. Each batch is its own rule,
``extract_<batch>``, so that every per-document file is a declared output.
"""


localrules:
    extraction_table,


for batch, batch_doc_ids in BATCHES.items():

    rule:
        """Extract and tokenise one batch of documents with the configured engine."""
        name:
            f"extract_{batch}"
        input:
            batch_inputs(batch_doc_ids),
        output:
            text=batch_outputs(batch_doc_ids, "text", ".txt"),
            record=batch_outputs(batch_doc_ids, "extraction", ".json"),
            tokens=batch_outputs(batch_doc_ids, "tokens", ".txt"),
        log:
            logs("extract", f"{batch}.log"),
        benchmark:
            benchmarks("extract", f"{batch}.tsv")
        conda:
            "../envs/policytext.yaml"
        resources:
            mem_mb=800,
            runtime=10 + len(batch_doc_ids) * (1 + config["extract"]["timeout"] // 60),
        params:
            manifest=config["manifest"],
            results=output_folder_of("text", up=2),
            batch=batch,
            batches=BATCH_COUNT,
            doc_ids=batch_doc_ids,  # a change of membership reruns the batch
            options=options_json("extract"),
            doc_types=config["doc_types"],
        shell:
            "policytext extract-batch --manifest {params.manifest:q} --batch {params.batch}"
            " --batches {params.batches} --results {params.results:q}"
            " --options {params.options:q} --doc-types {params.doc_types} 2> {log:q}"


rule extraction_table:
    """Gather the per-document records into extraction.csv; strict mode fails on any problem."""
    input:
        expand(results("extraction", "{doc_id}.json"), doc_id=DOC_IDS),
    output:
        report(
            results("extraction.csv"),
            caption="../report/extraction.rst",
            category="1. Corpus and extraction",
            labels={"table": "extraction"},
        ),
    log:
        logs("extraction_table.log"),
    benchmark:
        benchmarks("extraction_table.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=500,
        runtime=5,
    params:
        strict="--strict" if config["strict"] else "",
        short_share=config["extract"]["short_share"],
    shell:
        "policytext extraction-table {input:q} --out {output:q} {params.strict}"
        " --short-share {params.short_share} 2> {log:q}"
