"""Report statistics: mean, median, p90 (PERCENTILE.INC), share meeting a target."""

import pytest

from ult_desktop.core import stats


def test_mean_median_p90_of_ten_values():
    values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert stats.mean(values) == 5.5
    assert stats.median(values) == 5.5
    # rank (10-1) x 0.9 = 8.1 -> 9 + 0.1 x (10 - 9)
    assert stats.percentile(values, 90) == pytest.approx(9.1)


def test_order_and_none_are_ignored():
    assert stats.median([9, None, 1, 5]) == 5
    assert stats.percentile([3, 1, 2], 0) == 1
    assert stats.percentile([3, 1, 2], 100) == 3


def test_empty_gives_none():
    assert stats.mean([]) is None
    assert stats.median([None]) is None
    assert stats.percentile([], 90) is None
    assert stats.share_within([], 5) is None


def test_share_within_target_counts_equal_as_met():
    assert stats.share_within([1, 5, 6, 10], 5) == 0.5
    assert stats.share_within([1, 2], None) is None


def test_summary():
    s = stats.summarize([4, 2, 10, 6], target=5)
    assert (s.count, s.mean, s.median, s.within_target) == (4, 5.5, 5.0, 0.5)
    assert s.p90 == pytest.approx(8.8)  # rank 2.7 -> 6 + 0.7 x 4


def test_percentile_outside_range_is_rejected():
    with pytest.raises(ValueError):
        stats.percentile([1], 101)
