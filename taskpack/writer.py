"""Write task packs: ``.jsonl``, ``.jsonl.gz`` or ``.parquet``, streaming, canonical."""

from __future__ import annotations

import gzip
import io
import json
import os
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from taskpack.native import header_to_dict, item_to_dict
from taskpack.records import ItemRecord, PackHeader


def dumps_line(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_taskpack(path: Path, header: PackHeader, items: Iterable[ItemRecord]) -> None:
    """Write to a temporary file beside ``path`` and rename it into place when complete.

    A crash or an error half-way leaves no half-written pack under the final name.
    """
    partial = path.with_name(path.name + ".partial")
    try:
        if path.name.endswith(".parquet"):
            from taskpack.parquet_io import write_parquet  # pyarrow only when needed

            write_parquet(partial, header, items)
        else:
            with partial.open("wb") as raw:
                if path.name.endswith(".gz"):
                    # mtime=0 and no file name: the same content always gives the same bytes.
                    with (
                        gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as packed,
                        io.TextIOWrapper(packed, encoding="utf-8", newline="\n") as out,
                    ):
                        _write_lines(out, header, items)
                else:
                    with io.TextIOWrapper(raw, encoding="utf-8", newline="\n") as out:
                        _write_lines(out, header, items)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _write_lines(out: IO[str], header: PackHeader, items: Iterable[ItemRecord]) -> None:
    out.write(dumps_line(header_to_dict(header)))
    for record in items:
        out.write(dumps_line(item_to_dict(record)))
