"""The price of one PIN guess.

* ``pin_hash_ms``: median time of one ``hash_pin`` at the production scrypt cost, which is
  what one offline guess against a hash copied from the shared file (or the kiosk's
  cache) costs on this PC. Target 150-400 ms; the old cost (N=2^14) was ~55 ms.
* ``pin_hash_old_ms``: the same at the old cost, for comparison.
* ``pin_4digit_crack_h`` / ``pin_6digit_crack_h``: hours one core needs to try every
  4- / 6-digit PIN at the production cost (the policy refuses the trivial ones, so
  these are upper bounds an attacker must expect to spend half of).
* ``pin_login_ms``: a whole ``verify_pin`` (read, scrypt, the lockout bookkeeping write)
  on a local demo database.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _median_ms(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def run(quick: bool) -> dict[str, float]:
    from _common import fresh_db

    from ult_desktop.core import pins
    from ult_desktop.db.house import office
    from ult_desktop.db.house.setup import DEMO_PINS
    from ult_desktop.db.open import open_database

    runs = 3 if quick else 9
    pins.set_cost_for_tests(None)  # measure what offices run, whatever imported us
    hash_ms = _median_ms(lambda: pins.hash_pin("480916"), runs)
    old = pins.Cost(n=2**14, r=8, p=1)
    pins.set_cost_for_tests(old)
    old_ms = _median_ms(lambda: pins.hash_pin("480916"), runs)
    pins.set_cost_for_tests(None)

    db = open_database(fresh_db(), station="bench", mode="bench")
    try:
        office.verify_pin(db, "sari", DEMO_PINS["sari"])  # upgrade the demo hash first
        login_ms = _median_ms(lambda: office.verify_pin(db, "sari", DEMO_PINS["sari"]), runs)
    finally:
        db.close()
    return {
        "pin_hash_ms": hash_ms,
        "pin_hash_old_ms": old_ms,
        "pin_4digit_crack_h": 10**4 * hash_ms / 1000 / 3600,
        "pin_6digit_crack_h": 10**6 * hash_ms / 1000 / 3600,
        "pin_login_ms": login_ms,
    }


if __name__ == "__main__":
    for key, value in run("--quick" in sys.argv).items():
        print(f"{key}: {value:.3f}")
