"""Topic models over time: a K sweep, a chosen model, and what it says about time and sector.

Needs: results/documents.csv (usable rows only) and results/tokens/{doc_id}.txt; the
config's `topics` section, `periods` and `events`; the term stage's concept patterns
(config `terms.concepts`) and results/terms/doc_hits.csv when that stage makes it.
Makes, under results/topics/: corpus/ (prepared once, read by every fit), sweep/ (one record
and one state per K x seed; the chosen model is restored from the states, not refitted),
selection.csv + choice.json, topic_words.csv, doc_topics.csv, labels.csv, alignment.csv,
model/ (lambda and gamma arrays, every seed's aligned gamma), prevalence.csv, effects.csv,
effects_by_year.csv, contrasts.csv, concept_topics.csv, dynamics.csv; and
results/figures/topics_*.png|svg. When the data allow no K, or no K is stable, every table is
written with a reason row ("no stable topic structure was found") and the run goes on.

Every job runs single-threaded with a fixed hash seed, so outputs are byte-identical from
run to run; the sweep runs as one job per K and seed, so it spreads over --cores.
"""

#: Single-threaded numerics and a fixed hash seed: results must not depend on threads.
TOPICS_ENV = "OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0"
TOPICS_SWEEP_K = (
    [config["topics"]["k"]]
    if isinstance(config["topics"]["k"], int)
    else sorted(config["topics"]["k_range"])
)
TOPICS_SEEDS = sorted(config["topics"]["seeds"])


TOPICS_CORPUS = [
    results("topics", "corpus", name)
    for name in (
        "texts.txt",
        "documents.txt",
        "dictionary.txt",
        "corpus.mm",
        "corpus.mm.index",
        "documents.mm",
        "documents.mm.index",
        "documents.csv",
    )
]
TOPICS_MODEL = [
    results("topics", "model", name) for name in ("lambda.npy", "gamma.npy", "gamma_seeds.npy")
]


wildcard_constraints:
    k=r"\d+",
    seed=r"\d+",


rule topics_corpus:
    """Lemmas, stopwords, phrases and the filtered dictionary, written once for every fit."""
    input:
        documents=results("documents.csv"),
        tokens=expand(results("tokens", "{doc_id}.txt"), doc_id=DOC_IDS),
    output:
        TOPICS_CORPUS,
    log:
        logs("topics", "corpus.log"),
    benchmark:
        benchmarks("topics", "corpus.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1500,
        runtime=20,
    params:
        env=TOPICS_ENV,
        tokens_dir=folder_of("tokens"),
        out_dir=output_folder_of(),
        options=topics_options(
            "unit", "stopwords_extra", "min_token_length", "no_below", "no_above", "keep_n"
        ),
    shell:
        "{params.env} policytext topics-corpus --documents {input.documents:q}"
        " --tokens-dir {params.tokens_dir:q} --out-dir {params.out_dir:q}"
        " --options {params.options:q} 2> {log:q}"


rule topics_fit:
    """Fit LDA at one K and seed; score it (bound, diversity, top words) and keep its state."""
    input:
        corpus=TOPICS_CORPUS,
    output:
        record=results("topics", "sweep", "k{k}_seed{seed}.json"),
        state=results("topics", "sweep", "k{k}_seed{seed}.npz"),
    log:
        logs("topics", "sweep", "k{k}_seed{seed}.log"),
    benchmark:
        benchmarks("topics", "sweep", "k{k}_seed{seed}.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        options=topics_options(
            "passes",
            "iterations",
            "chunksize",
            "alpha",
            "top_n",
            "min_documents",
            "min_units_per_topic",
            "min_words_per_topic",
        ),
    shell:
        "{params.env} policytext topics-fit --corpus-dir {params.corpus_dir:q}"
        " --k {wildcards.k} --seed {wildcards.seed} --out {output.record:q}"
        " --state {output.state:q}"
        " --options {params.options:q} 2> {log:q}"


rule topics_select:
    """Coherence of every fit (one pass), stability across seeds; choose K by the rule."""
    input:
        records=expand(
            results("topics", "sweep", "k{k}_seed{seed}.json"),
            k=TOPICS_SWEEP_K,
            seed=TOPICS_SEEDS,
        ),
        corpus=TOPICS_CORPUS,
    output:
        selection=report(
            results("topics", "selection.csv"),
            caption="../report/topics_selection_table.rst",
            category="3. Topics",
            subcategory="Model selection",
            labels={"table": "selection"},
        ),
        choice=results("topics", "choice.json"),
    log:
        logs("topics", "select.log"),
    benchmark:
        benchmarks("topics", "select.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=2000,
        runtime=10,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        options=topics_options("k", "stability_threshold"),
    shell:
        "{params.env} policytext topics-select {input.records:q}"
        " --corpus-dir {params.corpus_dir:q} --out {output.selection:q}"
        " --choice {output.choice:q} --options {params.options:q} 2> {log:q}"


rule topics_model:
    """The chosen K's fits (every seed, restored): topic words, shares, labels, alignment."""
    input:
        corpus=TOPICS_CORPUS,
        choice=results("topics", "choice.json"),
        states=expand(
            results("topics", "sweep", "k{k}_seed{seed}.npz"),
            k=TOPICS_SWEEP_K,
            seed=TOPICS_SEEDS,
        ),
    output:
        TOPICS_MODEL,
        topic_words=results("topics", "topic_words.csv"),
        doc_topics=results("topics", "doc_topics.csv"),
        labels=report(
            results("topics", "labels.csv"),
            caption="../report/topics_labels.rst",
            category="3. Topics",
            subcategory="Topics",
            labels={"table": "labels"},
        ),
        alignment=results("topics", "alignment.csv"),
    log:
        logs("topics", "model.log"),
    benchmark:
        benchmarks("topics", "model.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=2000,
        runtime=120,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        sweep_dir=folder_of("states"),
        out_dir=output_folder_of("topic_words"),
        options=topics_options("iterations", "chunksize", "alpha", "top_n", "topic_words", "seeds"),
    shell:
        "{params.env} policytext topics-model --corpus-dir {params.corpus_dir:q}"
        " --choice {input.choice:q} --sweep-dir {params.sweep_dir:q}"
        " --out-dir {params.out_dir:q}"
        " --options {params.options:q} 2> {log:q}"


rule topics_prevalence:
    """Mean topic share by year and group, with document-bootstrap intervals."""
    input:
        corpus=TOPICS_CORPUS,
        model=TOPICS_MODEL,
    output:
        results("topics", "prevalence.csv"),
    log:
        logs("topics", "prevalence.log"),
    benchmark:
        benchmarks("topics", "prevalence.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        model_dir=folder_of("model"),
        options=topics_options("bootstrap", "seed"),
    shell:
        "{params.env} policytext topics-prevalence --corpus-dir {params.corpus_dir:q}"
        " --model-dir {params.model_dir:q} --out {output:q}"
        " --options {params.options:q} 2> {log:q}"


rule topics_effects:
    """Year (B-spline) x doc_type effects on topic shares (fractional logit), pooled over
    seeds by the method of composition; contrasts between periods with BH q values."""
    input:
        corpus=TOPICS_CORPUS,
        model=TOPICS_MODEL,
        labels=results("topics", "labels.csv"),
    output:
        effects=results("topics", "effects.csv"),
        by_year=results("topics", "effects_by_year.csv"),
        contrasts=report(
            results("topics", "contrasts.csv"),
            caption="../report/topics_contrasts_table.rst",
            category="3. Topics",
            subcategory="Effects",
            labels={"table": "contrasts"},
        ),
    log:
        logs("topics", "effects.log"),
    benchmark:
        benchmarks("topics", "effects.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        model_dir=folder_of("model"),
        options=topics_options(
            "spline_df",
            "effect_simulations",
            "seed",
            "fdr",
            "min_years",
            "min_docs_per_type",
            periods=config["periods"],
        ),
    shell:
        "{params.env} policytext topics-effects --corpus-dir {params.corpus_dir:q}"
        " --model-dir {params.model_dir:q} --labels {input.labels:q}"
        " --out {output.effects:q} --out-by-year {output.by_year:q}"
        " --contrasts {output.contrasts:q} --options {params.options:q} 2> {log:q}"


rule topics_concepts:
    """Which topics carry the co-creation concepts, per period."""
    input:
        doc_hits=results("terms", "doc_hits.csv"),
        corpus=TOPICS_CORPUS,
        model=TOPICS_MODEL,
    output:
        results("topics", "concept_topics.csv"),
    log:
        logs("topics", "concepts.log"),
    benchmark:
        benchmarks("topics", "concepts.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        model_dir=folder_of("model"),
        options=topics_options(
            "concepts",
            periods=config["periods"],
            concept_patterns=config["terms"]["concepts"],
        ),
    shell:
        "{params.env} policytext topics-concepts --corpus-dir {params.corpus_dir:q}"
        " --model-dir {params.model_dir:q} --doc-hits {input.doc_hits:q} --out {output:q}"
        " --options {params.options:q} 2> {log:q}"


rule topics_dynamics:
    """Each topic's top words per period, from expected word assignments (model fixed)."""
    input:
        corpus=TOPICS_CORPUS,
        model=TOPICS_MODEL,
    output:
        results("topics", "dynamics.csv"),
    log:
        logs("topics", "dynamics.log"),
    benchmark:
        benchmarks("topics", "dynamics.tsv")
    conda:
        "../envs/policytext.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        env=TOPICS_ENV,
        corpus_dir=folder_of("corpus"),
        model_dir=folder_of("model"),
        options=topics_options("dynamics_words", periods=config["periods"]),
    shell:
        "{params.env} policytext topics-dynamics --corpus-dir {params.corpus_dir:q}"
        " --model-dir {params.model_dir:q} --out {output:q}"
        " --options {params.options:q} 2> {log:q}"


for figure_name, figure_tables in policytext.topics.FIGURE_TABLES.items():

    rule:
        """Draw one topic figure (PNG and SVG) from the stage's tables."""
        name:
            f"topics_figure_{figure_name}"
        input:
            tables=[results("topics", table) for table in figure_tables],
        output:
            png=report(
                results("figures", f"topics_{figure_name}.png"),
                caption=f"../report/topics_{figure_name}.rst",
                category="3. Topics",
                subcategory="Figures",
                labels={"figure": f"topics_{figure_name}"},
            ),
            svg=results("figures", f"topics_{figure_name}.svg"),
        log:
            logs("topics", f"figure_{figure_name}.log"),
        benchmark:
            benchmarks("topics", f"figure_{figure_name}.tsv")
        conda:
            "../envs/policytext.yaml"
        resources:
            mem_mb=800,
            runtime=5,
        params:
            env=TOPICS_ENV,
            figure=figure_name,
            topics_dir=folder_of("tables"),
            stem=lambda wildcards, output: str(Path(output.png).with_suffix("")),
            options=options_json(periods=config["periods"], events=config["events"]),
        shell:
            "{params.env} policytext topics-figure {params.figure} --topics-dir {params.topics_dir:q}"
            " --out {params.stem:q} --options {params.options:q} 2> {log:q}"


STAGE_OUTPUTS += [
    results("topics", name)
    for name in (
        "selection.csv",
        "topic_words.csv",
        "doc_topics.csv",
        "labels.csv",
        "prevalence.csv",
        "effects.csv",
        "effects_by_year.csv",
        "contrasts.csv",
        "alignment.csv",
        "concept_topics.csv",
        "dynamics.csv",
    )
]
STAGE_OUTPUTS += [
    results("figures", f"{stem}.{suffix}")
    for stem in policytext.topics.figure_stems(config)
    for suffix in ("png", "svg")
]
