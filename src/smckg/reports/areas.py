"""The reports' names for the framework's terms, mapped to the project's slugs and numbers.

Covers the seven functional areas (full names and the short forms used in running text),
the four stakeholders, the four challenge dimensions and the Chinese numerals of phases and
ranks. Lookups compare with :func:`smckg.reports.reading.match_key`, so full-width and
half-width brackets and stray spaces (``领导力 / 政策``) do not matter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from smckg.reports.reading import match_key


@dataclass(frozen=True)
class Term:
    """A term's slug, its English and Chinese report names and other forms the texts use."""

    slug: str
    en: str
    zh: str
    variants: tuple[str, ...] = ()

    @property
    def forms(self) -> tuple[str, ...]:
        """Every written form, longest first."""
        return tuple(sorted((self.en, self.zh, *self.variants), key=len, reverse=True))


#: The seven functional areas, in alphabetical order of slug.
AREAS: tuple[Term, ...] = (
    Term("development-assurance", "Development assurance (leadership/policy)",
         "发展保障（领导力/政策）", ("Development assurance", "发展保障")),
    Term("environment-low-carbon", "Environment and low carbon", "环境与低碳"),
    Term("governance", "Governance", "治理与运行"),
    Term("governmental-effectiveness", "Governmental effectiveness", "政府效能"),
    Term("industry-economy", "Industry and economy", "产业与经济"),
    Term("infrastructure", "Infrastructure", "基础设施"),
    Term("public-social-services", "Public and social services", "民生与服务"),
)

STAKEHOLDERS: tuple[Term, ...] = (
    Term("government", "Government", "政府", ("Governments",)),
    Term("citizens", "Citizens", "市民"),
    Term("enterprises", "Enterprises", "企业"),
    Term("research-institutes", "Research institutes", "研究机构", ("Research institutions",)),
)

DIMENSIONS: tuple[Term, ...] = (
    Term("society", "Society", "民生"),
    Term("economy", "Economy", "经济"),
    Term("governance", "Governance", "治理"),
    Term("environment", "Environment", "环境"),
)

#: Chinese numerals of the maturity phases (阶段一 .. 阶段三).
PHASE_NUMERALS = {"一": 1, "二": 2, "三": 3}
#: Chinese numerals of small counts and ranks (前两名, 第三 ...).
CHINESE_NUMBERS = {**PHASE_NUMERALS, "两": 2, "四": 4, "五": 5, "六": 6, "七": 7}
#: English number words of small counts ("two areas").
ENGLISH_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}

_AREA_SUFFIX = "领域"


@cache
def _slugs_by_key(terms: tuple[Term, ...]) -> dict[str, str]:
    return {match_key(form): term.slug for term in terms for form in term.forms}


def _slug_in(terms: tuple[Term, ...], label: str) -> str | None:
    return _slugs_by_key(terms).get(match_key(label))


def area_slug(label: str) -> str | None:
    """The slug of the area named ``label`` (also ``X领域…`` titles), or None."""
    slug = _slug_in(AREAS, label)
    if slug is None and _AREA_SUFFIX in label:
        slug = _slug_in(AREAS, label.split(_AREA_SUFFIX, 1)[0])
    return slug


def stakeholder_slug(label: str) -> str | None:
    """The slug of the stakeholder named ``label``, or None."""
    return _slug_in(STAKEHOLDERS, label)


def dimension_slug(label: str) -> str | None:
    """The slug of the challenge dimension named ``label``, or None."""
    return _slug_in(DIMENSIONS, label)


def _flexible(form: str) -> str:
    """A regex for ``form`` that tolerates either bracket width and spacing around them."""
    pieces = []
    for char in form.replace(" (", "("):
        if char.isspace():
            pieces.append(r"\s+")
        elif char in "(（":
            pieces.append(r"\s*[(（]\s*")
        elif char in ")）":
            pieces.append(r"\s*[)）]")
        elif char == "/":
            pieces.append(r"\s*/\s*")
        else:
            pieces.append(re.escape(char))
    return "".join(pieces)


@cache
def _area_pattern(lang: str) -> re.Pattern[str]:
    forms = sorted({form for term in AREAS for form in term.forms if _is_lang(form, lang)},
                   key=len, reverse=True)
    body = "|".join(_flexible(form) for form in forms)
    if lang == "en":
        return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)
    return re.compile(body)


def _is_lang(form: str, lang: str) -> bool:
    return form.isascii() == (lang == "en")


_LIST_GAP = re.compile(r"^[\s;,、；，]*(?:and\s+)?$")
_LIST_END = {"en": re.compile(r"\.(?:\s|$)"), "zh": re.compile(r"[，。,]")}


def listed_areas(text: str, lang: str) -> list[re.Match[str]]:
    """The area names listed right after the first colon, if nothing else stands between them.

    The list ends with its clause (``.`` in English, ``，``/``。`` in Chinese); names may be
    separated by ``;``, ``,``, ``、`` and a final ``and``. Any other word makes it no list.
    """
    colon = re.search(r"[:：]", text)
    if colon is None:
        return []
    stop = _LIST_END[lang].search(text, colon.end())
    end = stop.start() if stop else len(text)
    found = scan_areas(text, lang, colon.end(), end)
    edges = [colon.end(), *[x for m in found for x in (m.start(), m.end())], end]
    gaps = (text[edges[i]:edges[i + 1]] for i in range(0, len(edges), 2))
    return found if found and all(_LIST_GAP.match(gap) for gap in gaps) else []


def scan_areas(text: str, lang: str, start: int = 0, end: int | None = None
               ) -> list[re.Match[str]]:
    """Every area name in ``text[start:end]``, left to right (longest form at each place)."""
    return list(_area_pattern(lang).finditer(text, start, len(text) if end is None else end))
