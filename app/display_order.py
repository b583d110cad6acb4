"""The order responses are shown in: shuffled per item, the same every time it is opened.

Position bias (the first response wins more often) is real in preference data. Shuffling
per item and storing the permutation with the judgment lets analysis measure the bias and
undo it. The seed is the device plus the item, so reopening an item never reshuffles it,
while two annotators see different orders.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence


def display_order(response_ids: Sequence[str], item_id: str, seed: str) -> list[str]:
    digest = hashlib.sha256(f"{seed}\x00{item_id}".encode()).digest()
    order = list(response_ids)
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(order)
    return order
