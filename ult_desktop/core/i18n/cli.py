"""Texts of the headless commands."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "cli.created": _t("Basis data dibuat: {path}", "Database created: {path}"),
    "cli.created_demo": _t("Basis data demo dibuat: {path} (PIN petugas ada di README)",
                           "Demo database created: {path} (officer PINs are in README)"),
    "cli.need_counter_or_ticket": _t("sebutkan --counter N atau --ticket NOMOR",
                                     "give --counter N or --ticket NUMBER"),
    "cli.mode_unavailable": _t("mode {mode} tidak tersedia dalam versi ini",
                               "mode {mode} is not available in this build"),
    "cli.need_db": _t("lokasi basis data belum diberikan; pakai --db FILE atau variabel ULT_DB",
                      "no database given; use --db FILE or the ULT_DB variable"),
    "cli.ticket": _t("{number}  {service}{priority}  ({ahead} orang di depan{wait})",
                     "{number}  {service}{priority}  ({ahead} ahead{wait})"),
    "cli.ticket_only": _t("{number}  {service}{priority}", "{number}  {service}{priority}"),
    "cli.priority_mark": _t(" [PRIORITAS]", " [PRIORITY]"),
    "cli.priority_group_mark": _t(" [PRIORITAS: {group}]", " [PRIORITY: {group}]"),
    "cli.called": _t("Nomor {number} dipanggil ke loket {counter}",
                     "Number {number} called to counter {counter}"),
    "cli.nobody_waiting": _t("Tidak ada antrean menunggu untuk loket {counter}.",
                             "Nobody is waiting for counter {counter}."),
    "cli.visit_booked": _t("Kunjungan lanjutan {day} pukul {opens}-{closes}; kode {code}",
                           "Follow-up visit {day} {opens}-{closes}; code {code}"),
    "cli.state": _t("{number}: {state}", "{number}: {state}"),
    "cli.import_bad_map": _t("--map butuh FIELD=KOLOM dengan FIELD salah satu dari: {fields}.",
                             "--map needs FIELD=HEADER with FIELD one of: {fields}."),
    "cli.paused": _t("Loket {counter} dijeda: {reason}", "Counter {counter} paused: {reason}"),
    "cli.resumed": _t("Loket {counter} kembali melayani", "Counter {counter} is serving again"),
    "cli.backup_done": _t("Cadangan dibuat: {path}", "Backup written: {path}"),
    "cli.check_ok": _t("Basis data sehat: {path}", "Database is healthy: {path}"),
    "cli.check_bad": _t("Basis data RUSAK: {path}; pulihkan dari cadangan terakhir.",
                        "Database is DAMAGED: {path}; restore the latest backup."),
    "cli.check_references": _t("Ada baris yang menunjuk ke data yang tidak ada ({detail}); "
                               "bandingkan dengan cadangan terakhir dan laporkan ke pengelola "
                               "sistem.",
                               "Some rows point at data that is not there ({detail}); compare "
                               "with the latest backup and tell the system administrator."),
    "cli.status_line": _t("{prefix} {name}: {waiting} menunggu",
                          "{prefix} {name}: {waiting} waiting"),
    "cli.counter_line": _t("Loket {number}: {ticket}", "Counter {number}: {ticket}"),
}
