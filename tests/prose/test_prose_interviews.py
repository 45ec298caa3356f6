"""Words of the interviews (evaltools.prose.interviews): both languages, the demo whole."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import evaltools
from evaltools.analysis import interviews
from evaltools.prose import render, render_frame, templates, use_language
from evaltools.results import Statement

ID_WORDS = re.compile(
    r"\b(yang|dengan|tidak|pada|dari|untuk|ini|adalah|dalam|belum|dan|atau|sebagai|oleh|"
    r"bahwa|lebih|antara|terhadap|kutipan|wawancara|penghambat|pendukung)\b",
    re.IGNORECASE,
)
CAUSAL_ID = ("penentu", "berpengaruh", "pengaruh", "menyebabkan", "penyebab", "dampak")
CAUSAL_EN = ("determin", "impact", "influence", "caused", "causes", "drives", "leads to")


def _emitted_codes() -> set[str]:
    text = Path(interviews.__file__).read_text()
    return set(re.findall(r"(?:finding|caveat)\(\s*\"(interviews\.\w+)\"", text))


def test_every_code_has_words_in_both_languages():
    codes = _emitted_codes()
    assert len(codes) >= 12
    for lang in ("id", "en"):
        assert not codes - set(templates(lang)), lang
    assert {c for c in templates("en") if c.startswith("interviews.")} == codes


def _code(eid, factor, valence, **kw):
    row = {
        "excerpt_id": eid,
        "interview_id": kw.get("interview", "W1"),
        "stakeholder": kw.get("stakeholder", "Bappeda"),
        "factor": factor,
        "sub_factor": "s1",
        "valence": valence,
        "quote": f"kutipan {eid}",
    }
    if "coder" in kw:
        row["coder"] = kw["coder"]
    return row


def _variants(codes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The demo and the inputs that trigger every caveat."""
    first = codes[codes["coder"] == codes["coder"].min()]
    few = first[first["factor"] != "resources"].head(20)
    outcome = pd.concat(
        [few, few.head(2).assign(excerpt_id=["O1", "O2"], factor="outcome")], ignore_index=True
    )
    same = pd.DataFrame(
        [_code(f"E{i}", "disposition", "barrier", coder=k) for i in range(4) for k in "AB"]
    )
    flip = codes.copy()
    second = flip["coder"] != flip["coder"].min()
    flip.loc[second, "valence"] = pd.Series(["enabler", "neutral", "barrier"] * 100)[
        : int(second.sum())
    ].to_numpy()
    only = pd.DataFrame([_code(f"O{i}", "outcome", "barrier") for i in range(3)])
    return {
        "demo": codes,
        "no_coder_column": first.drop(columns="coder"),
        "single_coder": first,
        "few_and_outcome": outcome,
        "undefined": same,
        "low_agreement": flip,
        "only_outcome": only,
    }


@pytest.fixture(scope="module")
def results(demo_dir):
    codes = evaltools.load_data(demo_dir).interview_codes
    out = {}
    for name, frame in _variants(codes).items():
        res = interviews.analyze(frame)
        out[name] = (res, interviews.evidence(res))
    return out


def test_every_emitted_statement_renders_in_both_languages(results):
    emitted = set()
    for res, ev in results.values():
        statements = [*res.statements, *ev["finding"], *ev["detail"]]
        assert all(isinstance(s, Statement) for s in statements)
        emitted |= {s.code for s in statements}
        for lang in ("id", "en"):
            text = render(statements, lang)
            assert all(isinstance(t, str) and t for t in text)
            if lang == "en":
                found = ID_WORDS.search(" ".join(text))
                assert not found, found
    # the variants reach every code the module can emit (the attribution renders in quotes)
    assert emitted | {"interviews.attribution"} == _emitted_codes()


def test_indonesian_sentences_are_those_of_the_report(results):
    res, ev = results["demo"]
    with use_language("id"):
        sentences, caveats = res.sentences, res.caveats
        rows = render_frame(ev).set_index("factor")
    assert sentences == [
        "Sebanyak 60 kutipan dari 14 wawancara dengan 7 kelompok pemangku kepentingan telah "
        "dikodekan menurut faktor implementasi.",
        "Faktor yang paling sering disebut sebagai penghambat adalah Disposisi (sikap dan "
        "komitmen) (81,2% dari 16 kutipan tentang faktor ini, disebut oleh 7 kelompok pemangku "
        "kepentingan).",
        "Kesepakatan antarpengode pada 24 kutipan yang dikodekan ganda: kappa Cohen untuk faktor "
        "0,68 (IK 95%: 0,45 s.d. 0,90), kesepakatan substansial; untuk valensi 0,71 (IK 95%: "
        "0,46 s.d. 0,95), kesepakatan substansial.",
    ]
    assert caveats == [
        "Porsi kutipan menggambarkan apa yang disampaikan narasumber terpilih, bukan sampel acak "
        "seluruh pemangku kepentingan; kutipan menunjukkan apa yang dilaporkan sebagai hambatan, "
        "bukan bukti sebab-akibat."
    ]
    assert rows.loc["communication", "finding"] == (
        "Wawancara: 70,0% kutipan tentang Komunikasi menyebutnya sebagai pendukung; pandangan "
        "itu disampaikan oleh 5 kelompok pemangku kepentingan."
    )
    assert rows.loc["communication", "detail"] == (
        "10 kutipan dari 9 wawancara; penghambat 2 (20,0%), pendukung 7 (70,0%), netral 1; "
        "kutipan berasal dari 6 kelompok pemangku kepentingan"
    )


def test_english_sentences(results):
    res, ev = results["demo"]
    with use_language("en"):
        sentences = res.sentences
        rows = render_frame(ev).set_index("factor")
    assert sentences[1] == (
        "The factor most often described as a barrier is Disposition (attitudes and commitment) "
        "(81.2% of the 16 excerpts on this factor, raised by 7 stakeholder groups)."
    )
    assert sentences[2] == (
        "Inter-coder agreement on the 24 double-coded excerpts: Cohen's kappa for the factor "
        "0.68 (95% CI: 0.45 to 0.90), substantial agreement; for the valence 0.71 (95% CI: 0.46 "
        "to 0.95), substantial agreement."
    )
    assert rows.loc["communication", "finding"] == (
        "Interviews: 70.0% of the excerpts on Communication describe it as an enabler; 5 "
        "stakeholder groups said so."
    )


def test_caveats_in_both_languages(results):
    cases = {
        "no_coder_column": (
            "Kesepakatan antarpengode (kappa Cohen) tidak dapat dihitung: data wawancara tidak "
            "memuat kolom pengode (coder); bukti dari wawancara paling tinggi dinilai sedang.",
            "Inter-coder agreement (Cohen's kappa) cannot be computed: the interview data have "
            "no coder column; the interview evidence is rated at most moderate.",
        ),
        "single_coder": ("satu pengode", "a single coder"),
        "undefined": ("tidak terdefinisi", "is undefined"),
        "low_agreement": ("di bawah 0,41 (kurang dari sedang)", "is below 0.41"),
        "few_and_outcome": (
            "Sebanyak 2 kutipan berkode 'outcome' (capaian pelaksanaan itu sendiri, bukan faktor "
            "implementasi) tidak dihitung dalam tabel faktor",
            "2 excerpts coded 'outcome' (the implementation itself, not an implementation "
            "factor) are not counted",
        ),
        "only_outcome": ("Tidak ada kutipan berkode faktor implementasi", "No excerpt is coded"),
    }
    for name, (id_words, en_words) in cases.items():
        res, _ev = results[name]
        with use_language("id"):
            assert any(id_words in c for c in res.caveats), (name, res.caveats)
        with use_language("en"):
            assert any(en_words in c for c in res.caveats), (name, res.caveats)
    res, _ev = results["few_and_outcome"]
    with use_language("id"):
        text = " ".join(res.caveats)
        assert (
            "Jumlah kutipan (20) di bawah 30, sehingga bukti dari wawancara paling tinggi " in text
        )
        assert "Tidak ada kutipan wawancara tentang faktor: Sumber daya." in text
    with use_language("en"):
        text = " ".join(res.caveats)
        assert "The number of excerpts (20) is below 30" in text
        assert "No interview excerpt concerns the factor(s): Resources." in text


def test_agreement_note_and_evidence_detail_follow_the_language(results):
    res, ev = results["no_coder_column"]
    with use_language("id"):
        assert res.agreement_note.startswith("Kesepakatan antarpengode (kappa Cohen)")
        assert (
            render_frame(ev)["detail"]
            .str.endswith("kesepakatan antarpengode tidak dapat dihitung")
            .all()
        )
    with use_language("en"):
        assert res.agreement_note.startswith("Inter-coder agreement (Cohen's kappa)")
        assert render_frame(ev)["detail"].str.contains("inter-coder agreement not computable").all()
    assert results["demo"][0].agreement_note == ""


def test_quotes_labels_and_valence_words_follow_the_language(demo_dir):
    codes = evaltools.load_data(demo_dir).interview_codes
    with use_language("en"):
        res = interviews.analyze(codes)
        assert dict(interviews.VALENCE_LABELS) == {
            "barrier": "Barrier",
            "enabler": "Enabler",
            "neutral": "Neutral",
        }
    first = res.quotes.iloc[0]
    assert first["attribution"] == f"— {first['stakeholder']} (interview {first['interview_id']})"
    assert set(res.by_factor["label"]) >= {"Resources", "Communication"}
    assert set(res.kappa["label"]) <= {"substantial", "moderate", "almost perfect", "fair"}
    with use_language("id"):
        assert interviews.VALENCE_LABELS["barrier"] == "Penghambat"
        res_id = interviews.analyze(codes)
    first = res_id.quotes.iloc[0]
    assert first["attribution"] == f"— {first['stakeholder']} (wawancara {first['interview_id']})"


def test_figure_follows_the_language(results):
    res, _ev = results["demo"]
    with use_language("en"):
        ax = res.plot().axes[0]
        assert ax.get_title() == "Interview excerpts by factor and stakeholder group"
        assert ax.get_xlabel() == "Share of excerpts by the interviewees' assessment"
        legend = [t.get_text() for t in res.plot().legends[0].get_texts()]
        assert legend == ["Barrier", "Enabler", "Neutral"]
    with use_language("id"):
        assert res.plot().axes[0].get_title().startswith("Kutipan wawancara menurut faktor")
    empty, _ = results["only_outcome"]
    with use_language("en"):
        shown = [t.get_text() for t in empty.plot().axes[0].texts]
        assert shown == ["No excerpt coded with an implementation factor"]


def test_words_are_associational(results):
    res, ev = results["few_and_outcome"]
    statements = [*res.statements, *ev["finding"], *ev["detail"]]
    id_text = " ".join(render(statements, "id")).lower()
    en_text = " ".join(render(statements, "en")).lower()
    with use_language("id"):
        id_text += " " + res.plot().axes[0].get_title().lower()
    with use_language("en"):
        en_text += " " + res.plot().axes[0].get_title().lower()
    for word in CAUSAL_ID:
        assert word not in id_text, word
    for word in CAUSAL_EN:
        assert word not in en_text, word


@pytest.mark.slow
@pytest.mark.parametrize("variant", ["no_coder_column", "single_coder"])
def test_chapter_runs_without_double_coding(tmp_path, demo_dir, variant):
    """Notebook 07 on valid data without double coding: it runs and says kappa cannot be
    computed (moved from tests/analysis/test_interviews.py: it checks words)."""
    import shutil
    import subprocess
    import sys

    import nbformat

    data_dir = tmp_path / "data"
    shutil.copytree(demo_dir, data_dir)
    path = data_dir / "interview_codes.csv"
    codes = pd.read_csv(path, dtype=str, keep_default_na=False)
    codes = codes[codes["coder"] == codes["coder"].min()]
    if variant == "no_coder_column":
        codes = codes.drop(columns="coder")
    codes.to_csv(path, index=False)
    repo = Path(__file__).resolve().parents[2]
    out = tmp_path / "out.ipynb"
    proc = subprocess.run(
        [
            str(Path(sys.executable).with_name("papermill")),
            "notebooks/07-wawancara.ipynb",
            str(out),
            "-p",
            "data_path",
            str(data_dir),
            "--no-progress-bar",
        ],
        check=False,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    shown = "\n".join(
        o["data"]["text/markdown"]
        for c in nbformat.read(out, as_version=4).cells
        if c.cell_type == "code"
        for o in c.get("outputs", [])
        if "text/markdown" in o.get("data", {})
    )
    expected = {"no_coder_column": "kolom pengode", "single_coder": "satu pengode"}[variant]
    assert "Kesepakatan antarpengode (kappa Cohen) tidak dapat dihitung" in shown
    assert expected in shown
