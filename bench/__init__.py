"""Benchmarks of the service: ``python -m bench`` compares it with Oxigraph's server and Virtuoso.

The one-off measurements run on their own: ``python -m bench.engines`` (pyoxigraph against
rdflib), ``python -m bench.executor`` (worker pool against a process per query) and
``python -m bench.lookup_bench`` (the lookup's quality and latency).
"""
