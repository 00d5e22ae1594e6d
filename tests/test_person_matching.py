"""How a typed name, NIK or phone finds a person (``core.personal_data``), for every input:
a NIK or phone with one digit left out or typed with spaces and dashes still finds its
owner; a number one digit different never does (a family's NIKs); a name found typed one
way is found in any case, spacing or with one letter wrong in a long word."""

from __future__ import annotations

import sqlite3

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from ult_desktop.core.personal_data import digits_match, name_matches, name_pieces, query_kind
from ult_desktop.db.privacy.person import _candidates, _hit

NIK = st.text("0123456789", min_size=16, max_size=16)
WORD = st.text("abcdefghijklmnopqrstuvwxyz", min_size=4, max_size=12)
RUNS = settings(max_examples=300, deadline=None)


@seed(68)
@RUNS
@given(NIK, st.integers(0, 15), st.sampled_from(["", " ", "-", ". "]))
def test_a_nik_with_a_digit_left_out_or_spaced_finds_its_owner(nik, gap, sep):
    typed = sep.join(nik[i:i + 4] for i in range(0, 16, 4))
    assert query_kind(typed) == "digits" and digits_match(typed, nik)
    assert digits_match(nik[:gap] + nik[gap + 1:], nik)


@seed(68)
@RUNS
@given(NIK, st.integers(0, 15), st.integers(1, 9))
def test_a_nik_one_digit_different_never_matches(nik, at, shift):
    other = nik[:at] + str((int(nik[at]) + shift) % 10) + nik[at + 1:]
    assert not digits_match(other, nik)


@seed(68)
@RUNS
@given(st.text("0123456789", min_size=9, max_size=11))
def test_a_phone_is_found_in_any_of_its_forms(rest):
    stored = "08" + rest
    for typed in ("+628" + rest, "628" + rest, "0" + "8 " + rest, "08-" + rest):
        assert digits_match(typed, stored), typed


@seed(68)
@RUNS
@given(st.lists(WORD, min_size=1, max_size=3), st.data())
def test_a_name_is_found_however_it_is_typed(words, data):
    name = " ".join(w.capitalize() for w in words)
    assert name_matches(name.upper(), name) and name_matches("  ".join(words), name)
    assert name_matches("".join(words), name)  # the spaces left out
    word = data.draw(st.sampled_from(words))
    typed = name
    if len(word) >= 5:  # one letter wrong in a word of five or more
        at = data.draw(st.integers(0, len(word) - 1))
        wrong = word[:at] + ("x" if word[at] != "x" else "y") + word[at + 1:]
        typed = " ".join(wrong if w is word else w for w in words)
        assert name_matches(typed, name)
    # and the SQL narrowing lets every such typing through: a piece of every typed word
    # is in the stored name, spaces left out, in any case (LIKE)
    stored = name.replace(" ", "").lower()
    for text in (name.upper(), "".join(words), typed):
        assert all(any(p in stored for p in pieces) for pieces in name_pieces(text))


def _register(rows: list[tuple]) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE register_records (id INTEGER PRIMARY KEY, visitor_name TEXT, "
                 "phone TEXT, email TEXT, id_number TEXT)")
    conn.executemany("INSERT INTO register_records VALUES (?, ?, ?, ?, ?)", rows)
    return conn


@seed(68)
@RUNS
@given(NIK, st.integers(0, 15), st.text("0123456789", min_size=9, max_size=11),
       st.sampled_from(["0", "62", "+62"]), st.lists(WORD, min_size=1, max_size=3))
def test_what_sql_narrows_to_keeps_every_typing_that_matches(nik, gap, rest, form, words):
    """``db.privacy.person``'s SQL never drops a row :mod:`core.personal_data` would match."""
    name = " ".join(w.capitalize() for w in words)
    conn = _register([(1, name, form + "8" + rest, "a@b.id", nik),
                      (2, "Lain Orang", "0811", "c@d.id", "1" * 16)])
    for typed in (nik[:gap] + nik[gap + 1:], "0 8" + rest, "+62-8" + rest[:-1] + rest[-1],
                  "".join(words), name.upper()):
        kind = query_kind(typed)
        found = [r for r in _candidates(conn, typed, kind) if _hit(kind, typed, r)]
        assert [r[0] for r in found] == [1], (typed, kind)
