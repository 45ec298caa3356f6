"""A detector of Indonesian prose, for the tests of the English edition and of the prose layer.

Indonesian and English share the Latin alphabet and many loanwords (*data*, *program*,
*status*), so single words prove nothing. Function words do: the words below are frequent in
any Indonesian sentence and are not English words. A sentence holding **two or more** of them
(counting repeats) is taken as Indonesian; one alone is not (an English sentence may name
"Dinas Komunikasi dan Informatika" once — and names from the data are removed first anyway).

Used by tests/test_english_edition.py (report HTML) and tests/test_prose_layer.py (string
literals of the analysis modules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

FUNCTION_WORDS = frozenset(
    [
        "yang",
        "dengan",
        "tidak",
        "pada",
        "dari",
        "untuk",
        "ini",
        "adalah",
        "dalam",
        "belum",
        "dan",
        "atau",
        "oleh",
        "bahwa",
        "sebagai",
        "terhadap",
        "sedikitnya",
        "lebih",
        "antara",
        "itu",
        "bila",
        "karena",
        "sudah",
        "telah",
        "akan",
        "juga",
        "tetapi",
        "namun",
        "setiap",
        "paling",
        "hanya",
        "masih",
        "bukan",
        "serta",
        "tersebut",
        "menurut",
        "sebelum",
        "sesudah",
        "sejak",
        "selama",
        "kurang",
        "atas",
        "bagi",
        "agar",
        "sehingga",
        "maupun",
        "seluruh",
        "beberapa",
        "secara",
        "tanpa",
        "dapat",
        "ada",
    ]
)

_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+|\n+")
# Text in quotation marks is quoted material (an interview excerpt, a survey item, a term).
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’|«[^»]*»")


def indonesian_words(text: str) -> list[str]:
    """The Indonesian function words of ``text`` (lower case, with repeats)."""
    return [w for w in (m.group().lower() for m in _WORD.finditer(text)) if w in FUNCTION_WORDS]


def is_indonesian(text: str) -> bool:
    """True when ``text`` holds two or more Indonesian function words."""
    return len(indonesian_words(text)) >= 2


def strip_data(text: str, data_strings: Iterable[str]) -> str:
    """``text`` without quoted passages and without any of ``data_strings`` (names and texts
    that come from the data: regions, agencies, programmes, indicators, survey items …).

    Data strings are removed as whole words only: the data's code ``commitment`` must not eat
    the middle of an English phrase. A data value made only of function words (a column
    holding "tidak") is not removed: it would erase those words from every sentence.
    """
    text = _QUOTED.sub(" ", text)
    wanted = sorted(
        {
            s
            for s in data_strings
            if s and len(s) >= 3 and len(indonesian_words(s)) < len(_WORD.findall(s))
        },
        key=len,
        reverse=True,
    )
    present = [s for s in wanted if s in text]
    if not present:
        return text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(s) for s in present) + r")(?!\w)")
    return pattern.sub(" ", text)


def sentences(text: str) -> list[str]:
    """``text`` cut into sentences (and clauses after ``;`` or ``:``), whitespace collapsed."""
    parts = (re.sub(r"\s+", " ", p).strip() for p in _SENTENCE_END.split(text))
    return [p for p in parts if p]


class _Blocks(HTMLParser):
    """Text of an HTML document by block (paragraph, heading, list item, table cell …)."""

    _BLOCK = {
        "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "title",
        "figcaption", "blockquote", "dt", "dd", "section", "header", "footer", "tr", "br",
    }  # fmt: skip
    _SKIP = {"style", "script", "code", "pre"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def _flush(self) -> None:
        text = "".join(self._buf).strip()
        if text:
            self.blocks.append(text)
        self._buf = []

    def handle_starttag(self, tag, attrs):
        if tag in self._SKIP:
            self._skip += 1
        if tag in self._BLOCK:
            self._flush()

    def handle_endtag(self, tag):
        if tag in self._SKIP and self._skip:
            self._skip -= 1
        if tag in self._BLOCK:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def close(self):
        super().close()
        self._flush()


def html_blocks(document: str) -> list[str]:
    """The visible text of an HTML document, one string per block element."""
    parser = _Blocks()
    parser.feed(document)
    parser.close()
    return parser.blocks


def indonesian_sentences(document: str, data_strings: Iterable[str] = ()) -> list[str]:
    """Sentences of an HTML document that are Indonesian prose (see the module docstring)."""
    data = list(data_strings)
    found = []
    for block in html_blocks(document):
        for sentence in sentences(strip_data(block, data)):
            if is_indonesian(sentence):
                found.append(sentence)
    return found
