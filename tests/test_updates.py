"""Signed updates with real files: a release published into a share folder, a station that
verifies it with TUF, stages it beside the running version, switches at its next start and
goes back by itself when the new version fails its start-up check; and every refusal
(tampered, rolled back, stale, a key the office does not trust) named."""

from __future__ import annotations

import json
import os
import shutil
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from tuf.api.metadata import Metadata

from ult_desktop.app.updates import client, install, keys, publish

PASSPHRASE = "kunci akar kantor ULT"


def make_bundle(folder: Path, version: str, *, marker: str = "",
                schema: int | None = None) -> Path:
    """A stand-in bundle: the program and ``_internal/build-info.json`` (the schema it
    reads, when given, as the build writes it)."""
    (folder / "_internal").mkdir(parents=True)
    info = {"version": version} | ({"schema": schema} if schema is not None else {})
    (folder / "_internal" / "build-info.json").write_text(json.dumps(info))
    (folder / "ult-desktop").write_text(f"#!/bin/sh\necho {version} {marker}\n")
    (folder / "ult-desktop").chmod(0o755)
    return folder


@pytest.fixture
def office(tmp_path):
    """The ceremony done, an empty update folder, and a station installed at 0.1.0 that
    trusts the office's first root."""
    ceremony = keys.init_keys(tmp_path / "stick" / "root.key", tmp_path / "admin", PASSPHRASE)
    share = tmp_path / "share" / "updates"
    root = tmp_path / "install"
    make_bundle(root / "0.1.0", "0.1.0")
    install.switch_current(root, "0.1.0")
    client.trust(root, ceremony.keys_dir / "1.root.json")

    class Office:
        pass

    o = Office()
    o.tmp, o.ceremony, o.share, o.root, o.admin = tmp_path, ceremony, share, root, \
        ceremony.keys_dir
    o.stick = keys.root_signer(ceremony.root_key, PASSPHRASE)  # the second signature
    o.release = lambda version, **kw: publish.publish(
        make_bundle(tmp_path / f"bundle-{version}-{len(list(tmp_path.iterdir()))}",
                    version, **kw), share, ceremony.keys_dir, cosign=[o.stick])
    return o


def insider_publish(source: Path, share: Path, keys_dir: Path) -> None:
    """What an insider with the admin PC's day-to-day keys alone writes: the release this
    PC keeps for a second signature put into the folder as it is, and named by a fresh
    snapshot and timestamp (their own tool skips the wait)."""
    with pytest.raises(publish.AwaitsSignature):
        publish.publish(source, share, keys_dir)
    kept = json.loads((keys_dir / publish.PENDING).read_text())["targets"]
    md = Metadata.from_dict(kept)
    (share / "metadata" / f"{md.signed.version}.targets.json").write_bytes(
        keys.metadata_bytes(md))
    publish.sign_freshness(share, keys.online_signers(keys_dir), md.signed.version,
                           datetime.now(timezone.utc), publish.versions(share))


def archive_on_share(share: Path, version: str) -> Path:
    return next((share / "targets").glob(f"*.ult-desktop-{version}.zip"))


def test_the_key_ceremony_seals_the_root_key_and_names_every_role(office):
    sealed = office.ceremony.root_key.read_bytes()
    assert b"ENCRYPTED PRIVATE KEY" in sealed
    with pytest.raises(keys.KeyProblem):
        keys.root_signer(office.ceremony.root_key, "not the passphrase")
    signer = keys.root_signer(office.ceremony.root_key, PASSPHRASE)
    assert signer.public_key.keyid == office.ceremony.key_ids["root"]
    assert set(office.ceremony.key_ids) == {"root", "targets", "snapshot", "timestamp"}
    with pytest.raises(FileExistsError):
        keys.init_keys(office.ceremony.root_key, office.admin, PASSPHRASE)


def test_a_release_is_taken_switched_at_the_next_start_and_undone_when_it_fails(office):
    office.release("0.2.0")
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.version) == (client.STAGED, "0.2.0")
    assert (office.root / "0.2.0" / "ult-desktop").read_text().startswith("#!/bin/sh\necho 0.2.0")
    assert install.current_version(office.root) == "0.1.0"  # not before the next start

    started = install.at_start(office.root, check=lambda root, version: "")
    assert (started.version, started.switched) == ("0.2.0", True)
    assert install.current_version(office.root) == "0.2.0"
    assert install.at_start(office.root, check=lambda r, v: "never asked").version == "0.2.0"

    office.release("0.3.0")
    assert client.check(office.root, office.share, "0.2.0").outcome == client.STAGED
    seen = []
    back = install.at_start(office.root, check=lambda root, version: seen.append(
        install.current_version(root)) or "the window did not open")
    assert seen == ["0.3.0"]  # the new version ran its own check from current
    assert (back.version, back.went_back) == ("0.2.0", True)
    assert install.current_version(office.root) == "0.2.0"
    state = install.read_state(office.root)
    assert state["went_back"]["from"] == "0.3.0" and "0.3.0" in state["failed"]
    again = client.check(office.root, office.share, "0.2.0")
    assert (again.outcome, again.reason) == (client.REFUSED, "failed_before")


def test_a_start_that_died_during_the_trial_goes_back(office):
    office.release("0.2.0")
    client.check(office.root, office.share, "0.1.0")

    def crash(root, version):
        raise SystemExit("power cut")

    with pytest.raises(SystemExit):
        install.at_start(office.root, check=crash)
    assert install.current_version(office.root) == "0.2.0"
    after = install.at_start(office.root, check=lambda r, v: "")
    assert (after.version, after.went_back, after.reason) == ("0.1.0", True, "interrupted")


def test_a_tampered_package_is_refused_and_nothing_is_staged(office):
    office.release("0.2.0")
    archive = archive_on_share(office.share, "0.2.0")
    data = bytearray(archive.read_bytes())
    data[-40] ^= 0xFF
    archive.write_bytes(bytes(data))
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "tampered")
    assert not (office.root / "0.2.0").exists()
    assert install.read_state(office.root)["last_check"]["reason"] == "tampered"


def test_an_edited_metadata_file_is_refused(office):
    office.release("0.2.0")
    targets = max((office.share / "metadata").glob("*.targets.json"))
    text = json.loads(targets.read_text())
    text["signed"]["expires"] = "2099-01-01T00:00:00Z"
    targets.write_text(json.dumps(text))
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "untrusted")


def test_old_metadata_replayed_is_refused_as_a_rollback(office):
    office.release("0.2.0")
    old_stamp = (office.share / "metadata" / "timestamp.json").read_bytes()
    client.check(office.root, office.share, "0.1.0")
    office.release("0.3.0")
    assert client.check(office.root, office.share, "0.1.0").version == "0.3.0"
    (office.share / "metadata" / "timestamp.json").write_bytes(old_stamp)
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "rollback")


def test_an_older_release_than_the_running_one_is_refused(office):
    office.release("0.2.0")
    result = client.check(office.root, office.share, "0.3.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "rollback")
    assert not (office.root / "0.2.0").exists()
    with pytest.raises(publish.PublishRefused):
        office.release("0.1.5")


def test_a_stale_folder_is_refused(office):
    office.release("0.2.0")
    signers = keys.online_signers(office.admin)
    _snapshot, targets = publish.current_metadata(office.share)
    long_ago = datetime.now(timezone.utc) - timedelta(days=30)
    publish.sign_freshness(office.share, signers, targets.signed.version, long_ago)
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "expired")
    publish.refresh(office.share, office.admin)
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED


def test_a_folder_put_back_is_never_re_signed_as_found(office):
    """A share writer puts back the timestamp of before the fix: the admin PC's refresh
    refuses to re-sign that state (which would withdraw the fix for good); its next
    publish is numbered above what it signed, and a station that saw the fix takes it."""
    office.release("0.2.0")
    before_the_fix = (office.share / "metadata" / "timestamp.json").read_bytes()
    office.release("0.2.1")  # the fix
    assert client.check(office.root, office.share, "0.1.0").version == "0.2.1"
    (office.share / "metadata" / "timestamp.json").write_bytes(before_the_fix)
    with pytest.raises(publish.PublishRefused, match="older than this PC signed it"):
        publish.refresh(office.share, office.admin)
    assert publish.published(office.share).version == "0.2.0"  # nothing re-signed
    with pytest.raises(publish.PublishRefused):
        office.release("0.2.1")  # not newer than what this PC published
    office.release("0.2.2")
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.version) == (client.STAGED, "0.2.2")
    publish.refresh(office.share, office.admin)  # the folder as this PC signed it: fine


def test_a_release_signed_by_a_key_the_office_does_not_trust_is_refused(office):
    stranger = keys.init_keys(office.tmp / "other-stick" / "root.key", office.tmp / "other",
                              PASSPHRASE)
    publish.publish(make_bundle(office.tmp / "evil", "9.0.0"), office.share,
                    stranger.keys_dir, cosign=[keys.root_signer(stranger.root_key, PASSPHRASE)])
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "untrusted")
    assert not (office.root / "9.0.0").exists()


def test_new_day_to_day_keys_after_the_admin_pc_died(office):
    office.release("0.2.0")
    client.check(office.root, office.share, "0.1.0")
    old_keys = office.tmp / "old-admin"
    shutil.copytree(office.admin, old_keys)
    root_key = keys.root_signer(office.ceremony.root_key, PASSPHRASE)
    new_root = keys.rotate_online_keys(keys.newest_root(office.share / "metadata"), root_key,
                                       office.admin)
    publish.resign_all(office.share, office.admin, root_key)
    assert new_root.signed.version == 2
    office.release("0.3.0")
    assert client.check(office.root, office.share, "0.1.0").version == "0.3.0"
    # the dead PC's keys sign nothing a station believes any more
    insider_publish(make_bundle(office.tmp / "stolen", "0.4.0"), office.share, old_keys)
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "untrusted")


def test_a_look_stopped_between_tufs_remove_and_link_keeps_the_newest_trust(office):
    """TUF removes ``root.json`` and links it anew to its root history at every look; a
    look stopped between the two (or Wine, which makes no link) leaves the history only.
    The station still trusts the newest root it had verified, not nothing and not the old."""
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    old_keys = office.tmp / "old-admin"
    shutil.copytree(office.admin, old_keys)
    root_key = keys.root_signer(office.ceremony.root_key, PASSPHRASE)
    keys.rotate_online_keys(keys.newest_root(office.share / "metadata"), root_key,
                            office.admin)
    publish.resign_all(office.share, office.admin, root_key)
    office.release("0.3.0")
    assert client.check(office.root, office.share, "0.1.0").version == "0.3.0"
    trusted = office.root / client.METADATA_DIR / "root.json"
    trusted.unlink()
    office.release("0.4.0")
    assert (client.check(office.root, office.share, "0.1.0").outcome, trusted.exists()) \
        == (client.STAGED, True)
    trusted.unlink()
    insider_publish(make_bundle(office.tmp / "stolen", "0.5.0"), office.share, old_keys)
    result = client.check(office.root, office.share, "0.1.0")
    assert (result.outcome, result.reason) == (client.REFUSED, "untrusted")


def test_trusting_a_new_root_forgets_the_old_trusts_history(office, tmp_path):
    """The recovery path (a new ceremony after the root key was lost): the old history
    must not stand in for the new root when its ``root.json`` goes missing."""
    office.release("0.2.0")
    client.check(office.root, office.share, "0.1.0")
    again = keys.init_keys(tmp_path / "stick2" / "root.key", tmp_path / "admin2", PASSPHRASE)
    client.trust(office.root, again.keys_dir / "1.root.json")
    (office.root / client.METADATA_DIR / "root.json").unlink()
    assert client.check(office.root, office.share, "0.1.0").outcome == client.NO_TRUST


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in program is a shell script")
def test_a_start_check_that_leaves_a_process_behind_is_judged_when_it_ends(office, tmp_path):
    """The new version's check ends, but a process it started lives on with its output
    (under Wine the desktop's explorer did): the verdict comes when the check ends, not
    when that process lets its output go."""
    ended = tmp_path / "left-behind-ended"
    bundle = make_bundle(tmp_path / "b-left", "0.2.0")
    (bundle / "ult-desktop").write_text(
        f"#!/bin/sh\n(sleep 8; touch {ended}) &\necho 'no screen'\nexit 3\n")
    publish.publish(bundle, office.share, office.ceremony.keys_dir, cosign=[office.stick])
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.precheck(office.root, "0.2.0") == "no screen"
    assert not ended.exists()  # judged while the process it left was still running


def test_no_trust_and_no_folder_are_said_not_raised(tmp_path):
    bare = tmp_path / "install"
    bare.mkdir()
    assert client.check(bare, tmp_path / "nowhere", "0.1.0").outcome == client.NO_TRUST


def test_an_archive_reaching_outside_its_folder_is_refused(tmp_path):
    import zipfile

    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("../outside.txt", "x")
    with pytest.raises(ValueError):
        install.stage(tmp_path / "root", "0.2.0", bad)
    assert not (tmp_path / "outside.txt").exists()


def test_the_current_link_is_replaced_in_one_step(tmp_path):
    for version in ("1.0", "1.1"):
        (tmp_path / version).mkdir()
    install.switch_current(tmp_path, "1.0")
    install.switch_current(tmp_path, "1.1")
    assert install.current_version(tmp_path) == "1.1"
    assert not (tmp_path / "current.next").exists()
    with pytest.raises(FileNotFoundError):
        install.switch_current(tmp_path, "2.0")


@pytest.mark.skipif(sys.platform == "win32",
                    reason="the stand-in programs are shell scripts; Windows runs the real one")
def test_the_commands_publish_and_a_station_takes_the_release_at_its_next_start(
        tmp_path, monkeypatch, capsys):
    """The admin PC's and a station's commands end to end; the new version's start-up
    check is its own program run from its folder (here a script that passes or fails)."""
    from ult_desktop.cli import main

    monkeypatch.setenv("ULT_ROOT_PASSPHRASE", PASSPHRASE)
    stick, admin, share = tmp_path / "stick" / "root.key", tmp_path / "admin", tmp_path / "up"
    assert main(["release", "keys", "init", "--root-key", str(stick), "--keys", str(admin)]) == 0
    root = tmp_path / "install"
    make_bundle(root / "0.1.0", "0.1.0")
    install.switch_current(root, "0.1.0")
    assert main(["update", "trust", "--root", str(admin / "root.json"),
                 "--install-root", str(root)]) == 0
    good = make_bundle(tmp_path / "b2", "0.2.0")
    (good / "ult-desktop").write_text("#!/bin/sh\nexit 0\n")
    assert main(["release", "publish", "--from", str(good), "--share", str(share),
                 "--keys", str(admin), "--cosign", str(stick)]) == 0
    capsys.readouterr()
    assert main(["update", "look", "--share", str(share), "--install-root", str(root),
                 "--json"]) == 0
    said = capsys.readouterr()
    assert json.loads(said.out)["outcome"] == "staged"
    assert str(share) in said.err  # said at once: a look copying a release takes minutes
    assert main(["update", "start", "--install-root", str(root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["switched"] is True
    assert install.current_version(root) == "0.2.0"

    bad = make_bundle(tmp_path / "b3", "0.3.0")  # fails its check as soon as it is staged
    (bad / "ult-desktop").write_text("#!/bin/sh\necho 'no screen' >&2\nexit 3\n")
    assert main(["release", "publish", "--from", str(bad), "--share", str(share),
                 "--keys", str(admin), "--cosign", str(stick)]) == 0
    capsys.readouterr()
    assert main(["update", "look", "--share", str(share), "--install-root", str(root),
                 "--json"]) == 10
    said = json.loads(capsys.readouterr().out)
    assert (said["outcome"], said["start_check"]) == ("staged", "no screen")
    assert install.read_state(root)["went_back"]["from"] == "0.3.0"  # never pending
    assert main(["update", "start", "--install-root", str(root), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["switched"] is False
    assert install.current_version(root) == "0.2.0"

    late = make_bundle(tmp_path / "b4", "0.4.0")  # fails only at its start
    (late / "ult-desktop").write_text(
        f"#!/bin/sh\n[ -e {tmp_path / 'started'} ] && echo 'no screen' >&2 && exit 3\nexit 0\n")
    assert main(["release", "publish", "--from", str(late), "--share", str(share),
                 "--keys", str(admin), "--cosign", str(stick)]) == 0
    assert main(["update", "look", "--share", str(share), "--install-root", str(root)]) == 0
    (tmp_path / "started").touch()
    capsys.readouterr()
    assert main(["update", "start", "--install-root", str(root), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert (said["went_back"], said["version"], said["reason"]) == (True, "0.2.0", "no screen")
    assert install.current_version(root) == "0.2.0"


def test_the_morning_check_names_the_update_state(office):
    from ult_desktop.app.selftest import FAIL, PASS, WARN
    from ult_desktop.app.selftest.bundle import update_line

    office.release("0.2.0")
    archive = archive_on_share(office.share, "0.2.0")
    archive.write_bytes(archive.read_bytes()[:-1] + b"!")
    client.check(office.root, office.share, "0.1.0")
    line = update_line(office.root)
    assert line.status == FAIL and "diubah" in line.sentence("id")
    office.release("0.2.1")
    client.check(office.root, office.share, "0.1.0")
    assert update_line(office.root).status == PASS
    install.at_start(office.root, check=lambda r, v: "crash at start")
    line = update_line(office.root)
    assert line.status == WARN and "0.2.1" in line.sentence("en")


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in programs are shell scripts")
def test_a_running_station_takes_a_release_published_after_its_start(office, monkeypatch):
    """No manual start: a station started on a weekday morning looks every few minutes
    (its clock moved here), stages the release published after its start, and starts the
    new version in its place at its first safe moment, inside the office's 15 minutes."""
    import random

    from ult_desktop.app.updates import station

    ran = office.tmp / "ran.txt"
    which_program(office.root / "0.1.0", "0.1.0", ran)
    monkeypatch.setenv("ULT_INSTALL_ROOT", str(office.root))
    monkeypatch.setenv("ULT_UPDATE_DIR", str(office.share))
    monkeypatch.setattr(sys, "argv", ["ult-desktop", "kiosk"])
    office.release("0.1.0")  # what the office runs at opening
    now = [0.0]
    looks = station.Looks(None, clock=lambda: now[0], rng=random.Random(9))
    now[0] += station.FIRST_LOOK_S
    assert looks.look_if_due().outcome == client.UP_TO_DATE
    published_at = now[0] + 1
    publish.publish(which_program(make_bundle(office.tmp / "b-new", "0.2.0"), "0.2.0", ran),
                    office.share, office.admin, cosign=[office.stick])
    busy = []
    while not ran.exists():
        now[0] += 10  # the GUI's timer, every ten seconds here
        assert now[0] - published_at <= 15 * 60, "no release within the office's window"
        looks.look_if_due()
        started = take_if_ready(lambda: bool(busy))
        busy.append(1)  # the first moment it is ready a visitor is at the kiosk
        if started is not None:
            assert started.wait(timeout=30) == 0
    assert len(busy) > 1 and ran.read_text().strip() == "0.2.0 kiosk"
    assert now[0] - published_at <= station.LOOK_EVERY_S * (1 + station.LOOK_JITTER) + 20
    assert install.current_version(office.root) == "0.2.0"
    assert station.summary()["state"] == "running"


def test_a_release_that_waits_for_the_file_is_not_taken_while_the_station_runs(office,
                                                                             monkeypatch):
    """A running station switches only to a release whose own check passed here; one that
    waits for other stations is taken when the file migrates (``hand_over``), not before."""
    from ult_desktop.app.updates import station

    monkeypatch.setenv("ULT_INSTALL_ROOT", str(office.root))
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    asked = []
    assert not station.ready_to_switch(lambda: asked.append(1) or True)
    assert install.precheck(office.root, "0.2.0",
                            check=lambda r, v: install.NotYet("kiosk@pc1")) == ""
    assert not station.ready_to_switch(lambda: asked.append(1) or True)
    assert asked == []  # the screen is not even asked
    assert install.current_version(office.root) == "0.1.0"


def take_if_ready(quiet):
    """What a running station's timer does (``ui/common/update_switch.py``), in one step:
    a ready release switched to and started in this one's place when *quiet*."""
    from ult_desktop.app.updates import station

    if not station.ready_to_switch(quiet):
        return None
    version = station.switch_now()
    return station.relaunch(version) if version else None


def which_program(folder: Path, version: str, ran: Path) -> Path:
    """*folder*'s program as a stand-in that passes its start-up check and, started as a
    station, writes which version ran and with which arguments into *ran*."""
    (folder / "ult-desktop").write_text(
        f'#!/bin/sh\n[ "$1" = update ] && exit 0\necho "{version} $*" > {ran}\n')
    (folder / "ult-desktop").chmod(0o755)
    return folder


def installed_station(tmp_path: Path, monkeypatch, mode: str = "kiosk"):
    """A station installed at 0.1.0 (its program writes which version ran into
    ``ran.txt``) that trusts a new office's first root, started as *mode*: (ceremony,
    update folder, install root, ran.txt, the root stick's signer for releases)."""
    ceremony = keys.init_keys(tmp_path / "stick" / "root.key", tmp_path / "admin", PASSPHRASE)
    share, root, ran = tmp_path / "share", tmp_path / "install", tmp_path / "ran.txt"
    which_program(make_bundle(root / "0.1.0", "0.1.0"), "0.1.0", ran)
    install.switch_current(root, "0.1.0")
    client.trust(root, ceremony.keys_dir / "1.root.json")
    monkeypatch.setenv("ULT_INSTALL_ROOT", str(root))
    monkeypatch.setattr(sys, "argv", ["ult-desktop", mode])
    return ceremony, share, root, ran, keys.root_signer(ceremony.root_key, PASSPHRASE)


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in programs are shell scripts")
def test_the_start_after_the_switch_runs_the_new_program(office, monkeypatch):
    """At a GUI mode's start (or when the file moved on under a running station) the
    switch moves ``current`` and starts the program in this one's place: the new
    version's, not the resolved path this process was started from (the old folder)."""
    from ult_desktop.app.updates import station

    ran = office.tmp / "ran.txt"
    old = which_program(office.root / "0.1.0", "0.1.0", ran) / "ult-desktop"
    publish.publish(which_program(make_bundle(office.tmp / "b-new", "0.2.0"), "0.2.0", ran),
                    office.share, office.admin, cosign=[office.stick])
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    monkeypatch.setenv("ULT_INSTALL_ROOT", str(office.root))
    # a frozen program, started through the shortcut's ``current``, knows itself resolved
    monkeypatch.setattr(sys, "executable", str(old.resolve()))
    monkeypatch.setattr(sys, "argv", [str(old.resolve()), "kiosk", "--windowed"])
    started = station.hand_over()
    assert started is not None and started.wait(timeout=30) == 0
    assert ran.read_text().strip() == "0.2.0 kiosk --windowed"
    assert install.current_version(office.root) == "0.2.0"
    # asked again (the worker's heartbeat, the safe moment): the one already started
    assert station.hand_over() is started


def test_a_new_version_that_must_wait_for_other_stations_is_kept_for_the_next_start(office):
    office.release("0.2.0")
    client.check(office.root, office.share, "0.1.0")
    waited = install.at_start(office.root, check=lambda r, v: install.NotYet("kiosk@pc1"))
    assert (waited.version, waited.went_back, waited.reason) == ("0.1.0", False, "kiosk@pc1")
    assert install.current_version(office.root) == "0.1.0"
    from ult_desktop.app.updates.station import summary

    assert summary(office.root)["state"] == "waiting"
    assert install.at_start(office.root, check=lambda r, v: "").version == "0.2.0"


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in programs are shell scripts")
def test_a_start_up_check_that_could_not_run_is_tried_again_not_a_ban(office):
    """The staged program still held open by a long write (Linux: "text file busy") when
    its check should run: no verdict, the release stays staged and is checked again at
    the next look, then taken; only a check that ran and failed bans it."""
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    program = install.program(office.root, "0.2.0")
    program.write_text("#!/bin/sh\nexit 0\n")
    with open(program, "r+b"):  # a write under way
        assert install.precheck(office.root, "0.2.0") == ""
        started = install.at_start(office.root)
    state = install.read_state(office.root)
    assert "0.2.0" not in state.get("failed", {}) and state["pending"] == "0.2.0"
    assert state["retry"]["version"] == "0.2.0" and state.get("ready") is None
    assert (started.version, started.went_back) == ("0.1.0", False)
    assert install.current_version(office.root) == "0.1.0"
    again = client.check(office.root, office.share, "0.1.0")  # the next look
    assert (again.outcome, again.version) == (client.STAGED, "0.2.0")
    assert install.precheck(office.root, "0.2.0") == ""
    assert install.read_state(office.root)["ready"] == "0.2.0"
    assert install.at_start(office.root).version == "0.2.0"


def test_a_ban_is_lifted_by_the_it_officer_or_passed_by_a_newer_release(office):
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.precheck(office.root, "0.2.0", check=lambda r, v: "no screen")
    assert client.check(office.root, office.share, "0.1.0").reason == "failed_before"
    assert install.lift_bans(office.root) == ["0.2.0"]  # ``update look --again``
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.precheck(office.root, "0.2.0", check=lambda r, v: "") == ""
    assert install.read_state(office.root)["ready"] == "0.2.0"
    assert install.precheck(office.root, "0.2.0", check=lambda r, v: "no screen")
    office.release("0.2.1")  # a new publish: taken though 0.2.0 stays failed here
    assert client.check(office.root, office.share, "0.1.0").version == "0.2.1"


def test_an_office_file_held_by_a_long_write_is_no_verdict_on_the_release(tmp_path,
                                                                         monkeypatch):
    import sqlite3

    from ult_desktop.app.updates import station
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    path = tmp_path / "office.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode=DELETE")
    writer.execute("CREATE TABLE t (x)")
    writer.execute("BEGIN EXCLUSIVE")  # a long write holds the file
    writer.execute("INSERT INTO t VALUES (1)")
    monkeypatch.setattr(station, "READ_WAIT_S", 0.2)
    why = station.start_check(str(path), schema_version=SCHEMA_VERSION)
    assert isinstance(why, install.Retry) and "locked" in why
    writer.execute("ROLLBACK")
    writer.close()


def test_the_start_check_waits_while_a_station_would_be_left_behind(tmp_path):
    from test_fleet import older_office

    from ult_desktop.app.updates.station import start_check
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    path = tmp_path / "office.db"
    older_office(path, heartbeats={"kiosk@pc1": {}})
    why = start_check(str(path), schema_version=SCHEMA_VERSION, station="admin@pc2")
    assert isinstance(why, install.NotYet) and why == "kiosk@pc1"
    assert start_check(str(path), schema_version=SCHEMA_VERSION - 2).startswith("office.db")
    assert start_check(str(path), schema_version=SCHEMA_VERSION, station="kiosk@pc1") == ""


def test_the_schema_a_release_reads_comes_from_the_bundle_the_build_made(office, tmp_path):
    from scripts import build_installer
    from ult_desktop.db.schemas.schema import SCHEMA_VERSION

    build_installer.write_build_info(tmp_path / "built" / "_internal", "6.0")
    built = json.loads((tmp_path / "built" / "_internal" / "build-info.json").read_text())
    assert built["schema"] == SCHEMA_VERSION
    release = office.release("0.2.0", schema=SCHEMA_VERSION + 1)
    assert release.schema == SCHEMA_VERSION + 1
    assert publish.published(office.share).schema == SCHEMA_VERSION + 1
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.read_state(office.root)["pending_schema"] == SCHEMA_VERSION + 1


def test_a_start_that_cannot_move_current_keeps_the_release_for_the_next_one(office):
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    (office.root / "current.next").mkdir()  # in the way of the new link: none is made
    (office.root / "current.next" / "held.txt").write_text("")
    with pytest.raises(OSError):
        install.at_start(office.root, check=lambda root, version: "")
    state = install.read_state(office.root)
    assert "trial" not in state and state["pending"] == "0.2.0"  # no trial to undo later
    assert install.current_version(office.root) == "0.1.0"
    shutil.rmtree(office.root / "current.next")
    started = install.at_start(office.root, check=lambda root, version: "")
    assert (started.version, started.switched, started.went_back) == ("0.2.0", True, False)


def test_a_release_that_fails_its_check_when_staged_never_counts_as_ready(office):
    """The office counts a staged release ready for its schema (``db/house/fleet.py``):
    one whose own start-up check fails here is marked failed before the file migrates."""
    from ult_desktop.app.updates.station import summary
    from ult_desktop.db.house.fleet import StationVersion, ready_for

    office.release("0.2.0", schema=99)
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.precheck(office.root, "0.2.0", check=lambda r, v: "no screen") == \
        "no screen"
    said = summary(office.root)
    assert (said["state"], said["version"]) == ("went_back", "0.2.0")
    station = StationVersion("kiosk@pc1", "kiosk", "0.1.0", 1, "", said)
    assert not ready_for(station, 99)
    assert client.check(office.root, office.share, "0.1.0").reason == "failed_before"
    assert install.at_start(office.root).version == "0.1.0"  # nothing to switch to

    office.release("0.2.1", schema=99)  # the fix
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    assert install.precheck(office.root, "0.2.1",
                            check=lambda r, v: install.NotYet("tv@pc2")) == ""
    assert ready_for(StationVersion("kiosk@pc1", "kiosk", "0.1.0", 1, "",
                                    summary(office.root)), 99)


def test_a_look_at_an_unreachable_folder_exits_non_zero_with_one_sentence(office):
    from tests.conftest import run_cli

    office.release("0.2.0")
    gone = office.tmp / "share-not-connected"
    done = run_cli("update", "look", "--share", str(gone), "--install-root", str(office.root))
    assert done.returncode == 11, (done.stdout, done.stderr)
    assert "Folder pembaruan" in done.stdout and "tidak terjangkau" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout and "Error" not in done.stderr
    assert install.current_version(office.root) == "0.1.0"


@pytest.mark.skipif(sys.platform == "win32" or not shutil.which("setpriv"),
                    reason="the station account without rights is made with setpriv here")
def test_a_look_from_an_account_that_may_not_write_the_install_folder_says_so(office):
    """As a standard-user station account: the install folder read-only to it. The look
    says so in one Indonesian sentence, stages nothing and exits non-zero."""
    import os
    import subprocess

    from tests.conftest import ROOT

    office.release("0.2.0")
    as_station = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search", "--"] \
        if os.geteuid() == 0 else []  # root writes anywhere: without its override here
    office.root.chmod(0o555)
    try:
        done = subprocess.run(
            [*as_station, sys.executable, "-m", "ult_desktop", "update", "look", "--share",
             str(office.share), "--install-root", str(office.root)],
            capture_output=True, text=True, timeout=60, cwd=ROOT)
    finally:
        office.root.chmod(0o755)
    assert done.returncode == 12, (done.stdout, done.stderr)
    assert "tidak boleh menulis di folder instalasinya" in done.stdout
    assert "Traceback" not in done.stderr + done.stdout and "Error" not in done.stderr
    assert not (office.root / "0.2.0").exists()


def test_stations_switched_on_together_spread_their_downloads_over_minutes():
    """Thirty PCs switched on in the same second at opening: the first look each one
    schedules (where a release published overnight is copied) spreads over minutes, never
    more than a handful in the same half minute; then every five minutes, give or take."""
    import random

    from ult_desktop.app.updates import station

    now = [0.0]
    fleet = [station.Looks(None, clock=lambda: now[0], rng=random.Random(seed))
             for seed in range(30)]
    first = sorted(looks.wait_s() for looks in fleet)
    assert first[-1] - first[0] >= 5 * 60
    assert max(sum(1 for t in first if s <= t < s + 30) for s in first) <= 5
    now[0] = first[-1]
    for looks in fleet:
        looks.next_at = now[0]  # each looks now (no share: nothing to copy)
        assert looks.look_if_due() is None and looks.wait_s() > 0
    after = sorted(looks.wait_s() for looks in fleet)
    low, high = station.LOOK_EVERY_S * (1 - station.LOOK_JITTER), \
        station.LOOK_EVERY_S * (1 + station.LOOK_JITTER)
    assert low <= after[0] and after[-1] <= high and after[-1] - after[0] >= 60


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in programs are shell scripts")
def test_a_start_up_check_past_its_time_limit_is_tried_again_before_a_ban(office,
                                                                          monkeypatch):
    """A busy PC's check that runs past its limit bans no good release: it stays staged
    and is checked again; a check that hangs every time is a failure the third time."""
    monkeypatch.setattr(install, "START_CHECK_TIMEOUT_S", 0.5)
    office.release("0.2.0")
    assert client.check(office.root, office.share, "0.1.0").outcome == client.STAGED
    program = install.program(office.root, "0.2.0")
    program.write_text("#!/bin/sh\nsleep 30\n")
    assert install.TIMEOUTS_BEFORE_BAN == 3
    assert install.precheck(office.root, "0.2.0") == ""  # after staging: no verdict
    assert install.at_start(office.root).version == "0.1.0"  # at a start: not taken
    state = install.read_state(office.root)
    assert state["pending"] == "0.2.0" and "0.2.0" not in state.get("failed", {})
    assert "TimeoutExpired" in install.precheck(office.root, "0.2.0")  # the third time
    assert "0.2.0" in install.read_state(office.root)["failed"]


def test_the_setup_programs_root_is_written_where_the_updater_reads_it_or_refused(
        office, tmp_path):
    """What the setup program's ``/ROOT=`` runs (``update trust --root ... --install-root``,
    installer/ult-desktop.nsi): the office's root lands in the updater's folder and a look
    finds the release; a malformed or unsigned file is refused in Indonesian, exit
    non-zero, and the trust the PC had is left as it was."""
    import subprocess

    fresh = tmp_path / "fresh"
    make_bundle(fresh / "0.1.0", "0.1.0")
    install.switch_current(fresh, "0.1.0")
    office.release("0.2.0")
    env = dict(os.environ)

    def trust(path):
        return subprocess.run(
            [sys.executable, "-m", "ult_desktop", "update", "trust", "--root", str(path),
             "--install-root", str(fresh)], capture_output=True, text=True, env=env,
            timeout=120)

    ok = trust(office.ceremony.keys_dir / "1.root.json")
    assert ok.returncode == 0, ok.stderr
    written = fresh / client.METADATA_DIR / "root.json"
    assert written.read_bytes() == (office.ceremony.keys_dir / "1.root.json").read_bytes()
    assert client.check(fresh, office.share, "0.1.0").outcome == client.STAGED
    garbage = tmp_path / "garbage.json"
    garbage.write_text('{"signed": {"_type": "root"}}')
    unsigned = tmp_path / "unsigned.json"
    doc = json.loads((office.ceremony.keys_dir / "1.root.json").read_text())
    doc["signatures"] = []
    unsigned.write_text(json.dumps(doc))
    before = written.read_bytes()
    for bad in (garbage, unsigned, tmp_path / "missing.json"):
        run = trust(bad)
        assert run.returncode != 0
        assert "ditolak" in run.stderr + run.stdout and "Traceback" not in run.stderr
        assert written.read_bytes() == before


_HOLDER = """
import sys, time
from pathlib import Path
from ult_desktop.app.updates import install
root = Path(sys.argv[1])
with install.one_switch(root):
    (root / "held").write_text("1")
    while not (root / "go").exists():
        time.sleep(0.01)
    (root / "left").write_text("1")
    if sys.argv[2] == "die":
        import os
        os._exit(9)  # killed while switching: the system lets go of its lock
"""


@pytest.mark.windows
@pytest.mark.parametrize("ends", ["leaves", "die"])
def test_one_switch_at_a_time_on_a_pc_across_programs(tmp_path, ends):
    """Another program's switch under way (the old program handing over, the started one,
    ``update start-check``): this one waits until it is done, or until it died, and then
    finds what it did (never its trial under way, which it would take for a dead start)."""
    import subprocess
    import threading

    root = tmp_path / "install"
    root.mkdir()
    holder = subprocess.Popen([sys.executable, "-c", _HOLDER, str(root), ends])
    try:
        deadline = datetime.now() + timedelta(seconds=60)
        while not (root / "held").exists():
            assert holder.poll() is None and datetime.now() < deadline
            threading.Event().wait(0.01)
        entered, saw_left = threading.Event(), []

        def switch():
            with install.one_switch(root):
                saw_left.append((root / "left").exists())
                entered.set()

        thread = threading.Thread(target=switch)
        thread.start()
        assert not entered.wait(0.5)  # the other program's switch is under way
        (root / "go").write_text("1")
        assert entered.wait(60) and saw_left == [True]
        thread.join()
    finally:
        holder.kill()
        holder.wait()
