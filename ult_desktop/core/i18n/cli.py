"""Texts of the headless commands."""

TEXTS = {
    "cli.created": {"id": "Basis data dibuat: {path}", "en": "Database created: {path}"},
    "cli.created_demo": {
        "id": "Basis data demo dibuat: {path} (PIN petugas ada di README)",
        "en": "Demo database created: {path} (officer PINs are in README)"},
    "cli.need_counter_or_ticket": {
        "id": "sebutkan --counter N atau --ticket NOMOR",
        "en": "give --counter N or --ticket NUMBER"},
    "cli.mode_unavailable": {
        "id": "mode {mode} tidak tersedia dalam versi ini",
        "en": "mode {mode} is not available in this build"},
    "cli.need_db": {
        "id": "lokasi basis data belum diberikan; pakai --db FILE atau variabel ULT_DB",
        "en": "no database given; use --db FILE or the ULT_DB variable"},
    "cli.ticket": {
        "id": "{number}  {service}{priority}  ({ahead} orang di depan, perkiraan {wait} menit)",
        "en": "{number}  {service}{priority}  ({ahead} ahead, about {wait} min)"},
    "cli.ticket_only": {"id": "{number}  {service}{priority}",
                        "en": "{number}  {service}{priority}"},
    "cli.priority_mark": {"id": " [PRIORITAS]", "en": " [PRIORITY]"},
    "cli.priority_group_mark": {"id": " [PRIORITAS: {group}]", "en": " [PRIORITY: {group}]"},
    "cli.called": {"id": "Nomor {number} dipanggil ke loket {counter}",
                   "en": "Number {number} called to counter {counter}"},
    "cli.nobody_waiting": {"id": "Tidak ada antrean menunggu untuk loket {counter}.",
                           "en": "Nobody is waiting for counter {counter}."},
    "cli.state": {"id": "{number}: {state}", "en": "{number}: {state}"},
    "cli.backup_done": {"id": "Cadangan dibuat: {path}", "en": "Backup written: {path}"},
    "cli.check_ok": {"id": "Basis data sehat: {path}", "en": "Database is healthy: {path}"},
    "cli.check_bad": {"id": "Basis data RUSAK: {path}; pulihkan dari cadangan terakhir.",
                      "en": "Database is DAMAGED: {path}; restore the latest backup."},
    "cli.check_references": {
        "id": "Ada baris yang menunjuk ke data yang tidak ada ({detail}); bandingkan dengan "
              "cadangan terakhir dan laporkan ke pengelola sistem.",
        "en": "Some rows point at data that is not there ({detail}); compare with the latest "
              "backup and tell the system administrator."},
    "cli.status_line": {"id": "{prefix} {name}: {waiting} menunggu",
                        "en": "{prefix} {name}: {waiting} waiting"},
    "cli.counter_line": {"id": "Loket {number}: {ticket}", "en": "Counter {number}: {ticket}"},
}
