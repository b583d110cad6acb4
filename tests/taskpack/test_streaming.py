"""Readers stream: reading 8× as many items does not take 8× the memory.

Peak memory is measured with ``tracemalloc`` (Python allocations; Arrow's own buffers are
not seen). Items are a few kilobytes, so a reader that held the whole file, or every record,
would show a peak close to 8× for the larger file; a streaming reader shows the same peak.
"""

from __future__ import annotations

import json
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from taskpack import ItemRecord, PackHeader, Response, Turn, open_source, write_taskpack

#: Items per small file, and bytes of text per item. Parquet is read 2048 rows at a time,
#: so its small file must hold more than one such batch for its peak to be flat.
SMALL = {"jsonl": 300, "jsonl.gz": 300, "hh-rlhf": 300, "sharegpt-json": 300, "parquet": 2100}
ITEM_TEXT = {"parquet": 1_000}
DEFAULT_TEXT = 6_000


def _pool(alphabet: str) -> str:
    """50k characters in an irregular order, so gzip and Parquet cannot shrink them away."""
    return "".join(alphabet[(k * k + 7 * k) % len(alphabet)] for k in range(50_000))


POOLS = {
    "latin": _pool("abcdefghij klmnopqrstuvwxyz .,;"),
    "cjk": _pool("语言模型评测中文字的是了不人我"),
}


def _text(n: int, size: int, pool: str) -> str:
    start = (n * 7919) % (len(POOLS[pool]) - size)
    return POOLS[pool][start : start + size]


def _record(n: int, size: int) -> ItemRecord:
    third = size // 3
    return ItemRecord(
        id=f"item-{n:06d}",
        conversation=(Turn("user", _text(n, third, "latin")),),
        responses=(
            Response("a", _text(n, third, "cjk")),
            Response("b", _text(n + 1, third, "latin")),
        ),
        metadata={"n": n},
    )


def _write_native(path: Path, count: int, size: int) -> None:
    write_taskpack(path, PackHeader("p"), (_record(n, size) for n in range(count)))


def _write_hh(path: Path, count: int, size: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        for n in range(count):
            r = _record(n, size)
            prompt = f"\n\nHuman: {r.conversation[0].content}\n\nAssistant: "
            row = {"chosen": prompt + r.responses[0].content, "rejected": prompt + "no"}
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_sharegpt_array(path: Path, count: int, size: int) -> None:
    with path.open("w", encoding="utf-8") as f:
        f.write("[\n")
        for n in range(count):
            r = _record(n, size)
            row = {
                "conversations": [{"from": "human", "value": r.conversation[0].content}],
                "chosen": {"from": "gpt", "value": r.responses[0].content},
                "rejected": {"from": "gpt", "value": r.responses[1].content},
            }
            f.write(("" if n == 0 else ",\n") + json.dumps(row, ensure_ascii=False, indent=2))
        f.write("\n]\n")


WRITERS: dict[str, tuple[str, Callable[[Path, int, int], None]]] = {
    "jsonl": ("pack.jsonl", _write_native),
    "jsonl.gz": ("pack.jsonl.gz", _write_native),
    "parquet": ("pack.parquet", _write_native),
    "hh-rlhf": ("hh.jsonl", _write_hh),
    "sharegpt-json": ("dpo.json", _write_sharegpt_array),
}


def _peak(read: Callable[[], int]) -> tuple[int, int]:
    """(what ``read`` returned, peak traced bytes while it ran)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        baseline = tracemalloc.get_traced_memory()[0]
        result = read()
        return result, tracemalloc.get_traced_memory()[1] - baseline
    finally:
        tracemalloc.stop()


def _count(path: Path) -> int:
    with open_source(path) as source:
        return sum(1 for _ in source)


def _files(folder: Path, kind: str) -> Iterator[tuple[int, Path]]:
    name, write = WRITERS[kind]
    small = SMALL[kind]
    for count in (small, 8 * small):
        path = folder / f"{count}-{name}"
        write(path, count, ITEM_TEXT.get(kind, DEFAULT_TEXT))
        yield count, path


KINDS = [
    pytest.param(kind, marks=[pytest.mark.slow] if kind == "parquet" else [])
    for kind in sorted(WRITERS)
]


@pytest.mark.parametrize("kind", KINDS)
def test_peak_memory_stays_flat_from_n_to_8n_items(tmp_path: Path, kind: str) -> None:
    (small, small_path), (large, large_path) = _files(tmp_path, kind)
    read_small, peak_small = _peak(lambda: _count(small_path))
    read_large, peak_large = _peak(lambda: _count(large_path))
    assert (read_small, read_large) == (small, large)
    assert peak_large < 2 * peak_small, (peak_small, peak_large)


# Parquet is left out here only for time: its rows become records the same way.
@pytest.mark.parametrize("kind", ["jsonl", "sharegpt-json"])
def test_the_measure_tells_a_list_from_a_stream(tmp_path: Path, kind: str) -> None:
    """The same measure on a reader that keeps everything shows the growth it looks for."""
    (_, small_path), (_, large_path) = _files(tmp_path, kind)

    def keep_all(path: Path) -> int:
        with open_source(path) as source:
            return len(list(source))

    _, peak_small = _peak(lambda: keep_all(small_path))
    _, peak_large = _peak(lambda: keep_all(large_path))
    assert peak_large > 3 * peak_small, (peak_small, peak_large)


def test_progress_is_reported_in_bytes_as_items_stream(tmp_path: Path) -> None:
    path = tmp_path / "pack.jsonl.gz"
    _write_native(path, 2000, 3000)
    progress = []
    with open_source(path) as source:
        assert source.total_bytes == path.stat().st_size
        for n, _ in enumerate(source):
            if n % 100 == 0:
                progress.append(source.bytes_read)
        assert source.bytes_read == source.total_bytes
    assert progress == sorted(progress)
    assert progress[0] < source.total_bytes / 2 < progress[-1]
