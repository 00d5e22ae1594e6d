"""Words of the audit page's detail sentences (core/audit_words.py)."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


_KEYS = {
    "keys": ("pengaturan yang diubah", "settings changed"),
    "username": ("pengguna", "user"),
    "officer": ("petugas", "officer"),
    "officer_id": ("nomor petugas", "officer number"),
    "reason": ("alasan", "reason"),
    "priority": ("prioritas", "priority"),
    "priority_group": ("kelompok rentan", "vulnerable group"),
    "channel": ("kanal", "channel"),
    "outcome": ("hasil layanan", "outcome"),
    "file": ("berkas", "file"),
    "kept": ("salinan lama disimpan di", "old copy kept at"),
    "size": ("ukuran (byte)", "size (bytes)"),
    "service": ("layanan", "service"),
    "services": ("layanan", "services"),
    "counter": ("loket", "counter"),
    "counters": ("loket", "counters"),
    "mode": ("cara", "mode"),
    "printer": ("printer", "printer"),
    "printed_at": ("dicetak pukul", "printed at"),
    "error": ("kesalahan", "error"),
    "from_service": ("dari layanan", "from service"),
    "to_service": ("ke layanan", "to service"),
    "to_counter": ("ke loket", "to counter"),
    "to_officer": ("ke petugas", "to officer"),
    "unit": ("unit utama", "unit"),
    "record_id": ("nomor catatan buku tamu", "register record number"),
    "desk": ("meja", "desk"),
    "restored": ("dipulihkan", "restored"),
    "source": ("sumber", "source"),
    "screen": ("layar", "screen"),
    "before": ("data sebelum tanggal", "data before"),
    "actions": ("tindakan", "actions"),
    "pin_unlocked": ("PIN dibuka kembali", "PIN unlocked"),
    "status": ("status", "status"),
    "element": ("unsur", "element"),
}

TEXTS = {
    **{f"audit.words.key.{k}": _t(i, e) for k, (i, e) in _KEYS.items()},
    "audit.words.yes": _t("ya", "yes"),
    "audit.words.no": _t("tidak", "no"),
    "audit.words.none": _t("(kosong)", "(none)"),
    "audit.words.was": _t("(sebelumnya: {value})", "(was: {value})"),
    "audit.words.all_settings": _t("semua pengaturan", "all settings"),
    "audit.words.channel.walk_in": _t("datang langsung", "walk-in"),
    "audit.words.channel.phone": _t("telepon", "phone"),
    "audit.words.channel.online": _t("daring", "online"),
}
