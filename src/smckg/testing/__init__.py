"""Helpers that tests and benchmarks share: external servers started on loopback."""
