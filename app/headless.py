"""The headless commands: import, export, doctor. Errors are one clear line, never a traceback."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

from app.encryption import open_store
from app.paths import default_data_dir, demo_data_dir
from app.progress import TerminalProgress
from storage import (
    Store,
    StoreError,
    export_pack,
    import_source,
    run_doctor,
)
from taskpack import TaskPackError


def _data_dir(args: argparse.Namespace) -> Path:
    if args.demo:
        return demo_data_dir(args.data_dir)
    return args.data_dir or default_data_dir()


def run(args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    try:
        with open_store(_data_dir(args)).store as store:
            if args.command == "import":
                return _import(store, args, out, err)
            if args.command == "export":
                return _export(store, args, out)
            return _doctor(store, args, out)
    except (StoreError, TaskPackError) as exc:
        print(f"prefdesk: error: {exc}", file=err)
        return 1
    except OSError as exc:
        name = exc.filename if exc.filename else ""
        print(f"prefdesk: error: {name}: {exc.strerror or exc}", file=err)
        return 1


def _import(store: Store, args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    for path in args.packs:
        bar = TerminalProgress(f"importing {path.name}", err)
        try:
            report = import_source(
                store, path, format=args.format, project_id=args.project, progress=bar.update
            )
        except TaskPackError as exc:
            bar.close()
            print(f"prefdesk: error: {exc}", file=err)
            print(f"prefdesk: nothing from {path.name} was imported", file=err)
            return 1
        bar.close()
        repeated = f", {report.repeated_rows} repeated rows skipped" if report.repeated_rows else ""
        print(
            f"{path.name}: {report.format}, {report.rows} rows → {report.added} items added, "
            f"{report.unchanged} already present{repeated} "
            f"(project {report.project_id}, batches {', '.join(report.batches) or '-'})",
            file=out,
        )
    return 0


def _export(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    target: Path = args.out
    suffix = {"jsonl": ".jsonl", "jsonl.gz": ".jsonl.gz", "parquet": ".parquet"}[args.format]
    if not target.name.endswith(suffix):
        target = target.with_name(target.name + suffix)
    report = export_pack(store, target, project_id=args.project)
    print(
        f"exported {report.items} items in {report.batches} batches of project "
        f"{report.project_id} to {report.path}",
        file=out,
    )
    return 0


def _doctor(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    report = run_doctor(store)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2), file=out)
        return 0 if report.healthy else 1
    pending = report.pending
    lines = [
        f"store        {report.path} ({report.file_bytes:,} bytes, WAL {report.wal_bytes:,})",
        f"device       {report.device_id}",
        f"schema       {report.schema_revision} (this build: {report.expected_revision})",
        f"durability   journal={report.journal_mode} synchronous={report.synchronous} "
        f"foreign_keys={'on' if report.foreign_keys else 'off'}",
        f"integrity    {'ok' if report.integrity == ['ok'] else '; '.join(report.integrity)}",
        "counts       " + ", ".join(f"{k} {v:,}" for k, v in report.counts.items()),
        "judgments    "
        + (
            ", ".join(f"{k} {v:,}" for k, v in sorted(report.judgments_by_status.items())) or "none"
        ),
        f"pending sync {pending.queued:,} queued"
        + (f" (oldest {pending.oldest_queued_at})" if pending.oldest_queued_at else "")
        + f", {pending.acked:,} acked, {pending.rejected:,} rejected, "
        f"{pending.needs_attention:,} need attention",
    ]
    lines.append(
        "healthy" if report.healthy else "problems:\n  - " + "\n  - ".join(report.problems)
    )
    print("\n".join(lines), file=out)
    return 0 if report.healthy else 1
