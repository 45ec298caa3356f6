"""The data dictionary: one declarative definition of every input table.

Everything about the input data is defined here, once: which tables exist, which columns they
have, their types, whether they are required, the values they allow, their bounds, their keys,
and a description in English and in Indonesian. The validator (:mod:`evaltools.data.validate`),
the blank Excel template (:mod:`evaltools.data.template`), the data dictionary
(``data/README.md``, :mod:`evaltools.data.dictionary`) and the "Kamus Data" sheet are all
generated from these definitions, so they cannot drift apart.

Why a small hand-written schema rather than pandera (or a similar library):

* messages must name the Excel sheet row (or CSV line) the user sees and say how to fix the
  problem, in plain words for a researcher — not a dataframe index and a check name;
* values must be parsed from messy Indonesian exports (decimal commas, thousands dots,
  "22 Februari 2022", "ya"/"tidak") *before* they can be typed, which is a reading step a
  dataframe-validation library does not do;
* most rules that matter are cross-table (unknown ``program_id``, survey items ↔ response
  columns, a score outside its item's own scale, years outside the evaluation window), which
  are easier to state and explain as plain functions over the typed tables.

Types: ``str``, ``int``, ``float``, ``bool``, ``date`` and ``month`` (a date that must be the
first day of a month). After loading, the dtypes follow ``docs/architecture.md``: dates
``datetime64[ns]``, booleans ``bool``, integers nullable ``Int64`` (``amount_idr``: ``int64``),
floats ``float64``, text ``object``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from evaltools.vocabulary import CODED_FACTORS, DIMENSIONS, FACTORS

TYPES = ("str", "int", "float", "bool", "date", "month")

#: Indonesian names of the types, for the "Kamus Data" sheet.
TYPE_LABELS_ID = {
    "str": "teks",
    "int": "bilangan bulat",
    "float": "angka (desimal boleh)",
    "bool": "TRUE/FALSE (ya/tidak)",
    "date": "tanggal (YYYY-MM-DD)",
    "month": "bulan (tanggal 1, YYYY-MM-01)",
}

#: Codes allowed where survey items and interview excerpts are coded: the five factors plus
#: ``outcome`` (perceived implementation itself, not a cause). The analyses import this list
#: (evaltools.analysis.survey / interviews), so schema and analysis cannot drift apart.
SOURCE_QUALITIES = ("official", "press", "survey", "estimate", "synthetic")
BUDGET_STAGES = ("planned", "revised", "realised")
INSTRUMENT_TYPES = ("perwal", "kepwal", "sop", "body", "masterplan", "other")
VALUE_TYPES = ("count", "proportion", "continuous")
EVENT_KINDS = ("policy", "shock", "budget", "socialisation", "other")
VALENCES = ("barrier", "enabler", "neutral")

#: Plausible calendar years for any year or date column (catches typos such as 20211 or 1921).
YEAR_MIN = 1990
YEAR_MAX = 2100
#: Plausible dates (sources may be older than the programmes they document).
DATE_MIN_YEAR = 1900


@dataclass(frozen=True)
class Column:
    """One column of an input table.

    ``required`` means the column must be present; ``nullable`` means a blank cell is allowed.
    ``allowed`` lists the only values allowed (text columns; compared case-insensitively and
    stored in lower case). ``min``/``max`` are inclusive bounds for numbers; ``min_exclusive``
    makes the lower bound strict.
    """

    name: str
    type: str
    description: str
    description_id: str
    example: Any = None
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    min: float | None = None
    max: float | None = None
    min_exclusive: bool = False

    def bounds_text(self) -> str:
        """The bounds in words (English), empty when unbounded."""
        parts = []
        if self.min is not None:
            parts.append(f"> {_num(self.min)}" if self.min_exclusive else f">= {_num(self.min)}")
        if self.max is not None:
            parts.append(f"<= {_num(self.max)}")
        return " and ".join(parts)

    def bounds_text_id(self) -> str:
        """The bounds in words (Indonesian), empty when unbounded."""
        parts = []
        if self.min is not None:
            parts.append(f"> {_num(self.min)}" if self.min_exclusive else f"≥ {_num(self.min)}")
        if self.max is not None:
            parts.append(f"≤ {_num(self.max)}")
        return " dan ".join(parts)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class Table:
    """One input table (a CSV file ``<name>.csv`` or a sheet ``<name>`` of a workbook).

    ``key`` columns identify a row (no duplicates, no blanks). ``extra_key`` columns join the key
    when they are present (``interview_codes.coder``). ``wide`` tables accept extra columns
    (``survey_responses``: one column per survey item).
    """

    name: str
    description: str
    description_id: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    required: bool = False
    extra_key: tuple[str, ...] = ()
    wide: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _source_id() -> Column:
    return Column(
        "source_id",
        "str",
        "Where this row comes from: a source_id of the sources table.",
        "Asal data baris ini: source_id pada tabel sources.",
        "S01",
        required=False,
        nullable=True,
    )


def _year(description: str, description_id: str, example: int = 2021) -> Column:
    return Column("year", "int", description, description_id, example, min=YEAR_MIN, max=YEAR_MAX)


def _dimension(*, required: bool = True, nullable: bool = False) -> Column:
    return Column(
        "dimension",
        "str",
        "Smart-city dimension (Gerakan Menuju 100 Smart City).",
        "Dimensi kota cerdas (Gerakan Menuju 100 Smart City).",
        "governance",
        allowed=DIMENSIONS,
        required=required,
        nullable=nullable,
    )


def _hib(example: bool = True) -> Column:
    return Column(
        "higher_is_better",
        "bool",
        "TRUE when a higher value is better (e.g. services online), FALSE when lower is better "
        "(e.g. complaint resolution days).",
        "TRUE bila nilai lebih tinggi lebih baik (mis. layanan daring), FALSE bila lebih rendah "
        "lebih baik (mis. lama penyelesaian aduan).",
        example,
    )


TABLES: tuple[Table, ...] = (
    Table(
        "sources",
        "Where the data come from, and how trustworthy each source is. Every other table may "
        "point here through source_id; a source of quality 'synthetic' marks the whole dataset "
        "as illustrative.",
        "Asal data dan tingkat keandalannya. Setiap tabel lain dapat merujuk ke sini melalui "
        "source_id; sumber berkualitas 'synthetic' menandai seluruh data sebagai data ilustrasi.",
        (
            Column("source_id", "str", "Identifier of the source.", "Kode sumber.", "S01"),
            Column(
                "title",
                "str",
                "Title of the document, dataset or article.",
                "Judul dokumen, dataset, atau artikel.",
                "LKjIP Kota Contoh 2023",
            ),
            Column(
                "publisher",
                "str",
                "Who published it.",
                "Penerbit.",
                "Pemerintah Kota Contoh",
                required=False,
                nullable=True,
            ),
            Column(
                "url",
                "str",
                "Web address, if any.",
                "Alamat web, bila ada.",
                "https://bekasikota.go.id",
                required=False,
                nullable=True,
            ),
            Column(
                "date",
                "date",
                "Publication date.",
                "Tanggal terbit.",
                "2022-02-22",
                required=False,
                nullable=True,
            ),
            Column(
                "quality",
                "str",
                "official = government publication; press = news report; survey = own survey; "
                "estimate = researcher's estimate; synthetic = illustrative, not real data.",
                "official = publikasi resmi pemerintah; press = berita media; survey = survei "
                "sendiri; estimate = perkiraan peneliti; synthetic = data ilustrasi, bukan data "
                "nyata.",
                "official",
                allowed=SOURCE_QUALITIES,
            ),
            Column(
                "notes",
                "str",
                "Free remarks (page, table number, caveats).",
                "Catatan bebas (halaman, nomor tabel, keterbatasan).",
                "Tabel 3.2, hlm. 45",
                required=False,
                nullable=True,
            ),
        ),
        key=("source_id",),
        required=True,
    ),
    Table(
        "programs",
        "The catalogue of smart-city programmes under evaluation, one row per programme.",
        "Daftar program kota cerdas yang dievaluasi, satu baris per program.",
        (
            Column("program_id", "str", "Identifier of the programme.", "Kode program.", "GOV-01"),
            Column(
                "name", "str", "Name of the programme.", "Nama program.", "Aplikasi layanan terpadu"
            ),
            _dimension(),
            Column(
                "lead_agency",
                "str",
                "Lead agency (OPD).",
                "Perangkat daerah (OPD) pengampu.",
                "Dinas Komunikasi dan Informatika",
            ),
            Column(
                "is_quick_win",
                "bool",
                "TRUE for a quick-win (program percepatan).",
                "TRUE bila termasuk quick win (program percepatan).",
                False,
            ),
            Column(
                "start_year",
                "int",
                "Year the programme started.",
                "Tahun program dimulai.",
                2018,
                min=YEAR_MIN,
                max=YEAR_MAX,
            ),
            _source_id(),
        ),
        key=("program_id",),
        required=True,
    ),
    Table(
        "program_targets",
        "Targets and realisations of programme indicators, one row per programme, indicator and "
        "year. A blank realisation means not reported.",
        "Target dan realisasi indikator program, satu baris per program, indikator, dan tahun. "
        "Realisasi kosong berarti tidak dilaporkan.",
        (
            Column(
                "program_id",
                "str",
                "Programme (program_id of the programs table).",
                "Program (program_id pada tabel programs).",
                "GOV-01",
            ),
            Column(
                "indicator",
                "str",
                "Name of the performance indicator.",
                "Nama indikator kinerja.",
                "Layanan terintegrasi",
            ),
            _year("Year of the target.", "Tahun target."),
            Column("unit", "str", "Unit of the indicator.", "Satuan indikator.", "layanan"),
            Column("target", "float", "Target value.", "Nilai target.", 40),
            Column(
                "realisation",
                "float",
                "Realised value; blank = not reported.",
                "Nilai realisasi; kosong = tidak dilaporkan.",
                18,
                nullable=True,
            ),
            _hib(),
            _source_id(),
        ),
        key=("program_id", "indicator", "year"),
        required=True,
    ),
    Table(
        "budget",
        "Budget lines in whole rupiah by year, agency, programme and stage (planned = APBD murni, "
        "revised = APBD perubahan, realised = realisasi).",
        "Anggaran dalam rupiah penuh per tahun, perangkat daerah, program, dan tahap (planned = "
        "APBD murni, revised = APBD perubahan, realised = realisasi).",
        (
            _year("Budget year.", "Tahun anggaran."),
            Column(
                "agency",
                "str",
                "Agency (OPD) holding the budget.",
                "Perangkat daerah (OPD) pemegang anggaran.",
                "Dinas Komunikasi dan Informatika",
            ),
            Column(
                "program_id",
                "str",
                "Programme (program_id of the programs table).",
                "Program (program_id pada tabel programs).",
                "GOV-01",
            ),
            Column(
                "stage", "str", "Budget stage.", "Tahap anggaran.", "planned", allowed=BUDGET_STAGES
            ),
            _dimension(),
            Column(
                "amount_idr",
                "int",
                "Amount in whole rupiah (no decimals).",
                "Jumlah dalam rupiah penuh (tanpa desimal).",
                1250000000,
                min=0,
            ),
            _source_id(),
        ),
        key=("year", "agency", "program_id", "stage"),
        notes=(
            (
                "A realised line needs a planned or revised line for the same year, agency and "
                "programme."
            ),
        ),
    ),
    Table(
        "mandates",
        "Follow-up instruments the regulation requires (implementing regulations, bodies, "
        "masterplan, SOPs), with their due and issue dates. A blank issued_date means not issued.",
        "Tindak lanjut yang diamanatkan regulasi (peraturan pelaksana, lembaga, masterplan, SOP), "
        "dengan tenggat dan tanggal terbit. issued_date kosong berarti belum diterbitkan.",
        (
            Column("mandate_id", "str", "Identifier of the mandate.", "Kode amanat.", "M01"),
            Column(
                "article",
                "str",
                "Article of the regulation that sets the mandate.",
                "Pasal regulasi yang memuat amanat.",
                "Pasal 12 ayat (2)",
                nullable=True,
            ),
            Column(
                "instrument",
                "str",
                "The instrument required.",
                "Instrumen yang diamanatkan.",
                "Perwal tentang Dewan Kota Cerdas",
            ),
            Column(
                "instrument_type",
                "str",
                "Kind of instrument.",
                "Jenis instrumen.",
                "perwal",
                allowed=INSTRUMENT_TYPES,
            ),
            Column(
                "due_date",
                "date",
                "Deadline set by the regulation (blank = none).",
                "Tenggat yang ditetapkan regulasi (kosong = tidak ada).",
                "2021-02-22",
                nullable=True,
            ),
            Column(
                "issued_date",
                "date",
                "Date the instrument was issued; blank = not issued.",
                "Tanggal instrumen diterbitkan; kosong = belum diterbitkan.",
                "2022-06-15",
                nullable=True,
            ),
            Column(
                "factor",
                "str",
                "Implementation factor the mandate bears on (Edwards III).",
                "Faktor implementasi yang terkait (Edwards III).",
                "structure",
                allowed=FACTORS,
            ),
            _source_id(),
        ),
        key=("mandate_id",),
        notes=(
            (
                "due_date may not precede the regulation's enactment_date (context), and "
                "issued_date "
                "may not lie in the future."
            ),
        ),
    ),
    Table(
        "indicators",
        "Definitions of the service indicators observed monthly (service_monthly).",
        "Definisi indikator layanan yang diamati bulanan (service_monthly).",
        (
            Column(
                "indicator_id",
                "str",
                "Identifier of the indicator.",
                "Kode indikator.",
                "lapor_resolved_pct",
            ),
            Column(
                "name",
                "str",
                "Name of the indicator.",
                "Nama indikator.",
                "Aduan SP4N-LAPOR yang diselesaikan",
            ),
            _dimension(),
            Column("unit", "str", "Unit of the values.", "Satuan nilai.", "persen"),
            _hib(),
            Column(
                "value_type",
                "str",
                "count = counts (Poisson-type models); proportion = share; continuous = other.",
                "count = cacahan (model Poisson); proportion = proporsi; continuous = lainnya.",
                "proportion",
                allowed=VALUE_TYPES,
            ),
            _source_id(),
        ),
        key=("indicator_id",),
    ),
    Table(
        "service_monthly",
        "Monthly values of service indicators (for interrupted time series).",
        "Nilai bulanan indikator layanan (untuk analisis deret waktu terputus).",
        (
            Column(
                "indicator_id",
                "str",
                "Indicator (indicator_id of the indicators table).",
                "Indikator (indicator_id pada tabel indicators).",
                "lapor_resolved_pct",
            ),
            Column(
                "month",
                "month",
                "Month, written as its first day.",
                "Bulan, ditulis sebagai tanggal 1.",
                "2021-03-01",
            ),
            Column("value", "float", "Observed value.", "Nilai teramati.", 62.5),
            Column(
                "exposure",
                "float",
                "Population or denominator (optional; must be > 0).",
                "Populasi atau penyebut (opsional; harus > 0).",
                2500000,
                required=False,
                nullable=True,
                min=0,
                min_exclusive=True,
            ),
            _source_id(),
        ),
        key=("indicator_id", "month"),
        notes=("A month may not lie in the future.",),
    ),
    Table(
        "events",
        "Dated events: policies, shocks, budget decisions, socialisation. Rows with "
        "is_break = TRUE are used as interruptions in time-series analyses.",
        "Peristiwa bertanggal: kebijakan, guncangan, keputusan anggaran, sosialisasi. Baris "
        "dengan is_break = TRUE dipakai sebagai titik putus dalam analisis deret waktu.",
        (
            Column("date", "date", "Date of the event.", "Tanggal peristiwa.", "2020-04-09"),
            Column(
                "label",
                "str",
                "Short name of the event.",
                "Nama singkat peristiwa.",
                "Refocusing anggaran (SKB 2020)",
            ),
            Column(
                "kind", "str", "Kind of event.", "Jenis peristiwa.", "budget", allowed=EVENT_KINDS
            ),
            Column(
                "is_break",
                "bool",
                "TRUE to use the event as a time-series interruption.",
                "TRUE bila peristiwa dipakai sebagai titik putus deret waktu.",
                True,
            ),
            _source_id(),
        ),
        key=("date", "label"),
    ),
    Table(
        "peer_panel",
        "Yearly scores of the region under evaluation and its peers (e.g. SPBE index).",
        "Skor tahunan daerah yang dievaluasi dan daerah pembanding (mis. indeks SPBE).",
        (
            Column(
                "region",
                "str",
                "Region (kabupaten/kota).",
                "Daerah (kabupaten/kota).",
                "Kota Depok",
            ),
            _year("Year of the score.", "Tahun skor.", 2022),
            Column("measure", "str", "Name of the measure.", "Nama ukuran.", "spbe_index"),
            Column("value", "float", "Score.", "Skor.", 3.42),
            Column(
                "scale_max",
                "float",
                "Maximum of the measure's scale (blank = unbounded).",
                "Nilai maksimum skala ukuran (kosong = tanpa batas).",
                5,
                nullable=True,
                min=0,
                min_exclusive=True,
            ),
            Column(
                "focal",
                "bool",
                "TRUE for the region under evaluation.",
                "TRUE untuk daerah yang dievaluasi.",
                False,
            ),
            _source_id(),
        ),
        key=("region", "year", "measure"),
        notes=(
            (
                "value may not exceed scale_max; focal must be the same on every row of a region, "
                "and at most one region is focal; a year may not lie in the future."
            ),
        ),
    ),
    Table(
        "survey_items",
        "The survey codebook: one row per questionnaire item, with its factor and scale.",
        "Buku kode survei: satu baris per butir kuesioner, dengan faktor dan skalanya.",
        (
            Column(
                "item_id",
                "str",
                "Identifier of the item; also the name of its column in survey_responses.",
                "Kode butir; juga nama kolomnya pada survey_responses.",
                "DIS2",
            ),
            Column(
                "factor",
                "str",
                "Implementation factor measured (or outcome).",
                "Faktor implementasi yang diukur (atau outcome).",
                "disposition",
                allowed=CODED_FACTORS,
            ),
            Column(
                "sub_factor",
                "str",
                "Sub-factor (e.g. attitude, staff, clarity).",
                "Subfaktor (mis. sikap, staf, kejelasan).",
                "attitude",
                nullable=True,
            ),
            Column(
                "text",
                "str",
                "Item wording (Indonesian).",
                "Bunyi butir (bahasa Indonesia).",
                "Saya memahami dan mendukung tujuan peraturan daerah ini",
            ),
            Column(
                "reverse",
                "bool",
                "TRUE when the item is negatively worded.",
                "TRUE bila butir berbunyi negatif (skor dibalik).",
                False,
            ),
            Column(
                "scale_min",
                "int",
                "Lowest score of the item's scale.",
                "Skor terendah skala butir.",
                1,
            ),
            Column(
                "scale_max",
                "int",
                "Highest score of the item's scale.",
                "Skor tertinggi skala butir.",
                5,
            ),
            _source_id(),
        ),
        key=("item_id",),
        notes=("scale_min must be below scale_max.",),
    ),
    Table(
        "survey_responses",
        "Survey answers, one row per respondent, then one column per item (named by "
        "survey_items.item_id); a blank cell means no answer.",
        "Jawaban survei, satu baris per responden, lalu satu kolom per butir (bernama "
        "survey_items.item_id); sel kosong berarti tidak menjawab.",
        (
            Column(
                "respondent_id",
                "str",
                "Pseudonymised respondent identifier.",
                "Kode responden (disamarkan).",
                "R017",
            ),
            Column(
                "agency",
                "str",
                "Respondent's agency (OPD).",
                "Perangkat daerah responden.",
                "Disdukcapil",
                nullable=True,
            ),
            Column(
                "role",
                "str",
                "Position (e.g. eselon3, staff).",
                "Jabatan (mis. eselon3, staf).",
                "staff",
                required=False,
                nullable=True,
            ),
            Column(
                "tenure_years",
                "float",
                "Years in the current agency.",
                "Lama bekerja di OPD saat ini (tahun).",
                6,
                required=False,
                nullable=True,
                min=0,
                max=60,
            ),
            Column(
                "wave",
                "str",
                "Survey wave (e.g. W1, 2022).",
                "Gelombang survei (mis. W1, 2022).",
                "W1",
                required=False,
                nullable=True,
            ),
            _source_id(),
        ),
        key=("respondent_id",),
        wide=True,
        notes=(
            (
                "Every other column is an item: its name must be an item_id of survey_items, every "
                "item of survey_items must have a column, and each score must lie within that "
                "item's "
                "scale_min..scale_max."
            ),
        ),
    ),
    Table(
        "interview_codes",
        "Coded interview excerpts: one row per excerpt (per coder when excerpts are double-coded).",
        "Kutipan wawancara yang telah dikode: satu baris per kutipan (per pengode bila dikode "
        "ganda).",
        (
            Column("excerpt_id", "str", "Identifier of the excerpt.", "Kode kutipan.", "I03-07"),
            Column("interview_id", "str", "Identifier of the interview.", "Kode wawancara.", "I03"),
            Column(
                "stakeholder",
                "str",
                "Who was interviewed (role, not name).",
                "Narasumber (jabatan, bukan nama).",
                "Kabid OPD",
            ),
            Column(
                "factor",
                "str",
                "Implementation factor coded.",
                "Faktor implementasi yang dikode.",
                "disposition",
                allowed=CODED_FACTORS,
            ),
            Column(
                "sub_factor",
                "str",
                "Sub-factor coded.",
                "Subfaktor yang dikode.",
                "attitude",
                nullable=True,
            ),
            Column(
                "valence",
                "str",
                "Whether the excerpt describes a barrier, an enabler or neither.",
                "Apakah kutipan menggambarkan hambatan, pendukung, atau netral.",
                "barrier",
                allowed=VALENCES,
            ),
            _dimension(required=False, nullable=True),
            Column(
                "quote",
                "str",
                "The (anonymised) excerpt.",
                "Kutipan (dianonimkan).",
                "Aplikasi dibuat tapi tidak dipakai",
            ),
            Column(
                "coder",
                "str",
                "Who coded the excerpt (for double coding).",
                "Pengode kutipan (untuk pengodean ganda).",
                "AB",
                required=False,
            ),
            _source_id(),
        ),
        key=("excerpt_id",),
        extra_key=("coder",),
    ),
    Table(
        "context",
        "Key/value facts about the evaluation: region, regulation, dates and the evaluation "
        "window.",
        "Fakta kunci evaluasi dalam bentuk kunci/nilai: daerah, regulasi, tanggal, dan periode "
        "evaluasi.",
        (
            Column(
                "key",
                "str",
                "Name of the fact (see the list of keys).",
                "Nama fakta (lihat daftar kunci).",
                "region",
            ),
            Column(
                "value",
                "str",
                "Its value (blank = not set).",
                "Nilainya (kosong = tidak diisi).",
                "Kota Contoh",
                nullable=True,
            ),
            _source_id(),
        ),
        key=("key",),
        notes=("evaluation_start <= evaluation_end and stagnation_start <= stagnation_end.",),
    ),
)

TABLES_BY_NAME: dict[str, Table] = {t.name: t for t in TABLES}
TABLE_NAMES: tuple[str, ...] = tuple(t.name for t in TABLES)
#: The twelve tables that become attributes of EvalData (context becomes a dict).
DATA_TABLE_NAMES: tuple[str, ...] = tuple(n for n in TABLE_NAMES if n != "context")


@dataclass(frozen=True)
class ContextKey:
    """One known key of the ``context`` table, with the type its value is converted to."""

    name: str
    type: str
    description: str
    description_id: str
    example: str


CONTEXT_KEYS: tuple[ContextKey, ...] = (
    ContextKey(
        "region", "str", "Region under evaluation.", "Daerah yang dievaluasi.", "Kota Contoh"
    ),
    ContextKey(
        "regulation",
        "str",
        "Short name of the regulation.",
        "Nama singkat regulasi.",
        "Perda No. 1/2024",
    ),
    ContextKey(
        "regulation_title",
        "str",
        "Full title of the regulation.",
        "Judul lengkap regulasi.",
        "Penyelenggaraan Kota Cerdas",
    ),
    ContextKey(
        "enactment_date",
        "date",
        "Date the regulation was enacted.",
        "Tanggal regulasi diundangkan.",
        "2020-03-04",
    ),
    ContextKey(
        "evaluation_start",
        "int",
        "First year of the evaluation window.",
        "Tahun awal periode evaluasi.",
        "2017",
    ),
    ContextKey(
        "evaluation_end",
        "int",
        "Last year of the evaluation window.",
        "Tahun akhir periode evaluasi.",
        "2023",
    ),
    ContextKey(
        "stagnation_start",
        "int",
        "First year of the alleged stagnation.",
        "Tahun awal dugaan stagnasi.",
        "2020",
    ),
    ContextKey(
        "stagnation_end",
        "int",
        "Last year of the alleged stagnation.",
        "Tahun akhir dugaan stagnasi.",
        "2021",
    ),
    ContextKey(
        "lead_agency",
        "str",
        "Agency that coordinates the regulation's implementation; named in the recommendations "
        "(default: the agency leading most programmes).",
        "Perangkat daerah koordinator pelaksanaan regulasi; disebut dalam rekomendasi "
        "(bawaan: perangkat daerah yang mengampu program terbanyak).",
        "Dinas Kominfo",
    ),
)
CONTEXT_KEYS_BY_NAME: dict[str, ContextKey] = {k.name: k for k in CONTEXT_KEYS}


def default_evaluation_window(today_year: int | None = None) -> tuple[int, int]:
    """The evaluation window used when neither the caller nor the ``context`` table sets one.

    Generous on purpose — 2000 to next year — so that it only catches typos (2031, 1921), not
    legitimate data: evaluations of Indonesian regional regulations rarely reach before 2000.
    """
    import datetime as _dt

    year = today_year if today_year is not None else _dt.date.today().year
    return 2000, year + 1


def normalize_name(name: str) -> str:
    """Canonical form of a table or column name: case-, space- and dash-insensitive."""
    text = " ".join(str(name).replace("\u00a0", " ").split()).strip().lower()
    return text.replace(" ", "_").replace("-", "_")
