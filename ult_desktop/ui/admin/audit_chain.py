"""Admin panels for the audit trail: checking the chain (on the Audit page)
and registering station keys (on the Stations page). Work runs on the station worker."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QWidget

from ult_desktop.core import authority, chain
from ult_desktop.core.audit_words import chain_notes
from ult_desktop.core.i18n import approved_text, difference_text, finding_text, tr
from ult_desktop.db.record import station_keys
from ult_desktop.ui.admin import base, jobs
from ult_desktop.ui.common.boxes import hbox, vbox
from ult_desktop.ui.common.combos import combo
from ult_desktop.ui.common.tables import fill_rows, list_table


class ChainPanel(QWidget):
    """"Check the audit trail": what `ult-desktop check` says about the chain."""

    def __init__(self, station, parent=None):
        super().__init__(parent)
        self.station = station
        self.result: dict | None = None
        self.check_button = base.button(tr("audit.ui.check"), self.check, objectName="audit_check")
        self.summary = QLabel(tr("audit.ui.not_checked"), objectName="audit_summary", wordWrap=True)
        self.findings = list_table([tr("audit.ui.event"), tr("audit.ui.problem"),
                                    tr("audit.ui.detail")], object_name="audit_findings",
                                   fit_contents=False)
        self.findings.setMaximumHeight(160)
        self.findings.hide()
        self.notes = QLabel(objectName="audit_notes", wordWrap=True, styleSheet=base.INFO_STYLE)
        vbox(hbox(self.check_button, (self.summary, 1)), self.findings, self.notes, on=self,
             margins=0)

    def check(self) -> None:
        self.check_button.setEnabled(False)
        base.say(self.summary, tr("audit.ui.checking"))
        # parent=self: signed out meanwhile, the panel is gone and nothing is called
        self.station.run(jobs.verify_all_chains, done=self._done, failed=self._failed,
                         parent=self)

    def _failed(self, error: BaseException) -> None:
        self.check_button.setEnabled(True)
        base.say(self.summary, base.error_text(error), base.ERROR_STYLE)

    def _done(self, result: dict) -> None:
        self.result = result
        self.check_button.setEnabled(True)
        head = result["head"] or {"id": 0, "hash": ""}
        if result["ok"]:
            base.say(self.summary, tr("audit.cli.chain_ok", events=result["events"],
                                      head=head["id"], hash=head["hash"][:16]), base.OK_STYLE)
        else:
            base.say(self.summary, tr("audit.cli.chain_bad", count=len(result["findings"])),
                     base.ERROR_STYLE)
        differences = result.get("reconcile", {}).get("differences", [])
        if result["ok"] and differences:
            base.say(self.summary, tr("reconcile.cli.bad", count=result["reconcile"]["count"]),
                     base.ERROR_STYLE)
        elif result["ok"] and result.get("reconcile", {}).get("provable_from"):
            self.summary.setText(self.summary.text() + "\n" + tr(
                "reconcile.cli.ok", since=result["reconcile"]["provable_from"]))
        fill_rows(self.findings, [[str(f["event"]), tr(f"audit.problem.{f['problem']}"),
                                   finding_text(f)] for f in result["findings"]] +
                  [[str(d["event"] or ""), tr("reconcile.problem"), difference_text(d)]
                   for d in differences], tips=True, fit=(0, 1))
        for row, f in enumerate(result["findings"]):  # the verifier's own words
            item = self.findings.item(row, 2)
            if item is not None:
                item.setToolTip(f["detail"])
        self.findings.setVisible(bool(result["findings"] or differences))
        self.notes.setText("\n".join(note.strip() for note in chain_notes(result, result["pinned"], result["unpinned"])))


def grey_pixmap(image) -> QPixmap:
    """A greyscale PIL image (a QR drawn by a job) as a pixmap."""
    return QPixmap.fromImage(QImage(image.tobytes(), image.width, image.height,
                                    image.width, QImage.Format_Grayscale8).copy())


class StationKeysPanel(QWidget):
    """Station keys: pending ones show their fingerprint; an admin approves them."""

    def __init__(self, station, parent=None):
        super().__init__(parent)
        self.station = station
        self.keys: list[station_keys.StationKeyInfo] = []
        self.own_key: str | None = None
        self.own = QLabel(objectName="own_key", wordWrap=True)
        self.root_qr = QLabel(objectName="root_qr")
        self.root = QLabel(objectName="root_key", wordWrap=True,
                           textInteractionFlags=Qt.TextSelectableByMouse)
        self.table = list_table([tr("audit.ui.fingerprint"), tr("audit.ui.state"),
                                 tr("audit.ui.decided_by"), tr("audit.ui.label")],
                                object_name="station_keys", fit_contents=False)
        self.table.setMaximumHeight(180)
        self.create_button = base.button(tr("audit.ui.create_key"), self.create_key)
        self.approve_button = base.button(tr("audit.ui.approve"), self.approve,
                                          objectName="approve_key")
        # the role is granted here, never taken from what the station asked for; the
        # least one first (the default); an admin station only for an admin PC's setup
        self.revoke_button = base.button(tr("audit.ui.revoke"), self.revoke,
                                         objectName="revoke_key")  # a lost or retired PC
        self.role = combo([(tr(f"reconcile.who.{r}"), r) for r in
                                (authority.LEAST_ROLE, *(r for r in authority.ROLES
                                                     if r not in ("admin", authority.LEAST_ROLE)),
                                 "admin")])
        self.role.setObjectName("approve_role")
        # a counter PC's desk: its officers sign in and act only there (none: any desk)
        self.desk = base.spin(0, 999, special=tr("audit.ui.desk_any"))
        self.desk.setObjectName("approve_desk")
        self.status = QLabel(objectName="keys_status", wordWrap=True)
        vbox(QLabel(tr("audit.ui.keys_title"), styleSheet="font-weight:bold;"), self.own,
             hbox(self.root_qr, (self.root, 1)), self.table,
             hbox(self.create_button, QLabel(tr("audit.words.key.role")), self.role,
                  QLabel(tr("audit.ui.desk")), self.desk, self.approve_button, 1,
                  self.revoke_button),
             self.status, on=self, margins=0)

    def load(self) -> None:
        self.station.run(jobs.station_keys, done=self._loaded, failed=self._failed, parent=self)

    def _loaded(self, data) -> None:
        own, self.keys, root, qr = data
        self.own_key = own
        self.root_qr.setVisible(qr is not None)
        if qr is not None:  # the QR a new station's setup wizard reads
            self.root_qr.setPixmap(grey_pixmap(qr))
        self.root.setText(tr("audit.ui.root_given", fingerprint=chain.fingerprint(root))
                          if root else tr("audit.ui.root_not_given"))
        self.create_button.setVisible(own is None)
        self.own.setText(tr("audit.ui.own_key", fingerprint=chain.fingerprint(own)) if own
                         else tr("audit.ui.no_own_key"))
        fill_rows(self.table, [[k.fingerprint, tr(f"audit.state.{k.state}"), k.decided_by or "",
                                k.label] for k in self.keys], tips=True, fit=range(3))

    def _failed(self, error: BaseException) -> None:
        base.say(self.status, base.error_text(error), base.ERROR_STYLE)

    def _ok(self, text: str) -> None:
        base.say(self.status, text, base.OK_STYLE)
        self.load()

    def create_key(self) -> None:
        self.station.run(jobs.create_own_key, done=lambda _: self._ok(tr("audit.ui.key_made")),
                         failed=self._failed, parent=self)

    def approve(self) -> None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.keys) or self.keys[row].state != "pending":
            base.say(self.status, tr("audit.ui.pick_pending"), base.ERROR_STYLE)
            return
        key = self.keys[row]
        desks = [self.desk.value()] if self.desk.value() else None
        self.station.run(jobs.approve_key, key.key_id, self.role.currentData(), desks,
                         done=lambda info: self._ok(approved_text(
                             info.fingerprint, info.label, info.role, info.requested)),
                         failed=self._failed, parent=self)

    def revoke(self) -> None:
        row = self.table.currentRow()
        key = self.keys[row] if 0 <= row < len(self.keys) else None
        if key is None or key.state != "registered" or key.key_id == self.own_key:
            base.say(self.status, tr("audit.ui.pick_registered"), base.ERROR_STYLE)
            return
        if not self.confirm(tr("audit.ui.revoke_confirm", fingerprint=key.fingerprint,
                               label=key.label)):
            return
        self.station.run(station_keys.revoke_key, key.key_id,
                         done=lambda info: self._ok(tr(
                             "audit.cli.revoked", fingerprint=info.fingerprint, label=info.label)),
                         failed=self._failed, parent=self)

    def confirm(self, text: str) -> bool:
        """Ask yes/no (tests replace this method)."""
        return base.Page.confirm(self, text)
