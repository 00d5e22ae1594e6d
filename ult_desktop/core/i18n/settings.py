"""Names of office settings that have no admin form field of their own
(:mod:`ult_desktop.core.settings` gives every setting a label key)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "settings.pin_min_length": _t("Panjang PIN minimal (petugas)", "Shortest PIN (officers)"),
    "settings.pin_min_length_admin": _t("Panjang PIN minimal (admin dan pimpinan)",
                                        "Shortest PIN (admins and heads)"),
    "settings.pin_max_failures": _t("PIN salah berturut-turut sebelum dikunci",
                                    "Wrong PINs in a row before the lock"),
    "settings.pin_lockout_minutes": _t("Lama penguncian pertama (menit)",
                                       "First lockout (minutes)"),
    "settings.skm_min_group": _t("Jumlah responden minimal per rincian SKM",
                                 "Fewest respondents per SKM breakdown"),
    "settings.skm_display_enabled": _t("Tampilkan hasil SKM di layar antrean",
                                       "Show the SKM result on the lobby display"),
    "settings.skm_published": _t("Hasil SKM yang diumumkan", "Published SKM result"),
}
