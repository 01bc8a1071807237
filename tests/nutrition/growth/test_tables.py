"""The packaged WHO tables load into the dense arrays the engine indexes."""

from __future__ import annotations

import filecmp
from pathlib import Path

import numpy as np
import pytest

from replika.nutrition.growth import tables

DATA = Path(tables.__file__).parent / "data"
# The project's shared reference data sits beside the repository when it is there at all.
SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
SHARED = SHARED_DATA / "who_growth_standards"
FILES = [
    "weianthro.txt",
    "lenanthro.txt",
    "bmianthro.txt",
    "hcanthro.txt",
    "acanthro.txt",
    "wflanthro.txt",
    "wfhanthro.txt",
]


def test_age_table_rows_by_sex_and_day():
    lhfa = tables.age_table("lhfa")
    # lenanthro.txt: "1 365 1 75.7391 0.03137 L" and "2 500 1 79.0642 0.03564 L"
    boy = 0 * tables.AGE_ROWS + 365
    girl = 1 * tables.AGE_ROWS + 500
    assert (lhfa.l[boy], lhfa.m[boy], lhfa.s[boy]) == (1.0, 75.7391, 0.03137)
    assert (lhfa.m[girl], lhfa.s[girl]) == (79.0642, 0.03564)
    assert len(lhfa.m) == 2 * 1827 + 1


def test_sentinel_row_is_nan():
    for name in ("wfa", "lhfa", "bmi", "hc", "ac"):
        table = tables.age_table(name)
        assert np.isnan(table.m[table.sentinel])


def test_arm_circumference_has_no_rows_before_91_days():
    ac = tables.age_table("ac")
    assert np.isnan(ac.m[:91]).all()
    assert not np.isnan(ac.m[91 : tables.AGE_ROWS]).any()


def test_length_table_layout():
    t = tables.length_table()
    assert t.rows.tolist() == [651, 551]  # 45.0-110.0 and 65.0-120.0 by 0.1 cm
    # wflanthro "2 70.1 -0.3833 8.1835 0.09067": girl, length table, row (70.1 - 45) * 10
    row = t.offsets[0, 1] + 251
    assert (t.lms.l[row], t.lms.m[row], t.lms.s[row]) == (-0.3833, 8.1835, 0.09067)
    # wfhanthro "1 120 -0.3521 22.353 0.09424 H": boy, height table, last row
    row = t.offsets[1, 0] + 550
    assert t.lms.m[row] == 22.353
    assert np.isnan(t.lms.m[t.sentinel]) and np.isnan(t.lms.m[t.sentinel + 1])


def test_tables_are_loaded_once():
    assert tables.age_table("wfa") is tables.age_table("wfa")
    assert tables.length_table() is tables.length_table()


@pytest.mark.skipif(not SHARED_DATA.exists(), reason="shared reference copy not available")
@pytest.mark.parametrize(
    "name",
    [
        *(f"who_growth_standards/{name}" for name in FILES),
        *(f"who_growth_reference_2007/{n}" for n in ("hfawho2007.txt", "wfawho2007.txt")),
        "who_growth_reference_2007/bfawho2007.txt",
    ],
)
def test_packaged_tables_are_verbatim_copies(name):
    assert filecmp.cmp(DATA / name.split("/")[1], SHARED_DATA / name, shallow=False)
