"""Signed updates from the office share: the admin PC's and the stations' words."""

from ult_desktop.core.i18n import _t

TEXTS = {
    # -- the command line -------------------------------------------------------------------
    "cli.cmd.release": _t("terbitkan pembaruan ke folder bersama (PC admin)",
                          "publish updates to the office share (admin PC)"),
    "cli.cmd.release-keys": _t("kunci penandatangan pembaruan", "the update signing keys"),
    "cli.cmd.release-keys-init": _t(
        "upacara kunci: kunci akar tersegel untuk flashdisk petugas TI, kunci harian di PC ini",
        "key ceremony: a sealed root key for the IT officer's stick, day-to-day keys here"),
    "cli.cmd.release-keys-rotate": _t(
        "kunci harian baru (PC admin rusak atau hilang), ditandatangani kunci akar",
        "new day-to-day keys (admin PC dead or lost), signed with the root key"),
    "cli.cmd.release-publish": _t("terbitkan versi baru ke folder pembaruan",
                                  "publish a new version into the update folder"),
    "cli.cmd.release-refresh": _t(
        "tanda tangani ulang kesegaran folder pembaruan (minimal tiap 14 hari)",
        "re-sign the update folder's freshness (at least every 14 days)"),
    "cli.cmd.update": _t("pembaruan stasiun ini dari folder bersama",
                         "this station's updates from the office share"),
    "cli.cmd.update-trust": _t("pasang kunci akar kantor sebagai kepercayaan stasiun ini",
                               "install the office's root as this station's trust"),
    "cli.cmd.update-look": _t("periksa folder pembaruan sekarang dan siapkan versi baru",
                              "look at the update folder now and stage a new version"),
    "cli.cmd.update-start": _t(
        "saat mulai: pindah ke versi yang disiapkan, atau kembali bila gagal",
        "at start: switch to the staged version, or go back when it fails"),
    "cli.cmd.update-fleet": _t(
        "versi yang dijalankan setiap stasiun, dan siapa yang ditunggu skema berikutnya",
        "the version each station runs, and whom the next schema waits for"),
    "update.fleet.waits": _t("Migrasi ke skema {schema} menunggu: {stations}",
                             "A migration to schema {schema} waits for: {stations}"),
    "cli.cmd.update-start-check": _t("uji awal versi ini (dijalankan oleh pembaruan)",
                                     "this version's start-up check (run by the update)"),
    "cli.opt.release_command": _t("perintah penerbitan", "release command"),
    "cli.opt.keys_command": _t("perintah kunci", "keys command"),
    "cli.opt.update_command": _t("perintah pembaruan", "update command"),
    "cli.opt.root_key": _t("berkas kunci akar tersegel (di flashdisk petugas TI)",
                           "the sealed root key file (on the IT officer's stick)"),
    "cli.opt.keys": _t("folder kunci harian (bawaan: folder data PC admin)",
                       "the day-to-day keys' folder (default: the admin PC's data folder)"),
    "cli.opt.share": _t("folder pembaruan di folder bersama, mis. \\\\server\\ult\\updates",
                        "the update folder on the share, e.g. \\\\server\\ult\\updates"),
    "cli.opt.source": _t("folder paket (hasil PyInstaller) atau berkas zip-nya",
                         "the bundle folder (PyInstaller's) or its zip"),
    "cli.opt.release_version": _t("versi rilis (bawaan: dari build-info.json paket)",
                                  "release version (default: the bundle's build-info.json)"),
    "cli.opt.schema": _t("versi skema basis data yang dibaca rilis ini",
                         "the database schema version this release reads"),
    "cli.opt.root_json": _t("berkas root.json kantor (dari flashdisk petugas TI)",
                            "the office's root.json (from the IT officer's stick)"),
    "cli.opt.install_root": _t("folder instalasi (bawaan: induk folder program ini)",
                               "install folder (default: the parent of this program's folder)"),
    "update.cli.passphrase": _t("Frasa sandi kunci akar: ", "Root key passphrase: "),
    "update.cli.passphrase_again": _t("Ulangi frasa sandi: ", "Passphrase again: "),
    "update.cli.passphrase_differs": _t("Kedua frasa sandi berbeda; ulangi.",
                                        "The two passphrases differ; try again."),
    "update.cli.keys_exist": _t(
        "Sudah ada kunci di {path}; upacara kunci tidak menimpanya. Pakai "
        "`release keys rotate` untuk kunci harian baru.",
        "Keys already exist at {path}; the ceremony does not overwrite them. Use "
        "`release keys rotate` for new day-to-day keys."),
    "update.cli.key_problem": _t("Kunci tidak dapat dipakai: {error}",
                                 "The key cannot be used: {error}"),
    "update.cli.keys_made": _t(
        "Kunci akar tersegel: {root_key} (simpan di flashdisk petugas TI, lalu hapus dari "
        "PC ini); kunci harian dan root.json: {keys}. Catat ID kunci berikut:",
        "Sealed root key: {root_key} (keep it on the IT officer's stick, then delete it "
        "from this PC); day-to-day keys and root.json: {keys}. Write down these key ids:"),
    "update.cli.rotated": _t(
        "Root versi {version} menyebut kunci harian baru di {keys}; folder pembaruan "
        "ditandatangani ulang. Kunci lama tidak dipercaya lagi oleh stasiun.",
        "Root version {version} names new day-to-day keys in {keys}; the update folder is "
        "signed again. Stations no longer trust the old keys."),
    "update.cli.publish_refused": _t("Rilis tidak diterbitkan: {error}",
                                     "Release not published: {error}"),
    "update.cli.published": _t(
        "Versi {version} diterbitkan di {share}; setiap stasiun mengambilnya sendiri.",
        "Version {version} published in {share}; every station takes it by itself."),
    "update.cli.refreshed": _t("Folder pembaruan segar untuk {days} hari.",
                               "The update folder is fresh for {days} days."),
    "update.cli.not_installed": _t(
        "Program ini bukan instalasi berversi; beri --install-root.",
        "This program is not a versioned install; give --install-root."),
    "update.cli.no_share": _t(
        "Folder pembaruan tidak diketahui; beri --share atau --db.",
        "The update folder is not known; give --share or --db."),
    "update.cli.trusted": _t("Kepercayaan pembaruan stasiun ini: {path}",
                             "This station's update trust: {path}"),
    "update.cli.start_check_failed": _t("Uji awal gagal: {why}",
                                        "The start-up check failed: {why}"),
    "update.cli.start_check_waits": _t(
        "Versi ini menunggu: berkas kantor belum boleh dimigrasi selama stasiun ini belum "
        "diperbarui: {stations}",
        "This version waits: the office file may not migrate while these stations are not "
        "updated: {stations}"),
    "update.cli.start_check_ok": _t("Uji awal lulus.", "The start-up check passed."),
    # -- what a look at the share found (update.outcome.<client outcome>) --------------------
    "update.outcome.up_to_date": _t("Versi terbaru ({version}) sudah berjalan.",
                                    "The newest version ({version}) already runs."),
    "update.outcome.staged": _t(
        "Versi {version} terverifikasi dan disiapkan; dipakai saat program dimulai berikutnya.",
        "Version {version} verified and staged; it runs from the next start."),
    "update.outcome.refused": _t("Pembaruan ditolak.", "Update refused."),
    "update.outcome.unreachable": _t("Folder pembaruan tidak terjangkau.",
                                     "The update folder cannot be reached."),
    "update.outcome.no_trust": _t(
        "Stasiun ini belum punya kunci akar kantor: jalankan `ult-desktop update trust`.",
        "This station has no office root yet: run `ult-desktop update trust`."),
    # -- why a release was refused (update.refused.<client.REFUSALS>) -----------------------
    "update.refused.tampered": _t(
        "Paket {version} di folder bersama telah diubah (isinya tidak cocok dengan tanda "
        "tangan); tidak dipasang. Beri tahu petugas TI.",
        "The package {version} on the share was changed (its content does not match the "
        "signature); not installed. Tell the IT officer."),
    "update.refused.rollback": _t(
        "Folder menawarkan versi atau data yang lebih lama dari yang sudah dilihat stasiun "
        "ini ({version}); tidak dipasang.",
        "The folder offers an older version or older data than this station has seen "
        "({version}); not installed."),
    "update.refused.expired": _t(
        "Folder pembaruan kedaluwarsa (tidak ditandatangani ulang): jalankan "
        "`ult-desktop release refresh` di PC admin.",
        "The update folder is stale (not signed again): run `ult-desktop release refresh` "
        "on the admin PC."),
    "update.refused.untrusted": _t(
        "Pembaruan ditandatangani kunci yang tidak dipercaya kantor (atau datanya diubah); "
        "tidak dipasang. Beri tahu petugas TI.",
        "The update is signed by a key the office does not trust (or its data was changed); "
        "not installed. Tell the IT officer."),
    "update.refused.failed_before": _t(
        "Versi {version} pernah gagal uji awal di stasiun ini dan tidak dicoba lagi; "
        "terbitkan versi perbaikan.",
        "Version {version} failed its start-up check here before and is not tried again; "
        "publish a fixed version."),
    "update.refused.broken": _t(
        "Folder pembaruan tidak dapat dibaca sebagai rilis bertanda tangan; periksa log.",
        "The update folder cannot be read as a signed release; see the log."),
    # -- the start (update.start.<what it did>) -------------------------------------------
    "update.start.same": _t("Versi {version} berjalan.", "Version {version} runs."),
    "update.start.switched": _t("Pindah ke versi {version}; uji awal lulus.",
                                "Switched to version {version}; the start-up check passed."),
    "update.start.went_back": _t(
        "Versi baru gagal uji awal ({reason}); kembali ke versi {version}.",
        "The new version failed its start-up check ({reason}); back on version {version}."),
    # -- the morning check's line (selftest.update.<summary state>) ------------------------
    "selftest.update.running": _t("Pembaruan: versi {version} berjalan, tidak ada yang menunggu.",
                                  "Updates: version {version} runs, nothing waiting."),
    "selftest.update.staged": _t(
        "Pembaruan: versi {version} siap, dipakai saat program dimulai berikutnya.",
        "Updates: version {version} is staged, used from the next start."),
    "selftest.update.waiting": _t(
        "Pembaruan: versi {version} siap, tetapi menunggu stasiun yang belum diperbarui "
        "({reason}); versi lama tetap berjalan.",
        "Updates: version {version} is staged but waits for stations not yet updated "
        "({reason}); the old version keeps running."),
    "selftest.update.went_back": _t(
        "Pembaruan: versi {version} gagal uji awal ({reason}); stasiun kembali sendiri ke "
        "versi sebelumnya. Terbitkan versi perbaikan.",
        "Updates: version {version} failed its start-up check ({reason}); the station went "
        "back by itself. Publish a fixed version."),
    "selftest.update.refused": _t("Pembaruan ditolak: {reason}",
                                  "Update refused: {reason}"),
    "selftest.update.unreachable": _t(
        "Pembaruan: folder pembaruan tidak terjangkau dari stasiun ini.",
        "Updates: the update folder cannot be reached from this station."),
    "selftest.update.no_trust": _t(
        "Pembaruan: stasiun belum punya kunci akar kantor (`ult-desktop update trust`).",
        "Updates: the station has no office root yet (`ult-desktop update trust`)."),
    "selftest.update.unknown": _t("Pembaruan: folder pembaruan belum pernah diperiksa.",
                                  "Updates: the update folder was never looked at."),
    "selftest.update.not_installed": _t(
        "Pembaruan: dijalankan dari Python, bukan instalasi berversi.",
        "Updates: run from Python, not a versioned install."),
    "admin.stations.update": _t("{version} · {state}", "{version} · {state}"),
    "admin.stations.update_staged": _t("siap {version}", "{version} staged"),
    "admin.stations.update_went_back": _t("{version} gagal, kembali",
                                          "{version} failed, went back"),
    "admin.stations.update_refused": _t("pembaruan ditolak", "update refused"),
}
