"""How honest the wait band is, over a family of simulated office days
(``bench/office_days.py``: the real queue code on a real file, simulated time).

Per scenario (one service; the demo layout, counters sharing services; a counter staffed
late; ISHOMA breaks; a morning rush; 20 % priority; a slow officer; a day the office
cannot clear by closing), 20 seeded days (3 with ``--quick``):

* ``wait_band_hit_rate_<scenario>``: the share called inside the band on their paper, as
  the monthly report counts it (target 0.8);
* ``wait_band_worst_hour_<scenario>``: that share in the worst hour of issue (0.6);
* ``wait_band_late_share_<scenario>``: the share called after the band's end (0.15);
* ``wait_band_median_width_ratio_<scenario>``: the median band's width over the median
  wait (2.5);
* ``wait_band_shown_share_<scenario>``: the tickets that showed a band at all (the others:
  no service times or staffed desk to go on yet);
* ``priority_called_within_10min_share_demo`` and ``..._no_priority_desk``: the share of
  priority visitors first called within 10 minutes, on the demo office's days with
  someone at the priority desk and with nobody there (the promise; target 0.95).

``python bench/run.py --only wait_band [--quick]``.
"""

from __future__ import annotations

DAYS = {False: 20, True: 3}


def run(quick: bool) -> dict[str, float]:
    from bench.office_days import family, priority_figures

    return {**family(DAYS[quick]), **priority_figures(DAYS[quick])}
