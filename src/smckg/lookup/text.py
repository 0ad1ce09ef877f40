"""Text folding shared by the index, the matcher and the annotator.

A label and a query are compared through the same *tokens*: the text is NFKC-normalised
(full-width forms become half-width), case-folded, Chinese characters are mapped to
simplified one by one (so offsets survive), each CJK character is a token of its own and
each run of Latin letters or digits is one word, with British spellings and simple plurals
folded.  Punctuation and spaces only separate tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from opencc import OpenCC
from pypinyin import Style, lazy_pinyin

_RUN = re.compile(r"[^\W_]+")
#: Kana, CJK ideographs (unified, extension A, compatibility, extensions B and later).
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_SPELLING = (
    (re.compile(r"isation$"), "ization"),
    (re.compile(r"is(e|ed|es|ing)$"), r"iz\1"),
    (re.compile(r"tre$"), "ter"),
    (re.compile(r"tred$"), "tered"),
    (re.compile(r"(?<=\w{3})our$"), "or"),
)
_NUMBERS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
            "seven": "7", "eight": "8", "nine": "9", "ten": "10",
            "first": "1", "second": "2", "third": "3"}
_PLURAL = (
    (re.compile(r"(?<=\w{2})ies$"), "y"),
    (re.compile(r"(?<=\w)(ch|sh|ss|x)es$"), r"\1"),
    (re.compile(r"(?<=\w{2}[^su'])s$"), ""),
)


@dataclass(frozen=True, slots=True)
class Token:
    """One folded token and the offsets ``[start, end)`` of its source in the original text."""

    text: str
    start: int
    end: int


def is_cjk(text: str) -> bool:
    """True when the first character of ``text`` is a CJK ideograph or kana."""
    return _CJK.match(text) is not None


def has_cjk(text: str) -> bool:
    """True when ``text`` contains at least one CJK character."""
    return _CJK.search(text) is not None


@cache
def _converter(config: str) -> OpenCC:
    return OpenCC(config)


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified (phrase-aware, OpenCC ``t2s``)."""
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Simplified Chinese to traditional (phrase-aware, OpenCC ``s2t``)."""
    return _converter("s2t").convert(text)


@cache
def fold_char(char: str, simplify: bool = True) -> str:
    """One source character, NFKC-normalised, case-folded and (when ``simplify``) simplified."""
    folded = unicodedata.normalize("NFKC", char).casefold()
    if simplify and has_cjk(folded):
        return to_simplified(folded)
    return folded


@cache
def fold_word(word: str) -> str:
    """A Latin word with number words as digits, British spellings and plurals folded."""
    if word in _NUMBERS:
        return _NUMBERS[word]
    if not word.isascii() or not word.isalpha():
        return word
    for pattern, replacement in _SPELLING + _PLURAL:
        word = pattern.sub(replacement, word)
    return word


def tokens(text: str, simplify: bool = True) -> list[Token]:
    """The folded tokens of ``text`` with their offsets in ``text``."""
    found: list[Token] = []
    for run in _RUN.finditer(text):
        found.extend(_run_tokens(run.group(), run.start(), simplify))
    return found


def _run_tokens(run: str, offset: int, simplify: bool) -> list[Token]:
    found: list[Token] = []
    word, start = "", offset
    for index, char in enumerate(run, start=offset):
        piece = fold_char(char, simplify)
        if is_cjk(piece):
            if word:
                found.append(Token(fold_word(word), start, index))
                word = ""
            found.append(Token(piece, index, index + 1))
        elif piece.isalnum():
            word, start = (word + piece, start) if word else (piece, index)
    if word:
        found.append(Token(fold_word(word), start, offset + len(run)))
    return found


def join(words: list[str]) -> str:
    """Tokens as one key: CJK characters written together, other tokens separated by spaces."""
    key = ""
    for word in words:
        if key and not (is_cjk(word) and is_cjk(key[-1])):
            key += " "
        key += word
    return key


def key(text: str, simplify: bool = True) -> str:
    """The folded key of a label or query (see the module docstring)."""
    return join([token.text for token in tokens(text, simplify)])


@dataclass(frozen=True, slots=True)
class Pinyin:
    """The romanisation of a Chinese label: toneless and tone-numbered syllables, initials."""

    plain: str  # "zhi li yu yun xing"
    tone: str  # "zhi4 li3 yu3 yun4 xing2"
    initials: str  # "zlyyx"


def pinyin(label_key: str) -> Pinyin:
    """The pinyin of a folded Chinese key; Latin words inside it are kept as they are."""
    plain: list[str] = []
    tone: list[str] = []
    for chunk in re.findall(r"[^\sa-z0-9]+|[a-z0-9]+", label_key):
        if is_cjk(chunk):
            plain.extend(lazy_pinyin(chunk, errors=lambda c: list(c)))
            tone.extend(
                lazy_pinyin(chunk, style=Style.TONE3, neutral_tone_with_five=True,
                            errors=lambda c: list(c))
            )
        else:
            plain.append(chunk)
            tone.append(chunk)
    return Pinyin(" ".join(plain), " ".join(tone), "".join(s[0] for s in plain if s))


_TONE_MARKS = {"\u0304": "", "\u0301": "", "\u030c": "", "\u0300": ""}


def pinyin_query(text: str) -> tuple[str, str] | None:
    """A query read as pinyin: (letters only, letters with tone digits), or None if not pinyin.

    Tone marks are dropped, ``ü``/``u:`` become ``v`` (pypinyin's spelling), spaces and
    apostrophes are ignored.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", text).casefold())
    letters = "".join(_TONE_MARKS.get(c, c) for c in decomposed)
    letters = letters.replace("u\u0308", "v").replace("u:", "v")
    if not re.fullmatch(r"[a-z1-5' \-]+", letters) or not re.search(r"[a-z]", letters):
        return None
    toned = re.sub(r"[^a-z1-5]", "", letters)
    return re.sub(r"[1-5]", "", toned), toned
