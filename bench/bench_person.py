"""One person's data on request on a synthetic five-year office file, local disk.

* ``person_find_ms``: ``db.privacy.person.find`` (median of the slowest kind of query): a name
  with one letter wrong, a NIK with a digit left out, a phone written ``+62 …``.
* ``person_find_name_ms`` / ``person_find_nik_ms`` / ``person_find_phone_ms``: each kind.
* ``person_copy_ms``: everything held about one person (``db.privacy.person.copy_of``).
* ``person_erase_s``: ``db.privacy.erasure.erase`` of one person: their rows and events emptied,
  one signed act, the file rewritten (VACUUM); no backup folder here.
* ``person_5y_mb``: the file's size.

Five years of a busy ULT (as ``bench_purge``): 1,250 office days x 80 visitors = 100,000
tickets, each with a register record of its own name, NIK, phone and e-mail, and five
events carrying row images as the app writes them (the record's personal values as
salted commitments); one in twenty escalated to a case. ``--quick``: one year.
"""

from __future__ import annotations

import json
import random
import secrets
import shutil
import statistics
import time

from _common import fresh_db
from bench_purge import _days

PER_DAY = 80
FIRST = ("Siti Nur Ahmad Budi Dewi Sri Agus Rina Eko Wahyu Dian Ratna Hendra Indah Joko Kartika "
         "Lestari Muhammad Nurul Putri Rizki Sari Tri Yuni Bambang Fitri Hadi Ika Lukman Maya "
         "Nanda Oki Puspita Rahmat Slamet Teguh Umi Vina Wulan Yusuf Zainal Ani Bayu Citra "
         "Dodi Endang Fajar Galih").split()
LAST = ("Aminah Santoso Wijaya Lestari Pratama Hidayat Saputra Rahayu Kurniawan Setiawan "
        "Nugroho Wibowo Susanti Purnomo Hartono Gunawan Utami Permata Handayani Syahputra "
        "Siregar Nasution Hasibuan Simanjuntak Pohan Harahap Sitompul Lubis Daulay Tanjung "
        "Halim Kusuma Suryani Maharani Anggraini Ramadhan Firmansyah Hakim Sulistyo Yulianti "
        "Rahmawati Fauzi Iskandar Prasetyo Wulandari Susilo Marpaung Sinaga Manurung "
        "Panjaitan").split()


def _person(rng: random.Random, tid: int) -> tuple[str, str, str, str]:
    name = f"{rng.choice(FIRST)} {rng.choice(FIRST)} {rng.choice(LAST)}"
    nik = f"33{rng.randint(10, 99)}{rng.randint(10**11, 10**12 - 1)}"
    return name, nik, f"08{rng.randint(10**9, 10**10 - 1)}", f"p{tid}@contoh.id"


def _commit() -> str:
    return "c:" + secrets.token_hex(16)


def _fill(path, years: int) -> list[tuple]:
    """The file, and the people written (id, name, NIK, phone)."""
    import sqlite3

    rng = random.Random(5)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    tid, people = 0, []
    for day in _days(years):
        at = day + "T02:00:00.000000+00:00"
        tickets, records, events, cases = [], [], [], []
        for n in range(1, PER_DAY + 1):
            tid += 1
            name, nik, phone, email = _person(rng, tid)
            people.append((tid, name, nik, phone))
            tickets.append((tid, day, n, f"A-{n:03d}", f"C{tid:09d}", at, at))
            records.append((tid, tid, day, name, phone, email, nik,
                            f"Pertanyaan {tid} tentang tunjangan profesi", "Jawaban " * 4,
                            at, at))
            for kind in ("issued", "called", "serving", "finished", "register_created"):
                if kind == "register_created":
                    image = ["i", "register_records", [tid], {
                        "visitor_name": _commit(), "phone": _commit(), "email": _commit(),
                        "id_number": _commit(), "question": _commit(), "day": day,
                        "channel": "walk_in", "service_id": 1, "created_at": at}]
                    data = json.dumps({"record_id": tid, "channel": "walk_in",
                                       "_pc": secrets.token_hex(32),
                                       "_ps": secrets.token_hex(16)})
                else:
                    image = ["u", "tickets", [tid], {"state": kind, f"{kind}_at": at}]
                    data = '{"counter": 1}'
                events.append((kind, tid, day + "T02:00:00+00:00", data,
                               json.dumps([image], separators=(",", ":"))))
            if tid % 20 == 0:
                cases.append((tid, at, day, "Menunggu unit utama", "Jawaban kasus", "Sudah"))
        conn.executemany(
            "INSERT INTO tickets (id, day, prefix, seq, number, code_hash, service_id, state, "
            "issued_at, sort_at, station) VALUES (?, ?, 'A', ?, ?, ?, 1, 'done', ?, ?, 'k')",
            tickets)
        conn.executemany(
            "INSERT INTO register_records (id, ticket_id, channel, day, service_id, "
            "visitor_name, phone, email, id_number, question, answer, created_at, updated_at, "
            "station) VALUES (?, ?, 'walk_in', ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, 'c')", records)
        conn.executemany("INSERT INTO events (kind, ticket_id, station, at, data, rows) "
                         "VALUES (?, ?, 'c', ?, ?, ?)", events)
        conn.executemany(
            "INSERT INTO cases (record_id, escalated_to, state, opened_at, due_day, "
            "reschedule_reason, answer, callback_note) VALUES (?, 'back_office', 'closed', ?, "
            "?, ?, ?, ?)", cases)
    conn.execute("COMMIT")
    conn.close()
    return people


def _misspelt(name: str, rng: random.Random) -> str:
    words = name.split()
    w = max(words, key=len)
    i = rng.randrange(1, len(w) - 1)
    words[words.index(w)] = w[:i] + ("a" if w[i] != "a" else "e") + w[i + 1:]
    return " ".join(words).lower()


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def run(quick: bool) -> dict[str, float]:
    from ult_desktop.db.open import open_database
    from ult_desktop.db.privacy import erasure, person

    path = fresh_db()
    people = _fill(path, 1 if quick else 5)
    figures = {"person_5y_mb": path.stat().st_size / 1e6}
    db = open_database(path, station="bench-person", mode="admin")
    rng = random.Random(11)
    sample = rng.sample(people, 7)
    queries = {"name": [_misspelt(p[1], rng) for p in sample],
               "nik": [p[2][:7] + p[2][8:] for p in sample],
               "phone": ["+62 " + p[3][1:4] + " " + p[3][4:] for p in sample]}
    for kind, texts in queries.items():
        times = []
        for text, p in zip(texts, sample, strict=True):
            found: list = []
            times.append(_ms(lambda text=text, found=found: found.extend(person.find(db, text))))
            assert any(f["id"] == p[0] for f in found), (kind, text)
        figures[f"person_find_{kind}_ms"] = statistics.median(times)
    figures["person_find_ms"] = max(figures[f"person_find_{k}_ms"] for k in queries)
    figures["person_copy_ms"] = _ms(lambda: person.copy_of(db, sample[0][0]))
    start = time.perf_counter()
    erasure.erase(db, sample[0][0], "bench", backup_dirs=[])
    figures["person_erase_s"] = time.perf_counter() - start
    db.close()
    shutil.rmtree(path.parent, ignore_errors=True)
    return figures
