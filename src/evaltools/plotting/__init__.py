"""House style for figures: A4-readable, Indonesian labels, colour-blind-safe colours."""

from evaltools.plotting.style import (
    DIMENSION_COLORS,
    DIMENSION_LABELS,
    FACTOR_COLORS,
    FACTOR_LABELS,
    STRENGTH_COLORS,
    STRENGTH_LABELS,
    apply_style,
    id_number_formatter,
    new_figure,
    plain_text,
)

__all__ = [
    "DIMENSION_COLORS",
    "DIMENSION_LABELS",
    "FACTOR_COLORS",
    "FACTOR_LABELS",
    "STRENGTH_COLORS",
    "STRENGTH_LABELS",
    "apply_style",
    "id_number_formatter",
    "new_figure",
    "plain_text",
]
