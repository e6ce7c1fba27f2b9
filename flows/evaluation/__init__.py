"""Evaluation harnesses: each reads an external dataset from a path given by the user and
scores the pipeline's transforms against its gold annotations. Datasets are never copied
into the project."""
