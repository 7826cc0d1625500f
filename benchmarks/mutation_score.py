"""Mutation score per module from mutmut 3's results (``make mutate``).

Reads ``mutants/<module>.py.meta`` (written by ``mutmut run``) for every module listed in
``[tool.mutmut] only_mutate`` of pyproject.toml and prints killed / all mutants. A mutant
counts as killed when a test failed or timed out on it; survivors, mutants no test reaches
and suspicious ones all count against the score. Exits 1 when a module is under the
threshold (90 %) or has no results, so the target fails loudly.

    python benchmarks/mutation_score.py [--threshold 90] [--survivors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

try:  # the installed mutmut's own table, so new exit codes follow the version
    from mutmut.stats import status_by_exit_code as _STATUS
except ImportError:  # pragma: no cover - mutmut is in the dev extra
    _STATUS = None

#: mutmut 3's exit codes (mutmut/stats.py), used only when mutmut cannot be imported.
_FALLBACK = {1: "killed", 3: "killed", 0: "survived", 5: "no tests", 33: "no tests", 36: "timeout"}
_DETECTED = {"killed", "timeout", "caught by type check"}


def status(exit_code: int | None) -> str:
    if _STATUS is not None:
        return str(_STATUS[exit_code])
    return "not checked" if exit_code is None else _FALLBACK.get(exit_code, "suspicious")


def modules() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]
    return list(config.get("only_mutate") or config.get("paths_to_mutate") or [])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--threshold", type=float, default=90.0, help="minimum %% per module")
    parser.add_argument("--survivors", action="store_true", help="list undetected mutants")
    args = parser.parse_args()

    failed = False
    all_killed = all_total = 0
    print(f"{'module':<36} {'killed':>7} {'total':>6} {'score':>7}  other")
    for module in modules():
        meta = ROOT / "mutants" / f"{module}.meta"
        if not meta.exists():
            print(f"{module:<36} no results ({meta.relative_to(ROOT)} missing): run mutmut")
            failed = True
            continue
        codes: dict[str, int | None] = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        statuses = {name: status(code) for name, code in codes.items()}
        counts = Counter(statuses.values())
        killed = sum(counts[s] for s in _DETECTED)
        total = len(statuses)
        score = 100.0 * killed / total if total else 0.0
        others = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()) if s not in _DETECTED)
        mark = "" if score >= args.threshold else f"  < {args.threshold:g}%"
        print(f"{module:<36} {killed:>7} {total:>6} {score:>6.1f}%  {others}{mark}")
        if args.survivors:
            for name, state in sorted(statuses.items()):
                if state not in _DETECTED:
                    print(f"    {state}: {name}")
        failed |= score < args.threshold
        all_killed += killed
        all_total += total
    if all_total:
        print(f"{'all':<36} {all_killed:>7} {all_total:>6} {100 * all_killed / all_total:>6.1f}%")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
