"""Provenance and the HTML report.

Needs: every stage's outputs (final_outputs()).
Makes: results/provenance.json and results/config.json (the config as run), and
results/report.html, Snakemake's self-contained report with every figure and key table.
"""


localrules:
    provenance,
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
    params:
        config=json.dumps(config, sort_keys=True),
        project=workflow.basedir,
    resources:
        mem_mb=300,
        runtime=5,
    conda:
        "../envs/policytext.yaml"
    shell:
        "policytext provenance --config {params.config:q} --project-dir {params.project:q}"
        " --out {output.provenance:q} --config-out {output.config:q} 2> {log:q}"


rule report_items:
    """Every output the report shows; the target of the report's own Snakemake call."""
    input:
        final_outputs(),


rule report:
    """Build the HTML report once everything else is done (a Snakemake --report call)."""
    input:
        final_outputs(),
        config=results("config.json"),
    output:
        results("report.html"),
    log:
        logs("report.log"),
    benchmark:
        benchmarks("report.tsv")
    params:
        snakefile=workflow.main_snakefile,
    resources:
        mem_mb=1000,
        runtime=10,
    conda:
        "../envs/policytext.yaml"
    shell:
        "snakemake --snakefile {params.snakefile:q} --configfile {input.config:q}"
        " --report {output:q} --nolock report_items > {log:q} 2>&1"
