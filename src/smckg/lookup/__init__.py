"""Bilingual term lookup: find framework terms by English, Chinese or pinyin labels,
mark their mentions in a text, and export the glossary.

The index is built with the knowledge graph (``build_index(graph).save(path)``) and read
once by the CLI and the web service (``open_index(out_dir)``).
"""

from smckg.lookup.annotate import Annotation, Span, TextTooLargeError, annotate
from smckg.lookup.glossary import FORMATS, to_csv, to_skos, to_tbx
from smckg.lookup.index import INDEX_FILE, LookupIndex, LookupIndexError, build_index, open_index
from smckg.lookup.match import Hit, lookup

__all__ = [
    "FORMATS",
    "INDEX_FILE",
    "Annotation",
    "Hit",
    "LookupIndex",
    "LookupIndexError",
    "Span",
    "TextTooLargeError",
    "annotate",
    "build_index",
    "lookup",
    "open_index",
    "to_csv",
    "to_skos",
    "to_tbx",
]
