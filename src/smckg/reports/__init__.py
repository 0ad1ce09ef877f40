"""Read the two report texts (English and Chinese) and extract their structure and facts.

Every result carries its language and 1-based line numbers so that the build can check the
curated records against the text and point at the place of any disagreement.

- :func:`read_report` — decode and check a text (:mod:`.reading`);
- :func:`sections`, :func:`find_section`, :func:`quirks`, :func:`align` — sections found via
  the table of contents, repairs of the PDF extraction (:mod:`.paragraphs`), English/Chinese
  pairing (:mod:`.sections`);
- :mod:`.facts` — tables (:mod:`.tables`), case headings, phase passages, drivers, challenge
  dimensions, and re-exported from :mod:`.ranking` and :mod:`.roles` the area ranking and the
  stakeholder roles;
- :func:`passage_for` — the text supporting a fact, for build output only (:mod:`.passages`);
- :mod:`.areas` — the reports' names of areas, stakeholders and dimensions mapped to slugs.
"""

from smckg.reports.areas import area_slug, dimension_slug, stakeholder_slug
from smckg.reports.facts import (
    AreaRank,
    CaseHeading,
    ChallengeItem,
    ChallengeRow,
    DifferenceRow,
    Driver,
    PhasePassage,
    PriorityItem,
    RoleStatement,
    area_priority,
    case_headings,
    challenge_dimensions,
    challenge_table,
    differences_table,
    drivers,
    phase_paragraphs,
    ranking_sentence,
    stakeholder_roles,
)
from smckg.reports.paragraphs import Paragraph, Quirk
from smckg.reports.passages import Passage, passage_for
from smckg.reports.reading import Line, ReportText, match_key, normalise, read_report
from smckg.reports.sections import Section, align, find_section, quirks, sections
from smckg.reports.tables import Row, Table, table

__all__ = [
    "AreaRank",
    "CaseHeading",
    "ChallengeItem",
    "ChallengeRow",
    "DifferenceRow",
    "Driver",
    "Line",
    "Paragraph",
    "Passage",
    "PhasePassage",
    "PriorityItem",
    "Quirk",
    "ReportText",
    "RoleStatement",
    "Row",
    "Section",
    "Table",
    "align",
    "area_priority",
    "area_slug",
    "case_headings",
    "challenge_dimensions",
    "challenge_table",
    "differences_table",
    "dimension_slug",
    "drivers",
    "find_section",
    "match_key",
    "normalise",
    "passage_for",
    "phase_paragraphs",
    "quirks",
    "ranking_sentence",
    "read_report",
    "sections",
    "stakeholder_roles",
    "stakeholder_slug",
    "table",
]
