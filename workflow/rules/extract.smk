"""Extraction and tokenisation, one job per document.

Needs: each manifest document's file (a missing file is reported, not fatal).
Makes: results/text/{doc_id}.txt (body text in reading order, cleaned),
results/extraction/{doc_id}.json (the per-document record), results/extraction.csv (one row
per document with its status), and results/tokens/{doc_id}.txt (one paragraph a line).
"""


localrules:
    extraction_table,


rule extract:
    """Read one document's body text with the configured engine and record its status."""
    input:
        document_file,
    output:
        text=results("text", "{doc_id}.txt"),
        record=results("extraction", "{doc_id}.json"),
    log:
        logs("extract", "{doc_id}.log"),
    benchmark:
        benchmarks("extract", "{doc_id}.tsv")
    params:
        path=lambda wildcards: str(DOCUMENTS[wildcards.doc_id].path),
        sha256=lambda wildcards: DOCUMENTS[wildcards.doc_id].sha256 or "''",
        root=str(Path(config["manifest"]).resolve().parent),
        engine=config["extract"]["engine"],
        timeout=config["extract"]["timeout"],
        tables=config["extract"]["tables"],
        ocr="--ocr" if config["extract"]["ocr"] else "",
    resources:
        mem_mb=600,
        runtime=lambda wildcards, attempt: 2 + config["extract"]["timeout"] // 60,
    conda:
        "../envs/policytext.yaml"
    shell:
        "policytext extract {params.path:q} --doc-id {wildcards.doc_id}"
        " --text {output.text:q} --record {output.record:q}"
        " --engine {params.engine} --timeout {params.timeout} --tables {params.tables}"
        " --sha256 {params.sha256} --corpus-root {params.root:q} {params.ocr} 2> {log:q}"


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
    params:
        strict="--strict" if config["strict"] else "",
    resources:
        mem_mb=500,
        runtime=5,
    conda:
        "../envs/policytext.yaml"
    shell:
        "policytext extraction-table {input:q} --out {output:q} {params.strict} 2> {log:q}"


rule tokenize:
    """Tokenise one document's text: lower case, compounds kept, one paragraph a line."""
    input:
        results("text", "{doc_id}.txt"),
    output:
        results("tokens", "{doc_id}.txt"),
    log:
        logs("tokenize", "{doc_id}.log"),
    benchmark:
        benchmarks("tokenize", "{doc_id}.tsv")
    resources:
        mem_mb=300,
        runtime=5,
    conda:
        "../envs/policytext.yaml"
    shell:
        "policytext tokenize {input:q} {output:q} 2> {log:q}"
