"""Curated records: load and check every file of ``kg/records`` into typed terms.

``load_records()`` reads each file named in ``schema.KINDS``, checks every field, resolves
references between records and returns a ``Records`` bundle; any problem is a RecordError
naming the file and line.
"""

from smckg.records.fields import Ref, Text
from smckg.records.loader import load_records
from smckg.records.model import Records, Term

__all__ = ["Records", "Ref", "Term", "Text", "load_records"]
