"""Words that match the design (issue 12, item 4; table in docs/diagnosis-rules.md §6 and
Lampiran A): causal words only for designs that identify a cause. Survey, interview, budget and
mandate evidence is associational, so a sentence about it may not say "menyebabkan",
"berpengaruh", "dampak" or "faktor penentu".

The detector works on units of report text (a paragraph, a list item, a table row, a caption)
split into sentences. Words in quotation marks are mentions, not claims (the wording table itself
lists the causal words), and are ignored. A sentence that names a design allowed to use causal
words (DiD, synthetic control, interrupted time series, event study) is not checked.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import ClassVar

import pytest

CAUSAL = re.compile(
    r"\b(menyebabkan|disebabkan|berpengaruh|pengaruh(?:nya)?|berdampak|dampak(?:nya)?|"
    r"faktor[- ]faktor penentu|faktor penentu)\b",
    re.IGNORECASE,
)
ASSOCIATIONAL = re.compile(
    r"\b(survei|responden|wawancara|narasumber|kutipan|anggaran|pagu|refocusing|penyerapan|"
    r"regulasi turunan|peraturan wali kota|perwal|mandat)\w*",
    re.IGNORECASE,
)
DESIGN = re.compile(
    r"(selisih-dalam-selisih|kontrol sintetis|deret waktu terinterupsi|studi peristiwa|event study|"
    r"\bDiD\b|\bITS\b)",
    re.IGNORECASE,
)
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"(])")


def causal_claims(text: str) -> list[str]:
    """Sentences of ``text`` that attach a causal word to an associational source."""
    bad = []
    for sentence in SENTENCE_END.split(text):
        bare = QUOTED.sub(" ", sentence)
        if CAUSAL.search(bare) and ASSOCIATIONAL.search(bare) and not DESIGN.search(bare):
            bad.append(re.sub(r"\s+", " ", sentence).strip())
    return bad


class _Units(HTMLParser):
    """Text units of an HTML document: paragraphs, list items, table rows, captions, headings."""

    BLOCKS: ClassVar[set[str]] = {
        "p",
        "li",
        "tr",
        "caption",
        "figcaption",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.units: list[str] = []
        self._buf: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self._flush()
        elif tag in ("td", "th"):
            self._buf.append(" ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1
        elif tag in self.BLOCKS:
            self._flush()

    def handle_data(self, data):
        if not self._skip:
            self._buf.append(data)

    def _flush(self):
        text = re.sub(r"\s+", " ", "".join(self._buf)).strip()
        if text:
            self.units.append(text)
        self._buf = []

    def close(self):
        super().close()
        self._flush()


def html_units(document: str) -> list[str]:
    parser = _Units()
    parser.feed(document)
    parser.close()
    return parser.units


# ---------------------------------------------------------------------------------- the detector


@pytest.mark.parametrize(
    "sentence",
    [
        "Komitmen pelaksana berpengaruh positif terhadap capaian menurut survei.",
        "Faktor penentu capaian implementasi yang dirasakan responden.",
        "Menurut narasumber wawancara, keterlambatan perwal menyebabkan program tertunda.",
        "Pemotongan pagu anggaran berdampak pada capaian dimensi tata kelola.",
    ],
)
def test_detector_flags_causal_words_about_associational_sources(sentence):
    assert causal_claims(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Regresi ini menunjukkan hubungan (asosiasi) dalam persepsi responden, bukan bukti "
        "sebab-akibat.",
        "Disposisi berkaitan dengan stagnasi sebagai hambatan menurut survei dan wawancara.",
        "Survei tidak boleh memakai kata “menyebabkan” atau “dampak”.",
        "Deret waktu terinterupsi tidak dapat memisahkan dampak peristiwa dari peristiwa lain.",
        "Kontrol sintetis: dampak pada indeks SPBE sejak 2020 sebesar −0,48 poin, bukan karena "
        "anggaran.",
        "Hambatan komunikasi dilaporkan oleh narasumber wawancara.",
        # "penyebab" names the question the report answers; it is not one of the causal claims
        (
            "Temuan anggaran bersifat asosiatif: pemotongan yang bertepatan dengan kemandekan "
            "berkaitan dengan "
            "kemandekan itu, tetapi tidak dengan sendirinya membuktikan bahwa pemotongan itulah "
            "penyebabnya."
        ),
    ],
)
def test_detector_leaves_associational_and_design_words_alone(sentence):
    assert causal_claims(sentence) == []


def test_units_keep_a_table_row_together():
    doc = (
        "<p>Satu. Dua.</p><table><tr><td>survei</td><td>Komitmen berpengaruh.</td></tr>"
        "<tr><td>ITS</td><td>dampak</td></tr></table><style>p {}</style>"
    )
    units = html_units(doc)
    assert units == ["Satu. Dua.", "survei Komitmen berpengaruh.", "ITS dampak"]
    assert [u for unit in units for u in causal_claims(unit)] == ["survei Komitmen berpengaruh."]


# ----------------------------------------------------------------- the diagnosis' own sentences


def test_the_diagnosis_writes_no_causal_claim_about_associational_evidence(demo_dir):
    import evaltools
    from evaltools.prose import render_frame

    res = evaltools.diagnosis.diagnose(evaltools.load_data(demo_dir))
    shown = render_frame(res.table[["summary", "rule_notes"]], language="id")
    matrix = render_frame(res.matrix[["finding", "detail"]], language="id")
    texts = [
        *res.answers.values(),
        *shown["summary"],
        *shown["rule_notes"],
        *matrix["finding"],
        *matrix["detail"],
        *res.peer_summary,
        res.summary_caveat,
        *res.recommendations["recommendation"],
    ]
    assert all(isinstance(t, str) for t in texts)  # words, not statements: the check reads them
    bad = [b for t in texts for b in causal_claims(t)]
    assert bad == []
    # and it says what kind of evidence the ranking rests on
    assert "bukan hubungan sebab-akibat" in res.answers["why"]


# ------------------------------------------------------------------------ the generated report


@pytest.mark.slow
def test_demo_report_attaches_no_causal_word_to_an_associational_source(demo_report):
    document = (demo_report.run_dir / "report.html").read_text(encoding="utf-8")
    bad = [s for unit in html_units(html.unescape(document)) for s in causal_claims(unit)]
    assert bad == [], "causal wording about associational evidence:\n- " + "\n- ".join(bad)


@pytest.mark.slow
def test_demo_report_prints_the_wording_table_and_the_synthetic_control(demo_report):
    document = (demo_report.run_dir / "report.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", " ".join(html_units(html.unescape(document))))
    assert "Kata yang sesuai dengan desain" in text
    assert "Bukti menunjuk sebaliknya" in text
    assert "Kontrol sintetis untuk" in text and "p terkecil yang mungkin adalah" in text
