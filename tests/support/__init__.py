"""Shared builders and scorers for the tests and benchmarks (not tests themselves)."""
