"""Run every benchmark: ``python bench/run.py [--quick] [--only NAME]``.

Each ``bench/bench_<area>.py`` defines ``run(quick: bool) -> dict[str, float]``; this
prints one ``name: value`` line per figure. Benchmarks measure; tests judge behaviour.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run")
    parser.add_argument("--only", action="append", help="run only bench_<NAME>.py")
    args = parser.parse_args()
    # the stations a bench starts keep their journals, keys and logs in the run's own
    # folder (inherited by the processes they start), never in this account's
    work = Path(tempfile.mkdtemp(prefix="ult-bench-run-"))
    os.environ.setdefault("ULT_DATA_DIR", str(work / "data"))
    os.environ.setdefault("ULT_JOURNAL_DIR", str(work / "journal"))
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        try:
            figures = importlib.import_module(path.stem).run(args.quick)
        except Exception:
            failed += 1
            print(f"# {name} failed:\n# " + traceback.format_exc().replace("\n", "\n# "),
                  file=sys.stderr)
            continue
        for key, value in figures.items():
            print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}",
                  flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
