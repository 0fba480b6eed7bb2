"""Term tracking and framing: how often each concept is used, and how it is framed.

Needs: results/documents.csv (usable documents, their year, doc_type, date and period),
results/tokens/{doc_id}.txt for every document (one paragraph a line), results/text/ (the
sentence of each KWIC line) and the manifest (which documents have pages).
Makes: results/terms/rates.csv, changes.csv, doc_hits.csv, collocates.csv, frames.csv,
frame_words.csv,
keyness.csv, kwic/{concept}.csv (one per configured concept), and the figures
results/figures/terms_*.png and .svg (see policytext.terms.figures).
"""

TERM_CONCEPTS = list(config["terms"]["concepts"])
TERM_FOCUS = list(config["terms"]["focus"])
TERM_FIGURES = policytext.terms.figure_stems(config)
TERM_REPORT = {"category": "2. Terms and frames"}


rule terms:
    """Count concepts in the usable documents: rates, changes, KWIC, collocates, frames, keyness."""
    input:
        documents=results("documents.csv"),
        tokens=expand(results("tokens", "{doc_id}.txt"), doc_id=DOC_IDS),
        texts=expand(results("text", "{doc_id}.txt"), doc_id=DOC_IDS),
        manifest=config["manifest"],
    output:
        rates=report(
            results("terms", "rates.csv"),
            caption="../report/terms_rates.rst",
            subcategory="Tables",
            labels={"table": "rates"},
            **TERM_REPORT,
        ),
        changes=report(
            results("terms", "changes.csv"),
            caption="../report/terms_changes.rst",
            subcategory="Tables",
            labels={"table": "changes"},
            **TERM_REPORT,
        ),
        doc_hits=results("terms", "doc_hits.csv"),
        collocates=report(
            results("terms", "collocates.csv"),
            caption="../report/terms_collocates_table.rst",
            subcategory="Tables",
            labels={"table": "collocates"},
            **TERM_REPORT,
        ),
        frames=report(
            results("terms", "frames.csv"),
            caption="../report/terms_frames_table.rst",
            subcategory="Tables",
            labels={"table": "frames"},
            **TERM_REPORT,
        ),
        frame_words=report(
            results("terms", "frame_words.csv"),
            caption="../report/terms_frame_words_table.rst",
            subcategory="Tables",
            labels={"table": "frame words"},
            **TERM_REPORT,
        ),
        keyness=report(
            results("terms", "keyness.csv"),
            caption="../report/terms_keyness_table.rst",
            subcategory="Tables",
            labels={"table": "keyness"},
            **TERM_REPORT,
        ),
        kwic=[
            (
                report(
                    results("terms", "kwic", f"{concept}.csv"),
                    caption="../report/terms_kwic.rst",
                    subcategory="Concordances",
                    labels={"table": f"kwic {concept}"},
                    **TERM_REPORT,
                )
                if concept in TERM_FOCUS
                else results("terms", "kwic", f"{concept}.csv")
            )
            for concept in TERM_CONCEPTS
        ],
    log:
        logs("terms.log"),
    benchmark:
        benchmarks("terms.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1500,
        runtime=30,
    params:
        options=options_json("terms", periods=config["periods"], events=config["events"]),
        tokens_dir=folder_of("tokens"),
        text_dir=folder_of("texts"),
        out_dir=output_folder_of("rates"),
    shell:
        "policytext terms --documents {input.documents:q} --tokens-dir {params.tokens_dir:q}"
        " --text-dir {params.text_dir:q} --manifest {input.manifest:q}"
        " --options {params.options:q} --out-dir {params.out_dir:q} 2> {log:q}"


rule term_figures:
    """Draw the term stage's figures (PNG and SVG) from its tables."""
    input:
        rates=results("terms", "rates.csv"),
        collocates=results("terms", "collocates.csv"),
        frames=results("terms", "frames.csv"),
        keyness=results("terms", "keyness.csv"),
    output:
        png=[
            report(
                results("figures", f"{stem}.png"),
                caption="../report/"
                + ("terms_collocates" if stem.startswith("terms_collocates_") else stem)
                + ".rst",
                subcategory="Figures",
                labels={"figure": stem},
                **TERM_REPORT,
            )
            for stem in TERM_FIGURES
        ],
        svg=[results("figures", f"{stem}.svg") for stem in TERM_FIGURES],
    log:
        logs("term_figures.log"),
    benchmark:
        benchmarks("term_figures.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        options=options_json("terms", periods=config["periods"], events=config["events"]),
        terms_dir=folder_of("rates"),
        out_dir=output_folder_of("svg"),
    shell:
        "policytext term-figures --terms-dir {params.terms_dir:q} --options {params.options:q}"
        " --out-dir {params.out_dir:q} 2> {log:q}"


STAGE_OUTPUTS += [
    results("terms", "rates.csv"),
    results("terms", "changes.csv"),
    results("terms", "doc_hits.csv"),
    results("terms", "collocates.csv"),
    results("terms", "frames.csv"),
    results("terms", "frame_words.csv"),
    results("terms", "keyness.csv"),
    *[results("terms", "kwic", f"{concept}.csv") for concept in TERM_CONCEPTS],
    *[results("figures", f"{stem}.{ext}") for stem in TERM_FIGURES for ext in ("png", "svg")],
]
