"""Words of :mod:`evaltools.analysis.reliability`: alpha, omega, kappa and Landis–Koch."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def _alpha(intro: str, std: str, of: str, items: str, and_: str, resp: str):
    def render(v: Mapping[str, Any], fmt: Any) -> str:
        ci = fmt.ci(v["ci_low"], v["ci_high"], level=v["level"])
        return (
            f"{intro} {fmt.num(v['alpha'], 2)} {ci}, {std} {fmt.num(v['std_alpha'], 2)}, "
            f"{of} {fmt.int(v['n_items'])} {items} {and_} {fmt.int(v['n_respondents'])} {resp}."
        )

    return render


def _kappa(intro: str, of: str, excerpts: str, agreement: str):
    def render(v: Mapping[str, Any], fmt: Any) -> str:
        ci = fmt.ci(v["ci_low"], v["ci_high"], level=v["level"])
        words = fmt.label("landis_koch", v["agreement"])
        return (
            f"{intro} {fmt.num(v['kappa'], 2)} {ci} {of} {fmt.int(v['n'])} {excerpts}: "
            f"{agreement} {words}."
        )

    return render


TEMPLATES = {
    "id": {
        "reliability.alpha": _alpha(
            "Alfa Cronbach skala ini", "alfa terstandar", "dari", "butir", "dan", "responden"
        ),
        "reliability.omega": "Omega McDonald (model satu faktor) {omega:num2}.",
        "reliability.omega_too_few_items": (
            "Omega McDonald memerlukan sedikitnya tiga butir dengan variasi jawaban."
        ),
        "reliability.kappa": _kappa("Kappa Cohen", "dari", "kutipan", "kesepakatan"),
    },
    "en": {
        "reliability.alpha": _alpha(
            "Cronbach's alpha of this scale is",
            "standardised alpha",
            "from",
            "items",
            "and",
            "respondents",
        ),
        "reliability.omega": "McDonald's omega (one-factor model) is {omega:num2}.",
        "reliability.omega_too_few_items": (
            "McDonald's omega needs at least three items whose answers vary."
        ),
        "reliability.kappa": _kappa("Cohen's kappa is", "over", "excerpts", "agreement is"),
    },
}

#: Landis & Koch (1977) benchmarks of a kappa (codes of
#: :func:`evaltools.analysis.reliability.landis_koch`), lower case for use inside a sentence.
LABELS = {
    "id": {
        "landis_koch": {
            "poor": "buruk",
            "slight": "sangat rendah",
            "fair": "cukup",
            "moderate": "sedang",
            "substantial": "substansial",
            "almost_perfect": "hampir sempurna",
            "undefined": "tidak dapat dihitung",
        }
    },
    "en": {
        "landis_koch": {
            "poor": "poor",
            "slight": "slight",
            "fair": "fair",
            "moderate": "moderate",
            "substantial": "substantial",
            "almost_perfect": "almost perfect",
            "undefined": "not computable",
        }
    },
}
