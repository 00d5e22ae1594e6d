"""Where the evidence pack's registers come from (``reports.provenance_evidence``): the
requests about a person's data (UU 27/2022) and the SKM result's publications. The admin
PC answers requests the test dates and publishes the result; the oracle is the test's own
plan (which request came when, how long its answer took by the test's clock), never the
layer's counting. The lobby TV's key then signs the same acts: no figure lists them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from ult_desktop.core.i18n import tr
from ult_desktop.db.privacy import person
from ult_desktop.db.record.events import append_event
from ult_desktop.db.survey import skm as skm_db
from ult_desktop.reports.provenance import explain_month

#: person -> (hours before now the request came, formats given): 1 and 3 in time (within
#: 3 x 24 hours), 2 late; 1 asked for a second format of the same request (one entry)
PLAN = {1: (5, ("pdf", "json")), 2: (80, ("pdf",)), 3: (71, ("json",))}


def test_the_requests_register_and_the_publications_are_the_admin_s_acts(judged_pcs):
    admin, tv = judged_pcs["admin"], judged_pcs["tv"]
    now = datetime.now(timezone.utc)
    received = {p: (now - timedelta(hours=h)).isoformat() for p, (h, _) in PLAN.items()}
    for p, (_, formats) in PLAN.items():
        for fmt in formats:  # (each format given on its own, as the Admin page can)
            person.note_copy_given(admin, p, fmt, received[p], now=now)
    for n in range(2):
        skm_db.publish_result(admin, result={"period": f"{now.year}-S{n + 1}", "ikm": 88.0})
    # the TV's key signs a copy "given" and a publication: the table of acts refuses both
    tv.write(lambda conn: append_event(conn, tv.station, "person_shown", at=now, data={
        "person": 9, "formats": ["pdf"], "received": received[1]}))
    tv.write(lambda conn: append_event(conn, tv.station, "settings_changed",
                                       data={"keys": ["skm_published"]}))

    year = str(now.year)
    this_year = {p for p in PLAN if received[p][:4] == year}
    in_time = {p for p in this_year if PLAN[p][0] <= 72}
    month = explain_month(admin, year, now=now + timedelta(minutes=5))

    def day(p: int) -> str:
        return received[p][:10]

    requests = month.figures.get("privacy.requests")
    assert requests is not None and requests.value == requests.printed == len(this_year)
    assert {a.station for a in requests.acts} == {admin.station}
    assert {a.kind for a in requests.acts} == {"person_shown"}
    shown = tr("evidence.requests.person_shown")
    assert sorted(a.thing for a in requests.acts) == sorted(
        tr("prov.thing.request", act=shown, day=day(p)) for p in this_year)
    answered = month.figures["privacy.in_time"]
    assert answered.value == answered.printed == len(in_time) and len(in_time) < len(this_year)
    assert sorted(a.thing for a in answered.acts) == sorted(
        tr("prov.thing.request", act=shown, day=day(p)) for p in in_time)

    published = month.figures["publication.skm"]
    assert published.value == published.printed == 2
    assert [a.station for a in published.acts] == [admin.station] * 2
    assert {a.thing for a in published.acts} == {
        tr("prov.thing.publication", day=now.isoformat()[:10])}
    for key in ("privacy.requests", "privacy.in_time", "publication.skm"):
        assert month.figures[key].label and month.figures[key].label != key

    # a month's explanation lists the same acts, but the monthly report prints no such figure
    first = explain_month(admin, received[1][:7], now=now + timedelta(minutes=5))
    assert first.figures["privacy.requests"].printed is None
    assert tv.station not in {a.station for a in first.figures["privacy.requests"].acts}
