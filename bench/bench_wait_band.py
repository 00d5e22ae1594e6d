"""How honest the wait band is, over a family of simulated office days
(``bench/office_days.py``: the real queue code on a real file, simulated time).

Per scenario (one service; the demo layout, counters sharing services; a counter staffed
late; ISHOMA breaks; a morning rush; 20 % priority; a slow officer; a day the office
cannot clear by closing; and ``HARD_DAYS``: the office's breaks with Fridays in real
weeks, a counter signing out for a planned meeting, a fifth of A sent on to C, a block of
booked visits, a slower afternoon, a crowd at the door at opening), 20 seeded days (1
with ``--quick``):

* ``wait_band_hit_rate_<scenario>``: the share called inside the band on their paper, as
  the monthly report counts it (target 0.8);
* ``wait_band_worst_hour_<scenario>``: that share in the worst hour of issue (0.6);
* ``wait_band_late_share_<scenario>``: the share called after the band's end (0.15);
* ``wait_band_median_width_ratio_<scenario>``: the median band's width over the median
  wait (2.5);
* ``wait_band_shown_share_<scenario>``: the tickets that showed a band at all (the others:
  no service times or staffed desk to go on yet);
* ``wait_band_upper_lower_<scenario>``: the median upper / lower end of the bands with 3
  or more ahead ("kurang dari X" counts as unbounded) (2.5);
* ``wait_band_past_closing_<scenario>``: bands ending after closing (0);
* ``wait_band_not_today_share_<scenario>`` and ``..._not_today_called_before_14``: the
  tickets told "mungkin tidak terlayani hari ini", and those of them called before 14:00;
* ``band_at_issue_p95_ms``: the band read at issue on a 2,000-ticket morning (20), and
  ``band_at_issue_unbounded_p95_ms`` with no closing to cut the run short;
* ``priority_called_within_10min_share_demo`` and ``..._no_priority_desk``: the share of
  priority visitors first called within 10 minutes, on the demo office's days with
  someone at the priority desk and with nobody there (the promise; target 0.95).

``python bench/run.py --only wait_band [--quick]``.
"""

from __future__ import annotations

DAYS = {False: 20, True: 1}


def run(quick: bool) -> dict[str, float]:
    from bench.office_days import family, priority_figures

    return {**family(DAYS[quick]), **priority_figures(DAYS[quick]), **band_at_issue()}


def band_at_issue(tickets: int = 2000, samples: int = 200) -> dict[str, float]:
    """``band_at_issue_p95_ms``: the band read as the kiosk reads it after issuing
    (``db.queries.read_ticket_band``: the people ahead and the run of the call order) on
    a morning with *tickets* waiting at three desks (taken 08:00-08:35), for tickets all
    along the line, the office serving until 16:00 with its break 12:00-13:00;
    ``band_at_issue_unbounded_p95_ms``: the same with the desks serving until 23:59
    (the run goes through the whole line, never cut short by closing)."""
    import random
    import time
    from datetime import datetime, timedelta, timezone

    from bench._common import fresh_db, percentile
    from ult_desktop.db import queries
    from ult_desktop.db.house import office
    from ult_desktop.db.open import open_database
    from ult_desktop.db.queue.desk import call_next, finish
    from ult_desktop.db.queue.numbers import issue_ticket
    from ult_desktop.db.record import audit

    start = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)  # 08:00 WIB, a Monday
    db = open_database(fresh_db(), station="band-bench", mode="counter")
    figures: dict[str, float] = {}
    try:
        office.set_settings(db, serving_until="16:00", close_time="15:00",
                            break_daily="12:00-13:00")
        for counter, officer in ((1, "sari"), (2, "budi"), (3, "dewi")):
            audit.record_session(db, audit.OFFICER_LOGIN, officer, counter=counter, now=start,
                                 screen="counter")
        rng, now, line = random.Random(5), start, []
        for n in range(tickets + 30):
            now += timedelta(seconds=1)
            ticket = issue_ticket(db, service="A" if n < 30 else rng.choice("ABC"),
                                  priority=n >= 30 and rng.random() < 0.05, now=now)
            if n < 30:  # the morning's visits: the office's service times
                call_next(db, counter=1, now=now)
                finish(db, counter=1, now=now + timedelta(minutes=6))
            else:
                line.append(ticket)
        chosen = rng.sample(line, samples - 1) + [line[-1]]
        # the same morning read twice: the office closing at 16:00, then serving till 23:59
        for until, name in (("16:00", "band_at_issue"), ("23:59", "band_at_issue_unbounded")):
            office.set_settings(db, serving_until=until)
            costs = []
            for ticket in chosen:
                began = time.perf_counter()
                db.read(lambda conn, t=ticket: queries.read_ticket_band(conn, t, now))
                costs.append((time.perf_counter() - began) * 1000)
            figures[f"{name}_p95_ms"] = percentile(costs, 95)
            figures[f"{name}_max_ms"] = max(costs)
    finally:
        db.close()
    return figures


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    for key, value in band_at_issue().items():
        print(f"{key}: {value:.1f}")
