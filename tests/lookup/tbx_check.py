"""A structural check of TBX-Basic documents (ISO 30042, the martif dialect)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from smckg.lookup.glossary import XML_LANG

ADMINISTRATIVE_STATUSES = {"preferredTerm-admn-sts", "admittedTerm-admn-sts",
                           "deprecatedTerm-admn-sts", "supersededTerm-admn-sts"}
PARTS_OF_SPEECH = {"noun", "verb", "adjective", "adverb", "properNoun", "other"}


def tbx_problems(root: ET.Element) -> list[str]:
    """Departures from the TBX-Basic core structure (an empty list when there are none)."""
    problems: list[str] = []
    if root.tag != "martif" or root.get("type") != "TBX-Basic" or not root.get(XML_LANG):
        problems.append("root must be <martif type='TBX-Basic' xml:lang=...>")
    if root.find("martifHeader/fileDesc/sourceDesc") is None:
        problems.append("martifHeader/fileDesc/sourceDesc missing")
    entries = root.findall("text/body/termEntry")
    if not entries:
        problems.append("no text/body/termEntry")
    ids = [entry.get("id") for entry in entries]
    if len(set(ids)) != len(ids) or None in ids:
        problems.append("termEntry ids must be present and unique")
    for entry in entries:
        problems.extend(_entry_problems(entry))
    return problems


def _entry_problems(entry: ET.Element) -> list[str]:
    problems = []
    languages = {lang_set.get(XML_LANG) for lang_set in entry.findall("langSet")}
    if not {"en", "zh"} <= languages:
        problems.append(f"{entry.get('id')}: needs langSet en and zh, has {languages}")
    for lang_set in entry.findall("langSet"):
        tigs = lang_set.findall("tig")
        if not tigs or any(not (tig.findtext("term") or "").strip() for tig in tigs):
            problems.append(f"{entry.get('id')}/{lang_set.get(XML_LANG)}: a tig without term")
        for note in lang_set.iter("termNote"):
            allowed = (ADMINISTRATIVE_STATUSES if note.get("type") == "administrativeStatus"
                       else PARTS_OF_SPEECH)
            if note.text not in allowed:
                problems.append(f"{entry.get('id')}: termNote {note.get('type')}={note.text}")
    return problems
