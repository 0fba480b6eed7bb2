"""Fetching the corpus's documents: the one rule that uses the network, run only when asked.

Needs: config["manifest"], a manifest whose rows have a url (https) and a file path, and the
optional config section ``fetch`` (timeout, retries, max_bytes, accept_changed, lock).
Makes: each document at its ``file`` path under the manifest's folder, the sha256 pins in
MANIFEST.lock.csv beside the manifest, and the fetch summary in logs/fetch.log.

Nothing depends on this rule and it has no output file, so ``rule all`` and dry runs never
download anything; naming it runs it every time (verified files are not downloaded again):

    snakemake fetch --cores 1 --configfile config/scotland.yaml
"""

import shlex

# The config's `fetch` section, with defaults filled in by the schema.
FETCH = config["fetch"]


localrules:
    fetch,


rule fetch:
    """Download the manifest's documents over https and pin (or verify) their sha256.

    Fails, after fetching everything it can, when any document could not be fetched; the
    summary (printed and in the log) names each one with its url, the reason, and where to
    save it by hand. Runs on the submitting machine (localrules): compute nodes are often
    offline.
    """
    input:
        manifest=config["manifest"],
    log:
        logs("fetch.log"),
    benchmark:
        benchmarks("fetch.tsv")
    conda:
        "../envs/policytext.yaml"
    threads: 1
    resources:
        mem_mb=300 + FETCH["max_bytes"] // 1_000_000,
        downloads=1,
    params:
        timeout=FETCH["timeout"],
        retries=FETCH["retries"],
        max_bytes=FETCH["max_bytes"],
        lock=f"--lock {shlex.quote(FETCH['lock'])}" if FETCH.get("lock") else "",
        accept="--accept-changed" if FETCH.get("accept_changed") else "",
    shell:
        "policytext fetch {input.manifest:q} --timeout {params.timeout}"
        " --retries {params.retries} --max-bytes {params.max_bytes} {params.lock} {params.accept}"
        " 2>&1 | tee {log:q}"
