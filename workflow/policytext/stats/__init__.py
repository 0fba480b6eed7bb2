"""Statistics shared by stages: count models, multiple testing, simulated corpora."""
