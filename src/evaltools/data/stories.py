"""Independent evaluation datasets ("stories") with planted truths, for tests and benchmarks.

The demo (:mod:`evaltools.data.demo`) is one case: one city, one regulation, one window, one
set of causes. A tool tuned on it can look trustworthy while being hard-wired to it. The
stories here are complete datasets (every table of the data model, or deliberately only the
required ones) that share **nothing** with the demo: other regions and peers, other
regulations, other years and stagnation windows, other agencies, their own events (a shock is
a row of their own ``events`` table, never a constant of the code), their own peer measures,
survey items and interview quotes. Each story plants a known truth, returned with the tables,
so that a test can ask whether the verdicts an honest tool gives match it.

Stories (:data:`STORIES`; what each plants and why it is a fair test: ``docs/stories.md``):

``null``
    Nothing stalls: targets are met on a steady trend, the budget is normal, services have no
    break, the peers move alike, survey and interviews have no dominant barrier.
``communication_structure``
    Communication and bureaucratic structure cause a stall in two dimensions (two others slow
    down); resources and disposition are fine; the peers kept improving, so the environment is
    not a cause.
``environment``
    A real external shock (its own ``events`` row of kind ``shock``) hits the region and its
    peers alike; the budget is cut uniformly; services drop at the shock; implementers name the
    shock; local factors are fine.
``thin``
    The effects of ``communication_structure`` on thin data: 35 respondents, 12 interview
    excerpts, 3 programmes per dimension, 2 years before the window.
``no_optional``
    Only the required tables (``sources``, ``programs``, ``program_targets``) and ``context``;
    a stall is planted in the targets, nothing else is observable.

Every table is drawn from its own child stream of ``numpy.random.default_rng(seed)``. The
sampling path uses only scalar and elementwise numpy arithmetic (no matrix products, no
multivariate normal, no LAPACK): correlated survey factors use the one-factor construction
``sqrt(rho) * common + sqrt(1 - rho) * own``. So the same story and seed give byte-identical
CSV files on any CPU and BLAS.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from evaltools._io import atomic_write, json_ready
from evaltools.data.demo import frame_to_csv, target_realisation
from evaltools.errors import ParameterError
from evaltools.vocabulary import DIMENSIONS, FACTORS

__all__ = ["REQUIRED_ONLY_TABLES", "STORIES", "GeneratedStory", "StorySpec", "generate", "write"]

VALENCES = ("barrier", "enabler", "neutral")
#: The tables of the ``no_optional`` story: the required ones plus ``context``.
REQUIRED_ONLY_TABLES = ("sources", "context", "programs", "program_targets")

SOURCE_ID = "SYN-STORY"

# --------------------------------------------------------------------------------------------
# Catalogues shared by the stories (none of them is the demo's)
# --------------------------------------------------------------------------------------------

# dimension -> programmes: name, indicator, unit, higher_is_better, first-year target, annual
# relative change of the target, integer target?, agency role. Small integer targets (6, 7, 8,
# 9) are there on purpose: with them achievement moves by rounding alone.
_PROGRAMMES: dict[str, tuple[tuple[Any, ...], ...]] = {
    "governance": (
        (
            "Layanan perizinan daring",
            "Izin yang terbit secara daring",
            "izin",
            True,
            900,
            0.12,
            True,
            "licensing",
        ),
        (
            "Portal data terbuka daerah",
            "Dataset yang terbit di portal data",
            "dataset",
            True,
            40,
            0.15,
            True,
            "ict",
        ),
        (
            "Naskah dinas elektronik",
            "Perangkat daerah yang memakai naskah dinas elektronik",
            "perangkat daerah",
            True,
            8,
            0.15,
            True,
            "ict",
        ),
        (
            "Kanal aduan warga terpadu",
            "Rata-rata hari penyelesaian aduan warga",
            "hari",
            False,
            12,
            -0.08,
            False,
            "ict",
        ),
        (
            "Perencanaan pembangunan elektronik",
            "Dokumen perencanaan yang disusun daring",
            "persen",
            True,
            45,
            0.10,
            False,
            "planning",
        ),
    ),
    "branding": (
        (
            "Promosi wisata digital",
            "Kunjungan ke laman wisata daerah",
            "kunjungan",
            True,
            60000,
            0.15,
            True,
            "tourism",
        ),
        (
            "Agenda budaya daring",
            "Acara budaya yang terpublikasi daring",
            "acara",
            True,
            24,
            0.10,
            True,
            "tourism",
        ),
        (
            "Identitas visual daerah",
            "Kanal resmi dengan identitas visual seragam",
            "kanal",
            True,
            6,
            0.15,
            True,
            "ict",
        ),
        (
            "Produk unggulan di lokapasar",
            "Produk unggulan yang terdaftar di lokapasar",
            "produk",
            True,
            35,
            0.12,
            True,
            "trade",
        ),
        (
            "Informasi peluang investasi",
            "Profil peluang investasi yang terbit",
            "profil",
            True,
            10,
            0.12,
            True,
            "licensing",
        ),
    ),
    "economy": (
        (
            "Pendampingan UMKM digital",
            "UMKM yang berjualan daring",
            "UMKM",
            True,
            700,
            0.18,
            True,
            "trade",
        ),
        (
            "Retribusi pasar nontunai",
            "Porsi retribusi pasar yang dibayar nontunai",
            "persen",
            True,
            25,
            0.15,
            False,
            "trade",
        ),
        (
            "Pajak daerah daring",
            "Wajib pajak yang membayar secara daring",
            "wajib pajak",
            True,
            5000,
            0.12,
            True,
            "revenue",
        ),
        (
            "Inkubator usaha rintisan",
            "Usaha rintisan yang dibina",
            "usaha",
            True,
            12,
            0.10,
            True,
            "trade",
        ),
        (
            "Izin usaha mikro sehari jadi",
            "Rata-rata hari terbit izin usaha mikro",
            "hari",
            False,
            5,
            -0.10,
            False,
            "licensing",
        ),
    ),
    "living": (
        (
            "Pendaftaran puskesmas daring",
            "Puskesmas dengan pendaftaran daring",
            "puskesmas",
            True,
            9,
            0.15,
            True,
            "health",
        ),
        (
            "Informasi angkutan kota",
            "Halte dengan papan informasi digital",
            "halte",
            True,
            30,
            0.12,
            True,
            "transport",
        ),
        (
            "Lampu lalu lintas adaptif",
            "Simpang dengan lampu lalu lintas adaptif",
            "simpang",
            True,
            14,
            0.10,
            True,
            "transport",
        ),
        (
            "Panggilan darurat terpadu",
            "Rata-rata menit tanggapan panggilan darurat",
            "menit",
            False,
            18,
            -0.07,
            False,
            "disaster",
        ),
        (
            "Rekam medis elektronik",
            "Fasilitas kesehatan dengan rekam medis elektronik",
            "fasilitas",
            True,
            20,
            0.15,
            True,
            "health",
        ),
    ),
    "society": (
        (
            "Literasi digital warga",
            "Warga yang dilatih literasi digital",
            "orang",
            True,
            2500,
            0.15,
            True,
            "ict",
        ),
        (
            "Internet di balai warga",
            "Balai warga dengan akses internet",
            "balai",
            True,
            80,
            0.15,
            True,
            "ict",
        ),
        (
            "Sekolah berbasis TIK",
            "Sekolah yang memakai platform belajar daring",
            "sekolah",
            True,
            60,
            0.12,
            True,
            "education",
        ),
        (
            "Data bantuan sosial mutakhir",
            "Data penerima bantuan yang dimutakhirkan",
            "persen",
            True,
            55,
            0.08,
            False,
            "social",
        ),
        (
            "Perpustakaan digital keliling",
            "Peminjaman buku elektronik",
            "peminjaman",
            True,
            4000,
            0.18,
            True,
            "library",
        ),
    ),
    "environment": (
        (
            "Bank sampah terdata",
            "Bank sampah yang melapor secara daring",
            "unit",
            True,
            50,
            0.15,
            True,
            "environment",
        ),
        (
            "Pemantauan mutu air sungai",
            "Titik pantau mutu air yang aktif",
            "titik",
            True,
            7,
            0.15,
            True,
            "environment",
        ),
        (
            "Penerangan jalan hemat energi",
            "Lampu jalan LED yang terpantau",
            "titik",
            True,
            1500,
            0.12,
            True,
            "public_works",
        ),
        (
            "Peringatan dini bencana",
            "Sensor peringatan dini yang aktif",
            "sensor",
            True,
            10,
            0.12,
            True,
            "disaster",
        ),
        (
            "Ruang terbuka hijau terpetakan",
            "Taman yang terpetakan secara digital",
            "taman",
            True,
            25,
            0.10,
            True,
            "environment",
        ),
    ),
}
_DIM_CODE = {
    "governance": "TKL",
    "branding": "CTR",
    "economy": "EKO",
    "living": "HDP",
    "society": "MSY",
    "environment": "LGK",
}

# agency role -> name stem; a story's agency is "<stem> <short region name>".
_AGENCY_STEMS = {
    "licensing": "Dinas PMPTSP",
    "ict": "Dinas Kominfo",
    "planning": "Bappeda",
    "tourism": "Dinas Pariwisata",
    "trade": "Dinas Koperasi dan Perdagangan",
    "revenue": "Badan Pendapatan Daerah",
    "health": "Dinas Kesehatan",
    "transport": "Dinas Perhubungan",
    "disaster": "BPBD",
    "education": "Dinas Pendidikan",
    "social": "Dinas Sosial",
    "library": "Dinas Perpustakaan",
    "environment": "Dinas Lingkungan Hidup",
    "public_works": "Dinas PUPR",
}

# item_id, factor, sub_factor, reverse, text (1-5 agreement scale)
_ITEMS: tuple[tuple[str, str, str, bool, str], ...] = (
    (
        "k1",
        "communication",
        "transmission",
        False,
        "Isi peraturan tentang layanan digital disampaikan kepada unit saya dengan memadai.",
    ),
    (
        "k2",
        "communication",
        "clarity",
        False,
        "Saya tahu apa yang harus dicapai unit saya menurut peraturan tersebut.",
    ),
    (
        "k3",
        "communication",
        "consistency",
        True,
        "Arahan tentang program layanan digital sering berubah-ubah.",
    ),
    (
        "s1",
        "resources",
        "staff",
        False,
        "Jumlah dan keahlian pegawai di unit saya cukup untuk program layanan digital.",
    ),
    (
        "s2",
        "resources",
        "budget",
        True,
        "Anggaran program layanan digital di unit saya tidak mencukupi.",
    ),
    (
        "s3",
        "resources",
        "facilities",
        False,
        "Perangkat dan jaringan di unit saya mendukung layanan digital.",
    ),
    (
        "d1",
        "disposition",
        "commitment",
        False,
        "Pimpinan unit saya sungguh-sungguh mendorong layanan digital.",
    ),
    (
        "d2",
        "disposition",
        "attitude",
        True,
        "Layanan digital dipandang sebagai beban tambahan oleh rekan kerja saya.",
    ),
    (
        "d3",
        "disposition",
        "incentives",
        False,
        "Pegawai yang memperbaiki layanan digital mendapat pengakuan.",
    ),
    (
        "t1",
        "structure",
        "sop",
        False,
        "Prosedur kerja (SOP) layanan digital di unit saya jelas dan tertulis.",
    ),
    (
        "t2",
        "structure",
        "fragmentation",
        True,
        "Koordinasi antar-perangkat daerah untuk layanan digital berbelit-belit.",
    ),
    (
        "t3",
        "structure",
        "regulation",
        False,
        "Aturan pelaksana yang dibutuhkan untuk bekerja sudah tersedia.",
    ),
    (
        "e1",
        "environment",
        "external_shock",
        True,
        "Keadaan darurat di daerah kami menghentikan sebagian kegiatan layanan digital.",
    ),
    (
        "e2",
        "environment",
        "budget_shift",
        True,
        "Pergeseran anggaran karena keadaan di luar kendali daerah menunda kegiatan unit saya.",
    ),
    (
        "e3",
        "environment",
        "political_support",
        False,
        "DPRD dan masyarakat mendukung program layanan digital.",
    ),
    (
        "o1",
        "outcome",
        "progress",
        False,
        "Program layanan digital di unit saya berjalan sesuai rencana.",
    ),
    ("o2", "outcome", "use", False, "Warga memakai layanan digital yang kami sediakan."),
    ("o3", "outcome", "target", False, "Target layanan digital unit saya tercapai."),
)

_ROLES = ("pimpinan", "kepala_bidang", "kepala_seksi", "pelaksana", "fungsional")
_ROLE_CUM = (0.05, 0.17, 0.38, 0.80, 1.0)  # cumulative shares of the roles

_STAKEHOLDERS = (
    "Kepala perangkat daerah",
    "Kepala bidang",
    "Operator aplikasi",
    "Anggota DPRD",
    "Perwakilan warga",
    "Mitra perguruan tinggi",
)

# (factor, valence) -> (sub_factor, quote); anonymised illustrative excerpts.
_QUOTES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("communication", "barrier"): (
        (
            "transmission",
            "Isi peraturan itu hanya dibacakan sekali di aula, staf tidak pernah menerima "
            "salinannya.",
        ),
        ("clarity", "Kami tidak tahu indikator mana yang menjadi tanggung jawab bidang kami."),
        (
            "consistency",
            "Setiap rapat prioritasnya berganti, jadi pekerjaan bulan lalu dianggap tidak perlu.",
        ),
        (
            "transmission",
            "Warga baru tahu layanan daringnya ada setelah kami sendiri menyebarkannya.",
        ),
        ("clarity", "Target di dokumen dan target yang ditanyakan pimpinan berbeda."),
    ),
    ("communication", "enabler"): (
        ("transmission", "Setiap awal tahun ada pertemuan yang menjelaskan tugas tiap bidang."),
        ("clarity", "Petunjuk pelaksanaan ditulis singkat dan mudah dipahami."),
        ("consistency", "Arahan pimpinan tidak berubah sejak program dimulai."),
        ("transmission", "Informasi program dibagikan rutin lewat grup kerja perangkat daerah."),
    ),
    ("communication", "neutral"): (
        ("transmission", "Informasi sampai ke kami, kadang agak terlambat."),
        ("clarity", "Sebagian istilah masih perlu dijelaskan, sebagian sudah jelas."),
    ),
    ("resources", "barrier"): (
        ("budget", "Dana pemeliharaan aplikasi tidak pernah dianggarkan."),
        ("staff", "Satu operator memegang tiga aplikasi sekaligus."),
        ("facilities", "Jaringan di kantor kecamatan sering putus."),
        ("budget", "Kegiatan kami selalu yang pertama dipangkas saat anggaran digeser."),
    ),
    ("resources", "enabler"): (
        ("staff", "Tahun ini kami mendapat tambahan tenaga ahli TIK."),
        ("facilities", "Perangkat baru membuat layanan jauh lebih stabil."),
        ("budget", "Anggaran kegiatan kami cukup dan terserap dengan baik."),
        ("staff", "Operator kami sudah dilatih dan bersertifikat."),
    ),
    ("resources", "neutral"): (
        ("budget", "Anggaran ada, besarnya berubah setiap perubahan APBD."),
        ("facilities", "Sebagian perangkat baru, sebagian sudah perlu diganti."),
    ),
    ("disposition", "barrier"): (
        ("attitude", "Banyak rekan menganggap layanan digital urusan dinas kominfo saja."),
        ("commitment", "Dukungan pimpinan baru terasa menjelang penilaian dari pusat."),
        ("incentives", "Berinovasi atau tidak, penghargaannya sama saja."),
    ),
    ("disposition", "enabler"): (
        ("commitment", "Kepala dinas memeriksa dasbor layanan setiap minggu."),
        ("attitude", "Pegawai muda justru meminta formulir kertas dihapus."),
        ("incentives", "Ada penghargaan tahunan untuk unit dengan layanan digital terbaik."),
        ("attitude", "Rekan-rekan sudah terbiasa bekerja dengan data."),
    ),
    ("disposition", "neutral"): (
        ("attitude", "Sikap pegawai beragam, ada yang mendukung dan ada yang menunggu."),
        ("commitment", "Komitmen ada di atas, belum tentu sampai ke pelaksana."),
    ),
    ("structure", "barrier"): (
        (
            "regulation",
            "Aturan pelaksananya belum terbit, jadi kami tidak punya dasar untuk bergerak.",
        ),
        ("fragmentation", "Setiap dinas membuat aplikasinya sendiri dan datanya tidak tersambung."),
        ("sop", "Permintaan data antardinas harus lewat surat resmi dan memakan minggu."),
        ("regulation", "Tim koordinasi yang diamanatkan belum dibentuk."),
        ("fragmentation", "Tidak jelas siapa koordinator programnya."),
    ),
    ("structure", "enabler"): (
        ("sop", "SOP layanan sudah dibakukan dan dipatuhi semua bidang."),
        ("fragmentation", "Forum data antardinas berjalan rutin."),
        ("regulation", "Aturan pelaksana terbit tepat waktu dan jelas pembagian tugasnya."),
    ),
    ("structure", "neutral"): (
        ("regulation", "Sebagian aturan turunan sudah ada, sebagian masih rancangan."),
        ("sop", "SOP ada, tetapi belum semua pegawai membacanya."),
    ),
    ("environment", "barrier"): (
        (
            "external_shock",
            "Selama masa darurat semua pegawai dikerahkan ke posko, layanan digital berhenti.",
        ),
        ("budget_shift", "Anggaran kegiatan dialihkan untuk tanggap darurat dan pemulihan."),
        (
            "external_shock",
            "Kantor layanan di wilayah terdampak tidak bisa dipakai berbulan-bulan.",
        ),
        ("budget_shift", "Pengadaan perangkat dibatalkan karena dana dipakai untuk pemulihan."),
    ),
    ("environment", "enabler"): (
        ("political_support", "DPRD mendorong percepatan dan menanyakannya di rapat kerja."),
        ("political_support", "Masyarakat aktif meminta layanan daring diperluas."),
    ),
    ("environment", "neutral"): (
        (
            "external_shock",
            "Keadaan di luar kendali daerah ada, tetapi tidak menjelaskan semuanya.",
        ),
        ("political_support", "Dukungan politik ada, belum terlihat di anggaran."),
        ("budget_shift", "Pergeseran anggaran berlaku untuk semua daerah, bukan hanya kami."),
    ),
}

# mandate_id, article, instrument, instrument_type, factor, due (days after enactment)
_MANDATES: tuple[tuple[Any, ...], ...] = (
    (
        "A01",
        "Pasal 5",
        "Peraturan kepala daerah tentang tata kelola layanan digital",
        "perwal",
        "structure",
        365,
    ),
    ("A02", "Pasal 7", "Pembentukan tim koordinasi transformasi digital", "body", "structure", 120),
    ("A03", "Pasal 9", "Rencana induk transformasi digital daerah", "masterplan", "structure", 365),
    (
        "A04",
        "Pasal 11",
        "SOP interoperabilitas data antar-perangkat daerah",
        "sop",
        "structure",
        270,
    ),
    ("A05", "Pasal 12", "SOP pengelolaan aduan daring", "sop", "structure", 180),
    (
        "A06",
        "Pasal 14",
        "Strategi komunikasi dan sosialisasi layanan digital",
        "other",
        "communication",
        180,
    ),
    (
        "A07",
        "Pasal 15",
        "Keputusan kepala daerah tentang forum komunikasi layanan digital",
        "kepwal",
        "communication",
        270,
    ),
    (
        "A08",
        "Pasal 16",
        "Rencana aksi sosialisasi layanan digital kepada warga",
        "other",
        "communication",
        365,
    ),
    (
        "A09",
        "Pasal 18",
        "Peraturan kepala daerah tentang pendanaan layanan digital",
        "perwal",
        "resources",
        365,
    ),
    (
        "A10",
        "Pasal 20",
        "Keputusan kepala daerah tentang penghargaan ASN inovatif",
        "kepwal",
        "disposition",
        365,
    ),
)

# Monthly service indicators: id, name, dimension, unit, higher_is_better, value_type,
# baseline level, baseline slope per month, noise; counts are Poisson with the population as
# exposure (level = log rate), proportions binomial on ~600 cases a month, continuous AR(1).
_SERVICES: tuple[dict[str, Any], ...] = (
    {
        "indicator_id": "permohonan_izin_daring",
        "name": "Permohonan izin yang diajukan daring",
        "dimension": "governance",
        "unit": "permohonan",
        "higher_is_better": True,
        "value_type": "count",
        "level": math.log(0.004),
        "slope": 0.006,
        "noise": 0.03,
        "seasonal": (0.04, -0.03),
    },
    {
        "indicator_id": "aduan_tuntas_tepat_waktu",
        "name": "Aduan warga yang tuntas tepat waktu",
        "dimension": "society",
        "unit": "proporsi",
        "higher_is_better": True,
        "value_type": "proportion",
        "level": 0.66,
        "slope": 0.002,
        "noise": 0.0,
        "seasonal": (0.010, 0.006),
    },
    {
        "indicator_id": "menit_tanggap_darurat",
        "name": "Rata-rata menit tanggapan panggilan darurat",
        "dimension": "living",
        "unit": "menit",
        "higher_is_better": False,
        "value_type": "continuous",
        "level": 19.0,
        "slope": -0.04,
        "noise": 0.45,
        "seasonal": (0.40, -0.30),
    },
)

# --------------------------------------------------------------------------------------------
# Story specifications
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StorySpec:
    """Everything a story plants. Read-only; :data:`STORIES` holds one per story."""

    name: str
    description: str
    region: str
    short: str
    peers: tuple[str, ...]
    regulation: str
    regulation_title: str
    enactment_date: str
    years: tuple[int, int]
    window: tuple[int, int]
    population: float
    #: dimension -> (status, first-year achievement, slope before, in and after the window)
    progress: Mapping[str, tuple[str, float, float, float, float]]
    programmes_per_dimension: int = 5
    #: sd of the programme-year noise of achievement (share of target)
    year_noise: float = 0.015
    tables: tuple[str, ...] = ()
    #: budget: cut (1 - revised/planned) per dimension status in the window years, else
    #: ``other_cut``; absorption (realised/revised) in and outside the window
    window_cut: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    other_cut: float = 0.05
    absorption: tuple[float, float] = (0.91, 0.91)
    #: mandate_id -> days late (<= 0 on time; None = not issued)
    mandates: Mapping[str, int | None] = field(default_factory=dict)
    #: events: (date, label, kind, is_break, role) where role is "shock", "policy" or ""
    events: tuple[tuple[str, str, str, bool, str], ...] = ()
    #: effect of the shock on the service indicators, per unit of their scale (see _services)
    service_shock: Mapping[str, float] = field(default_factory=dict)
    #: peer panel: measure id -> (scale_max, trend per year); ids unknown to the label dictionaries
    peer_measures: Mapping[str, tuple[float, float]] = field(default_factory=dict)
    peer_pre_years: int = 2
    #: year offset from window start -> effect on the focal region only (local stall)
    focal_effect: Mapping[int, float] = field(default_factory=dict)
    #: year offset from window start -> effect on every region (common shock)
    common_effect: Mapping[int, float] = field(default_factory=dict)
    survey_n: int = 260
    survey_means: Mapping[str, float] = field(default_factory=dict)
    survey_effects: Mapping[str, float] = field(default_factory=dict)
    #: factor -> (barrier, enabler, neutral) excerpt counts of the primary coder
    interviews: Mapping[str, tuple[int, int, int]] = field(default_factory=dict)
    n_interviews: int = 12
    double_coded: int = 12
    causes: tuple[str, ...] = ()
    not_causes: tuple[str, ...] = ()
    expected_answer: tuple[str, ...] = ()
    mirrors: str | None = None


_ALL_TABLES = (
    "sources",
    "context",
    "programs",
    "program_targets",
    "budget",
    "mandates",
    "indicators",
    "service_monthly",
    "events",
    "peer_panel",
    "survey_items",
    "survey_responses",
    "interview_codes",
)

_CS_PROGRESS = {
    "governance": ("stalled", 0.64, 0.08, -0.01, 0.05),
    "branding": ("stalled", 0.66, 0.075, -0.015, 0.05),
    "society": ("slowed", 0.65, 0.085, 0.03, 0.05),
    "environment": ("slowed", 0.67, 0.08, 0.025, 0.05),
    "economy": ("on_track", 0.70, 0.045, 0.05, 0.045),
    "living": ("on_track", 0.69, 0.05, 0.05, 0.05),
}
_CS_COMMON = {
    "region": "Kota Malang",
    "short": "Malang",
    "peers": ("Kota Batu", "Kota Kediri", "Kota Madiun", "Kota Blitar", "Kota Pasuruan"),
    "regulation": "Perda No. 5/2016",
    "regulation_title": (
        "Peraturan Daerah Kota Malang Nomor 5 Tahun 2016 tentang Penyelenggaraan "
        "Layanan Publik Berbasis Elektronik (ilustrasi)"
    ),
    "enactment_date": "2016-08-10",
    "window": (2018, 2019),
    "population": 860000.0,
    "progress": MappingProxyType(_CS_PROGRESS),
    "tables": _ALL_TABLES,
    "window_cut": MappingProxyType(
        {"stalled": (0.06, 0.05), "slowed": (0.06, 0.05), "on_track": (0.06, 0.05)}
    ),
    "other_cut": 0.05,
    "absorption": (0.91, 0.92),
    "mandates": MappingProxyType(
        {
            "A01": None,
            "A02": 400,
            "A03": None,
            "A04": None,
            "A05": 330,
            "A06": None,
            "A07": 420,
            "A08": None,
            "A09": -20,
            "A10": -10,
        }
    ),
    "events": (
        (
            "2016-08-10",
            "Pengundangan Perda Kota Malang No. 5/2016 (ilustrasi)",
            "policy",
            False,
            "",
        ),
        ("2017-09-12", "Rapat koordinasi layanan digital tingkat kota", "other", False, ""),
        (
            "2020-10-06",
            "Sosialisasi ulang peraturan kepada ASN pelaksana",
            "socialisation",
            True,
            "policy",
        ),
    ),
    "service_shock": MappingProxyType({}),
    "peer_measures": MappingProxyType(
        {"indeks_layanan_digital": (5.0, 0.18), "skor_keterbukaan_informasi": (100.0, 3.5)}
    ),
    "peer_pre_years": 2,
    "focal_effect": MappingProxyType({0: -0.20, 1: -0.40, 2: -0.45, 3: -0.45, 4: -0.45}),
    "common_effect": MappingProxyType({}),
    "survey_means": MappingProxyType(
        {
            "communication": 2.45,
            "resources": 3.7,
            "disposition": 3.75,
            "structure": 2.35,
            "environment": 3.6,
            "outcome": 2.8,
        }
    ),
    "survey_effects": MappingProxyType(
        {
            "communication": 0.32,
            "resources": 0.05,
            "disposition": 0.05,
            "structure": 0.42,
            "environment": 0.04,
        }
    ),
    "causes": ("communication", "structure"),
    "not_causes": ("resources", "disposition", "environment"),
    "expected_answer": ("yes", "partly"),
}

_SPECS: tuple[StorySpec, ...] = (
    StorySpec(
        name="null",
        description=(
            "Tidak ada stagnasi: target tercapai mengikuti tren, anggaran normal, layanan "
            "tanpa patahan, daerah pembanding bergerak sama, survei dan wawancara tanpa "
            "hambatan dominan."
        ),
        region="Kota Pontianak",
        short="Pontianak",
        peers=(
            "Kota Singkawang",
            "Kota Palangka Raya",
            "Kota Banjarmasin",
            "Kota Samarinda",
            "Kota Balikpapan",
        ),
        regulation="Perda No. 4/2012",
        regulation_title=(
            "Peraturan Daerah Kota Pontianak Nomor 4 Tahun 2012 tentang "
            "Pemerintahan Berbasis Elektronik (ilustrasi)"
        ),
        enactment_date="2012-05-14",
        years=(2013, 2019),
        window=(2016, 2017),
        population=620000.0,
        year_noise=0.035,
        progress=MappingProxyType(
            {
                "governance": ("on_track", 0.78, 0.025, 0.025, 0.025),
                "branding": ("on_track", 0.80, 0.020, 0.020, 0.020),
                "economy": ("on_track", 0.76, 0.025, 0.025, 0.025),
                "living": ("on_track", 0.79, 0.020, 0.020, 0.020),
                "society": ("on_track", 0.77, 0.025, 0.025, 0.025),
                "environment": ("on_track", 0.80, 0.020, 0.020, 0.020),
            }
        ),
        tables=_ALL_TABLES,
        window_cut=MappingProxyType({"on_track": (0.05, 0.05)}),
        other_cut=0.05,
        absorption=(0.92, 0.92),
        mandates=MappingProxyType(
            {
                "A01": -30,
                "A02": -10,
                "A03": -15,
                "A04": -5,
                "A05": -20,
                "A06": -12,
                "A07": -8,
                "A08": -25,
                "A09": -14,
                "A10": -6,
            }
        ),
        events=(
            (
                "2012-05-14",
                "Pengundangan Perda Kota Pontianak No. 4/2012 (ilustrasi)",
                "policy",
                False,
                "",
            ),
            ("2016-03-01", "Peluncuran portal layanan terpadu kota", "policy", True, "policy"),
            ("2017-11-20", "Bimbingan teknis operator layanan digital", "socialisation", False, ""),
        ),
        peer_measures=MappingProxyType(
            {"indeks_tata_kelola_digital": (5.0, 0.16), "skor_pelayanan_publik": (100.0, 3.0)}
        ),
        peer_pre_years=2,
        survey_means=MappingProxyType(
            {
                "communication": 3.6,
                "resources": 3.55,
                "disposition": 3.65,
                "structure": 3.6,
                "environment": 3.6,
                "outcome": 3.6,
            }
        ),
        survey_effects=MappingProxyType({f: 0.12 for f in FACTORS}),
        interviews=MappingProxyType(
            {
                "communication": (2, 4, 2),
                "resources": (3, 3, 2),
                "disposition": (2, 4, 2),
                "structure": (2, 3, 3),
                "environment": (1, 2, 3),
            }
        ),
        causes=(),
        not_causes=FACTORS,
        expected_answer=("no", "undetermined"),
    ),
    StorySpec(
        name="communication_structure",
        description=(
            "Komunikasi dan struktur birokrasi menghambat: dua dimensi terhenti dan dua "
            "melambat pada 2018–2019; sumber daya dan disposisi baik; daerah pembanding "
            "terus membaik, sehingga lingkungan bukan penyebab."
        ),
        years=(2015, 2022),
        survey_n=260,
        interviews=MappingProxyType(
            {
                "communication": (11, 1, 2),
                "structure": (12, 1, 2),
                "resources": (2, 6, 2),
                "disposition": (2, 7, 1),
                "environment": (1, 2, 4),
            }
        ),
        **_CS_COMMON,
    ),
    StorySpec(
        name="environment",
        description=(
            "Guncangan eksternal nyata (erupsi gunung api, baris peristiwa berjenis "
            "shock) melanda daerah dan daerah pembandingnya sekaligus: anggaran "
            "dipotong merata, layanan turun pada saat guncangan, pelaksana menyebut "
            "guncangan itu; faktor lokal baik."
        ),
        region="Kabupaten Sleman",
        short="Sleman",
        peers=(
            "Kabupaten Bantul",
            "Kabupaten Kulon Progo",
            "Kabupaten Gunungkidul",
            "Kabupaten Klaten",
            "Kabupaten Magelang",
        ),
        regulation="Perda No. 3/2007",
        regulation_title=(
            "Peraturan Daerah Kabupaten Sleman Nomor 3 Tahun 2007 tentang "
            "Pelayanan Publik Berbasis Teknologi Informasi (ilustrasi)"
        ),
        enactment_date="2007-04-16",
        years=(2006, 2013),
        window=(2010, 2011),
        population=1090000.0,
        progress=MappingProxyType(
            {
                "governance": ("stalled", 0.66, 0.06, -0.02, 0.06),
                "branding": ("stalled", 0.68, 0.055, -0.02, 0.05),
                "economy": ("stalled", 0.65, 0.06, -0.025, 0.06),
                "living": ("stalled", 0.67, 0.06, -0.015, 0.05),
                "society": ("slowed", 0.66, 0.065, 0.02, 0.05),
                "environment": ("slowed", 0.68, 0.06, 0.015, 0.05),
            }
        ),
        tables=_ALL_TABLES,
        window_cut=MappingProxyType({"stalled": (0.32, 0.20), "slowed": (0.32, 0.20)}),
        other_cut=0.05,
        absorption=(0.80, 0.92),
        mandates=MappingProxyType(
            {
                "A01": -20,
                "A02": -5,
                "A03": -30,
                "A04": 10,
                "A05": -15,
                "A06": -12,
                "A07": -8,
                "A08": -18,
                "A09": -4,
                "A10": -9,
            }
        ),
        events=(
            (
                "2007-04-16",
                "Pengundangan Perda Kabupaten Sleman No. 3/2007 (ilustrasi)",
                "policy",
                False,
                "",
            ),
            ("2010-10-26", "Erupsi Gunung Merapi", "shock", True, "shock"),
            (
                "2010-11-22",
                "Pergeseran APBD untuk tanggap darurat dan pemulihan pascaerupsi",
                "budget",
                False,
                "",
            ),
            ("2012-03-05", "Rapat koordinasi pemulihan layanan publik", "other", False, ""),
        ),
        service_shock=MappingProxyType({"count": -0.22, "proportion": -0.09, "continuous": 3.5}),
        peer_measures=MappingProxyType(
            {"indeks_layanan_elektronik": (5.0, 0.16), "skor_kinerja_pelayanan": (100.0, 3.2)}
        ),
        peer_pre_years=2,
        focal_effect=MappingProxyType({}),
        common_effect=MappingProxyType({0: -0.30, 1: -0.50, 2: -0.55, 3: -0.55}),
        survey_n=260,
        survey_means=MappingProxyType(
            {
                "communication": 3.7,
                "resources": 3.5,
                "disposition": 3.75,
                "structure": 3.65,
                "environment": 2.3,
                "outcome": 2.8,
            }
        ),
        survey_effects=MappingProxyType(
            {
                "communication": 0.05,
                "resources": 0.08,
                "disposition": 0.05,
                "structure": 0.05,
                "environment": 0.45,
            }
        ),
        interviews=MappingProxyType(
            {
                "environment": (12, 1, 2),
                "communication": (2, 6, 2),
                "structure": (2, 6, 2),
                "disposition": (2, 6, 1),
                "resources": (4, 4, 2),
            }
        ),
        causes=("environment",),
        not_causes=("communication", "disposition", "structure"),
        expected_answer=("yes", "partly"),
    ),
    StorySpec(
        name="thin",
        description=(
            "Efek yang sama dengan cerita communication_structure pada data tipis: 35 "
            "responden, 12 kutipan wawancara, 3 program per dimensi, 2 tahun sebelum "
            "periode stagnasi."
        ),
        years=(2016, 2022),
        programmes_per_dimension=3,
        survey_n=35,
        interviews=MappingProxyType(
            {
                "communication": (3, 1, 0),
                "structure": (4, 0, 1),
                "resources": (0, 1, 0),
                "disposition": (0, 1, 0),
                "environment": (0, 0, 1),
            }
        ),
        n_interviews=4,
        double_coded=0,
        mirrors="communication_structure",
        **{**_CS_COMMON, "peer_pre_years": 0},
    ),
    StorySpec(
        name="no_optional",
        description=(
            "Hanya tabel wajib (sources, programs, program_targets) dan context: "
            "stagnasi ditanam pada capaian target, tidak ada data lain tentang "
            "penyebab."
        ),
        region="Kota Kupang",
        short="Kupang",
        peers=(),
        regulation="Perda No. 9/2015",
        regulation_title=(
            "Peraturan Daerah Kota Kupang Nomor 9 Tahun 2015 tentang Kota "
            "Berbasis Layanan Digital (ilustrasi)"
        ),
        enactment_date="2015-09-21",
        years=(2014, 2021),
        window=(2017, 2018),
        population=440000.0,
        progress=MappingProxyType(
            {
                "governance": ("stalled", 0.64, 0.08, -0.01, 0.05),
                "branding": ("on_track", 0.70, 0.045, 0.05, 0.045),
                "economy": ("stalled", 0.66, 0.075, -0.015, 0.05),
                "living": ("slowed", 0.65, 0.085, 0.03, 0.05),
                "society": ("on_track", 0.69, 0.05, 0.05, 0.05),
                "environment": ("stalled", 0.67, 0.08, -0.01, 0.05),
            }
        ),
        tables=REQUIRED_ONLY_TABLES,
        causes=(),
        not_causes=(),
        expected_answer=("yes", "partly"),
    ),
)

#: The stories by name (read-only).
STORIES: Mapping[str, StorySpec] = MappingProxyType({s.name: s for s in _SPECS})


class GeneratedStory(NamedTuple):
    """What :func:`generate` returns: ``tables, planted = generate(...)`` unpacks it."""

    tables: dict[str, pd.DataFrame]
    planted: dict[str, Any]


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


def _check(story: Any, seed: Any) -> StorySpec:
    if not isinstance(story, str) or story not in STORIES:
        raise ParameterError(
            f"story must be one of {', '.join(repr(s) for s in STORIES)}; got {story!r}"
        )
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(f"seed must be a non-negative whole number, e.g. seed=1; got {seed!r}")
    return STORIES[story]


def generate(story: str, *, seed: int) -> GeneratedStory:
    """Draw one story: its tables and the truth planted in them.

    Parameters
    ----------
    story : str
        A name of :data:`STORIES` (``null``, ``communication_structure``, ``environment``,
        ``thin``, ``no_optional``).
    seed : int
        Seed of ``numpy.random.default_rng``; the same story and seed give identical tables.

    Returns
    -------
    GeneratedStory
        ``(tables, planted)``: ``tables`` maps table name → DataFrame (the tables of the
        story, with ``source_id`` on every row and the dtypes of the data model), ``planted``
        is a JSON-ready dict of the planted truth (context, expected answer, causes and
        non-causes, the achievement path by dimension and its expected mean by period, budget
        cuts, mandates, survey and interview plants, the shock, the peer effects).

    Raises
    ------
    ParameterError
        Unknown story (the message lists the valid names) or a seed that is not a
        non-negative whole number.
    """
    spec = _check(story, seed)
    seed = int(seed)
    streams = dict(
        zip(
            ("targets", "budget", "services", "peers", "survey", "interviews"),
            np.random.default_rng(seed).spawn(6),
            strict=True,
        )
    )
    progs = _programs(spec)
    tables: dict[str, pd.DataFrame] = {
        "sources": _sources(spec, seed),
        "context": _context(spec),
        "programs": progs,
    }
    tables["program_targets"], progress = _program_targets(streams["targets"], spec, progs)
    planted: dict[str, Any] = {
        "generator": "evaltools.data.stories",
        "story": spec.name,
        "seed": seed,
        "synthetic": True,
        "source_id": SOURCE_ID,
        "description": spec.description,
        "mirrors": spec.mirrors,
        "context": {
            "region": spec.region,
            "regulation": spec.regulation,
            "regulation_title": spec.regulation_title,
            "enactment_date": spec.enactment_date,
            "evaluation_start": spec.years[0],
            "evaluation_end": spec.years[1],
            "stagnation_start": spec.window[0],
            "stagnation_end": spec.window[1],
            "pre_years": spec.window[0] - spec.years[0],
            "peers": list(spec.peers),
        },
        "expected": {
            "stagnant_answer": list(spec.expected_answer),
            "causes": list(spec.causes),
            "not_causes": list(spec.not_causes),
        },
        "progress": progress,
    }
    if "budget" in spec.tables:
        tables["budget"], planted["budget"] = _budget(streams["budget"], spec, progs)
    if "mandates" in spec.tables:
        tables["mandates"], planted["mandates"] = _mandates(spec)
    if "events" in spec.tables:
        tables["events"] = _events(spec)
        shock = [e for e in spec.events if e[4] == "shock"]
        planted["shock"] = (
            {"date": shock[0][0], "label": shock[0][1], "kind": shock[0][2]} if shock else None
        )
    if "service_monthly" in spec.tables:
        tables["indicators"] = _indicators()
        tables["service_monthly"], planted["services"] = _services(streams["services"], spec)
    if "peer_panel" in spec.tables:
        tables["peer_panel"], planted["peers"] = _peer_panel(streams["peers"], spec)
    if "survey_responses" in spec.tables:
        tables["survey_items"] = _survey_items()
        tables["survey_responses"], planted["survey"] = _survey(streams["survey"], spec)
    if "interview_codes" in spec.tables:
        tables["interview_codes"], planted["interviews"] = _interviews(streams["interviews"], spec)
    for name, df in tables.items():
        if name != "sources":
            df["source_id"] = SOURCE_ID
    planted["tables"] = sorted(tables)
    return GeneratedStory(tables=tables, planted=json_ready(planted))


def write(story: str, out_dir: str | os.PathLike[str], *, seed: int) -> Path:
    """Write one story as a folder of CSV files (loadable by ``evaltools.load_data``) plus
    ``planted.json``.

    Parameters
    ----------
    story : str
        A name of :data:`STORIES`.
    out_dir : str or path-like
        Folder to write into (created if needed); files of the same names are replaced.
    seed : int
        Random seed; the same story and seed always give byte-identical files.

    Returns
    -------
    pathlib.Path
        The folder.
    """
    tables, planted = generate(story, seed=seed)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"out_dir {str(out)!r} exists and is not a folder; choose a folder")
    out.mkdir(parents=True, exist_ok=True)
    for name, df in tables.items():
        atomic_write(out / f"{name}.csv", frame_to_csv(df))
    text = json.dumps(planted, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(out / "planted.json", text.encode("utf-8"))
    return out


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _years(spec: StorySpec) -> list[int]:
    return list(range(spec.years[0], spec.years[1] + 1))


def _sources(spec: StorySpec, seed: int) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source_id": SOURCE_ID,
                "title": f"Data uji sintetis evaltools — cerita '{spec.name}' (bukan data resmi)",
                "publisher": "evaltools (generator cerita uji)",
                "url": "",
                "date": pd.NaT,
                "quality": "synthetic",
                "notes": (
                    f"Dibangkitkan oleh evaltools.data.stories (cerita '{spec.name}', seed "
                    f"{seed}). "
                    "Daerah, regulasi, tanggal, angka, dan kutipan bersifat ilustratif; kebenaran "
                    "yang ditanam ada di planted.json."
                ),
            }
        ]
    ).astype({"date": "datetime64[ns]"})


def _context(spec: StorySpec) -> pd.DataFrame:
    rows = [
        ("region", spec.region),
        ("regulation", spec.regulation),
        ("regulation_title", spec.regulation_title),
        ("enactment_date", spec.enactment_date),
        ("evaluation_start", str(spec.years[0])),
        ("evaluation_end", str(spec.years[1])),
        ("stagnation_start", str(spec.window[0])),
        ("stagnation_end", str(spec.window[1])),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def _agency(spec: StorySpec, role: str) -> str:
    return f"{_AGENCY_STEMS[role]} {spec.short}"


def _programs(spec: StorySpec) -> pd.DataFrame:
    rows = []
    for dim in DIMENSIONS:
        for i, p in enumerate(_PROGRAMMES[dim][: spec.programmes_per_dimension]):
            rows.append(
                {
                    "program_id": f"{_DIM_CODE[dim]}{i + 1:02d}",
                    "name": p[0],
                    "dimension": dim,
                    "lead_agency": _agency(spec, p[7]),
                    "is_quick_win": i == 0,
                    "start_year": spec.years[0],
                }
            )
    return pd.DataFrame(rows)


def _path(spec: StorySpec, dim: str) -> dict[int, float]:
    """Planted mean achievement (share of target) by year: piecewise linear with hinges at
    the year before the window and at the window's last year."""
    _status, a0, pre, win, post = spec.progress[dim]
    s, e = spec.window
    out = {}
    for y in _years(spec):
        a = a0 + pre * (min(y, s - 1) - spec.years[0])
        a += win * (min(max(y, s - 1), e) - (s - 1))
        a += post * max(0, y - e)
        out[y] = a
    return out


def _period(spec: StorySpec, year: int) -> str:
    s, e = spec.window
    return "pre" if year < s else "window" if year <= e else "post"


_PROGRAMME_SD = 0.03
_NOT_REPORTED = 0.05


def _program_targets(
    rng: np.random.Generator, spec: StorySpec, progs: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    offsets = rng.normal(0.0, _PROGRAMME_SD, len(progs))
    dims = progs["dimension"].to_numpy()
    for d in DIMENSIONS:  # centred per dimension: the dimension mean follows the planted path
        m = dims == d
        offsets[m] = offsets[m] - offsets[m].mean()
    rows = []
    for (pid, dim), off in zip(
        progs[["program_id", "dimension"]].itertuples(index=False, name=None), offsets, strict=True
    ):
        i = int(pid[-2:]) - 1
        _n, indicator, unit, hib, base, growth, integer, _role = _PROGRAMMES[dim][i]
        path = _path(spec, dim)
        for k, year in enumerate(_years(spec)):
            noise = rng.normal(0.0, spec.year_noise)
            not_reported = rng.random() < _NOT_REPORTED
            target, real = target_realisation(
                base * (1.0 + growth) ** k,
                max(path[year] + off + noise, 0.2),
                unit=unit,
                higher_is_better=hib,
                integer=integer,
            )
            if not_reported and k > 0:
                real = np.nan
            rows.append(
                {
                    "program_id": pid,
                    "indicator": indicator,
                    "year": year,
                    "unit": unit,
                    "target": target,
                    "realisation": real,
                    "higher_is_better": hib,
                }
            )
    df = pd.DataFrame(rows)
    dims_out = {}
    for dim in DIMENSIONS:
        status, _a0, pre, win, post = spec.progress[dim]
        path = _path(spec, dim)
        by_period: dict[str, list[float]] = {}
        for y, v in path.items():
            by_period.setdefault(_period(spec, y), []).append(v)
        dims_out[dim] = {
            "status": status,
            "slope_pre_pp_per_year": 100 * pre,
            "slope_window_pp_per_year": 100 * win,
            "slope_post_pp_per_year": 100 * post,
            "slope_change_pp_per_year": 100 * (win - pre),
            "achievement_pct_by_year": {str(y): 100 * v for y, v in path.items()},
            "mean_achievement_pct_by_period": {
                k: 100 * float(np.mean(v)) for k, v in by_period.items()
            },
        }
    progress = {
        "measure": (
            "achievement = realisation / target (higher is better) or target / "
            "realisation, per programme-year, in percent; a dimension's value is the mean "
            "over its programmes (planted: before rounding of the targets)"
        ),
        "periods": {
            "pre": [spec.years[0], spec.window[0] - 1],
            "window": list(spec.window),
            "post": [spec.window[1] + 1, spec.years[1]],
        },
        "stalled": [d for d in DIMENSIONS if spec.progress[d][0] == "stalled"],
        "slowed": [d for d in DIMENSIONS if spec.progress[d][0] == "slowed"],
        "on_track": [d for d in DIMENSIONS if spec.progress[d][0] == "on_track"],
        "programmes_per_dimension": spec.programmes_per_dimension,
        "dimensions": dims_out,
        "noise_sd_pp": {"programme": 100 * _PROGRAMME_SD, "programme_year": 100 * spec.year_noise},
        "not_reported_share": _NOT_REPORTED,
    }
    return df, progress


def _cut(spec: StorySpec, status: str, year: int) -> float:
    s, e = spec.window
    if s <= year <= e and status in spec.window_cut:
        cuts = spec.window_cut[status]
        return cuts[min(year - s, len(cuts) - 1)]
    return spec.other_cut


def _budget(
    rng: np.random.Generator, spec: StorySpec, progs: pd.DataFrame
) -> tuple[pd.DataFrame, dict]:
    status_of = {d: spec.progress[d][0] for d in DIMENSIONS}
    s, e = spec.window
    rows = []
    for pid, dim, agency in progs[["program_id", "dimension", "lead_agency"]].itertuples(
        index=False, name=None
    ):
        base = math.exp(math.log(1.8e9) + 0.5 * float(rng.normal()))
        for k, year in enumerate(_years(spec)):
            level_noise, cut_noise, abs_noise = (float(v) for v in rng.normal(0.0, 1.0, 3))
            planned = base * 1.05**k * (1.0 + 0.05 * level_noise)
            cut = min(max(_cut(spec, status_of[dim], year) + 0.015 * cut_noise, 0.0), 0.9)
            absorption = spec.absorption[0] if s <= year <= e else spec.absorption[1]
            absorption = min(max(absorption + 0.02 * abs_noise, 0.3), 1.0)
            planned_i = int(round(planned, -6))
            revised_i = int(round(planned_i * (1.0 - cut), -6))
            realised_i = int(round(revised_i * absorption, -3))
            for stage, amount in (
                ("planned", planned_i),
                ("revised", revised_i),
                ("realised", realised_i),
            ):
                rows.append(
                    {
                        "year": year,
                        "agency": agency,
                        "program_id": pid,
                        "stage": stage,
                        "dimension": dim,
                        "amount_idr": amount,
                    }
                )
    df = pd.DataFrame(rows).sort_values(["year", "agency", "program_id"], kind="stable")
    df = df.reset_index(drop=True)
    df["amount_idr"] = df["amount_idr"].astype("int64")
    planted = {
        "cut_definition": "cut = 1 - revised / planned; absorption = realised / revised",
        "planted_cut_by_dimension_year": {
            d: {str(y): _cut(spec, status_of[d], y) for y in _years(spec)} for d in DIMENSIONS
        },
        "planted_absorption": {"window": spec.absorption[0], "other": spec.absorption[1]},
        "uniform_window_cut": len({_cut(spec, status_of[d], s) for d in DIMENSIONS}) == 1,
        "noise_sd": {"planned_relative": 0.05, "cut": 0.015, "absorption": 0.02},
    }
    return df, planted


def _mandates(spec: StorySpec) -> tuple[pd.DataFrame, dict]:
    enact = pd.Timestamp(spec.enactment_date)
    as_of = pd.Timestamp(year=spec.years[1], month=12, day=31)
    rows, status = [], {}
    for mid, article, instrument, itype, factor, due_days in _MANDATES:
        due = enact + pd.Timedelta(days=due_days)
        delay = spec.mandates[mid]
        issued = pd.NaT if delay is None else due + pd.Timedelta(days=delay)
        if delay is not None and issued > as_of:  # pragma: no cover - a bad spec, not bad data
            raise RuntimeError(f"story {spec.name}: mandate {mid} issued after {as_of.date()}")
        status[mid] = "missing" if delay is None else "on_time" if delay <= 0 else "late"
        rows.append(
            {
                "mandate_id": mid,
                "article": article,
                "instrument": instrument,
                "instrument_type": itype,
                "due_date": due,
                "issued_date": issued,
                "factor": factor,
            }
        )
    df = pd.DataFrame(rows).astype({"due_date": "datetime64[ns]", "issued_date": "datetime64[ns]"})
    by_factor: dict[str, dict[str, int]] = {}
    for mid, *rest in _MANDATES:
        by_factor.setdefault(rest[3], {"on_time": 0, "late": 0, "missing": 0})[status[mid]] += 1
    return df, {
        "as_of": str(as_of.date()),
        "status": status,
        "late_days": {m: d for m, d in spec.mandates.items() if d is not None and d > 0},
        "by_factor": by_factor,
    }


def _events(spec: StorySpec) -> pd.DataFrame:
    df = pd.DataFrame([e[:4] for e in spec.events], columns=["date", "label", "kind", "is_break"])
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def _indicators() -> pd.DataFrame:
    cols = ["indicator_id", "name", "dimension", "unit", "higher_is_better", "value_type"]
    return pd.DataFrame([{c: s[c] for c in cols} for s in _SERVICES])


def _services(rng: np.random.Generator, spec: StorySpec) -> tuple[pd.DataFrame, dict]:
    months = pd.date_range(f"{spec.years[0]}-01-01", f"{spec.years[1]}-12-01", freq="MS")
    n = len(months)
    t = np.arange(n, dtype=float)
    shock = [e for e in spec.events if e[4] == "shock"]
    shock_idx = None
    if shock:
        d = pd.Timestamp(shock[0][0])
        shock_idx = int(months.get_loc(pd.Timestamp(year=d.year, month=d.month, day=1)))
    post = (t >= shock_idx).astype(float) if shock_idx is not None else np.zeros(n)
    population = np.round(spec.population * 1.012 ** (t / 12.0))
    frames, per = [], {}
    for sv in _SERVICES:
        kind = sv["value_type"]
        effect = float(spec.service_shock.get(kind, 0.0)) if shock_idx is not None else 0.0
        s1, c1 = sv["seasonal"]
        eta = (
            sv["level"]
            + sv["slope"] * t
            + s1 * np.sin(2 * np.pi * t / 12)
            + c1 * np.cos(2 * np.pi * t / 12)
            + effect * post
        )
        if kind == "count":
            mu = population * np.exp(eta + rng.normal(0.0, sv["noise"], n))
            value = rng.poisson(mu).astype(float)
            exposure = population
        elif kind == "proportion":
            exposure = rng.poisson(600.0, n).astype(float)
            p = np.clip(eta, 0.01, 0.99)
            value = np.round(rng.binomial(exposure.astype(np.int64), p) / exposure, 4)
        else:
            exposure = np.full(n, np.nan)
            e = np.empty(n)
            z = rng.normal(0.0, 1.0, n)
            e[0] = sv["noise"] * z[0]
            for i in range(1, n):
                e[i] = 0.3 * e[i - 1] + sv["noise"] * math.sqrt(1 - 0.09) * z[i]
            value = np.round(eta + e, 2)
        frames.append(
            pd.DataFrame(
                {
                    "indicator_id": sv["indicator_id"],
                    "month": months,
                    "value": value,
                    "exposure": exposure,
                }
            )
        )
        per[sv["indicator_id"]] = {
            "value_type": kind,
            "higher_is_better": sv["higher_is_better"],
            "level_change_at_shock": effect,
            "scale": "log rate" if kind == "count" else "natural",
        }
    planted = {
        "shock_month": str(months[shock_idx].date()) if shock_idx is not None else None,
        "indicators": per,
        "model": "eta = level + slope*t + seasonal + effect*1[t >= shock month]",
    }
    return pd.concat(frames, ignore_index=True), planted


def _peer_panel(rng: np.random.Generator, spec: StorySpec) -> tuple[pd.DataFrame, dict]:
    first = spec.years[0] - spec.peer_pre_years
    years = list(range(first, spec.years[1] + 1))
    regions = (spec.region, *spec.peers)
    s = spec.window[0]
    rows, measures = [], {}
    for measure, (scale, trend) in spec.peer_measures.items():
        unit = scale / 5.0  # effects are written for a 0-5 scale
        year_shock = rng.normal(0.0, 0.03 * unit, len(years))
        bases = 0.30 * scale + 0.06 * scale * rng.random(len(regions))
        for r, region in enumerate(regions):
            own = rng.normal(0.0, 0.03 * unit, len(years))
            for j, year in enumerate(years):
                v = bases[r] + trend * (year - first) + year_shock[j] + own[j]
                v += unit * spec.common_effect.get(year - s, 0.0) if year >= s else 0.0
                if region == spec.region and year >= s:
                    v += unit * spec.focal_effect.get(year - s, 0.0)
                v = float(min(max(round(v, 2), 0.0), scale))
                rows.append(
                    {
                        "region": region,
                        "year": year,
                        "measure": measure,
                        "value": v,
                        "scale_max": scale,
                        "focal": region == spec.region,
                    }
                )
        measures[measure] = {
            "scale_max": scale,
            "trend_per_year": trend,
            "noise_sd": 0.03 * unit,  # of the common year shock and of each region's own noise
            "focal_effect_by_year": {
                str(s + k): unit * v for k, v in spec.focal_effect.items() if s + k <= spec.years[1]
            },
            "common_effect_by_year": {
                str(s + k): unit * v
                for k, v in spec.common_effect.items()
                if s + k <= spec.years[1]
            },
        }
    return pd.DataFrame(rows), {
        "focal": spec.region,
        "peers": list(spec.peers),
        "years": [years[0], years[-1]],
        "treatment_year": s,
        "measures": measures,
        "local_stall": bool(spec.focal_effect),
        "shared_shock": bool(spec.common_effect),
    }


def _survey_items() -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "item_id": i,
                "factor": f,
                "sub_factor": sf,
                "text": txt,
                "reverse": rev,
                "scale_min": 1,
                "scale_max": 5,
            }
            for i, f, sf, rev, txt in _ITEMS
        ]
    )


_SURVEY_RHO = 0.25
_SURVEY_LOADING = 0.85
_SURVEY_SD = 0.85
_SURVEY_MISSING = 0.03


def _survey(rng: np.random.Generator, spec: StorySpec) -> tuple[pd.DataFrame, dict]:
    n = spec.survey_n
    # One-factor construction: corr(f_j, f_k) = rho for j != k, var 1; no matrix algebra.
    common = rng.normal(0.0, 1.0, n)
    latent = {
        f: math.sqrt(_SURVEY_RHO) * common + math.sqrt(1 - _SURVEY_RHO) * rng.normal(0.0, 1.0, n)
        for f in FACTORS
    }
    beta = [float(spec.survey_effects[f]) for f in FACTORS]
    explained = sum(b * b for b in beta) + _SURVEY_RHO * (sum(beta) ** 2 - sum(b * b for b in beta))
    outcome = rng.normal(0.0, 1.0, n) * math.sqrt(1 - explained)
    for f, b in zip(FACTORS, beta, strict=True):
        outcome = outcome + b * latent[f]
    latent["outcome"] = outcome
    agencies = sorted({_agency(spec, p[7]) for d in DIMENSIONS for p in _PROGRAMMES[d]})
    agency = [agencies[int(i)] for i in rng.integers(0, len(agencies), n)]
    u = rng.random(n)
    role = [_ROLES[next(k for k, c in enumerate(_ROLE_CUM) if x < c)] for x in u]
    tenure = rng.integers(1, 31, n)
    df = pd.DataFrame(
        {
            "respondent_id": [f"P{i:03d}" for i in range(1, n + 1)],
            "agency": agency,
            "role": role,
            "tenure_years": tenure.astype("int64"),
            "wave": "G1",
        }
    )
    lam = _SURVEY_LOADING
    for item_id, factor, _sf, reverse, _txt in _ITEMS:
        raw = spec.survey_means[factor] + _SURVEY_SD * (
            lam * latent[factor] + math.sqrt(1 - lam * lam) * rng.normal(0.0, 1.0, n)
        )
        answer = np.clip(np.round(raw), 1, 5)
        if reverse:
            answer = 6 - answer
        missing = rng.random(n) < _SURVEY_MISSING
        col = pd.array(answer.astype(int), dtype="Int64")
        col[missing] = pd.NA
        df[item_id] = col
    return df, {
        "n_respondents": n,
        "scale": [1, 5],
        "factor_means": dict(spec.survey_means),
        "effects": dict(spec.survey_effects),
        "effects_definition": (
            "standardised coefficients of the latent outcome on the five "
            "latent factors; items = round(mean + sd*(loading*latent + "
            "noise)) clipped to 1-5; reverse items stored as 6 - answer"
        ),
        "factor_correlation": _SURVEY_RHO,
        "item_loading": lam,
        "item_sd": _SURVEY_SD,
        "missing_share": _SURVEY_MISSING,
        "outcome_r2_latent": explained,
        "low_factors": [f for f in FACTORS if spec.survey_means[f] < 3.0],
    }


def _interviews(rng: np.random.Generator, spec: StorySpec) -> tuple[pd.DataFrame, dict]:
    plan = [
        (f, v)
        for f in FACTORS
        for v, c in zip(VALENCES, spec.interviews[f], strict=True)
        for _ in range(c)
    ]
    plan = [plan[int(i)] for i in rng.permutation(len(plan))]
    n = len(plan)
    ivs = [f"W{k + 1:02d}" for k in range(spec.n_interviews)]
    stakeholder = {iv: _STAKEHOLDERS[k % len(_STAKEHOLDERS)] for k, iv in enumerate(ivs)}
    interview_of = sorted((ivs * (n // len(ivs) + 1))[:n])
    banks = {
        key: [bank[int(i)] for i in rng.permutation(len(bank))] for key, bank in _QUOTES.items()
    }
    used = dict.fromkeys(_QUOTES, 0)
    rows, seq = [], {}
    for (factor, valence), iv in zip(plan, interview_of, strict=True):
        bank = banks[(factor, valence)]
        sub, quote = bank[used[(factor, valence)] % len(bank)]
        used[(factor, valence)] += 1
        seq[iv] = seq.get(iv, 0) + 1
        dim = DIMENSIONS[int(rng.integers(len(DIMENSIONS)))] if rng.random() < 0.6 else None
        rows.append(
            {
                "excerpt_id": f"{iv}-{seq[iv]:02d}",
                "interview_id": iv,
                "stakeholder": stakeholder[iv],
                "factor": factor,
                "sub_factor": sub,
                "valence": valence,
                "dimension": dim,
                "quote": quote,
            }
        )
    double = (
        sorted(int(i) for i in rng.choice(n, size=spec.double_coded, replace=False))
        if spec.double_coded
        else []
    )
    if double:
        for r in rows:
            r["coder"] = "PK1"
        second = []
        for i in double:
            r = dict(rows[i], coder="PK2")
            if rng.random() >= 0.85:  # the second coder disagrees on the valence now and then
                others = [v for v in VALENCES if v != r["valence"]]
                r["valence"] = others[int(rng.integers(len(others)))]
            second.append(r)
        df = pd.concat([pd.DataFrame(rows), pd.DataFrame(second)], ignore_index=True)
        df = df.sort_values(["excerpt_id", "coder"], kind="stable").reset_index(drop=True)
    else:
        df = pd.DataFrame(rows)
    return df, {
        "n_excerpts": n,
        "n_interviews": spec.n_interviews,
        "counts": {f: dict(zip(VALENCES, spec.interviews[f], strict=True)) for f in FACTORS},
        "n_double_coded": len(double),
        "primary_coder": "PK1" if double else None,
        "stakeholders": sorted(set(stakeholder.values())),
    }


# --------------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------------
