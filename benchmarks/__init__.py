"""Benchmarks and synthetic data generators for piiscan (see `benchmarks/README.md`)."""
