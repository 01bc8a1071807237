"""`replika zscore INPUT.csv OUTPUT.csv` end to end on small files."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from replika.nutrition.growth import classify, zscores
from replika.nutrition.growth.cli import OUTPUT_COLUMNS, main

HEADER = "id,nama,sex,age_days,weight,lenhei,measure,oedema"


def run(tmp_path: Path, text: str | bytes, *extra: str) -> tuple[int, Path]:
    """Write text to in.csv, run the command, return (exit code, output path)."""
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    if isinstance(text, str):
        src.write_text(text, encoding="utf-8")
    else:
        src.write_bytes(text)
    return main([str(src), str(dst), *extra]), dst


def read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))


def test_adds_columns_and_passes_others_through(tmp_path):
    code, out = run(
        tmp_path,
        f"{HEADER},catatan\nA1,Siti,P,500,9.5,79.0,l,n,kontrol\nA2,Budi,L,365,9.0,72.0,l,n,\n",
    )
    assert code == 0
    lines = out.read_text().splitlines()
    assert lines[0] == f"{HEADER},catatan," + ",".join(OUTPUT_COLUMNS)
    assert lines[1].startswith("A1,Siti,P,500,9.5,79.0,l,n,kontrol,")
    boy = read(out)[1]
    # boy 365 d 9.0 kg 72.0 cm: hand-computed in test_engine
    assert (boy["zlen"], boy["zwei"], boy["zbmi"]) == ("-1.57", "-0.63", "0.41")
    assert (boy["flen"], boy["fwei"], boy["fwfl"], boy["fbmi"]) == ("0", "0", "0", "0")
    assert (boy["cat_zlen"], boy["cat_zwei"], boy["cat_zbmi"]) == ("normal", "normal", "gizi_baik")


def test_output_matches_the_engine(tmp_path):
    rng = np.random.default_rng(5)
    n = 300
    sex = rng.choice(["L", "P", "1", "2", "m", "F"], n)
    age = rng.integers(0, 1900, n)
    weight = np.round(rng.uniform(2, 25, n), 2)
    length = np.round(rng.uniform(45, 120, n), 1)
    measure = rng.choice(["l", "h", "", "L", "H"], n)
    oedema = rng.choice(["n", "y", "", "N"], n, p=[0.7, 0.1, 0.1, 0.1])
    rows = zip(sex, age, weight, length, measure, oedema, strict=True)
    text = "sex,age_days,weight,lenhei,measure,oedema\n" + "".join(
        f"{s},{a},{w},{ln},{m},{o}\n" for s, a, w, ln, m, o in rows
    )
    code, out = run(tmp_path, text)
    assert code == 0
    expected = zscores(sex, age, weight, length, measure, oedema)
    cats = classify(expected)
    got = read(out)
    for i, row in enumerate(got):
        for key in ("zlen", "zwei", "zwfl", "zbmi"):
            value = expected[key][i]
            assert row[key] == ("" if np.isnan(value) else f"{value:.2f}")
            flag = "" if np.isnan(value) else str(int(expected["f" + key[1:]][i]))
            assert row["f" + key[1:]] == flag
            assert row["cat_" + key] == cats["cat_" + key][i]


def test_sex_codes_l_p_m_f(tmp_path):
    text = "sex,age_days,weight,lenhei,measure,oedema\n" + "".join(
        f"{s},365,9.0,72.0,l,n\n" for s in ("L", "l", "M", "1", "P", "p", "F", "2", "X", "")
    )
    code, out = run(tmp_path, text)
    assert code == 0
    zlen = [row["zlen"] for row in read(out)]
    assert zlen[:4] == ["-1.57"] * 4
    assert len(set(zlen[4:8])) == 1 and zlen[4] != "-1.57"
    assert zlen[8:] == ["", ""]


def test_birth_and_visit_dates_give_age(tmp_path):
    # 2023-01-01 -> 2024-01-01 is 365 days (the same boy as above).
    text = (
        "sex,birth_date,visit_date,weight,lenhei,measure,oedema\n"
        "L,2023-01-01,2024-01-01,9.0,72.0,l,n\n"
        "L,2023-01-01,not a date,9.0,72.0,l,n\n"
        "L,2024-02-01,2023-01-01,9.0,72.0,l,n\n"
    )
    code, out = run(tmp_path, text)
    assert code == 0
    rows = read(out)
    assert rows[0]["zlen"] == "-1.57"
    assert rows[1]["zlen"] == "" and rows[2]["zlen"] == ""  # bad date, visit before birth


def test_age_days_blank_falls_back_to_dates(tmp_path):
    text = (
        "sex,age_days,birth_date,visit_date,weight,lenhei,measure,oedema\n"
        "L,,2023-01-01,2024-01-01,9.0,72.0,l,n\n"
        "L,365,,,9.0,72.0,l,n\n"
    )
    code, out = run(tmp_path, text)
    assert code == 0
    assert [r["zlen"] for r in read(out)] == ["-1.57", "-1.57"]


def test_missing_columns_exit_2_with_one_line_message(tmp_path, capsys):
    code, out = run(tmp_path, "sex,weight,measure\n1,9.0,l\n")
    assert code == 2
    assert capsys.readouterr().err == (
        "replika zscore: error: missing required column(s): "
        "age_days (or birth_date and visit_date), lenhei, oedema\n"
    )
    assert not out.exists()


def test_unparseable_cells_only_blank_their_row(tmp_path):
    text = (
        "sex,age_days,weight,lenhei,measure,oedema\n"
        "L,365,abc,72.0,l,n\n"
        "L,xyz,9.0,72.0,l,n\n"
        "L,365,9.0,72.0,l,n\n"
    )
    code, out = run(tmp_path, text)
    assert code == 0
    rows = read(out)
    assert rows[0]["zwei"] == "" and rows[0]["zlen"] == "-1.57" and rows[0]["fwei"] == ""
    assert rows[0]["cat_zwei"] == ""
    assert rows[1]["zlen"] == "" and rows[1]["zwfl"] != ""  # no age: wfl still computable
    assert rows[2]["zwei"] == "-0.63"


def test_oedema_blanks_weight_columns(tmp_path):
    code, out = run(tmp_path, "sex,age_days,weight,lenhei,measure,oedema\nL,365,9.0,72.0,l,Y\n")
    assert code == 0
    row = read(out)[0]
    assert row["zlen"] == "-1.57"
    assert row["zwei"] == row["zwfl"] == row["zbmi"] == row["cat_zwfl"] == ""


def test_semicolon_file_with_decimal_comma_crlf_and_bom(tmp_path):
    text = "\ufeffSex;Age_Days;Weight;Lenhei;Measure;Oedema\r\nL;365;9,0;72,0;L;N\r\n"
    code, out = run(tmp_path, text.encode("utf-8"))
    assert code == 0
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfSex;Age_Days;")
    assert raw.count(b"\r\n") == 2
    assert b"L;365;9,0;72,0;L;N;-1.57;-0.63;" in raw


def test_quoted_fields_pass_through_byte_for_byte(tmp_path):
    text = (
        "nama,sex,age_days,weight,lenhei,measure,oedema\n"
        '"Siti, ""Ani""",P,500,9.5,79.0,l,n\n'
        '"dua\nbaris",L,365,9.0,72.0,"l",n\n'
    )
    code, out = run(tmp_path, text)
    assert code == 0
    raw = out.read_text()
    assert '"Siti, ""Ani""",P,500,9.5,79.0,l,n,' in raw
    assert '"dua\nbaris",L,365,9.0,72.0,"l",n,-1.57,' in raw
    rows = read(out)
    assert rows[0]["nama"] == 'Siti, "Ani"' and rows[1]["nama"] == "dua\nbaris"


def test_blank_lines_dropped_and_short_rows_padded(tmp_path):
    text = "sex,age_days,weight,lenhei,measure,oedema\n\nL,365,9.0,72.0,l,n\n\nL,365\n"
    code, out = run(tmp_path, text)
    assert code == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 3
    assert lines[2] == "L,365,,,," + "," * len(OUTPUT_COLUMNS)
    assert read(out)[0]["zlen"] == "-1.57"


def test_head_and_arm_columns_add_their_zscores(tmp_path):
    text = "sex,age_days,weight,lenhei,measure,oedema,headc,armc\nL,365,9.0,72.0,l,n,45.0,14.0\n"
    code, out = run(tmp_path, text)
    assert code == 0
    row = read(out)[0]
    assert list(row)[-4:] == ["zhc", "fhc", "zac", "fac"]
    assert (row["zhc"], row["zac"], row["fhc"], row["fac"]) == ("-0.83", "-0.58", "0", "0")


def test_header_only_file(tmp_path):
    code, out = run(tmp_path, "sex,age_days,weight,lenhei,measure,oedema\n")
    assert code == 0
    assert (
        out.read_text()
        == "sex,age_days,weight,lenhei,measure,oedema," + ",".join(OUTPUT_COLUMNS) + "\n"
    )


def test_empty_file_exit_2(tmp_path, capsys):
    code, _ = run(tmp_path, "")
    assert code == 2
    assert "empty" in capsys.readouterr().err


def test_unclosed_quote_exit_2(tmp_path, capsys):
    code, _ = run(tmp_path, 'sex,age_days,weight,lenhei,measure,oedema\n"L,365,9,72,l,n\n')
    assert code == 2
    assert "quoted" in capsys.readouterr().err


def test_missing_input_file_exit_1(tmp_path, capsys):
    code = main([str(tmp_path / "nope.csv"), str(tmp_path / "out.csv")])
    assert code == 1
    assert "nope.csv" in capsys.readouterr().err


def test_usage_error_exit_2(capsys):
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_help_exit_0(capsys):
    assert main(["--help"]) == 0
    assert "INPUT" in capsys.readouterr().out.upper()


def test_stdout_output(tmp_path, capsysbinary):
    src = tmp_path / "in.csv"
    src.write_text("sex,age_days,weight,lenhei,measure,oedema\nL,365,9.0,72.0,l,n\n")
    assert main([str(src), "-"]) == 0
    assert b"L,365,9.0,72.0,l,n,-1.57,-0.63," in capsysbinary.readouterr().out


def test_large_z_values_are_formatted(tmp_path):
    # 200 kg at 365 days is absurd but must not break the fast formatting table (|z| > 99.99).
    code, out = run(tmp_path, "sex,age_days,weight,lenhei,measure,oedema\nL,365,200,72,l,n\n")
    assert code == 0
    row = read(out)[0]
    assert float(row["zwei"]) > 100 and row["fwei"] == "1"
    assert row["zwei"] == f"{float(row['zwei']):.2f}"


@pytest.mark.parametrize("encoding", ["utf-16", "cp1252"])
def test_other_encodings(tmp_path, encoding):
    text = "nama,sex,age_days,weight,lenhei,measure,oedema\nJosé,L,365,9.0,72.0,l,n\n"
    code, out = run(tmp_path, text.encode(encoding))
    assert code == 0
    assert read_raw_zlen(out, encoding) == "-1.57"


def read_raw_zlen(path: Path, encoding: str) -> str:
    """zlen of the first row, decoding the output as UTF-8 (UTF-16 input is re-encoded)."""
    data = path.read_bytes().decode("utf-8" if encoding == "utf-16" else encoding)
    header, row = data.splitlines()[:2]
    return row.split(",")[header.split(",").index("zlen")]


def test_children_5_to_18_get_the_2007_reference_columns_in_the_same_file(tmp_path):
    # WHO's 2007 test survey, id 17: girl, 99 months, 33.7 kg, 141.5 cm -> zhfa 2.29,
    # zwfa 1.52, zbfa 0.54; id 5: boy, 188.57 months, 126.4 kg, 171.4 cm -> zbfa 4.21.
    code, out = run(
        tmp_path,
        f"{HEADER}\n"
        "B1,Anak,P,500,9.5,79.0,l,n\n"
        f"W17,Remaja,P,{99 * 30.4375},33.7,141.5,h,n\n"
        f"W5,Remaja,L,{188.57 * 30.4375},126.4,171.4,h,n\n",
    )
    assert code == 0
    under_five, girl, boy = read(out)
    assert girl["zhfa"] == "2.29" and girl["zwfa"] == "1.52" and girl["zbfa"] == "0.54"
    assert girl["fhfa"] == "0" and girl["cat_zbfa"] == "gizi_baik"
    assert boy["zbfa"] == "4.21" and boy["zwfa"] == "" and boy["cat_zbfa"] == "obesitas"
    assert girl["zlen"] == "" and girl["cat_zlen"] == ""  # the 2006 standards stop at 5 years
    assert under_five["zhfa"] == "" and under_five["cat_zbfa"] == ""
    assert under_five["zlen"] != ""


def test_a_file_of_under_fives_keeps_its_columns(tmp_path):
    code, out = run(tmp_path, f"{HEADER}\nB1,Anak,P,500,9.5,79.0,l,n\n")
    assert code == 0
    assert "zhfa" not in read(out)[0]


def test_cli_reproduces_who_2007_test_survey_to_a_hundredth(tmp_path):
    survey = Path(__file__).parent / "data" / "survey_who2007_z.csv"
    with survey.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = [HEADER]
    for r in rows:
        age_days = float(r["agemons"]) * 30.4375
        lines.append(
            f"{r['id']},x,{r['sex']},{age_days},{r['weight']},{r['height']},h,{r['oedema']}"
        )
    code, out = run(tmp_path, "\n".join(lines) + "\n")
    assert code == 0
    got = read(out)
    assert len(got) == len(rows)
    for expected, row in zip(rows, got, strict=True):
        for key in ("zhfa", "zwfa", "zbfa", "fhfa", "fwfa", "fbfa"):
            want = expected[key] if expected[key] != "NA" else ""
            if want == "" or row[key] == "":
                assert want == row[key], (expected["id"], key)
            else:
                assert abs(float(row[key]) - float(want)) <= 0.01, (expected["id"], key)
