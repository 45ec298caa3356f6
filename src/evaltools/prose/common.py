"""Templates shared by every analysis.

``common.text`` prints a finished sentence as-is. It is for text that is already words —
a researcher's own note passed through the API — never for an analysis's finding: analyses
state codes and values, and their words live in their own prose module.
"""

from __future__ import annotations

TEMPLATES = {
    "id": {"common.text": "{text}"},
    "en": {"common.text": "{text}"},
}
