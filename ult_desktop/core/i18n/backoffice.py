"""Texts of the back-office desk, SOP steps and the named office holidays (issue #15)."""


def _t(id_: str, en: str) -> dict[str, str]:
    return {"id": id_, "en": en}


TEXTS = {
    # -- named extra days (admin, holidays page) -------------------------------------------
    "holidays.name_hint": _t("Nama hari libur, mis. HUT Kota", "Name, e.g. City anniversary"),
    "holidays.name_required": _t("Isi nama hari libur dulu, lalu tekan Tambah.",
                                 "Enter the day's name first, then press Add."),
    "holidays.already_named": _t("{day} sudah hari libur: {name}.",
                                 "{day} is already a holiday: {name}."),
}
