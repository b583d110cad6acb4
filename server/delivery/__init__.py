"""Delivery exports: judgments to the datasets customers train on, with a manifest receipt.

Pure functions of plain rows (``DeliveryRow``) and rubrics; ``server.admin.exporting`` reads
them from the database for ``prefdesk-server export``.
"""

from server.delivery.deliver import MANIFEST, Options, deliver, file_name
from server.delivery.formats import FORMATS, records, render_prompt
from server.delivery.pairs import Pair, Unpaired, pairs, rewrites, unpaired
from server.delivery.rows import (
    ACCEPTED_OUTCOMES,
    Candidate,
    DeliveryItem,
    DeliveryRow,
    Filters,
    Message,
    Rubrics,
    Selection,
    select,
)
from server.delivery.table import SCHEMA, judgment_table

__all__ = [
    "ACCEPTED_OUTCOMES",
    "FORMATS",
    "MANIFEST",
    "SCHEMA",
    "Candidate",
    "DeliveryItem",
    "DeliveryRow",
    "Filters",
    "Message",
    "Options",
    "Pair",
    "Rubrics",
    "Selection",
    "Unpaired",
    "deliver",
    "file_name",
    "judgment_table",
    "pairs",
    "records",
    "render_prompt",
    "rewrites",
    "select",
    "unpaired",
]
