"""SKM / IKM (PermenPANRB 14/2017) on worked examples computed by hand."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from ult_desktop.core import skm
from ult_desktop.core.i18n import keys, tr

# Three respondents; element sums 10, 11, 8, 12, 9, 10, 12, 8, 10 (total 90).
THREE = [
    [4, 4, 3, 4, 3, 3, 4, 3, 3],
    [3, 3, 3, 4, 3, 3, 4, 2, 3],
    [3, 4, 2, 4, 3, 4, 4, 3, 4],
]


def test_three_respondents_worked_example():
    result = skm.compute_ikm(THREE)
    assert result.respondents == 3
    assert result.nrr == (
        Fraction(10, 3), Fraction(11, 3), Fraction(8, 3), Fraction(4), Fraction(3),
        Fraction(10, 3), Fraction(4), Fraction(8, 3), Fraction(10, 3),
    )
    assert result.nrr_rounded() == tuple(Decimal(x) for x in (
        "3.33", "3.67", "2.67", "4.00", "3.00", "3.33", "4.00", "2.67", "3.33"))
    # sum NRR = 30; 30 x 1/9 = 3.3333; x 25 = 83.333
    assert result.ni == Fraction(10, 3)
    assert result.ikm == Decimal("83.33")
    assert result.grade.mutu == "B"
    assert result.grade.kinerja("id") == "Baik"
    assert result.grade.kinerja("en") == "Good"
    assert result.weakest().key == "waktu"  # 8/3, the first of the two lowest
    assert result.element_ikm(4) == Decimal("100.00")


def test_all_best_is_exactly_100_grade_a():
    result = skm.compute_ikm([[4] * 9] * 7)
    assert result.ikm == Decimal("100.00")
    assert result.grade.mutu == "A"
    assert result.grade.kinerja() == "Sangat Baik"


def test_all_worst_is_25_grade_d():
    result = skm.compute_ikm([[1] * 9])
    assert result.ikm == Decimal("25.00")
    assert result.grade.mutu == "D"
    assert result.grade.kinerja() == "Tidak Baik"


def test_ni_2_6_is_exactly_65_grade_c_and_one_point_less_is_d():
    # 5 respondents, 45 answers summing to 117: NI = 117/45 = 2.6, IKM = 65.00
    responses = [[3] * 9, [3] * 9, [3] * 9, [2] * 9, [2] * 9]
    assert sum(map(sum, responses)) == 117
    result = skm.compute_ikm(responses)
    assert result.ikm == Decimal("65.00")
    assert result.grade.mutu == "C"
    responses[-1] = [1, 2, 2, 2, 2, 2, 2, 2, 2]
    lower = skm.compute_ikm(responses)
    assert lower.ikm == Decimal("64.44")  # 116/45 x 25 = 64.444
    assert lower.grade.mutu == "D"


def test_nrr_per_element_differs_from_mean_of_respondents_when_elements_vary():
    # element 1 all 4, others all 2: NRR1 = 4, NRR2..9 = 2; IKM = (4 + 16)/9 x 25 = 55.56
    result = skm.compute_ikm([[4, 2, 2, 2, 2, 2, 2, 2, 2]] * 4)
    assert result.nrr[0] == 4 and result.nrr[1] == 2
    assert result.ikm == Decimal("55.56")
    assert result.grade.mutu == "D"


@pytest.mark.parametrize(
    ("ikm", "mutu"),
    [
        ("100", "A"), ("88.31", "A"), ("88.305", "A"), ("88.3049", "B"), ("88.30", "B"),
        ("76.61", "B"), ("76.605", "B"), ("76.6049", "C"), ("76.60", "C"), ("65.00", "C"),
        ("64.995", "C"), ("64.99", "D"), ("25", "D"),
    ],
)
def test_grade_bands_on_two_decimal_rounding(ikm, mutu):
    assert skm.grade_for(Decimal(ikm)).mutu == mutu


def test_grade_outside_scale_is_rejected():
    with pytest.raises(ValueError):
        skm.grade_for(24.99)
    with pytest.raises(ValueError):
        skm.grade_for(100.01)


def test_grade_bands_on_ni_scale_match_ikm_bands():
    for grade in skm.GRADES:
        assert skm.round2(grade.ni_min * 25) == grade.ikm_min


def test_no_responses_gives_none():
    assert skm.compute_ikm([]) is None
    assert skm.nrr([]) is None


def test_nrr_of_one_element():
    assert skm.nrr([4, 3, 3, 2]) == Fraction(3)


@pytest.mark.parametrize(
    "answers",
    [[4] * 8, [4] * 10, [0] + [4] * 8, [5] + [4] * 8, [3.5] + [4] * 8, [True] + [4] * 8,
     "444444444", ["4"] * 9],
)
def test_invalid_answers_are_rejected_with_a_person_message(answers):
    with pytest.raises(skm.InvalidAnswers) as info:
        skm.compute_ikm([answers])
    assert "pilih satu jawaban" in info.value.message("id")


def test_ikm_per_service_and_per_period():
    rows = [
        {"service": "A", "day": date(2025, 1, 5), "answers": [4] * 9},
        {"service": "A", "day": date(2025, 4, 2), "answers": [2] * 9},
        {"service": "B", "day": date(2025, 1, 9), "answers": [3] * 9},
    ]
    per_service = skm.ikm_by(rows, key=lambda r: r["service"], answers=lambda r: r["answers"])
    assert list(per_service) == ["A", "B"]
    assert per_service["A"].ikm == Decimal("75.00")  # NI 3.0
    assert per_service["A"].grade.mutu == "C"
    assert per_service["B"].ikm == Decimal("75.00")
    per_quarter = skm.ikm_by(
        rows, key=lambda r: f"{r['day'].year}-Q{(r['day'].month - 1) // 3 + 1}",
        answers=lambda r: r["answers"])
    assert per_quarter["2025-Q1"].respondents == 2
    assert per_quarter["2025-Q1"].ikm == Decimal("87.50")  # NI 3.5 -> B, just below A
    assert per_quarter["2025-Q1"].grade.mutu == "B"
    assert per_quarter["2025-Q2"].ikm == Decimal("50.00")


def test_nine_elements_have_names_questions_and_four_labels_in_both_languages():
    assert [e.number for e in skm.ELEMENTS] == list(range(1, 10))
    catalogue = keys()
    for element in skm.ELEMENTS:
        for lang in ("id", "en"):
            assert f"skm.element.{element.key}" in catalogue
            assert element.question(lang).endswith("?")
            labels = element.answer_labels(lang)
            assert len(labels) == 4 and len(set(labels)) == 4
    assert skm.ELEMENTS[0].name() == "Persyaratan"
    assert skm.ELEMENTS[0].answer_labels("id") == (
        "Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
    assert skm.ELEMENTS[3].answer_labels("id") == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert skm.ELEMENTS[6].answer_label(4, "id") == "Sangat sopan dan ramah"
    assert skm.ELEMENTS[6].answer_label(1, "en") == "Not polite and friendly"
    assert tr("skm.kinerja.C", "id") == "Kurang Baik"
    with pytest.raises(skm.InvalidAnswers):
        skm.ELEMENTS[0].answer_label(5)


def test_a_paper_sheet_needs_a_real_month(db):
    import pytest

    from ult_desktop.db import errors
    from ult_desktop.db.survey.skm import record_response

    for bad in ("2026-5", "2026-13", "26-05", "2026-05-01"):
        with pytest.raises(errors.RuleViolation):
            record_response(db, service_id=1, period=bad, source="paper", answers=[3] * 9)
    with pytest.raises(errors.RuleViolation):
        record_response(db, service_id=1, period="2026-05", source="tablet", answers=[3] * 9)
    from tests.drivers import people_served

    people_served(db, service_id=1, month="2026-05", n=1)
    assert record_response(db, service_id=1, period="2026-05", source="phone",
                           answers=[3] * 9).period == "2026-05"


def test_a_month_takes_no_more_sheets_than_people_served(db):
    """Two people served in May, so two sheets; the third is refused
    with the figures, whatever its source, and nothing is stored."""
    from tests.drivers import people_served
    from ult_desktop.db import errors
    from ult_desktop.db.survey.skm import record_response

    people_served(db, service_id=1, month="2026-05", n=2)
    for sheet, source in ((1, "paper"), (2, "phone")):
        record_response(db, service_id=1, period="2026-05", source=source, answers=[3] * 9,
                        sheet_no=sheet)
    with pytest.raises(errors.RuleViolation) as info:
        record_response(db, service_id=1, period="2026-05", source="paper", answers=[3] * 9,
                        sheet_no=3)
    assert "2 jawaban untuk 2 orang yang dilayani" in str(info.value)
    with pytest.raises(errors.RuleViolation):  # June: nobody served yet
        record_response(db, service_id=1, period="2026-06", source="paper", answers=[3] * 9)
    assert db.query("SELECT COUNT(*) FROM skm_responses")[0][0] == 2
    assert db.query("SELECT COUNT(*) FROM skm_paper_sheets")[0][0] == 2


def test_the_last_closed_month_crosses_the_new_year():
    from datetime import date

    from ult_desktop.core.skm import last_closed_month

    assert last_closed_month(date(2027, 1, 1)) == "2026-12"
    assert last_closed_month(date(2026, 3, 31)) == "2026-02"
    assert last_closed_month(date(2026, 12, 1)) == "2026-11"
