"""policytext: how a concept is framed over time in policy documents.

Run the default study on the demo corpus with ``snakemake --cores all``; run on another
corpus with ``snakemake --cores all --config manifest=PATH/manifest.csv results=OUTDIR``.
Every stage's rules live in workflow/rules/, one file per stage; the work itself is done by
the ``policytext`` package (workflow/policytext/), which the rules call as a command.
"""

from pathlib import Path

from snakemake.utils import min_version

min_version("9.0")


# The default config is found beside this file even when --directory points elsewhere;
# paths inside it (manifest, results) are relative to the working directory.
configfile: Path(workflow.basedir) / "config.yaml"


report: "workflow/report/workflow.rst"


include: "workflow/rules/common.smk"
include: "workflow/rules/corpus.smk"
include: "workflow/rules/extract.smk"
include: "workflow/rules/terms.smk"
include: "workflow/rules/topics.smk"
include: "workflow/rules/context.smk"
include: "workflow/rules/report.smk"
include: "workflow/rules/fetch.smk"


rule all:
    """Everything: tables, figures, provenance and the HTML report."""
    default_target: True
    input:
        final_outputs(),
        report=results("report.html"),
