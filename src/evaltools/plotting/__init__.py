"""House style for figures: A4-readable, labels in the report's language, colour-blind safe."""

from evaltools.plotting.style import (
    DIMENSION_COLORS,
    DIMENSION_LABELS,
    FACTOR_COLORS,
    FACTOR_LABELS,
    STRENGTH_COLORS,
    STRENGTH_LABELS,
    LabelView,
    apply_style,
    id_number_formatter,
    new_figure,
    number_formatter,
    plain_text,
)

__all__ = [
    "DIMENSION_COLORS",
    "DIMENSION_LABELS",
    "FACTOR_COLORS",
    "FACTOR_LABELS",
    "LabelView",
    "STRENGTH_COLORS",
    "STRENGTH_LABELS",
    "apply_style",
    "id_number_formatter",
    "new_figure",
    "number_formatter",
    "plain_text",
]
