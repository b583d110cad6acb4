"""Child process for the crash test: saves drafts in a loop, printing each acknowledged save."""

from __future__ import annotations

import sys
from pathlib import Path

from storage import JudgmentRepository, Store


def _never_called(*_args: object) -> list[str]:
    raise AssertionError("drafts are not validated against the rubric")


def main() -> None:
    profile, judgment_id = Path(sys.argv[1]), sys.argv[2]
    with Store.open(profile) as store:
        judgments = JudgmentRepository(store, _never_called)
        start = judgments.get(judgment_id).active_ms
        for n in range(start + 1, start + 100_000):
            judgments.save_draft(judgment_id, {"rationale": "x" * (n % 50), "n": n}, active_ms=n)
            print(n, flush=True)


if __name__ == "__main__":
    main()
