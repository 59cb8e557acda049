"""Benchmarks: a synthetic corpus generator and load measurements (results in docs/benchmarks.md)."""
