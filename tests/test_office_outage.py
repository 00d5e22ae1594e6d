"""The office keeps serving through an outage: real processes
on the FUSE share (two kiosks with their journals, three counters serving by the paper
and saying their calls on the LAN, the TV listening), the share away, then back: every
ticket issued once, every call of the outage heard by the TV, nothing lost or doubled,
the record reconciled and the day's report equal to what was done. The same with the
LAN down too, and with a kiosk killed during the outage and started again on another
spelling of the share's path (a link to its folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_share import office_outage

OUTAGE_S = 12.0


@pytest.mark.parametrize("lan_up, kill_kiosk", [(True, False), (False, True)],
                         ids=["lan-up", "lan-down-kiosk-re-pointed"])
def test_the_office_serves_through_an_outage_and_merges_once(slow_share, tmp_path: Path,
                                                             lan_up, kill_kiosk):
    figures = office_outage(slow_share, OUTAGE_S, tmp_path, lan_up=lan_up,
                            kill_kiosk=kill_kiosk, repoint=kill_kiosk)
    assert figures["tickets_during"] > 0 and figures["calls_during"] > 0, figures
    assert figures["refused"] == 0 and figures["lost"] == 0, figures
    assert figures["duplicates"] == 0, figures
    assert figures["numbers_reissued"] == 0, figures  # the kiosk re-pointed mid-outage
    assert figures["reconciled"] == 1.0, figures
    assert figures["report_matches"] == 1.0, (  # which side is off, not cut short
        f"the report counts {figures['served_in_report']:g} served, the counters logged "
        f"{figures['finishes_logged']:g} finishes, {figures['acts_set_aside']:g} acts set aside")
    assert figures["calls_seen_ratio"] == (1.0 if lan_up else 0.0), figures
    assert figures["merge_s"] <= 10, figures
    # the report's outage line: the share's real window (after the last write before it,
    # back by the first after) and the tickets printed from held numbers meanwhile
    assert figures["report_outages"] == 1, figures
    assert abs(figures["report_outage_held"] - figures["tickets_during"]) <= \
        figures["tickets_at_edges"], figures
    assert -3 <= figures["report_outage_since_s"] <= 0.5, figures
    assert 0 <= figures["report_outage_until_s"] <= 10, figures
