"""All-or-nothing import of CSV files and XLSX workbooks, and export back."""

import io
from datetime import date

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from extensions import db
from inputs.exporter import export_rows
from inputs.importer import ImportRefused, import_tables
from inputs.models import Clinician, Demand, Practice, Service, Site, Unit
from spreadsheets.files import read_csv, read_paths, read_xlsx, write_csv_dir, xlsx_bytes
from tests.inputs.good_tables import GOOD


def tables(overrides: dict | None = None, names=None):
    texts = GOOD | (overrides or {})
    return {
        name: read_csv(io.BytesIO(texts[name].encode()), f"{name}.csv") for name in (names or texts)
    }


def counts() -> dict:
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in (Site, Practice, Unit, Service, Clinician, Demand)
    }


def test_good_tables_import_with_normalised_values(app):
    report = import_tables(tables())
    assert report.created == {
        "sites": 2,
        "practices": 2,
        "units": 2,
        "services": 2,
        "clinicians": 2,
        "demand": 2,
    }
    tring = db.session.get(Site, "S17")
    assert tring.postcode == "HP23 5"
    assert tring.unit_types == ["outpatient", "radiology"]
    assert [(c.start.isoformat(), c.finish.isoformat()) for c in tring.closures] == [
        ("2027-02-15", "2027-02-19")
    ]
    assert db.session.get(Site, "S01").postcode == "HP2 4AD"
    assert db.session.get(Site, "S01").min_weeks == 0
    assert len(db.session.get(Unit, "op-1").outages) == 2
    radiographer = db.session.get(Clinician, "c-rad-1")
    assert radiographer.max_sessions_per_week is None and radiographer.base_lat is None
    assert db.session.get(Service, "xray").max_travel_km is None
    assert db.session.get(Practice, "E82001").list_size_date == date(2026, 4, 1)
    assert db.session.get(Practice, "E82022").list_size_date is None  # not given


def test_reimport_updates_instead_of_duplicating(app):
    import_tables(tables())
    changed = GOOD["units"].replace("op-1,Outpatient unit 1,outpatient,3", "op-1,OP 1,outpatient,4")
    report = import_tables(tables({"units": changed}, names=["units"]))
    assert report.updated == {"units": 2}
    assert db.session.get(Unit, "op-1").rooms == 4
    assert counts()["Unit"] == 2


@pytest.mark.parametrize(
    ("name", "old", "new", "message"),
    [
        (
            "demand",
            "E82001,dermatology",
            "E99999,dermatology",
            "row 2, column practice: unknown practice 'E99999'",
        ),
        ("demand", "E82022,xray", "E82022,podiatry", "row 3, column service: unknown service"),
        ("sites", "HP24AD", "HP2 4A", "row 3, column postcode:"),
        (
            "sites",
            ",3,outpatient;theatre",
            ",-3,outpatient;theatre",
            "column pads: must be at least 1, not -3",
        ),
        ("demand", "3.5", "-1", "column per_week: must not be negative"),
        (
            "practices",
            "E82022,Fernville",
            "E82001,Fernville",
            "row 3, column id: duplicate id 'E82001' (also on row 2)",
        ),
        ("clinicians", "radiographer,,", "radiographerr,,", "unknown skill 'radiographerr'"),
        (
            "practices",
            "43859,2026-04-01",
            "43859,01/04/2026",
            "row 2, column list_size_date: '01/04/2026' is not a date written YYYY-MM-DD",
        ),
        ("units", "2027-03-01..2027-03-05", "2027-03-05..2027-03-01", "dates out of order"),
        ("units", "outpatient,3", "truck,3", "column type: 'truck' is not one of"),
        ("clinicians", "Mon-AM;Thu-PM", "Mon-AM;Thu-Eve", "'Thu-Eve' is not one of"),
        ("clinicians", "Watford General,51.6479,", "Watford General,,", "give both base_lat"),
        ("sites", "51.7925,", "151.7925,", "latitude must lie between -90 and 90"),
        (
            "services",
            "dermatology,Dermatology clinic,outpatient,,12",
            "dermatology,Dermatology clinic,outpatient,,twelve",
            "'twelve' is not a whole number",
        ),
    ],
)
def test_each_kind_of_bad_row_is_refused_and_nothing_written(app, name, old, new, message):
    assert old in GOOD[name]
    before = counts()
    with pytest.raises(ImportRefused) as refused:
        import_tables(tables({name: GOOD[name].replace(old, new, 1)}))
    assert any(message in str(problem) for problem in refused.value.problems), str(refused.value)
    assert str(refused.value).startswith(f"{name}.csv row")
    assert counts() == before


def test_every_bad_row_is_listed_not_just_the_first(app):
    bad = GOOD["demand"].replace("3.5", "x").replace("12.25", "-2")
    with pytest.raises(ImportRefused) as refused:
        import_tables(tables({"demand": bad}))
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "per_week"), (3, "per_week")]


def test_unknown_and_missing_columns_are_named(app):
    bad = GOOD["units"].replace("rooms,", "roomz,", 1)
    with pytest.raises(ImportRefused) as refused:
        import_tables(tables({"units": bad}))
    messages = [str(p) for p in refused.value.problems]
    assert any("column roomz: unknown column" in m for m in messages)
    assert any("column rooms: required column is missing" in m for m in messages)


def test_demand_may_refer_to_practices_already_in_the_database(app):
    import_tables(tables(names=["sites", "practices", "units", "services", "clinicians"]))
    report = import_tables(tables(names=["demand"]))
    assert report.created == {"demand": 2}


def test_csv_round_trip(app, tmp_path):
    import_tables(tables())
    first = export_rows()
    assert [row["list_size_date"] for row in first["practices"]] == [date(2026, 4, 1), None]
    write_csv_dir(tmp_path / "out", first)
    practices = (tmp_path / "out" / "practices.csv").read_text().splitlines()
    assert practices[0].split(",")[6:9] == ["list_size", "list_size_date", "source"]
    assert ",43859,2026-04-01," in practices[1] and ",18633,," in practices[2]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{name}.csv" for name in GOOD
    )
    for name in GOOD:
        header = (tmp_path / "out" / f"{name}.csv").read_text().splitlines()[0].split(",")
        assert set(GOOD[name].splitlines()[0].split(",")) <= set(header)
    report = import_tables(read_paths([tmp_path / "out"]))
    assert sum(report.created.values()) == 0 and sum(report.updated.values()) == 12
    assert export_rows() == first


def test_xlsx_round_trip(app, tmp_path):
    import_tables(tables())
    first = export_rows()
    data = xlsx_bytes(first)
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == list(GOOD)
    assert workbook["sites"]["A2"].value == "S01"
    (tmp_path / "data.xlsx").write_bytes(data)
    import_tables(read_paths([tmp_path / "data.xlsx"]))
    assert export_rows() == first


def test_xlsx_bad_rows_name_the_sheet(app):
    import_tables(tables())
    rows = export_rows()
    rows["units"][0]["rooms"] = 0
    with pytest.raises(ImportRefused) as refused:
        import_tables(read_xlsx(io.BytesIO(xlsx_bytes(rows)), "data.xlsx"))
    assert str(refused.value.problems[0]).startswith("data.xlsx, sheet units row 2, column rooms")


TEMPLATED = (
    "id,name,unit_type,capability,slots_per_session,follow_up_slots,staff,max_wait_weeks,"
    "max_travel_km,follow_up_ratio,follow_up_cap,follow_up_weeks,source\n"
    "dermatology,Dermatology clinic,outpatient,,14,6,dermatology,18,15,1.33,1.2,12,\n"
    "xray,X-ray,radiology,xray,30,,radiographer,6,,,,,\n"
)


def test_a_clinic_template_and_its_follow_up_ratio_import(app):
    import_tables(tables({"services": TEMPLATED}))
    dermatology, xray = db.session.get(Service, "dermatology"), db.session.get(Service, "xray")
    assert (dermatology.slots_per_session, dermatology.follow_up_slots) == (14, 6)
    assert (dermatology.follow_up_ratio, dermatology.follow_up_cap) == (1.33, 1.2)
    assert dermatology.follow_up_weeks == 12
    assert (xray.follow_up_slots, xray.follow_up_ratio) == (0, 0.0)  # empty cells: none
    assert (xray.follow_up_cap, xray.follow_up_weeks) == (None, None)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",14,6,", ",14,15,", "column follow_up_slots: follow_up_slots (15) must be at most"),
        (",1.33,", ",-0.5,", "row 2, column follow_up_ratio: must not be negative"),
        (",1.2,", ",-1,", "row 2, column follow_up_cap: must not be negative"),
        (",1.2,12,", ",1.2,0,", "row 2, column follow_up_weeks: must be at least 1, not 0"),
        (",14,6,", ",14,2.5,", "row 2, column follow_up_slots: '2.5' is not a whole number"),
    ],
)
def test_a_bad_clinic_template_is_refused_by_row_and_column(app, old, new, message):
    with pytest.raises(ImportRefused) as refused:
        import_tables(tables({"services": TEMPLATED.replace(old, new, 1)}))
    assert any(message in str(problem) for problem in refused.value.problems), str(refused.value)
    assert counts()["Service"] == 0


def test_a_file_without_the_template_columns_is_checked_against_the_stored_template(app):
    import_tables(tables({"services": TEMPLATED}))
    fewer_slots = GOOD["services"].replace(",outpatient,,12,", ",outpatient,,4,")
    with pytest.raises(ImportRefused) as refused:
        import_tables(tables({"services": fewer_slots}, names=["services"]))
    assert [str(p) for p in refused.value.problems] == [
        "services.csv row 2, column follow_up_slots: "
        "follow_up_slots (6) must be at most slots_per_session (4)"
    ]
    import_tables(tables(names=["services"]))  # 12 slots: the 6 follow-up slots still fit
    assert db.session.get(Service, "dermatology").follow_up_slots == 6
