"""Keys the code builds at run time, declared in one place.

A key built from a value (``tr(f"state.{ticket.state.value}")``) is declared here: its
pattern (``{}`` where the value goes) and where the values come from; the translation test
checks both. Each source is one of:

- ``"module:NAME"``: every value of that constant: an Enum's values, a dict's keys, a
  tuple's items; ``"module:NAME.attr"`` takes ``attr`` of each item;
- a plain value (``"unknown"``), when no constant lists it; a tuple mixes both;
- :data:`FALLS_BACK`: the code asks whether the key exists and shows something else when
  it does not (the CLI help, the audit page's words), so no value needs a text.

A pattern with two ``{}`` takes a tuple of two sources (every pair), or one
``"module:NAME"`` dict whose keys are the first values and its items the second.
This module holds no texts (they are in ``ult_desktop/locale``); the script that moves
texts out of Python (``scripts/translations.py move``) leaves it as it is."""

from __future__ import annotations

#: The code tries the key and falls back when the catalogue lacks it.
FALLS_BACK = None

Source = str | tuple[object, ...] | None
#: The survey's items: the nine elements and the SPAK's.
_SKM_ITEMS = ("ult_desktop.core.skm:ELEMENTS.key", "ult_desktop.core.skm:SPAK_ITEMS.key")

RUNTIME_KEYS: dict[str, Source] = {
    "phone.status.{}": "ult_desktop.core.phone:STATUSES",  # the visitor's phone page
    "admin.stations.phone_{}": "ult_desktop.core.phone:PAGE_WORDS",  # its pulse's word
    "cli.argparse.{}": ("argument", "invalid_choice", "unrecognized", "required",
                        "expected_one", "expected_some", "invalid_value", "not_allowed",
                        "one_of", "ambiguous"),  # cli.ARGPARSE_MESSAGES
    "phone.bind.{}": ("port_taken", "not_this_pc", "other"),  # app.phone_serving.BIND_KINDS
    # -- signed updates (app/updates/) ---------------------------------------------------
    "update.outcome.{}": "ult_desktop.app.updates.client:OUTCOMES",
    "update.refused.{}": "ult_desktop.app.updates.client:REFUSALS",
    "update.start.{}": ("same", "switched", "went_back"),  # cli/update_cmds.py cmd_start
    "update.status.{}": "ult_desktop.db.house.fleet:FLEET_STATES",
    "selftest.update.{}": ("ult_desktop.app.updates.station:SUMMARY_STATES", "not_installed"),
    "ministry.refused.{}": "ult_desktop.core.pack:REFUSALS",  # a pack not counted
    "ministry.fig.{}": "ult_desktop.reports.ministry:PRINTED",
    "ministry.window.{}": ("pdf", "xlsx"),  # the window's two saves
    # -- the queue and the guest book ----------------------------------------------------
    "state.{}": "ult_desktop.core.tickets:TicketState",
    "admin.counters.followup_order.{}": "ult_desktop.core.hours:FOLLOWUP_ORDERS",
    "counter.outcome.{}": "ult_desktop.core.tickets:Outcome",
    "counter.channel.{}": "ult_desktop.core.register:Channel",
    # -- SP4N-LAPOR!'s clock (core.evidence.lapor_clock) -----------------------------------
    "evidence.lapor.cat.{}": "ult_desktop.core.evidence:LAPOR_DAYS",
    "evidence.lapor.st.{}": ("met", "late", "running", "warn", "overdue"),
    "backoffice.lapor.{}": ("plan", "done"),
    "report.channel.{}": "ult_desktop.core.register:Channel",
    "prov.col.{}": "ult_desktop.reports.provenance:ACT_COLUMNS",
    "prov.how.{}": ("ult_desktop.reports.provenance_times:STATS",
                    "ult_desktop.reports.provenance_times:MEASURES"),
    "prov.k.{}": ("ult_desktop.reports.provenance_times:MEASURES", "escalations"),
    "prov.how.desk.{}": ("present", "serving", "idle", "idle_waiting", "paused"),  # desk_time
    "prov.k.lapor.{}": ("received", "ult_desktop.reports.provenance_lapor:CLOCKS"),
    "prov.k.outages.{}": ("count", "minutes"),  # reports.provenance_desk.outage_figures
    "prov.k.band.{}": "ult_desktop.reports.provenance_marks:BAND",
    "counter.case_state.{}": "ult_desktop.core.register:CaseState",
    "counter.bucket.{}": "ult_desktop.core.register:CaseBucket",
    "counter.escalated.{}": "ult_desktop.core.register:EscalationTarget",
    "counter.letter.{}": "ult_desktop.core.register:LETTER_TYPES",
    "counter.request.{}": "ult_desktop.core.register:REQUEST_TYPES",
    "evidence.requests.{}": "ult_desktop.db.privacy.person:REQUEST_KINDS",
    "admin.person.col.{}": "ult_desktop.ui.admin.person:_COLUMNS",
    "admin.person.field.{}": "ult_desktop.core.personal_data:CORRECTABLE",
    "person.copy.field.{}": "ult_desktop.reports.person_copy:ABOUT_YOU",
    "person.copy.h.{}": "ult_desktop.reports.person_copy:SECTIONS",
    "person.copy.act.{}": "ult_desktop.reports.person_copy:ACT_WORDS",
    "person.copy.purpose.{}": ("1", "2", "3", "4"),
    "import.field.{}": "ult_desktop.app.online_import:FIELDS",
    "counter.offline.{}": "ult_desktop.db.queue.offline:DESK_ACTS",
    "counter.offline.done_{}": "ult_desktop.db.queue.offline:DESK_ACTS",
    "counter.offline.conflict_{}": ("kept", "set_aside", "kept_finished",
                                    "set_aside_finished", "kept_no_show",
                                    "set_aside_no_show"),
    "evidence.skm.withheld_{}": ("open", "small", "none"),
    "sp.component.{}": ("ult_desktop.core.evidence:SP_OFFICE_KEYS",
                        "ult_desktop.core.evidence:SP_KEYS"),
    "counter.cases.filter.{}": "ult_desktop.ui.counter.cases_panel:FILTERS",
    "counter.call_reason.{}": "ult_desktop.core.queue:CALL_REASONS",
    "counter.pause.{}": "ult_desktop.core.queue:PAUSE_REASONS",
    "admin.counters.order.{}": "ult_desktop.core.queue:ORDER_KINDS",
    "priority.rule.{}": "ult_desktop.core.queue:ORDER_KINDS",
    **dict.fromkeys(("counter.role.{}", "admin.role.{}"), "ult_desktop.core.register:ROLES"),
    "priority.group.{}": ("ult_desktop.core.priority:GROUPS", "unknown"),
    "kiosk.group.{}": "ult_desktop.ui.kiosk.pictograms:GROUPS",
    "admin.counters.policy.{}": "ult_desktop.core.queue:PriorityPolicy",
    # -- back office (SOP 003) -----------------------------------------------------------
    "backoffice.kind.{}": "ult_desktop.core.sop:HandoverKind",
    "backoffice.state.{}": "ult_desktop.core.sop:HandoverState",
    "backoffice.step.{}": "ult_desktop.core.sop:STEPS.key",
    # -- SKM -----------------------------------------------------------------------------
    **dict.fromkeys(("skm.element.{}", "skm.question.{}"), _SKM_ITEMS),
    "skm.answer.{}.{}": (_SKM_ITEMS, ("1", "2", "3", "4")),
    "skm.kinerja.{}": ("A", "B", "C", "D"),
    **dict.fromkeys(("skm.profile.{}", "skm.profile.{}.{}"), "ult_desktop.core.skm:PROFILE"),
    "skm.source.{}": "ult_desktop.db.survey.skm:SOURCES",
    "skm.followup.status.{}": "ult_desktop.db.survey.skm_followups:FOLLOWUP_STATES",
    "skmr.col.{}": ("service", "respondents", "served", "min", "share", "count", "element",
                    "nrr", "nrr_w", "ikm", "ikm_unsur", "mutu", "band", "action", "owner",
                    "target", "status", "fstatus", "period", "change", "moved"),
    # -- admin ---------------------------------------------------------------------------
    "admin.kind.{}": FALLS_BACK,  # an event kind without a name is shown as it is
    "admin.reports.format.{}": "ult_desktop.reports.make:FORMATS",
    "admin.retention.step.{}": ("backups", "rows", "vacuum"),
    "admin.stations.{}": ("online", "offline", "checking"),  # ui.admin.stations' StationView
    "setup.mode.{}.title": "ult_desktop.app.station_config:MODES",
    "setup.mode.{}.hint": "ult_desktop.app.station_config:MODES",
    "backup.daily.outcome.{}": ("claimed", "done_today", "failed", "failed_recently",
                                "not_set", "other_host"),
    # -- audit trail, reconcile, schema guard --------------------------------------------
    **dict.fromkeys(("audit.problem.{}", "audit.explain.{}"), (
        "deleted", "edited", "forged", "impersonated", "inserted", "registration", "root",
        "unsigned", "unregistered")),
    "audit.state.{}": ("pending", "registered", "revoked"),
    "audit.words.key.{}": FALLS_BACK,  # a data key without a word is shown as it is
    "audit.words.channel.{}": FALLS_BACK,
    "reconcile.diff.{}": ("changed", "added", "deleted", "erased", "orphan", "pin", "count",
                          "codes", "authority", "answers", "act"),
    "reconcile.act.{}": ("future", "no_outage", "role", "backdated", "label", "closed_month",
                         "reported_month", "not_own_ticket", "other_counter", "officer",
                         "no_code", "time", "answer_window", "act_edited", "act_signature",
                         "not_waiting", "station", "day", "ticket_id", "reserve", "transition",
                         "kind", "offline_kind", "repeated", "act_chain", "unlisted",
                         "phone_station", "phone_count", "born", "column", "final", "not_today",
                         "once", "followup", "followup_taken", "place", "visit_day", "code",
                         "help_call", "help_twice", "signed_out", "kind_move",
                         "sign_in_proof", "counter", "not_fetching", "reclassify",
                         "act_ticket", "not_holder", "overlap", "range"),
    "reconcile.stated.{}": ("added", "deleted", "changed"),
    "reconcile.rowless.{}": "ult_desktop.core.acts:COUNTED_KINDS",
    "reconcile.who.{}": ("admin", "kiosk", "survey", "counter", "display", "none",
                         "unregistered", "unsigned", "no_admin"),
    "reconcile.table.{}": "ult_desktop.db.record.projection:COVERED.table",
    "guard.error.{}": ("changed", "changed_table", "missing", "missing_table", "unknown",
                       "unknown_table"),
    "guard.reason.{}": ("changed", "missing", "unknown"),
    "guard.type.{}": ("constraint", "function", "index", "object", "policy", "table",
                      "trigger", "view"),
    # -- reports -------------------------------------------------------------------------
    "report.c.{}": ("absent", "called", "cancelled", "channel", "count", "counter", "day", "days",
                    "element", "escalated", "hour", "idle", "idle_waiting", "kinerja", "late",
                    "letter", "mean", "median", "met", "month", "mutu", "no_show", "nrr",
                    "nrr_conv", "officer", "on_time", "online", "open", "open_counters", "opened",
                    "over", "overdue", "p90", "paused", "phone", "present", "priority",
                    "priority_group", "region", "request_type", "rescheduled", "respondents",
                    "served", "service", "serving", "share", "sop_step", "standard", "standin",
                    "target", "tickets", "total"),
    "report.col.{}": ("ult_desktop.reports.export:TICKET_COLUMNS",
                      "ult_desktop.reports.export:REGISTER_COLUMNS",
                      "ult_desktop.reports.export:SKM_COLUMNS",
                      "ult_desktop.reports.export:SOP_COLUMNS"),
    # -- printer, share, selftest, command line ------------------------------------------
    "printer.status.{}": ("config", "cover_open", "cutter_error", "error", "no_answer", "none",
                          "offline", "ok", "paper_low", "paper_out", "preview", "printer_error",
                          "spooler_hung", "unknown", "unreachable"),
    "share.{}": ("conflict", "denied", "guest", "logon", "lost", "no_drive", "no_server",
                 "no_share", "other", "signing"),
    "selftest.status.{}": ("pass", "fail", "skip", "warn"),
    **dict.fromkeys(("selftest.office.{}_test_ok", "selftest.office.{}_test_bad",
                     "selftest.office.{}_silent"), ("printer", "sound", "speech")),
    "selftest.office.speech_lang.{}": "ult_desktop.core.spoken:SPOKEN_LANGUAGES",
    "speak.key.{}": "ult_desktop.ui.kiosk.headset:SPEECH_KEYS",
    "selftest.printer.status_{}": ("bad", "ok", "paper_low", "unknown"),
    "selftest.power.policy.{}": "ult_desktop.app.selftest.power:POLICIES.name",
    "cli.exit.{}": "ult_desktop.cli:EXIT_CODES",
    # tests/test_cli_help.py checks that every command and option has help in both
    # languages; these lookups fall back to the help written beside the option.
    "cli.cmd.{}": FALLS_BACK,
    "cli.opt.{}": FALLS_BACK,
    "cli.opt.{}.{}": FALLS_BACK,
}
