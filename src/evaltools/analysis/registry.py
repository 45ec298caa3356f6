"""The registry of evidence sources: what the diagnosis runs, in which order, on which tables.

Each source of evidence about the causes of a stall (survey, interviews, budget, …) is one
:class:`EvidenceSource`: its name (the ``source`` code of its evidence rows), the tables it
needs, the factors the design expects it to speak to, how it runs and how its result becomes
evidence rows. :func:`evaltools.analysis.diagnosis.diagnose` loops over :func:`sources`; the
lists that used to be written out by hand derive from here:

* :func:`names` — the valid ``source`` codes of an evidence row, in the matrix's column order
  (:data:`evaltools.analysis.evidence.SOURCES`);
* :func:`expected_sources` — factor → the sources the design expects to speak to it; a cell
  without data is shown as "no data" (:data:`evaltools.analysis.diagnosis.EXPECTED_SOURCES`);
* the word for a source comes from the prose layer (kind ``source``), or from the source's
  own ``labels`` when the prose layer has none.

Adding an analysis (say a regression discontinuity) means: write ``analysis/rdd.py``
(``analyze`` and ``evidence``), its words in ``prose/rdd.py`` (templates, and its ``source``
label), one :func:`register` call (below, or in the researcher's own code), and its tests —
``diagnose()`` needs no change (``docs/architecture.md``, "Adding an evidence source").
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from evaltools.errors import ParameterError
from evaltools.vocabulary import FACTORS


@dataclass
class SourceContext:
    """What a source's ``run`` and ``evidence`` may read besides the data.

    Attributes
    ----------
    data : EvalData
        The loaded data.
    stagnation_start, stagnation_end : int
        The stagnation window (years).
    confidence_level : float
        The shared level of intervals and of the evidence rules' significance tests.
    as_of : date-like or None
        Date at which mandate follow-through is judged.
    peers : sequence of str or None
        Peer regions for the peer comparison.
    parts : dict
        Results of the sources run so far, by name (e.g. ``parts["progress"]`` for the budget).
    """

    data: Any
    stagnation_start: int
    stagnation_end: int
    confidence_level: float = 0.95
    as_of: Any = None
    peers: Any = None
    parts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceSource:
    """One source of evidence rows for the diagnosis.

    Attributes
    ----------
    name : str
        The ``source`` code of its evidence rows (``"survey"``, ``"rdd"`` …).
    tables : tuple of str
        Tables of the data it needs, each non-empty; without them it is skipped (its expected
        cells show "no data").
    run : callable
        ``run(data, context) -> result`` (:class:`SourceContext`). An
        :class:`~evaltools.errors.EvaltoolsError` turns into a caveat of the diagnosis.
    evidence : callable
        ``evidence(result, *, confidence_level) -> DataFrame | None``: rows of the evidence
        contract (:func:`evaltools.analysis.evidence.make_evidence_frame`). When it also takes
        a ``context`` keyword it gets the :class:`SourceContext` (e.g. to read another source's
        result from ``context.parts``).
    factors : tuple of str
        The factors the design expects it to speak to (cells of the matrix that are shown as
        "no data" when the source has no row for them).
    order : int
        Column order in the evidence matrix and its figure (smaller first).
    note_when_missing : bool
        Add a caveat when its tables are missing (for a source the answers rest on).
    labels : mapping, optional
        ``{"id": word, "en": word}``: its name in each language, for a source whose prose
        module does not define a ``source`` label (e.g. one registered in a researcher's own
        code).
    """

    name: str
    tables: tuple[str, ...]
    run: Callable[[Any, SourceContext], Any]
    evidence: Callable[..., pd.DataFrame | None]
    factors: tuple[str, ...] = ()
    order: int = 100
    note_when_missing: bool = False
    labels: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise ParameterError(f"evidence source name must be an identifier, got {self.name!r}")
        bad = [f for f in self.factors if f not in FACTORS]
        if bad:
            raise ParameterError(
                f"evidence source {self.name!r}: unknown factor(s) {bad}; use {list(FACTORS)}"
            )
        if not callable(self.run) or not callable(self.evidence):
            raise ParameterError(
                f"evidence source {self.name!r}: run and evidence must be callable"
            )
        object.__setattr__(self, "tables", tuple(self.tables))
        object.__setattr__(self, "factors", tuple(self.factors))

    def available(self, data: Any) -> bool:
        """True when every table it needs is a non-empty DataFrame of ``data``."""
        return all(
            isinstance(getattr(data, t, None), pd.DataFrame) and len(getattr(data, t))
            for t in self.tables
        )

    def rows(self, result: Any, context: SourceContext) -> pd.DataFrame | None:
        """Its evidence rows for ``result`` (calls :attr:`evidence`)."""
        kwargs: dict[str, Any] = {"confidence_level": context.confidence_level}
        if _takes(self.evidence, "context"):
            kwargs["context"] = context
        return self.evidence(result, **kwargs)


def _takes(func: Callable[..., Any], name: str) -> bool:
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return name in params or any(p.kind is p.VAR_KEYWORD for p in params.values())


_REGISTRY: dict[str, EvidenceSource] = {}


def register(source: EvidenceSource, *, replace: bool = False) -> EvidenceSource:
    """Add ``source`` to the registry (run after the sources registered before it).

    Parameters
    ----------
    source : EvidenceSource
    replace : bool
        Replace a source of the same name (keeping its place); otherwise a second source of
        the same name is an error.

    Returns
    -------
    EvidenceSource
        ``source``, so that ``register`` can be used on a module-level definition.
    """
    if not isinstance(source, EvidenceSource):
        raise ParameterError("register needs an EvidenceSource")
    if source.name in _REGISTRY and not replace:
        raise ParameterError(
            f"an evidence source named {source.name!r} is already registered "
            "(pass replace=True to replace it)"
        )
    _REGISTRY[source.name] = source
    return source


def unregister(name: str) -> None:
    """Remove the source ``name`` (an error when there is none)."""
    if name not in _REGISTRY:
        raise ParameterError(f"no evidence source named {name!r} is registered")
    del _REGISTRY[name]


@contextmanager
def registered(*sources: EvidenceSource) -> Iterator[None]:
    """Register ``sources`` inside a ``with`` block only (for tests and one-off analyses)."""
    done = []
    try:
        for s in sources:
            register(s)
            done.append(s.name)
        yield
    finally:
        for name in done:
            _REGISTRY.pop(name, None)


def sources() -> tuple[EvidenceSource, ...]:
    """The registered sources in run order (registration order)."""
    return tuple(_REGISTRY.values())


def get(name: str) -> EvidenceSource:
    """The source ``name``."""
    if name not in _REGISTRY:
        raise ParameterError(f"no evidence source named {name!r}; known: {list(names())}")
    return _REGISTRY[name]


def names() -> tuple[str, ...]:
    """Source codes in the evidence matrix's column order (by ``order``, then registration)."""
    ranked = sorted(enumerate(_REGISTRY.values()), key=lambda item: (item[1].order, item[0]))
    return tuple(s.name for _, s in ranked)


def expected_sources() -> dict[str, tuple[str, ...]]:
    """Factor → the sources the design expects to speak to it, in column order."""
    by_name = _REGISTRY
    return {f: tuple(n for n in names() if f in by_name[n].factors) for f in FACTORS}


def source_label(name: str, language: str | None = None) -> str:
    """The word for a source in ``language``: the prose layer's ``source`` label, else the
    source's own ``labels``, else its name."""
    from evaltools import prose

    lang = prose.get_language(language)
    own = _REGISTRY[name].labels.get(lang) if name in _REGISTRY else None
    return prose.label("source", name, lang, default=own or name)


# --------------------------------------------------------------------------------------------
# The built-in sources (DESIGN.md §3). Run order: progress first (the budget reads its
# verdicts), then the rest.
# --------------------------------------------------------------------------------------------


def _run_progress(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import progress

    return progress.analyze(
        data,
        stagnation_start=ctx.stagnation_start,
        stagnation_end=ctx.stagnation_end,
        confidence_level=ctx.confidence_level,
    )


def _progress_evidence(result: Any, *, confidence_level: float) -> pd.DataFrame:
    from evaltools.analysis import progress

    return progress.evidence(result)


def _run_budget(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import budget

    return budget.analyze(
        data,
        stagnation_start=ctx.stagnation_start,
        stagnation_end=ctx.stagnation_end,
        progress_result=ctx.parts.get("progress"),
    )


def _budget_evidence(
    result: Any, *, confidence_level: float, context: SourceContext
) -> pd.DataFrame:
    from evaltools.analysis import budget

    return budget.evidence(result, context.parts.get("progress"))


def _run_mandates(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import mandates

    return mandates.analyze(data, as_of=ctx.as_of)


def _mandates_evidence(result: Any, *, confidence_level: float) -> pd.DataFrame:
    from evaltools.analysis import mandates

    return mandates.evidence(result)


def _run_survey(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import survey

    return survey.analyze(data, confidence_level=ctx.confidence_level)


def _survey_evidence(result: Any, *, confidence_level: float) -> pd.DataFrame:
    from evaltools.analysis import survey

    return survey.evidence(result)


def _run_interviews(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import interviews

    return interviews.analyze(data, confidence_level=ctx.confidence_level)


def _interviews_evidence(result: Any, *, confidence_level: float) -> pd.DataFrame:
    from evaltools.analysis import interviews

    return interviews.evidence(result)


def _run_its(data: Any, ctx: SourceContext) -> Any:
    from evaltools.analysis import quasi

    return quasi.fit_all_indicators(data, confidence_level=ctx.confidence_level)


def _its_evidence(result: Any, *, confidence_level: float) -> pd.DataFrame:
    from evaltools.analysis import quasi

    return quasi.its_evidence(result, confidence_level=confidence_level)


def _run_peers(data: Any, ctx: SourceContext) -> dict[str, Any]:
    """One comparison per published measure (e.g. smart-city index, SPBE index); their rows
    form one source cell, averaged by the ranking rules."""
    from evaltools.analysis import quasi

    return {
        str(measure): quasi.peer_comparison(
            data,
            measure=str(measure),
            treatment_year=ctx.stagnation_start,
            peers=ctx.peers,
            confidence_level=ctx.confidence_level,
        )
        for measure in sorted(data.peer_panel["measure"].dropna().unique())
    }


def _peers_evidence(results: Mapping[str, Any], *, confidence_level: float) -> Any:
    from evaltools.analysis import quasi

    frames = [quasi.peer_evidence(r, confidence_level=confidence_level) for r in results.values()]
    return pd.concat(frames, ignore_index=True) if frames else None


_ALL = FACTORS
for _source in (
    EvidenceSource(
        "progress",
        ("programs", "program_targets"),
        _run_progress,
        _progress_evidence,
        order=50,
        note_when_missing=True,
    ),
    EvidenceSource(
        "budget",
        ("budget",),
        _run_budget,
        _budget_evidence,
        factors=("resources", "environment"),
        order=30,
    ),
    EvidenceSource(
        "mandates", ("mandates",), _run_mandates, _mandates_evidence, ("structure",), order=40
    ),
    EvidenceSource(
        "survey",
        ("survey_responses", "survey_items"),
        _run_survey,
        _survey_evidence,
        _ALL,
        order=10,
    ),
    EvidenceSource(
        "interviews", ("interview_codes",), _run_interviews, _interviews_evidence, _ALL, order=20
    ),
    EvidenceSource(
        "its",
        ("service_monthly", "events"),
        _run_its,
        _its_evidence,
        ("environment",),
        order=60,
    ),
    EvidenceSource(
        "peers", ("peer_panel",), _run_peers, _peers_evidence, ("environment",), order=70
    ),
):
    register(_source)
del _source

__all__ = [
    "EvidenceSource",
    "SourceContext",
    "expected_sources",
    "get",
    "names",
    "register",
    "registered",
    "source_label",
    "sources",
    "unregister",
]
