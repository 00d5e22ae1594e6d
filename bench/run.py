"""Run every benchmark: ``python bench/run.py [--quick] [--only NAME]``.

Each ``bench/bench_<area>.py`` defines ``run(quick: bool) -> dict[str, float]``; this
prints one ``name: value`` line per figure. Benchmarks measure; tests judge behaviour.
A bench that cannot end with its figures ends with one line, ``<bench>: error <reason>``
(a worker that died or did not answer in time, a bench over ``--limit`` seconds); one
this machine cannot run says ``<bench>: skipped <reason>`` (no FUSE, no PostgreSQL, no
bundle built). The processes a bench started are ended with it, and end by themselves
when this run is killed (``_common.popen``, ``_common.process``).
"""

from __future__ import annotations

import argparse
import importlib
import os
import shutil
import signal
import sys
import tempfile
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from _common import Skipped, Stalled, end_children  # noqa: E402


def _over_time(limit: int):
    def handler(_signum, _frame):
        raise Stalled(f"not done in {limit} s (--limit)")
    return handler


_STOPS = [getattr(signal, n) for n in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, n)]


def _stopped(number, _frame):
    """A stop asked of the run (also while a bench's windows hold their own handler, which
    tells this one): the bench under way ends with its processes, the run with it."""
    raise KeyboardInterrupt(f"signal {number}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="short run")
    parser.add_argument("--only", action="append", help="run only bench_<NAME>.py")
    parser.add_argument("--limit", type=int, default=None,
                        help="seconds a bench may take (default 1800 with --quick, else 7200)")
    args = parser.parse_args()
    limit = args.limit or (1800 if args.quick else 7200)
    # the stations a bench starts keep their journals, keys and logs in the run's own
    # folder (inherited by the processes they start), never in this account's
    work = Path(tempfile.mkdtemp(prefix="ult-bench-run-"))
    os.environ.setdefault("ULT_DATA_DIR", str(work / "data"))
    os.environ.setdefault("ULT_JOURNAL_DIR", str(work / "journal"))
    for number in _STOPS[1:]:
        signal.signal(number, _stopped)
    timed = hasattr(signal, "SIGALRM")
    if timed:
        signal.signal(signal.SIGALRM, _over_time(limit))
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        name = path.stem.removeprefix("bench_")
        if args.only and name not in args.only:
            continue
        started = time.perf_counter()
        handlers = {n: signal.getsignal(n) for n in _STOPS}
        if timed:
            signal.alarm(limit)
        try:
            figures = importlib.import_module(path.stem).run(args.quick)
        except Skipped as exc:  # this machine lacks what it needs: said, not a failure
            print(f"{name}: skipped {exc}", flush=True)
            continue
        except (Exception, KeyboardInterrupt) as exc:
            failed += 1
            if not isinstance(exc, Stalled):
                print("# " + traceback.format_exc().replace("\n", "\n# "), file=sys.stderr)
            reason = " ".join(str(exc).split()) or type(exc).__name__
            print(f"{name}: error {reason}", flush=True)
            if isinstance(exc, KeyboardInterrupt):
                break
            continue
        finally:
            if timed:
                signal.alarm(0)
            # a bench that opened the product's windows left their stop handlers (they
            # wake a Qt loop that no longer runs): Ctrl+C and a stop work again
            for number, handler in handlers.items():
                signal.signal(number, handler)
            signal.set_wakeup_fd(-1)
            left = end_children()
            if left:
                print(f"# {name} left {len(left)} process(es) running: ended", flush=True)
        for key, value in figures.items():
            print(f"{key}: {value:.3f}" if isinstance(value, float) else f"{key}: {value}",
                  flush=True)
        print(f"# {name} took {time.perf_counter() - started:.1f} s", flush=True)
    shutil.rmtree(work, ignore_errors=True)  # the stations' journals, keys and logs
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
