"""Benchmarks of the service: ``python -m bench`` compares it with Virtuoso (see ``__main__``).

The older one-off scripts (``engines.py``, ``executor.py``, ``lookup_bench.py``) still run
on their own with ``python bench/<name>.py``.
"""
