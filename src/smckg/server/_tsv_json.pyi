"""Types of the native module built from ``_tsv_json.c``."""

def tsv_to_json(tsv: bytes, /) -> bytes | None:
    """SPARQL TSV results as pyoxigraph writes them, as SPARQL JSON results; None if declined."""
