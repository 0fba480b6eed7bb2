"""Provenance, the findings page, the evidence explorer and the HTML report.

Needs: every stage's outputs (final_outputs()); the explorer also reads each document's
tokens and text files and the manifest (for links to the source files).
Makes: results/provenance.json and results/config.json (the config as run),
results/findings.html (the answer, written from the tables), results/explorer.html (the
passages behind every plotted point), and results/report.html, Snakemake's self-contained
report, which opens on the findings.
"""

REPORT_PAGES = [results("findings.html"), results("explorer.html")]
FINDINGS_REPORT = {"category": "0. Findings"}


localrules:
    provenance,
    findings,
    report_items,
    report,


rule provenance:
    """Record the config as run, each document's sha256 and the software versions."""
    input:
        manifest=config["manifest"],
    output:
        provenance=results("provenance.json"),
        config=results("config.json"),
    log:
        logs("provenance.log"),
    benchmark:
        benchmarks("provenance.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=300,
        runtime=5,
    params:
        config=json.dumps(config, sort_keys=True),
        project=workflow.basedir,
    shell:
        "policytext provenance --config {params.config:q} --project-dir {params.project:q}"
        " --out {output.provenance:q} --config-out {output.config:q} 2> {log:q}"


rule findings:
    """Write the findings page from the tables: levels, significant changes, key words, topics."""
    input:
        final_outputs(),
    output:
        report(
            results("findings.html"),
            caption="../report/findings.rst",
            subcategory="Pages",
            labels={"page": "findings"},
            **FINDINGS_REPORT,
        ),
    log:
        logs("findings.log"),
    benchmark:
        benchmarks("findings.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=300,
        runtime=5,
    params:
        options=options_json("terms", periods=config["periods"], events=config["events"]),
        results_dir=output_folder_of(),
    shell:
        "policytext findings --results-dir {params.results_dir:q} --options {params.options:q}"
        " --out {output:q} 2> {log:q}"


rule explorer:
    """Write the evidence explorer: click a point, bar or cell to read the passages behind it."""
    input:
        final_outputs(),
        tokens=expand(results("tokens", "{doc_id}.txt"), doc_id=DOC_IDS),
        texts=expand(results("text", "{doc_id}.txt"), doc_id=DOC_IDS),
        manifest=config["manifest"],
    output:
        report(
            results("explorer.html"),
            caption="../report/explorer.rst",
            subcategory="Pages",
            labels={"page": "evidence explorer"},
            **FINDINGS_REPORT,
        ),
    log:
        logs("explorer.log"),
    benchmark:
        benchmarks("explorer.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1500,
        runtime=20,
    params:
        options=options_json("terms", periods=config["periods"], events=config["events"]),
        results_dir=output_folder_of(),
        cap=config["report"]["explorer_cap"],
    shell:
        "policytext explorer --results-dir {params.results_dir:q} --manifest {input.manifest:q}"
        " --options {params.options:q} --cap {params.cap} --out {output:q} 2> {log:q}"


rule report_items:
    """Every output the report shows; the target of the report's own Snakemake call."""
    input:
        final_outputs(),
        REPORT_PAGES,


rule report:
    """Build the HTML report once everything else is done (a Snakemake --report call)."""
    input:
        final_outputs(),
        REPORT_PAGES,
        config=results("config.json"),
    output:
        results("report.html"),
    log:
        logs("report.log"),
    benchmark:
        benchmarks("report.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        snakefile=workflow.main_snakefile,
    shell:
        "snakemake --snakefile {params.snakefile:q} --configfile {input.config:q}"
        " --report {output:q} --nolock report_items > {log:q} 2>&1"
