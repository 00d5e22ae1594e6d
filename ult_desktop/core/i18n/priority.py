"""Names of the priority groups (kelompok rentan, core/priority.py)."""

from ult_desktop.core.i18n import _t

TEXTS = {
    "priority.group.disability": _t("Penyandang disabilitas", "Persons with disabilities"),
    "priority.group.elderly": _t("Lanjut usia", "Elderly"),
    "priority.group.pregnant": _t("Ibu hamil / menyusui", "Pregnant / nursing mothers"),
    "priority.group.children": _t("Anak-anak", "Children"),
    "priority.group.disaster": _t("Korban bencana", "Disaster victims"),
    "priority.group.unknown": _t("Kelompok tidak dicatat", "Group not recorded"),
    "priority.go_to": _t("Anda didahulukan di {counters}", "You go first at {counters}"),
    "priority.counter": _t("Loket {number}", "Counter {number}"),
}
