"""The one-child helper used by the web form."""

from __future__ import annotations

import pytest

from replika.nutrition.growth import GrowthAssessment, assess


def test_assess_one_child():
    # boy 365 d, 9.0 kg, 72.0 cm lying: zlen -1.57, zwei -0.63, zbmi 0.41 (see test_engine).
    a = assess(1, 365, 9.0, 72.0, "l", "n")
    assert isinstance(a, GrowthAssessment)
    assert (a.zlen, a.zwei, a.zbmi) == (-1.57, -0.63, 0.41)
    assert isinstance(a.zwfl, float)
    assert (a.cat_zlen, a.cat_zwei, a.cat_zbmi) == ("normal", "normal", "gizi_baik")
    assert a.flen is False and a.c9mo_flag is False
    assert a.zhc is None and a.zac is None


def test_assess_accepts_text_sex_and_missing_values():
    a = assess("P", None, None, 70.0)
    assert a.zlen is None and a.zwei is None and a.zwfl is None
    assert a.cat_zlen == "" and a.cat_zwfl == ""
    assert a.clenhei == 70.0 and a.cbmi is None


def test_assess_unknown_sex_never_raises():
    a = assess(None, 365, 9.0, 72.0, None, None, headc=45.0, armc=14.0)
    assert a.zlen is None and a.zhc is None


def test_assess_head_and_arm():
    a = assess(1, 365, 9.0, 72.0, "l", "n", headc=45.0, armc=14.0)
    assert (a.zhc, a.zac) == (-0.83, -0.58)


def test_assess_is_frozen():
    a = assess(1, 365, 9.0, 72.0)
    with pytest.raises(AttributeError):
        a.zlen = 0.0  # type: ignore[misc]
