"""Reproducible benchmarks: `python -m bench.pipeline --articles N`."""
