"""``python -m bench``: run every benchmark and write its JSON to bench/results/."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench import encryption_bench, export_bench, import_bench, sync_bench, workspace_bench

RESULTS = Path(__file__).parent / "results"
BENCHMARKS = {
    "import": import_bench.run,
    "workspace": workspace_bench.run,
    "sync": sync_bench.run,
    "export": export_bench.run,
    "encryption": encryption_bench.run,
}


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("names", nargs="*", choices=[*BENCHMARKS, []], help="default: all")
    args = parser.parse_args()
    RESULTS.mkdir(exist_ok=True)
    for name in args.names or list(BENCHMARKS):
        result = BENCHMARKS[name]()
        out = RESULTS / f"{name}.json"
        out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        print(f"{name}: wrote {out}")
        print(json.dumps(result.get("summary", result), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
