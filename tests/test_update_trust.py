"""One stolen key ships no code: a release needs the admin PC's key and a second one (the
root stick or a second person's); what the admin PC's day-to-day keys sign alone is
refused by every station before anything of it runs, with an Indonesian sentence."""

from __future__ import annotations

import json
import sys

import pytest

from tests import test_updates
from tests.test_updates import PASSPHRASE, insider_publish, make_bundle
from ult_desktop.app.updates import client, install, publish
from ult_desktop.core.i18n import tr

office = test_updates.office  # the ceremony done, a station installed at 0.1.0
pytestmark = pytest.mark.skipif(sys.platform == "win32",
                                reason="the stand-in programs are shell scripts")


def telltale(folder, version: str, ran):
    """A bundle whose program, if anything ever runs it (its start-up check), says so."""
    bundle = make_bundle(folder, version)
    (bundle / "ult-desktop").write_text(f"#!/bin/sh\necho {version} \"$@\" >> {ran}\n")
    return bundle


def test_a_release_signed_by_the_admin_pcs_keys_alone_is_refused_and_never_runs(
        office, monkeypatch, capsys):
    from ult_desktop.app.updates import station
    from ult_desktop.cli import main

    ran = office.tmp / "ran.txt"
    office.release("0.2.0")  # the office's own, with the root stick's signature
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    insider_publish(telltale(office.tmp / "evil", "6.6.6", ran), office.share, office.admin)

    monkeypatch.setenv("ULT_INSTALL_ROOT", str(office.root))
    monkeypatch.setenv("ULT_UPDATE_DIR", str(office.share))
    result = station.check_now(None)  # a running station's look: stage, then its check
    assert (result.outcome, result.reason) == (client.REFUSED, "one_key")
    assert not (office.root / "6.6.6").exists() and not ran.exists()
    assert install.read_state(office.root)["pending"] == "0.2.0"  # the office's stays

    capsys.readouterr()
    code = main(["update", "look", "--install-root", str(office.root)])
    said = capsys.readouterr().out
    assert code == 10 and not ran.exists()
    assert tr("update.refused.one_key", version="-") in said
    assert "tanda tangan kedua" in said and "Traceback" not in said


def test_the_second_person_signs_what_the_admin_pc_prepared(tmp_path, monkeypatch, capsys):
    """The two-step way, by the commands: a second person's key registered with the root
    stick; a publish without it waits on the admin PC (no station sees it); the second
    person's ``release sign`` lets it out; a rotation of the admin's keys keeps that
    person's key; a key the office never registered signs nothing."""
    from ult_desktop.cli import main

    monkeypatch.setenv("ULT_ROOT_PASSPHRASE", PASSPHRASE)
    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", "frasa sandi orang kedua")
    stick, admin, share = tmp_path / "stick" / "root.key", tmp_path / "admin", tmp_path / "up"
    person = tmp_path / "budi" / "rilis.key"
    assert main(["release", "keys", "init", "--root-key", str(stick), "--keys", str(admin)]) == 0
    root = tmp_path / "install"
    make_bundle(root / "0.1.0", "0.1.0")
    install.switch_current(root, "0.1.0")
    client.trust(root, admin / "1.root.json")
    first = make_bundle(tmp_path / "b1", "0.1.1")
    assert main(["release", "publish", "--from", str(first), "--share", str(share),
                 "--keys", str(admin), "--cosign", str(stick)]) == 0
    assert main(["release", "keys", "add-signer", "--root-key", str(stick), "--out",
                 str(person), "--name", "Budi", "--share", str(share),
                 "--keys", str(admin)]) == 0
    assert b"ENCRYPTED PRIVATE KEY" in person.read_bytes()

    capsys.readouterr()
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b2", "0.2.0")),
                 "--share", str(share), "--keys", str(admin), "--json"]) == 4
    assert json.loads(capsys.readouterr().out)["waiting"] is True
    assert client.check(root, share, "0.1.0").version == "0.1.1"  # 0.2.0 not out yet
    assert main(["release", "sign", "--share", str(share), "--keys", str(admin),
                 "--key", str(person)]) == 0
    assert client.check(root, share, "0.1.0").version == "0.2.0"

    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", PASSPHRASE)  # a stranger's stick
    assert main(["release", "keys", "init", "--root-key", str(tmp_path / "x" / "root.key"),
                 "--keys", str(tmp_path / "x-admin")]) == 0
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b3", "0.3.0")),
                 "--share", str(share), "--keys", str(admin)]) == 4
    capsys.readouterr()
    assert main(["release", "sign", "--share", str(share), "--keys", str(admin),
                 "--key", str(tmp_path / "x" / "root.key")]) == 2
    assert "bukan kunci rilis kantor" in capsys.readouterr().err
    assert client.check(root, share, "0.1.0").version == "0.2.0"

    assert main(["release", "keys", "rotate", "--root-key", str(stick), "--share", str(share),
                 "--keys", str(admin)]) == 0
    monkeypatch.setenv("ULT_COSIGN_PASSPHRASE", "frasa sandi orang kedua")
    with pytest.raises(publish.PublishRefused):  # the folder moved on: prepared again
        publish.sign_pending(share, admin, None)
    assert main(["release", "publish", "--from", str(make_bundle(tmp_path / "b4", "0.3.0")),
                 "--share", str(share), "--keys", str(admin), "--cosign", str(person)]) == 0
    result = client.check(root, share, "0.1.0")
    assert (result.outcome, result.version) == (client.STAGED, "0.3.0")
