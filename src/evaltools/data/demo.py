"""Seeded synthetic demo dataset for the default case (Kota Bekasi, Perda No. 2/2020).

The demo data are **synthetic** ("Data ilustrasi (sintetis) evaltools — bukan data resmi"):
every row of every table carries the one ``sources`` row whose quality is ``synthetic``. They
exist so that every analysis, notebook and the report can run end to end, and so that tests can
check that the analyses recover mechanisms that were planted on purpose. The planted mechanisms
are written to ``planted.json`` next to the CSV files and documented in ``docs/demo-data.md``.

Two stories share one generator:

``"default"``
    The story of DESIGN.md: weak disposition (the "mindset") is the strongest cause, then
    resources (refocusing cuts concentrated on the stalled dimensions, low absorption), then
    bureaucratic structure (late or missing implementing regulations); COVID-19/refocusing
    (environment) is real but secondary, because peers faced the same pandemic and kept
    improving; communication is not a barrier.
``"structure_communication"``
    Structure and communication are the main barriers (late/missing regulations, poor
    socialisation); resources and disposition are fine; only the uniform 2020 national
    refocusing cut happens. Used to show that the diagnosis is not tuned to one dataset.

Each table is drawn from its own child stream of ``numpy.random.default_rng(seed)`` (spawned in
a fixed order), so the same seed and story always give byte-identical files, and changing how
one table is drawn leaves the others untouched.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from evaltools._io import atomic_write, json_ready
from evaltools.errors import ParameterError
from evaltools.vocabulary import DIMENSIONS, FACTORS

__all__ = ["DEFAULT_SEED", "SOURCE_ID", "STORIES", "DemoDataset", "generate", "write_demo"]

DEFAULT_SEED = 20220222
"""Seed of the committed ``data/demo/`` (the date of the DPRD socialisation, 22 Feb 2022)."""

STORIES = ("default", "structure_communication")

SOURCE_ID = "SYN-DEMO"
SOURCE_TITLE = "Data ilustrasi (sintetis) evaltools — bukan data resmi"

YEARS = tuple(range(2018, 2024))
PEER_YEARS = tuple(range(2014, 2024))
MONTHS = pd.date_range("2018-01-01", "2023-12-01", freq="MS")

REGION = "Kota Bekasi"
PEERS = ("Kota Depok", "Kota Bogor", "Kota Bandung", "Kota Tangerang", "Kota Tangerang Selatan")
REGULATION = "Perda No. 2/2020"
REGULATION_TITLE = (
    "Peraturan Daerah Kota Bekasi Nomor 2 Tahun 2020 tentang Penyelenggaraan Kota Cerdas"
)
# The real enactment date is not in our sources: this one is made up, and said so everywhere.
ENACTMENT_DATE = "2020-02-27"
AS_OF = "2023-12-31"

# Break months of the interrupted time series: the calendar month that contains the event.
BREAKS = {"refocusing": "2020-04-01", "socialisation": "2022-02-01"}
BREAK_EVENTS = {"refocusing": "2020-04-09", "socialisation": "2022-02-22"}

# --------------------------------------------------------------------------------------------
# Catalogues (fixed, not random)
# --------------------------------------------------------------------------------------------

# program_id, name, dimension, lead_agency, quick_win, start_year,
# indicator, unit, higher_is_better, 2018 target, annual target change (relative), integer?
_PROGRAMS: tuple[tuple[Any, ...], ...] = (
    (
        "GOV-01",
        "Aplikasi layanan terpadu warga",
        "governance",
        "Diskominfostandi",
        True,
        2018,
        "Jumlah layanan terintegrasi",
        "layanan",
        True,
        20,
        0.15,
        True,
    ),
    (
        "GOV-02",
        "Satu Data Kota Bekasi",
        "governance",
        "Diskominfostandi",
        False,
        2018,
        "Dataset terbuka yang terbit",
        "dataset",
        True,
        60,
        0.20,
        True,
    ),
    (
        "GOV-03",
        "Perizinan daring terintegrasi",
        "governance",
        "DPMPTSP",
        True,
        2018,
        "Izin yang terbit secara daring",
        "persen",
        True,
        40,
        0.12,
        False,
    ),
    (
        "GOV-04",
        "Penanganan pengaduan SP4N-LAPOR!",
        "governance",
        "Diskominfostandi",
        False,
        2018,
        "Rata-rata waktu penyelesaian pengaduan",
        "hari",
        False,
        10,
        -0.10,
        False,
    ),
    (
        "GOV-05",
        "Administrasi kependudukan daring",
        "governance",
        "Disdukcapil",
        True,
        2018,
        "Dokumen kependudukan yang terbit daring",
        "dokumen",
        True,
        120000,
        0.12,
        True,
    ),
    (
        "GOV-06",
        "Perencanaan dan penganggaran elektronik",
        "governance",
        "Bappeda",
        False,
        2018,
        "OPD yang memakai e-planning",
        "OPD",
        True,
        20,
        0.12,
        True,
    ),
    (
        "GOV-07",
        "Pusat komando kota (command center)",
        "governance",
        "Diskominfostandi",
        False,
        2019,
        "Titik CCTV terhubung",
        "titik",
        True,
        200,
        0.15,
        True,
    ),
    (
        "BRD-01",
        "Portal pariwisata digital",
        "branding",
        "Disparbud",
        False,
        2018,
        "Kunjungan ke portal pariwisata",
        "kunjungan",
        True,
        150000,
        0.15,
        True,
    ),
    (
        "BRD-02",
        "Kalender acara kota",
        "branding",
        "Disparbud",
        True,
        2018,
        "Acara yang terpublikasi",
        "kegiatan",
        True,
        40,
        0.10,
        True,
    ),
    (
        "BRD-03",
        "Promosi produk unggulan daerah",
        "branding",
        "Disparbud",
        False,
        2019,
        "Produk unggulan yang terpromosikan",
        "produk",
        True,
        25,
        0.12,
        True,
    ),
    (
        "BRD-04",
        "Branding kota di media sosial",
        "branding",
        "Diskominfostandi",
        False,
        2018,
        "Jangkauan konten kota",
        "ribu akun",
        True,
        300,
        0.18,
        True,
    ),
    (
        "ECO-01",
        "UMKM go digital",
        "economy",
        "Diskopukm",
        True,
        2018,
        "UMKM terdaftar di lokapasar",
        "UMKM",
        True,
        1500,
        0.20,
        True,
    ),
    (
        "ECO-02",
        "Pembayaran pajak daerah nontunai",
        "economy",
        "Bapenda",
        False,
        2018,
        "Porsi penerimaan pajak nontunai",
        "persen",
        True,
        30,
        0.14,
        False,
    ),
    (
        "ECO-03",
        "Pasar rakyat dengan QRIS",
        "economy",
        "Disdagperin",
        False,
        2019,
        "Pedagang pasar yang memakai QRIS",
        "pedagang",
        True,
        800,
        0.20,
        True,
    ),
    (
        "ECO-04",
        "Pelatihan kewirausahaan digital",
        "economy",
        "Diskopukm",
        False,
        2018,
        "Peserta pelatihan kewirausahaan digital",
        "orang",
        True,
        1000,
        0.10,
        True,
    ),
    (
        "ECO-05",
        "Perizinan berusaha terpadu",
        "economy",
        "DPMPTSP",
        False,
        2018,
        "Rata-rata waktu terbit izin usaha",
        "hari",
        False,
        7,
        -0.12,
        False,
    ),
    (
        "LIV-01",
        "Antrean daring fasilitas kesehatan",
        "living",
        "Dinkes",
        True,
        2018,
        "Puskesmas dengan antrean daring",
        "puskesmas",
        True,
        15,
        0.18,
        True,
    ),
    (
        "LIV-02",
        "Informasi angkutan umum",
        "living",
        "Dishub",
        False,
        2018,
        "Halte dengan informasi kedatangan",
        "halte",
        True,
        20,
        0.15,
        True,
    ),
    (
        "LIV-03",
        "Simpang cerdas (ATCS)",
        "living",
        "Dishub",
        False,
        2018,
        "Simpang terkendali ATCS",
        "simpang",
        True,
        30,
        0.10,
        True,
    ),
    (
        "LIV-04",
        "Layanan darurat 112",
        "living",
        "Diskominfostandi",
        True,
        2018,
        "Rata-rata waktu respons darurat",
        "menit",
        False,
        20,
        -0.08,
        False,
    ),
    (
        "LIV-05",
        "Rekam medis elektronik puskesmas",
        "living",
        "Dinkes",
        False,
        2019,
        "Puskesmas dengan rekam medis elektronik",
        "puskesmas",
        True,
        12,
        0.20,
        True,
    ),
    (
        "SOC-01",
        "Literasi digital warga",
        "society",
        "Diskominfostandi",
        True,
        2018,
        "Warga yang mengikuti literasi digital",
        "orang",
        True,
        3000,
        0.15,
        True,
    ),
    (
        "SOC-02",
        "Wi-Fi publik di RW",
        "society",
        "Diskominfostandi",
        False,
        2018,
        "Titik Wi-Fi publik aktif",
        "titik",
        True,
        300,
        0.15,
        True,
    ),
    (
        "SOC-03",
        "Sekolah digital",
        "society",
        "Disdik",
        False,
        2018,
        "Sekolah dengan pembelajaran daring",
        "sekolah",
        True,
        100,
        0.15,
        True,
    ),
    (
        "SOC-04",
        "Perpustakaan digital",
        "society",
        "Dispusip",
        False,
        2019,
        "Anggota perpustakaan digital",
        "anggota",
        True,
        5000,
        0.20,
        True,
    ),
    (
        "SOC-05",
        "Kampung cerdas",
        "society",
        "Bappeda",
        True,
        2018,
        "RW yang menjadi kampung cerdas",
        "RW",
        True,
        20,
        0.20,
        True,
    ),
    (
        "ENV-01",
        "Bank sampah digital",
        "environment",
        "DLH",
        True,
        2018,
        "Bank sampah yang terdata daring",
        "unit",
        True,
        100,
        0.15,
        True,
    ),
    (
        "ENV-02",
        "Pemantauan kualitas udara",
        "environment",
        "DLH",
        False,
        2018,
        "Titik pantau kualitas udara aktif",
        "titik",
        True,
        10,
        0.15,
        False,
    ),
    (
        "ENV-03",
        "Penerangan jalan umum hemat energi",
        "environment",
        "Disperkimtan",
        False,
        2018,
        "Titik PJU LED terpantau",
        "titik",
        True,
        2000,
        0.12,
        True,
    ),
    (
        "ENV-04",
        "Peringatan dini banjir",
        "environment",
        "BPBD",
        False,
        2019,
        "Sensor tinggi muka air aktif",
        "sensor",
        True,
        15,
        0.15,
        False,
    ),
)

_SURVEY_AGENCIES = (
    "Diskominfostandi",
    "Bappeda",
    "DPMPTSP",
    "Disdukcapil",
    "Dinkes",
    "Dishub",
    "DLH",
    "Diskopukm",
)
_ROLES = ("eselon2", "eselon3", "eselon4", "staf", "fungsional")
_ROLE_PROBS = (0.04, 0.10, 0.21, 0.45, 0.20)

# item_id, factor, sub_factor, reverse, text
_ITEMS: tuple[tuple[str, str, str, bool, str], ...] = (
    (
        "kom1",
        "communication",
        "transmission",
        False,
        "Informasi tentang Perda Kota Cerdas disampaikan kepada unit kerja saya secara memadai.",
    ),
    (
        "kom2",
        "communication",
        "clarity",
        False,
        "Tujuan dan sasaran program kota cerdas yang menjadi tugas unit saya sudah jelas.",
    ),
    (
        "kom3",
        "communication",
        "consistency",
        False,
        "Arahan pimpinan tentang pelaksanaan program kota cerdas konsisten dari waktu ke waktu.",
    ),
    (
        "kom4",
        "communication",
        "clarity",
        True,
        "Saya sering bingung siapa yang bertanggung jawab atas program kota cerdas.",
    ),
    (
        "sdy1",
        "resources",
        "staff",
        False,
        "Jumlah pegawai di unit saya cukup untuk melaksanakan program kota cerdas.",
    ),
    (
        "sdy2",
        "resources",
        "budget",
        True,
        "Anggaran program kota cerdas di unit saya tidak mencukupi sejak refocusing.",
    ),
    (
        "sdy3",
        "resources",
        "information",
        False,
        (
            "Pegawai di unit saya memperoleh informasi dan petunjuk teknis yang dibutuhkan untuk "
            "menjalankan aplikasi kota cerdas."
        ),
    ),
    ("sdy4", "resources", "facilities", False, "Sarana dan prasarana TIK di unit saya memadai."),
    (
        "dis1",
        "disposition",
        "commitment",
        False,
        "Pimpinan unit saya berkomitmen kuat terhadap program kota cerdas.",
    ),
    (
        "dis2",
        "disposition",
        "incentives",
        False,
        "Ada insentif atau penghargaan bagi pegawai yang berinovasi dalam layanan digital.",
    ),
    (
        "dis3",
        "disposition",
        "attitude",
        True,
        "Program kota cerdas dianggap beban tambahan di luar tugas pokok.",
    ),
    (
        "dis4",
        "disposition",
        "attitude",
        False,
        "Pegawai di unit saya bersedia mengubah cara kerja agar layanan menjadi digital.",
    ),
    (
        "stk1",
        "structure",
        "sop",
        False,
        "Tersedia SOP yang jelas untuk pelaksanaan program kota cerdas.",
    ),
    (
        "stk2",
        "structure",
        "fragmentation",
        True,
        "Koordinasi antar-OPD dalam program kota cerdas berjalan lambat dan berbelit.",
    ),
    (
        "stk3",
        "structure",
        "regulation",
        False,
        (
            "Peraturan pelaksana (Perwal/Kepwal) Perda Kota Cerdas sudah tersedia dan dapat "
            "dijadikan pedoman."
        ),
    ),
    (
        "lkg1",
        "environment",
        "covid_shock",
        True,
        "Pandemi COVID-19 menghambat pelaksanaan program kota cerdas di unit saya.",
    ),
    (
        "lkg2",
        "environment",
        "refocusing",
        True,
        "Refocusing anggaran 2020–2021 menunda kegiatan kota cerdas di unit saya.",
    ),
    (
        "lkg3",
        "environment",
        "political_support",
        False,
        "DPRD dan masyarakat mendukung pelaksanaan program kota cerdas.",
    ),
    (
        "hsl1",
        "outcome",
        "progress",
        False,
        "Program kota cerdas di unit saya berjalan sesuai rencana.",
    ),
    (
        "hsl2",
        "outcome",
        "use",
        False,
        "Layanan digital di unit saya sudah dimanfaatkan oleh masyarakat.",
    ),
    (
        "hsl3",
        "outcome",
        "continuity",
        True,
        "Banyak kegiatan kota cerdas di unit saya yang terhenti pada 2020–2021.",
    ),
    ("hsl4", "outcome", "target", False, "Target program kota cerdas di unit saya tercapai."),
)

# Interviews: interview_id -> stakeholder.
_INTERVIEWS = (
    ("INT-01", "Kepala OPD"),
    ("INT-02", "Kepala OPD"),
    ("INT-03", "Kepala OPD"),
    ("INT-04", "Kabid OPD"),
    ("INT-05", "Kabid OPD"),
    ("INT-06", "Bappeda"),
    ("INT-07", "Bappeda"),
    ("INT-08", "Diskominfostandi"),
    ("INT-09", "Diskominfostandi"),
    ("INT-10", "Dewan Kota Cerdas"),
    ("INT-11", "Dewan Kota Cerdas"),
    ("INT-12", "DPRD Komisi I"),
    ("INT-13", "warga"),
    ("INT-14", "warga"),
)
_CODERS = ("K1", "K2")

# (factor, valence) -> list of (sub_factor, quote). Anonymised, illustrative excerpts.
_QUOTES: dict[tuple[str, str], tuple[tuple[str, str], ...]] = {
    ("disposition", "barrier"): (
        (
            "attitude",
            (
                "Banyak pegawai menganggap aplikasi kota cerdas itu proyek Kominfo, "
                "bukan pekerjaan mereka."
            ),
        ),
        (
            "attitude",
            (
                "Aplikasinya sudah dibuat, tetapi tidak dipakai; orang kembali ke cara "
                "manual karena lebih nyaman."
            ),
        ),
        (
            "incentives",
            ("Tidak ada bedanya bagi pegawai, berinovasi atau tidak, tunjangannya sama saja."),
        ),
        (
            "commitment",
            (
                "Pimpinan OPD baru mendukung kalau ada penilaian dari pusat; setelah "
                "itu semangatnya turun."
            ),
        ),
        (
            "attitude",
            ("Pola pikirnya masih 'asal laporan selesai', belum melayani warga secara digital."),
        ),
        ("commitment", ("Setiap kali pejabat berganti, program kota cerdas mulai lagi dari nol.")),
        (
            "incentives",
            ("Operator aplikasi tidak mendapat pengakuan, jadi yang pintar memilih pindah bagian."),
        ),
        (
            "attitude",
            (
                "Ada kekhawatiran bahwa digitalisasi membuat pekerjaan tertentu "
                "hilang, sehingga sebagian pegawai menahan diri."
            ),
        ),
        (
            "commitment",
            ("Rapat koordinasi kota cerdas sering hanya dihadiri staf, bukan pengambil keputusan."),
        ),
        (
            "attitude",
            ("Sebagian kepala bidang menganggap perda ini tidak mendesak dibanding urusan rutin."),
        ),
    ),
    ("disposition", "enabler"): (
        (
            "commitment",
            (
                "Di unit kami kepala dinas memantau sendiri dasbor layanan setiap "
                "minggu, jadi staf ikut bergerak."
            ),
        ),
        (
            "attitude",
            ("Pegawai muda sangat antusias; mereka yang mengusulkan layanan antrean daring."),
        ),
        (
            "incentives",
            ("Sejak ada penghargaan inovasi tingkat kota, OPD berlomba memperbaiki layanannya."),
        ),
        (
            "attitude",
            ("Kami sudah terbiasa bekerja dengan data, jadi perubahan ini diterima dengan baik."),
        ),
        (
            "commitment",
            (
                "Sekretaris daerah menegaskan bahwa kota cerdas masuk penilaian "
                "kinerja pimpinan OPD."
            ),
        ),
        ("attitude", ("Teman-teman di lapangan justru meminta agar formulir kertas dihapus saja.")),
        ("commitment", ("Wali kota beberapa kali menanyakan kemajuan aplikasi secara langsung.")),
    ),
    ("disposition", "neutral"): (
        ("attitude", ("Sikap pegawai beragam; ada yang mendukung, ada yang menunggu arahan.")),
        ("commitment", ("Komitmen pimpinan ada, tetapi belum tentu sampai ke tingkat pelaksana.")),
        ("incentives", ("Soal insentif sedang dibahas bersama BKPSDM, belum ada keputusan.")),
    ),
    ("resources", "barrier"): (
        (
            "budget",
            (
                "Anggaran kegiatan kami dipotong lebih dari separuh waktu refocusing, "
                "pengembangan aplikasi berhenti."
            ),
        ),
        (
            "staff",
            ("Satu orang programmer melayani lima aplikasi; kalau dia cuti, semua tertunda."),
        ),
        ("facilities", ("Server di ruang data sering mati, dan anggaran pemeliharaan tidak ada.")),
        (
            "budget",
            ("Kegiatan kota cerdas selalu dianggap bisa ditunda ketika anggaran perlu dipangkas."),
        ),
        ("staff", "Tenaga TIK di OPD kebanyakan tenaga kontrak yang sering berganti."),
        (
            "information",
            ("Kami tidak punya data dasar yang rapi, jadi target di dokumen sulit diukur."),
        ),
        ("budget", "Serapan anggaran rendah karena lelang perangkat gagal dua kali."),
        (
            "facilities",
            ("Jaringan internet di kantor kelurahan belum stabil untuk layanan daring."),
        ),
        ("staff", ("Pelatihan untuk operator hanya sekali, setelah itu tidak ada pendampingan.")),
        ("budget", ("Dana pemeliharaan aplikasi tidak dianggarkan, jadi aplikasi lama dibiarkan.")),
    ),
    ("resources", "enabler"): (
        ("budget", ("Tahun ini anggaran pengembangan layanan daring kami naik dan terserap baik.")),
        ("facilities", "Pusat data baru membuat layanan jauh lebih stabil."),
        ("staff", "Kami mendapat tambahan tenaga pranata komputer dari formasi CPNS."),
        ("information", "Petunjuk teknis dari Diskominfostandi sangat membantu operator."),
        ("facilities", "Semua puskesmas sudah punya perangkat untuk antrean daring."),
        ("staff", ("Operator kami sudah bersertifikat, jadi masalah teknis cepat tertangani.")),
    ),
    ("resources", "neutral"): (
        ("budget", "Anggaran ada, tetapi besarnya berubah-ubah setiap perubahan APBD."),
        ("staff", "Jumlah staf cukup untuk sekarang, belum tentu untuk tahun depan."),
        ("facilities", "Perangkat sebagian baru, sebagian sudah perlu diganti."),
    ),
    ("structure", "barrier"): (
        (
            "regulation",
            (
                "Perwal pelaksananya lama sekali keluar, jadi OPD tidak tahu dasar "
                "hukum untuk bergerak."
            ),
        ),
        (
            "fragmentation",
            ("Setiap OPD membuat aplikasinya sendiri; datanya tidak saling terhubung."),
        ),
        (
            "sop",
            ("Belum ada SOP berbagi data, jadi setiap permintaan data harus lewat surat resmi."),
        ),
        (
            "regulation",
            (
                "Masterplan belum ditetapkan, jadi program berjalan tanpa peta "
                "jalan yang disepakati."
            ),
        ),
        ("fragmentation", ("Tidak jelas siapa koordinatornya: Bappeda atau Diskominfostandi.")),
        ("sop", "Alur persetujuan aplikasi baru melewati terlalu banyak meja."),
        (
            "regulation",
            ("Dewan Kota Cerdas periode baru belum dibentuk, sehingga pengawasan kosong."),
        ),
        (
            "fragmentation",
            ("Program kota cerdas tidak tercantum jelas dalam nomenklatur anggaran OPD."),
        ),
        ("sop", ("Tanpa SOP, setiap pergantian operator membuat layanan terhenti sementara.")),
        (
            "regulation",
            ("Kami menunggu Kepwal tim pelaksana untuk membagi tugas, tetapi belum terbit."),
        ),
    ),
    ("structure", "enabler"): (
        ("sop", ("Sejak SOP layanan pengaduan terbit, semua OPD punya batas waktu yang sama.")),
        (
            "fragmentation",
            ("Forum data antar-OPD yang difasilitasi Bappeda mulai menyatukan aplikasi."),
        ),
        ("regulation", "Kepwal tim pelaksana memperjelas siapa mengerjakan apa."),
        ("sop", "Standar layanan daring sudah dibakukan di dinas kami."),
    ),
    ("structure", "neutral"): (
        ("regulation", ("Sebagian aturan turunan sudah ada, sebagian masih berupa rancangan.")),
        ("fragmentation", "Koordinasi membaik di beberapa bidang, di bidang lain belum."),
        ("sop", "SOP ada, tetapi belum semua pegawai membacanya."),
    ),
    ("communication", "barrier"): (
        (
            "transmission",
            (
                "Sosialisasi perda baru sampai ke kepala dinas, staf pelaksana "
                "belum pernah mendengarnya."
            ),
        ),
        ("clarity", ("Indikator keberhasilan program tidak pernah dijelaskan kepada kami.")),
        (
            "consistency",
            ("Arahannya berubah-ubah; tahun ini prioritas aplikasi A, tahun depan aplikasi B."),
        ),
        ("transmission", "Hasil evaluasi Kominfo tidak diteruskan ke OPD pelaksana."),
        (
            "clarity",
            ("Kami tidak tahu program mana yang termasuk kota cerdas dan mana yang bukan."),
        ),
        ("transmission", ("Warga tidak tahu ada layanan daring karena tidak pernah diumumkan.")),
        ("consistency", "Pesan dari pimpinan dan dari tim teknis sering berbeda."),
        ("clarity", "Dokumen perdanya ada, tetapi tidak ada penjelasan tugas per OPD."),
        ("transmission", "Sosialisasi hanya sekali, dalam bentuk seremoni."),
        (
            "consistency",
            ("Target di dokumen perencanaan berbeda dengan target yang dibicarakan dalam rapat."),
        ),
    ),
    ("communication", "enabler"): (
        ("transmission", ("Informasi program kota cerdas rutin dibagikan lewat grup kerja OPD.")),
        ("clarity", "Tugas kami dalam perda sudah jelas sejak rapat pertama."),
        ("consistency", ("Arahan dari pimpinan konsisten, prioritasnya layanan publik daring.")),
        ("transmission", ("Diskominfostandi rajin mengundang OPD dalam forum kota cerdas.")),
        ("clarity", "Sasaran tiap dimensi dijelaskan dalam bimtek."),
        ("transmission", "Warga mengetahui layanan baru dari media sosial resmi kota."),
        ("consistency", "Pesan wali kota dan DPRD tentang kota cerdas sejalan."),
        ("clarity", "Kami menerima ringkasan perda yang mudah dipahami."),
    ),
    ("communication", "neutral"): (
        ("transmission", "Informasi sampai, tetapi kadang terlambat."),
        ("clarity", "Sebagian istilah dalam perda masih perlu dijelaskan."),
        ("consistency", "Arahan cukup konsisten, walau ada perubahan kecil."),
    ),
    ("environment", "barrier"): (
        (
            "covid_shock",
            ("Pandemi membuat semua kegiatan tatap muka berhenti, termasuk pelatihan operator."),
        ),
        (
            "refocusing",
            ("SKB refocusing memaksa kami memangkas belanja modal, perangkat batal dibeli."),
        ),
        ("covid_shock", "Fokus seluruh pegawai pada penanganan COVID-19 selama 2020."),
        ("political_support", "Tahun politik membuat prioritas anggaran bergeser."),
        (
            "refocusing",
            (
                "Sebagian kegiatan 2021 tetap tertahan karena dana dialihkan "
                "untuk penanganan pandemi."
            ),
        ),
        (
            "covid_shock",
            ("Vendor aplikasi tidak bisa bekerja di lapangan selama pembatasan sosial."),
        ),
        (
            "refocusing",
            ("Anggaran perubahan 2020 datang terlambat sehingga waktu pelaksanaan sempit."),
        ),
    ),
    ("environment", "enabler"): (
        ("covid_shock", "Pandemi justru memaksa layanan pindah ke daring lebih cepat."),
        (
            "political_support",
            ("DPRD mendorong percepatan dan menanyakan kemajuannya dalam rapat kerja."),
        ),
    ),
    ("environment", "neutral"): (
        ("covid_shock", ("Kota lain juga terkena pandemi, tetapi sebagian tetap bisa berjalan.")),
        ("refocusing", "Refocusing berlaku untuk semua daerah, jadi bukan hanya kami."),
        ("political_support", ("Dukungan politik ada, tetapi belum terlihat dalam anggaran.")),
        ("covid_shock", "Dampak pandemi terasa, tetapi tidak menjelaskan semuanya."),
    ),
}

# mandate_id, article, instrument, instrument_type, factor, due (days after enactment)
_MANDATES: tuple[tuple[Any, ...], ...] = (
    (
        "M01",
        "Pasal 4 ayat (3)",
        "Peraturan Wali Kota tentang Pedoman Pelaksanaan Kota Cerdas",
        "perwal",
        "structure",
        365,
    ),
    (
        "M02",
        "Pasal 9 ayat (1)",
        "Pembentukan Dewan Kota Cerdas periode 2021–2025",
        "body",
        "structure",
        183,
    ),
    (
        "M03",
        "Pasal 8 ayat (2)",
        "Keputusan Wali Kota tentang Tim Pelaksana Kota Cerdas",
        "kepwal",
        "structure",
        90,
    ),
    ("M04", "Pasal 6 ayat (1)", "Masterplan Kota Cerdas 2021–2025", "masterplan", "structure", 365),
    (
        "M05",
        "Pasal 12 ayat (2)",
        "SOP berbagi pakai data antar-perangkat daerah",
        "sop",
        "structure",
        365,
    ),
    (
        "M06",
        "Pasal 14",
        ("Peraturan Wali Kota tentang Strategi Komunikasi dan Sosialisasi Kota Cerdas"),
        "perwal",
        "communication",
        270,
    ),
    (
        "M07",
        "Pasal 16 ayat (1)",
        "Peraturan Wali Kota tentang Pendanaan Program Kota Cerdas",
        "perwal",
        "resources",
        365,
    ),
    (
        "M08",
        "Pasal 18",
        ("Keputusan Wali Kota tentang Insentif dan Kompetensi ASN Pengelola Layanan Digital"),
        "kepwal",
        "disposition",
        365,
    ),
    ("M09", "Pasal 12 ayat (4)", "SOP layanan pengaduan terintegrasi", "sop", "structure", 180),
    ("M10", "Pasal 7", "Masterplan SPBE Kota Bekasi", "masterplan", "structure", 548),
    (
        "M11",
        "Pasal 15",
        "Rencana aksi literasi digital dan sosialisasi layanan daring",
        "other",
        "communication",
        365,
    ),
)

# Service indicators: id, name, dimension, unit, higher_is_better, value_type, family,
# exposure kind, baseline level, baseline slope per month, seasonal (sin, cos) coefficients,
# noise (log-scale sd for counts, sd otherwise), effect_scale (natural units per unit of the
# story's log-ratio effect: how a -0.15 shock shows on an identity-link indicator).
_SERVICES: tuple[dict[str, Any], ...] = (
    {
        "indicator_id": "layanan_daring",
        "name": "Permohonan layanan administrasi secara daring",
        "dimension": "governance",
        "unit": "permohonan",
        "higher_is_better": True,
        "value_type": "count",
        "family": "poisson",
        "exposure": "population",
        "level": np.log(20000 / 2.45e6),
        "slope": 0.008,
        "seasonal": (0.045, -0.030),
        "noise": 0.03,
        "effect_scale": 1.0,
    },
    {
        "indicator_id": "transaksi_nontunai",
        "name": "Transaksi pajak daerah nontunai",
        "dimension": "economy",
        "unit": "transaksi",
        "higher_is_better": True,
        "value_type": "count",
        "family": "poisson",
        "exposure": "taxpayers",
        "level": np.log(8000 / 150000),
        "slope": 0.010,
        "seasonal": (0.060, 0.045),
        "noise": 0.03,
        "effect_scale": 1.0,
    },
    {
        "indicator_id": "antrean_daring_faskes",
        "name": "Pendaftaran daring di puskesmas",
        "dimension": "living",
        "unit": "pendaftaran",
        "higher_is_better": True,
        "value_type": "count",
        "family": "poisson",
        "exposure": "population",
        "level": np.log(30000 / 2.45e6),
        "slope": 0.006,
        "seasonal": (-0.030, 0.035),
        "noise": 0.03,
        "effect_scale": 1.0,
    },
    {
        "indicator_id": "pengaduan_tuntas",
        "name": "Pengaduan SP4N-LAPOR! tuntas tepat waktu",
        "dimension": "governance",
        "unit": "proporsi",
        "higher_is_better": True,
        "value_type": "proportion",
        "family": "gaussian",
        "exposure": "complaints",
        "level": 0.70,
        "slope": 0.003,
        "seasonal": (0.012, 0.008),
        "noise": 0.0,
        "effect_scale": 0.4,
    },
    {
        "indicator_id": "waktu_respons_darurat",
        "name": "Rata-rata waktu respons layanan darurat 112",
        "dimension": "society",
        "unit": "menit",
        "higher_is_better": False,
        "value_type": "continuous",
        "family": "gaussian",
        "exposure": None,
        "level": 18.0,
        "slope": -0.05,
        "seasonal": (0.45, -0.40),
        "noise": 0.5,
        "effect_scale": -10.0,
    },
    {
        "indicator_id": "sampah_terangkut",
        "name": "Sampah terangkut ke TPA per hari",
        "dimension": "environment",
        "unit": "ton/hari",
        "higher_is_better": True,
        "value_type": "continuous",
        "family": "gaussian",
        "exposure": None,
        "level": 1400.0,
        "slope": 4.0,
        "seasonal": (30.0, -25.0),
        "noise": 18.0,
        "effect_scale": 400.0,
    },
)

# --------------------------------------------------------------------------------------------
# Story parameters: the planted mechanisms
# --------------------------------------------------------------------------------------------

_STORY_PARAMS: dict[str, dict[str, Any]] = {
    "default": {
        "description": (
            "Disposisi (pola pikir pelaksana) adalah penyebab terkuat, disusul sumber daya "
            "(refocusing yang terpusat pada dimensi yang stagnan, serapan rendah) dan struktur "
            "birokrasi (regulasi pelaksana terlambat atau belum terbit); lingkungan "
            "(COVID-19/refocusing) nyata tetapi sekunder; komunikasi bukan hambatan."
        ),
        "causes_ranked": ["disposition", "resources", "structure", "environment"],
        "not_supported": ["communication"],
        "cause_roles": {
            "disposition": "primary",
            "resources": "major",
            "structure": "contributing",
            "environment": "secondary",
            "communication": "not_a_barrier",
        },
        # progress: status, achievement in 2018 (share of target), annual change pre
        # (2018->2019), during the window (2019->2021) and after (2021->2023). The plant sits
        # well clear of the verdict thresholds of evaltools.progress (a break is a slope drop
        # of at least 2 pp/yr; stalled = window slope at most 1 pp/yr), because with two
        # pre-window years the estimated slope change has an error of about 1.5 pp/yr:
        # stalls drop 8-9.5 pp/yr to a negative slope, slowdowns drop 5.5-6 pp/yr to a
        # slope of 3-3.5 pp/yr, and the on-track dimension speeds up slightly (+1.5 pp/yr).
        "progress": {
            "governance": ("stalled", 0.66, 0.08, -0.01, 0.06),
            "economy": ("stalled", 0.68, 0.07, -0.01, 0.05),
            "society": ("stalled", 0.66, 0.08, -0.015, 0.05),
            "living": ("slowed", 0.68, 0.09, 0.035, 0.05),
            "environment": ("slowed", 0.66, 0.09, 0.03, 0.05),
            "branding": ("on_track", 0.72, 0.04, 0.055, 0.05),
        },
        # refocusing cut (1 - revised/planned) by dimension status and year
        "cut": {
            "stalled": {2020: 0.58, 2021: 0.40},
            "slowed": {2020: 0.38, 2021: 0.24},
            "on_track": {2020: 0.15, 2021: 0.10},
            "other_years": 0.05,
        },
        "absorption": {2018: 0.91, 2019: 0.92, 2020: 0.74, 2021: 0.79, 2022: 0.88, 2023: 0.91},
        "mandates": {  # days late (<= 0: on time), None: not issued by AS_OF
            "M01": 418,
            "M02": 610,
            "M03": -12,
            "M04": None,
            "M05": None,
            "M06": -20,
            "M07": 305,
            "M08": None,
            "M09": 240,
            "M10": 290,
            "M11": -5,
        },
        "survey": {
            "effects": {
                "communication": 0.04,
                "resources": 0.30,
                "disposition": 0.50,
                "structure": 0.20,
                "environment": 0.08,
            },
            "means": {
                "communication": 3.8,
                "resources": 2.6,
                "disposition": 2.5,
                "structure": 3.0,
                "environment": 3.0,
                "outcome": 2.7,
            },
        },
        "interviews": {  # factor -> (barrier, enabler, neutral) excerpt counts (coder K1)
            "disposition": (13, 1, 2),
            "resources": (10, 2, 2),
            "structure": (7, 3, 2),
            "environment": (5, 1, 2),
            "communication": (2, 7, 1),
        },
        "its": {  # per break: (level change, slope change) as multiples of the indicator's
            # reference effect; see _its_effects
            "refocusing": {"level": -0.15, "slope": "flatten"},
            "socialisation": {"level": 0.05, "slope_share": 0.6},
        },
        "peers": {
            "smart_city_index": {2020: -0.20, 2021: -0.35, 2022: -0.43, 2023: -0.42},
            "spbe_index": {2020: -0.25, 2021: -0.45, 2022: -0.55, 2023: -0.55},
        },
    },
    "structure_communication": {
        "description": (
            "Struktur birokrasi (regulasi pelaksana terlambat atau belum terbit, koordinasi "
            "terfragmentasi) dan komunikasi (sosialisasi lemah) adalah penyebab utama; "
            "lingkungan (COVID-19) sekunder; sumber daya dan disposisi bukan hambatan (hanya "
            "pemotongan refocusing nasional 2020 yang seragam)."
        ),
        "causes_ranked": ["structure", "communication", "environment"],
        "not_supported": ["disposition", "resources"],
        "cause_roles": {
            "structure": "primary",
            "communication": "major",
            "environment": "secondary",
            "disposition": "not_a_barrier",
            "resources": "not_a_barrier",
        },
        "progress": {
            "governance": ("stalled", 0.66, 0.08, -0.01, 0.06),
            "society": ("stalled", 0.66, 0.08, -0.01, 0.05),
            "living": ("stalled", 0.68, 0.07, -0.015, 0.05),
            "economy": ("slowed", 0.68, 0.09, 0.035, 0.05),
            "environment": ("slowed", 0.66, 0.09, 0.03, 0.05),
            "branding": ("on_track", 0.72, 0.04, 0.055, 0.05),
        },
        "cut": {
            "stalled": {2020: 0.22, 2021: 0.05},
            "slowed": {2020: 0.22, 2021: 0.05},
            "on_track": {2020: 0.22, 2021: 0.05},
            "other_years": 0.05,
        },
        "absorption": {2018: 0.92, 2019: 0.93, 2020: 0.89, 2021: 0.91, 2022: 0.93, 2023: 0.94},
        "mandates": {
            "M01": None,
            "M02": None,
            "M03": 380,
            "M04": None,
            "M05": None,
            "M06": None,
            "M07": -10,
            "M08": -15,
            "M09": 520,
            "M10": 290,
            "M11": 450,
        },
        "survey": {
            "effects": {
                "communication": 0.30,
                "resources": 0.04,
                "disposition": 0.06,
                "structure": 0.48,
                "environment": 0.10,
            },
            "means": {
                "communication": 2.5,
                "resources": 3.7,
                "disposition": 3.8,
                "structure": 2.4,
                "environment": 3.0,
                "outcome": 2.7,
            },
        },
        "interviews": {
            "structure": (13, 1, 2),
            "communication": (11, 1, 2),
            "disposition": (2, 7, 1),
            "resources": (2, 6, 2),
            "environment": (6, 1, 3),
        },
        "its": {
            "refocusing": {"level": -0.10, "slope": "flatten"},
            "socialisation": {"level": 0.10, "slope_share": 1.0},
        },
        "peers": {
            "smart_city_index": {2020: -0.15, 2021: -0.30, 2022: -0.30, 2023: -0.25},
            "spbe_index": {2020: -0.20, 2021: -0.35, 2022: -0.35, 2023: -0.30},
        },
    },
}

# Progress plant: sd of the programme offsets and of the programme-year noise (share of
# target). The noise is kept small because a dimension's pre-window slope rests on two years
# of a mean over only 4-7 programmes; with 3 pp of noise the planted slowdowns were not
# recoverable (the slope change was estimated with an error of about 3 pp/yr).
_PROGRAMME_SD = 0.03
_PROGRAMME_YEAR_SD = 0.015
_SURVEY_N = 300
_SURVEY_FACTOR_CORR = 0.25
_SURVEY_LOADING = 0.85
_SURVEY_ITEM_SD = 0.85
_SURVEY_MISSING = 0.03
_NOT_REPORTED_SHARE = 0.06
_DOUBLE_CODED = 24
_CODER_FACTOR_AGREEMENT = 0.75
_CODER_VALENCE_AGREEMENT = 0.85
_PEER_TREND = {"smart_city_index": 0.15, "spbe_index": 0.20}
_PEER_SCALE = {"smart_city_index": 4.0, "spbe_index": 5.0}
_PEER_BASE = {  # 2014 level by region
    "smart_city_index": {
        REGION: 1.95,
        "Kota Depok": 1.85,
        "Kota Bogor": 1.75,
        "Kota Bandung": 2.20,
        "Kota Tangerang": 2.05,
        "Kota Tangerang Selatan": 1.90,
    },
    "spbe_index": {
        REGION: 1.55,
        "Kota Depok": 1.45,
        "Kota Bogor": 1.35,
        "Kota Bandung": 1.85,
        "Kota Tangerang": 1.60,
        "Kota Tangerang Selatan": 1.50,
    },
}
_PEER_NOISE = 0.03
_PEER_YEAR_SHOCK = 0.03


# --------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoDataset:
    """A generated demo dataset.

    Attributes
    ----------
    tables : dict of str to pandas.DataFrame
        One DataFrame per table of the data model (DESIGN.md §5, plus ``context``), with
        the documented columns and ``source_id`` on every row. Dates are ``datetime64``,
        booleans ``bool``.
    planted : dict
        The planted mechanisms (what the analyses should recover); written as
        ``planted.json``. Documented in ``docs/demo-data.md``.
    seed : int
        The seed the data were drawn with.
    story : str
        ``"default"`` or ``"structure_communication"``.
    """

    tables: dict[str, pd.DataFrame]
    planted: dict[str, Any]
    seed: int
    story: str


def generate(*, seed: int = DEFAULT_SEED, story: str = "default") -> DemoDataset:
    """Draw the synthetic demo dataset.

    Parameters
    ----------
    seed : int, default DEFAULT_SEED
        Seed of ``numpy.random.default_rng``. The same seed and story give identical tables.
    story : {"default", "structure_communication"}
        Which set of planted mechanisms to use (see the module docstring).

    Returns
    -------
    DemoDataset
        ``tables`` holds, with ``source_id`` on every row:

        - ``sources``: source_id, title, publisher, url, date, quality, notes (one
          ``synthetic`` row);
        - ``context``: key, value, source_id (region, regulation, regulation_title,
          enactment_date, evaluation_start/end, stagnation_start/end);
        - ``programs``: program_id, name, dimension, lead_agency, is_quick_win, start_year;
        - ``program_targets``: program_id, indicator, year, unit, target, realisation
          (NaN = not reported), higher_is_better;
        - ``budget``: year, agency, program_id, stage, dimension, amount_idr;
        - ``mandates``: mandate_id, article, instrument, instrument_type, due_date,
          issued_date (NaT = not issued), factor;
        - ``indicators``: indicator_id, name, dimension, unit, higher_is_better, value_type;
        - ``service_monthly``: indicator_id, month, value, exposure (NaN when not used);
        - ``events``: date, label, kind, is_break;
        - ``peer_panel``: region, year, measure, value, scale_max, focal;
        - ``survey_items``: item_id, factor, sub_factor, text, reverse, scale_min, scale_max;
        - ``survey_responses``: respondent_id, agency, role, tenure_years, wave, then one
          nullable-integer column per item_id;
        - ``interview_codes``: excerpt_id, coder, interview_id, stakeholder, factor,
          sub_factor, valence, dimension, quote.

    Raises
    ------
    ParameterError
        If ``seed`` is not a non-negative integer or ``story`` is unknown.
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ParameterError(
            f"seed must be a non-negative integer, got {seed!r}; e.g. seed={DEFAULT_SEED}"
        )
    if story not in _STORY_PARAMS:
        raise ParameterError(
            f"story must be one of {', '.join(repr(s) for s in STORIES)}, got {story!r}"
        )
    seed = int(seed)
    params = _STORY_PARAMS[story]
    # One independent stream per table: changing how one table is drawn leaves the others
    # untouched, while the whole dataset still depends on the one seed.
    streams = dict(
        zip(
            ("targets", "budget", "services", "peers", "survey", "interviews"),
            np.random.default_rng(seed).spawn(6),
            strict=False,
        )
    )

    tables: dict[str, pd.DataFrame] = {}
    tables["sources"] = _sources(seed, story)
    tables["context"] = _context()
    tables["programs"] = _programs()
    tables["program_targets"], progress = _program_targets(streams["targets"], params)
    tables["budget"], budget = _budget(streams["budget"], params)
    tables["mandates"], mandates = _mandates(params)
    tables["indicators"] = _indicators()
    tables["service_monthly"], its = _service_monthly(streams["services"], params)
    tables["events"] = _events(tables["mandates"])
    tables["peer_panel"], peers = _peer_panel(streams["peers"], params)
    tables["survey_items"] = _survey_items()
    tables["survey_responses"], survey = _survey_responses(streams["survey"], params)
    tables["interview_codes"], interviews = _interview_codes(streams["interviews"], params)
    for name, df in tables.items():
        if name != "sources":
            df["source_id"] = SOURCE_ID

    planted = {
        "generator": "evaltools.data.demo",
        "seed": seed,
        "story": story,
        "synthetic": True,
        "source_id": SOURCE_ID,
        "description": params["description"],
        "context": {
            "region": REGION,
            "regulation": REGULATION,
            "regulation_title": REGULATION_TITLE,
            "enactment_date": ENACTMENT_DATE,
            "enactment_date_is_synthetic": True,
            "evaluation_start": YEARS[0],
            "evaluation_end": YEARS[-1],
            "stagnation_start": 2020,
            "stagnation_end": 2021,
            "as_of": AS_OF,
            "peers": list(PEERS),
        },
        "causes_ranked": list(params["causes_ranked"]),
        "not_supported": list(params["not_supported"]),
        "cause_roles": dict(params["cause_roles"]),
        "progress": progress,
        "budget": budget,
        "mandates": mandates,
        "survey": survey,
        "interviews": interviews,
        "its": its,
        "peers": peers,
    }
    return DemoDataset(tables=tables, planted=json_ready(planted), seed=seed, story=story)


def write_demo(
    out_dir: str | os.PathLike[str],
    *,
    seed: int | None = None,
    story: str = "default",
    overwrite: bool = False,
) -> Path:
    """Write the demo dataset as a folder of CSV files plus ``planted.json``.

    Parameters
    ----------
    out_dir : str or path-like
        Folder to write into (created if needed). It must be missing or empty unless
        ``overwrite`` is set.
    seed : int, optional
        Random seed; ``None`` means :data:`DEFAULT_SEED` (the committed ``data/demo/``).
    story : {"default", "structure_communication"}
        Which planted mechanisms to use.
    overwrite : bool
        Write into a folder that already holds files, replacing the demo's file names (other
        files are left alone). Off by default, so a researcher's CSV files are never
        replaced by accident (``evaltools demo --force``).

    Returns
    -------
    pathlib.Path
        The output folder. It holds ``<table>.csv`` for every table (comma-separated,
        UTF-8, ISO dates, booleans ``true``/``false``, blank = missing) and ``planted.json``.
        The same seed and story always give byte-identical files.
    """
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"out_dir {str(out)!r} exists and is not a folder; choose a folder")
    if out.is_dir() and not overwrite and any(out.iterdir()):
        raise ParameterError(
            f"out_dir {str(out)!r} is not empty and was left unchanged; choose a new or empty "
            "folder, or pass --force (overwrite=True) to replace the demo's files in it"
        )
    ds = generate(seed=DEFAULT_SEED if seed is None else seed, story=story)
    out.mkdir(parents=True, exist_ok=True)
    for name, df in ds.tables.items():
        atomic_write(out / f"{name}.csv", frame_to_csv(df))
    planted = json.dumps(ds.planted, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    atomic_write(out / "planted.json", planted.encode("utf-8"))
    return out


def frame_to_csv(df: pd.DataFrame) -> bytes:
    """Serialise a table the way the project's CSV files are written.

    Comma-separated, UTF-8 without BOM, ``\\n`` line ends, ISO dates (YYYY-MM-DD),
    booleans ``true``/``false``, missing values blank, floats with up to 10 significant
    digits. Deterministic for a given frame.

    Parameters
    ----------
    df : pandas.DataFrame
        The table to serialise.

    Returns
    -------
    bytes
        The CSV text, UTF-8 encoded.
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"})
        elif pd.api.types.is_datetime64_any_dtype(s):
            out[col] = s.dt.strftime("%Y-%m-%d").where(s.notna(), "")
    # "%.10g" keeps every digit the generator rounds to and writes whole numbers without ".0".
    return out.to_csv(index=False, lineterminator="\n", na_rep="", float_format="%.10g").encode(
        "utf-8"
    )


# --------------------------------------------------------------------------------------------
# Tables
# --------------------------------------------------------------------------------------------


def _sources(seed: int, story: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source_id": SOURCE_ID,
                "title": SOURCE_TITLE,
                "publisher": "evaltools (generator data demo)",
                "url": "",
                "date": pd.NaT,
                "quality": "synthetic",
                "notes": (
                    f"Dibangkitkan oleh evaltools.data.demo (seed {seed}, cerita '{story}'). Semua "
                    "angka, kutipan, dan tanggal bersifat ilustratif; tanggal penetapan Perda "
                    f"({ENACTMENT_DATE}) sintetis karena tanggal resminya tidak ada dalam sumber. "
                    "Mekanisme yang ditanam: planted.json dan docs/demo-data.md."
                ),
            }
        ]
    ).astype({"date": "datetime64[ns]"})


def _context() -> pd.DataFrame:
    rows = [
        ("region", REGION),
        ("regulation", REGULATION),
        ("regulation_title", REGULATION_TITLE),
        ("enactment_date", ENACTMENT_DATE),
        ("evaluation_start", str(YEARS[0])),
        ("evaluation_end", str(YEARS[-1])),
        ("stagnation_start", "2020"),
        ("stagnation_end", "2021"),
    ]
    return pd.DataFrame(rows, columns=["key", "value"])


def _programs() -> pd.DataFrame:
    rows = [
        {
            "program_id": p[0],
            "name": p[1],
            "dimension": p[2],
            "lead_agency": p[3],
            "is_quick_win": p[4],
            "start_year": p[5],
        }
        for p in _PROGRAMS
    ]
    return pd.DataFrame(rows)


def _achievement_path(a0: float, pre: float, window: float, post: float) -> dict[int, float]:
    """Planted mean achievement (share of target) per year, piecewise linear."""
    a2019 = a0 + pre
    a2021 = a2019 + 2 * window
    return {
        2018: a0,
        2019: a2019,
        2020: a2019 + window,
        2021: a2021,
        2022: a2021 + post,
        2023: a2021 + 2 * post,
    }


def _program_targets(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    progress_params = params["progress"]
    # Programme offsets are centred within each dimension *and start-year cohort*, so that the
    # dimension mean follows the planted path in expectation in every year. Centring over the
    # whole dimension only would leave the 2018 mean (without the programmes that start in
    # 2019) off the path and bias the pre-window slope, which rests on 2018 and 2019 alone.
    # A programme alone in its cohort (each dimension has one 2019 starter) gets offset 0.
    offsets = rng.normal(0.0, _PROGRAMME_SD, len(_PROGRAMS))
    dims = np.array([p[2] for p in _PROGRAMS])
    starts = np.array([p[5] for p in _PROGRAMS])
    for d in DIMENSIONS:
        for first_year in np.unique(starts[dims == d]):
            cohort = (dims == d) & (starts == first_year)
            offsets[cohort] -= offsets[cohort].mean()
    rows = []
    for p, off in zip(_PROGRAMS, offsets, strict=False):
        pid, _, dim, _, _, start, indicator, unit, hib, base, growth, integer = p
        status, a0, pre, win, post = progress_params[dim]
        path = _achievement_path(a0, pre, win, post)
        for year in YEARS:
            noise = rng.normal(0.0, _PROGRAMME_YEAR_SD)
            not_reported = rng.random() < _NOT_REPORTED_SHARE
            if year < start:
                continue
            target, real = target_realisation(
                base * (1.0 + growth) ** (year - 2018),
                max(path[year] + off + noise, 0.2),
                unit=unit,
                higher_is_better=hib,
                integer=integer,
            )
            if not_reported and year > 2018:
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
        status, a0, pre, win, post = progress_params[dim]
        path = _achievement_path(a0, pre, win, post)
        dims_out[dim] = {
            "status": status,
            "achievement_2018_pct": 100 * a0,
            "slope_pre_pp_per_year": 100 * pre,
            "slope_window_pp_per_year": 100 * win,
            "slope_post_pp_per_year": 100 * post,
            "slope_change_pp_per_year": 100 * (win - pre),
            "achievement_pct_by_year": {str(y): 100 * v for y, v in path.items()},
        }
    progress = {
        "measure": (
            "achievement = realisation / target (higher_is_better) or target / realisation "
            "(lower is better), per programme-year, in percent; a dimension's achievement is "
            "the mean over its programmes"
        ),
        "slope_definition": (
            "pre: change per year 2018->2019; window: change per year 2019->2021; post: change "
            "per year 2021->2023 (piecewise-linear planted path)"
        ),
        "window": [2020, 2021],
        "stalled": [d for d in DIMENSIONS if progress_params[d][0] == "stalled"],
        "slowed": [d for d in DIMENSIONS if progress_params[d][0] == "slowed"],
        "on_track": [d for d in DIMENSIONS if progress_params[d][0] == "on_track"],
        "dimensions": dims_out,
        "programme_sd_pp": 100 * _PROGRAMME_SD,
        "noise_sd_pp": 100 * _PROGRAMME_YEAR_SD,
        "not_reported_share": _NOT_REPORTED_SHARE,
        "n_not_reported": int(df["realisation"].isna().sum()),
        "n_programs": len(_PROGRAMS),
    }
    return df, progress


def _budget(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    cut_params = params["cut"]
    status_of = {d: params["progress"][d][0] for d in DIMENSIONS}
    rows = []
    for p in _PROGRAMS:
        pid, _, dim, agency, _, start = p[:6]
        base = float(np.exp(rng.normal(np.log(2.5e9), 0.6)))
        for year in YEARS:
            level_noise = rng.normal(0.0, 0.05)
            cut_noise = rng.normal(0.0, 0.02)
            absorption_noise = rng.normal(0.0, 0.03)
            if year < start:
                continue
            planned = base * 1.06 ** (year - 2018) * np.exp(level_noise)
            cut = cut_params[status_of[dim]].get(year, cut_params["other_years"])
            cut = min(max(cut + cut_noise, 0.0), 0.9)
            absorption = min(max(params["absorption"][year] + absorption_noise, 0.3), 1.0)
            planned_i = int(round(planned, -6))
            revised_i = int(round(planned_i * (1 - cut), -6))
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

    wide = df.pivot_table(
        index=["year", "dimension"], columns="stage", values="amount_idr", aggfunc="sum"
    )
    by_year = wide.groupby(level="year").sum()
    stalled = [d for d in DIMENSIONS if status_of[d] == "stalled"]
    obs_cut_dim = {
        dim: {
            str(y): 1 - wide.loc[(y, dim), "revised"] / wide.loc[(y, dim), "planned"] for y in YEARS
        }
        for dim in DIMENSIONS
    }
    budget = {
        "cut_definition": "cut = 1 - revised / planned (refocusing); absorption = realised / "
        "revised",
        "planted_cut": {
            status: {str(y): cut_params[status].get(y, cut_params["other_years"]) for y in YEARS}
            for status in ("stalled", "slowed", "on_track")
        },
        "planted_cut_by_dimension": {
            dim: {
                str(y): cut_params[status_of[dim]].get(y, cut_params["other_years"]) for y in YEARS
            }
            for dim in DIMENSIONS
        },
        "cut_concentrated_on": stalled if _is_concentrated(cut_params) else [],
        "observed_cut_by_year": {
            str(y): 1 - by_year.loc[y, "revised"] / by_year.loc[y, "planned"] for y in YEARS
        },
        "observed_cut_by_year_dimension": obs_cut_dim,
        "planted_absorption_by_year": {str(y): params["absorption"][y] for y in YEARS},
        "observed_absorption_by_year": {
            str(y): by_year.loc[y, "realised"] / by_year.loc[y, "revised"] for y in YEARS
        },
        "noise_sd": {"cut": 0.02, "absorption": 0.03},
    }
    return df, budget


def _is_concentrated(cut_params: dict) -> bool:
    return cut_params["stalled"][2020] > cut_params["on_track"][2020] + 0.1


def _mandates(params: dict) -> tuple[pd.DataFrame, dict]:
    enact = pd.Timestamp(ENACTMENT_DATE)
    as_of = pd.Timestamp(AS_OF)
    rows, on_time, late, missing = [], [], {}, []
    for mid, article, instrument, itype, factor, due_days in _MANDATES:
        due = enact + pd.Timedelta(days=due_days)
        delay = params["mandates"][mid]
        issued = pd.NaT if delay is None else due + pd.Timedelta(days=delay)
        if delay is not None and issued > as_of:
            raise RuntimeError(f"planted mandate {mid} issued after {AS_OF}")  # pragma: no cover
        if delay is None:
            missing.append(mid)
        elif delay <= 0:
            on_time.append(mid)
        else:
            late[mid] = delay
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
    for mid, *_rest in _MANDATES:
        factor = _rest[3]
        status = "missing" if mid in missing else "late" if mid in late else "on_time"
        by_factor.setdefault(factor, {"on_time": 0, "late": 0, "missing": 0})[status] += 1
    mandates = {
        "as_of": AS_OF,
        "n": len(_MANDATES),
        "on_time": on_time,
        "late_days": late,
        "missing": missing,
        "share_on_time": len(on_time) / len(_MANDATES),
        "mean_delay_days_late": float(np.mean(list(late.values()))) if late else 0.0,
        "by_factor": by_factor,
        "days_overdue_missing_as_of": {
            mid: int((as_of - df.loc[df["mandate_id"] == mid, "due_date"].iloc[0]).days)
            for mid in missing
        },
    }
    return df, mandates


def _indicators() -> pd.DataFrame:
    cols = ["indicator_id", "name", "dimension", "unit", "higher_is_better", "value_type"]
    return pd.DataFrame([{c: s[c] for c in cols} for s in _SERVICES])


def _its_effects(spec: dict, params: dict) -> dict[str, dict[str, float]]:
    """True level and slope change at each break, in the indicator's model scale."""
    its = params["its"]
    scale = spec["effect_scale"]
    slope = spec["slope"]
    ref_level = its["refocusing"]["level"] * scale
    ref_slope = -slope  # "flatten": the trend stops during the shock
    soc_level = its["socialisation"]["level"] * scale
    soc_slope = its["socialisation"]["slope_share"] * slope  # partial (or full) recovery
    return {
        "refocusing": {"level": ref_level, "slope": ref_slope},
        "socialisation": {"level": soc_level, "slope": soc_slope},
    }


def _service_monthly(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    n = len(MONTHS)
    t = np.arange(n, dtype=float)
    break_idx = {k: int(MONTHS.get_loc(pd.Timestamp(v))) for k, v in BREAKS.items()}
    exposures = {
        "population": np.round(2.45e6 * 1.015 ** (t / 12)),
        "taxpayers": np.round(150000 * 1.04 ** (t / 12)),
    }
    frames, per_indicator = [], {}
    for spec in _SERVICES:
        effects = _its_effects(spec, params)
        s1, c1 = spec["seasonal"]
        eta = (
            spec["level"]
            + spec["slope"] * t
            + s1 * np.sin(2 * np.pi * t / 12)
            + c1 * np.cos(2 * np.pi * t / 12)
        )
        for label, idx in break_idx.items():
            post = (t >= idx).astype(float)
            eta = eta + post * (effects[label]["level"] + effects[label]["slope"] * (t - idx))
        if spec["family"] == "poisson":
            exposure = exposures[spec["exposure"]]
            mu = exposure * np.exp(eta + rng.normal(0.0, spec["noise"], n))
            value = rng.poisson(mu).astype(float)
        elif spec["value_type"] == "proportion":
            exposure = rng.poisson(900 * 1.01 ** (t / 12)).astype(float)
            p = np.clip(eta, 0.01, 0.99)
            value = np.round(rng.binomial(exposure.astype(np.int64), p) / exposure, 4)
        else:
            exposure = np.full(n, np.nan)
            e = np.empty(n)
            e[0] = rng.normal(0.0, spec["noise"])
            for i in range(1, n):  # mild AR(1) errors, the reason ITS uses HAC errors
                e[i] = 0.3 * e[i - 1] + rng.normal(0.0, spec["noise"] * np.sqrt(1 - 0.09))
            value = np.round(eta + e, 2 if abs(spec["level"]) < 100 else 1)
        frames.append(
            pd.DataFrame(
                {
                    "indicator_id": spec["indicator_id"],
                    "month": MONTHS,
                    "value": value,
                    "exposure": exposure,
                }
            )
        )
        log_link = spec["family"] == "poisson"
        per_indicator[spec["indicator_id"]] = {
            "family": spec["family"],
            "link": "log" if log_link else "identity",
            "value_type": spec["value_type"],
            "exposure": spec["exposure"],
            "higher_is_better": spec["higher_is_better"],
            "baseline_level": spec["level"],
            "baseline_slope_per_month": spec["slope"],
            "level_change": {k: v["level"] for k, v in effects.items()},
            "slope_change_per_month": {k: v["slope"] for k, v in effects.items()},
            "ratio": (
                {k: float(np.exp(v["level"])) for k, v in effects.items()} if log_link else None
            ),
            "seasonality": {"sin1": s1, "cos1": c1, "amplitude": float(np.hypot(s1, c1))},
            "noise": (
                {"overdispersion_log_sd": spec["noise"]}
                if log_link
                else {"binomial_denominator": "exposure"}
                if spec["value_type"] == "proportion"
                else {"ar1": 0.3, "sd": spec["noise"]}
            ),
        }
    df = pd.concat(frames, ignore_index=True)
    its = {
        "breaks": dict(BREAKS),
        "break_events": dict(BREAK_EVENTS),
        "break_rule": "first post-break month = the calendar month containing the event date",
        "months_between_breaks": break_idx["socialisation"] - break_idx["refocusing"],
        "time_index": "t = months since 2018-01 (0..71)",
        "model": (
            "eta_t = baseline_level + baseline_slope*t + sin1*sin(2*pi*t/12) + "
            "cos1*cos(2*pi*t/12) + sum_k 1[t>=T_k]*(level_change_k + slope_change_k*(t-T_k)); "
            "log link: value ~ Poisson(exposure*exp(eta_t + N(0, overdispersion_log_sd))); "
            "proportion: value = Binomial(exposure, eta_t)/exposure; continuous: eta_t + AR(1)"
        ),
        "indicators": per_indicator,
    }
    return df, its


def _events(mandates: pd.DataFrame) -> pd.DataFrame:
    spbe = mandates.loc[mandates["mandate_id"] == "M10", "issued_date"].iloc[0]
    rows = [
        ("2019-11-15", "Evaluasi Gerakan Menuju 100 Smart City oleh Kominfo", "other", False),
        (
            ENACTMENT_DATE,
            "Penetapan Perda Kota Bekasi No. 2/2020 (tanggal ilustrasi, sintetis)",
            "policy",
            False,
        ),
        (
            BREAK_EVENTS["refocusing"],
            "SKB Mendagri–Menkeu: refocusing APBD untuk COVID-19",
            "budget",
            True,
        ),
        ("2021-06-09", "Evaluasi Kominfo (tinjauan lapangan daring)", "other", False),
        (
            BREAK_EVENTS["socialisation"],
            "Sosialisasi Perda Kota Cerdas kepada ASN oleh Ketua DPRD",
            "socialisation",
            True,
        ),
        (
            spbe.strftime("%Y-%m-%d") if pd.notna(spbe) else "2022-06-15",
            "Penetapan Masterplan SPBE Kota Bekasi",
            "policy",
            False,
        ),
        ("2022-10-03", "Evaluasi Kominfo (dihadiri 21 perangkat daerah)", "other", False),
    ]
    df = pd.DataFrame(rows, columns=["date", "label", "kind", "is_break"])
    df["date"] = pd.to_datetime(df["date"])
    return df.sort_values("date", kind="stable").reset_index(drop=True)


def _peer_panel(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    regions = (REGION, *PEERS)
    rows, measures = [], {}
    for measure in ("smart_city_index", "spbe_index"):
        effects = params["peers"][measure]
        shocks = rng.normal(0.0, _PEER_YEAR_SHOCK, len(PEER_YEARS))
        for region in regions:
            for j, year in enumerate(PEER_YEARS):
                value = (
                    _PEER_BASE[measure][region]
                    + _PEER_TREND[measure] * (year - 2014)
                    + shocks[j]
                    + rng.normal(0.0, _PEER_NOISE)
                )
                if region == REGION:
                    value += effects.get(year, 0.0)
                value = float(np.clip(round(value, 2), 0.0, _PEER_SCALE[measure]))
                rows.append(
                    {
                        "region": region,
                        "year": year,
                        "measure": measure,
                        "value": value,
                        "scale_max": _PEER_SCALE[measure],
                        "focal": region == REGION,
                    }
                )
        post = [effects[y] for y in PEER_YEARS if y >= 2020]
        measures[measure] = {
            "scale_max": _PEER_SCALE[measure],
            "common_trend_per_year": _PEER_TREND[measure],
            "did": float(np.mean(post)),
            "event_study": {str(y): effects.get(y, 0.0) for y in PEER_YEARS},
            "focal_change_per_year": {
                str(y): _PEER_TREND[measure] + effects.get(y, 0.0) - effects.get(y - 1, 0.0)
                for y in PEER_YEARS
                if y >= 2020
            },
            "base_2014": dict(_PEER_BASE[measure]),
        }
    df = pd.DataFrame(rows)
    peers = {
        "focal": REGION,
        "peers": list(PEERS),
        "years": [PEER_YEARS[0], PEER_YEARS[-1]],
        "pre_period": [PEER_YEARS[0], 2019],
        "post_period": [2020, PEER_YEARS[-1]],
        "reference_year": 2019,
        "parallel_pre_trends": True,
        "did_definition": (
            "treated = focal region, post = year >= 2020; true DiD = mean of the focal-year "
            "effects 2020-2023 (pre-period effects are 0)"
        ),
        "noise_sd": {"idiosyncratic": _PEER_NOISE, "common_year_shock": _PEER_YEAR_SHOCK},
        "measures": measures,
    }
    return df, peers


def target_realisation(
    target: float, achievement: float, *, unit: str, higher_is_better: bool, integer: bool
) -> tuple[float, float]:
    """A target and its realisation at a given achievement (realisation / target for a
    higher-is-better indicator, target / realisation otherwise), rounded as an export would be:
    percentages capped (target 95, realisation 100), counts whole, the rest to one decimal.
    Shared by the synthetic generators (demo, stories, the stagnation benchmark)."""
    if unit == "persen":
        target = min(target, 95.0)
    real = target * achievement if higher_is_better else target / achievement
    if unit == "persen":
        real = min(real, 100.0)
    if integer:
        return float(round(target)), float(round(real))
    return round(target, 1), round(real, 1)


def _survey_items() -> pd.DataFrame:
    df = pd.DataFrame(
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
    return df


def _orthonormal_columns(raw: np.ndarray) -> list[np.ndarray]:
    """Centre the columns of ``raw`` and orthonormalise them (modified Gram–Schmidt).

    Each returned column has sample mean 0 and sample variance 1 (ddof = 1), and the columns
    are mutually uncorrelated in the sample. Sums are exact-rounded (``math.fsum``) and the
    rest is element-wise, so the result does not depend on BLAS or on numpy's SIMD paths.
    """
    n = raw.shape[0]
    out: list[np.ndarray] = []
    for j in range(raw.shape[1]):
        v = raw[:, j].astype(float)
        v = v - math.fsum(v.tolist()) / n
        for q in out:
            v = v - (math.fsum((v * q).tolist()) / (n - 1)) * q
        out.append(v / math.sqrt(math.fsum((v * v).tolist()) / (n - 1)))
    return out


def _equicorrelated_r2(beta: list[float], rho: float) -> float:
    """beta' R beta for R with unit diagonal and rho elsewhere, in scalar arithmetic."""
    total = sum(beta)
    sum_sq = sum(b * b for b in beta)
    return (1.0 - rho) * sum_sq + rho * total * total


def _survey_responses(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    n = _SURVEY_N
    effects = params["survey"]["effects"]
    means = params["survey"]["means"]
    rho = _SURVEY_FACTOR_CORR
    beta = [float(effects[f]) for f in FACTORS]
    explained = _equicorrelated_r2(beta, rho)
    # Latent scores hold the plant exactly in the sample: one common and one own column per
    # factor plus the outcome's noise, made orthonormal, give factor scores with mean 0, variance
    # 1 and correlation rho, and an outcome whose regression on them is exactly `beta`. So the
    # demo's survey story does not hang on the luck of one draw; only the item noise and the
    # rounding to the answer scale are random. Scalar and element-wise arithmetic only (no
    # SVD/Cholesky from LAPACK, whose results depend on the CPU and the BLAS build): the demo's
    # bytes are the same on every machine.
    cols = _orthonormal_columns(rng.standard_normal((n, len(FACTORS) + 2)))
    common, noise = cols[0], cols[-1]
    latent = {
        f: math.sqrt(rho) * common + math.sqrt(1.0 - rho) * cols[i + 1]
        for i, f in enumerate(FACTORS)
    }
    outcome = np.zeros(n)
    for f, b in zip(FACTORS, beta, strict=False):  # fixed order, no BLAS dot product
        outcome = outcome + b * latent[f]
    latent["outcome"] = outcome + math.sqrt(1.0 - explained) * noise

    agency = rng.choice(np.array(_SURVEY_AGENCIES), size=n)
    role = rng.choice(np.array(_ROLES), size=n, p=_ROLE_PROBS)
    tenure_lo = {"eselon2": 15, "eselon3": 10, "eselon4": 6, "staf": 1, "fungsional": 2}
    tenure = np.array([rng.integers(tenure_lo[r], 31) for r in role])
    df = pd.DataFrame(
        {
            "respondent_id": [f"R{i:03d}" for i in range(1, n + 1)],
            "agency": agency,
            "role": role,
            "tenure_years": tenure,
            "wave": "W1",
        }
    )
    lam = _SURVEY_LOADING
    for item_id, factor, _sf, reverse, _txt in _ITEMS:
        raw = means[factor] + _SURVEY_ITEM_SD * (
            lam * latent[factor] + np.sqrt(1 - lam**2) * rng.normal(0.0, 1.0, n)
        )
        answer = np.clip(np.round(raw), 1, 5)
        if reverse:  # the respondent answers a negatively worded item
            answer = 6 - answer
        missing = rng.random(n) < _SURVEY_MISSING
        col = pd.array(answer.astype(int), dtype="Int64")
        col[missing] = pd.NA
        df[item_id] = col
    df["tenure_years"] = df["tenure_years"].astype("int64")
    order = sorted(FACTORS, key=lambda f: -effects[f])
    survey = {
        "n_respondents": n,
        "scale": [1, 5],
        "effects": dict(effects),
        "effects_definition": (
            "standardised coefficients of the latent outcome on the five latent factor scores "
            "(multiple regression); items = round(mean + sd*(loading*latent + noise)), clipped "
            "to 1-5, reverse-keyed items stored as 6 - answer"
        ),
        "determinant_order": order,
        "factor_means": dict(means),
        "factor_correlation": _SURVEY_FACTOR_CORR,
        "item_loading": _SURVEY_LOADING,
        "item_sd": _SURVEY_ITEM_SD,
        "missing_share": _SURVEY_MISSING,
        "n_missing": int(df[[i[0] for i in _ITEMS]].isna().sum().sum()),
        "outcome_r2_latent": explained,
        "reverse_items": [i[0] for i in _ITEMS if i[3]],
    }
    return df, survey


def _cohen_kappa(a: list[str], b: list[str]) -> tuple[float, float]:
    a_arr, b_arr = np.array(a), np.array(b)
    observed = float(np.mean(a_arr == b_arr))
    cats = sorted(set(a) | set(b))
    expected = float(sum(np.mean(a_arr == c) * np.mean(b_arr == c) for c in cats))
    kappa = (observed - expected) / (1 - expected) if expected < 1 else 1.0
    return observed, kappa


def _interview_codes(rng: np.random.Generator, params: dict) -> tuple[pd.DataFrame, dict]:
    counts = params["interviews"]
    plan = [
        (f, v)
        for f in FACTORS
        for v, c in zip(("barrier", "enabler", "neutral"), counts[f], strict=False)
        for _ in range(c)
    ]
    plan = [plan[i] for i in rng.permutation(len(plan))]
    n = len(plan)
    interview_of = np.array([iv for iv, _ in _INTERVIEWS] * (n // len(_INTERVIEWS) + 1))[:n]
    interview_of = np.sort(interview_of)
    stakeholder = dict(_INTERVIEWS)
    # Quotes are drawn without replacement from each (factor, valence) bank, cycling only
    # when a bank is exhausted.
    banks = {key: [bank[i] for i in rng.permutation(len(bank))] for key, bank in _QUOTES.items()}
    used = {key: 0 for key in _QUOTES}
    rows = []
    seq: dict[str, int] = {}
    for (factor, valence), iv in zip(plan, interview_of, strict=False):
        bank = banks[(factor, valence)]
        sub, quote = bank[used[(factor, valence)] % len(bank)]
        used[(factor, valence)] += 1
        seq[iv] = seq.get(iv, 0) + 1
        dim = DIMENSIONS[int(rng.integers(len(DIMENSIONS)))] if rng.random() < 0.7 else None
        rows.append(
            {
                "excerpt_id": f"{iv}-{seq[iv]:02d}",
                "coder": _CODERS[0],
                "interview_id": iv,
                "stakeholder": stakeholder[iv],
                "factor": factor,
                "sub_factor": sub,
                "valence": valence,
                "dimension": dim,
                "quote": quote,
            }
        )
    primary = pd.DataFrame(rows)

    double = np.sort(rng.choice(n, size=_DOUBLE_CODED, replace=False))
    second = []
    for i in double:
        r = dict(rows[i])
        r["coder"] = _CODERS[1]
        if rng.random() >= _CODER_FACTOR_AGREEMENT:
            others = [f for f in FACTORS if f != r["factor"]]
            r["factor"] = others[int(rng.integers(len(others)))]
            subs = sorted(
                {s for (f, _v), bank in _QUOTES.items() if f == r["factor"] for s, _q in bank}
            )
            r["sub_factor"] = subs[int(rng.integers(len(subs)))]
        if rng.random() >= _CODER_VALENCE_AGREEMENT:
            others = [v for v in ("barrier", "enabler", "neutral") if v != r["valence"]]
            r["valence"] = others[int(rng.integers(len(others)))]
        second.append(r)
    df = pd.concat([primary, pd.DataFrame(second)], ignore_index=True)
    df = df.sort_values(["excerpt_id", "coder"], kind="stable").reset_index(drop=True)

    first = [rows[i] for i in double]
    f_obs, f_kappa = _cohen_kappa([r["factor"] for r in first], [r["factor"] for r in second])
    v_obs, v_kappa = _cohen_kappa([r["valence"] for r in first], [r["valence"] for r in second])
    interviews = {
        "n_excerpts": n,
        "n_interviews": len(_INTERVIEWS),
        "primary_coder": _CODERS[0],
        "second_coder": _CODERS[1],
        "counts": {
            f: dict(zip(("barrier", "enabler", "neutral"), counts[f], strict=False))
            for f in FACTORS
        },
        "barrier_share": {f: counts[f][0] / sum(counts[f]) for f in FACTORS},
        "enabler_share": {f: counts[f][1] / sum(counts[f]) for f in FACTORS},
        "shares_definition": "share of the primary coder's excerpts of a factor with that valence",
        "n_double_coded": _DOUBLE_CODED,
        "agreement": {
            "factor": {
                "planted_agreement_prob": _CODER_FACTOR_AGREEMENT,
                "observed_agreement": f_obs,
                "cohen_kappa": f_kappa,
            },
            "valence": {
                "planted_agreement_prob": _CODER_VALENCE_AGREEMENT,
                "observed_agreement": v_obs,
                "cohen_kappa": v_kappa,
            },
        },
    }
    return df, interviews
