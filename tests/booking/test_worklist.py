"""Worklist CSV import: all rows or none, every problem by row and column."""

from datetime import date

import pytest
import sqlalchemy as sa

from audit.models import AuditEvent
from booking.models import Referral
from booking.worklist import WorklistRefused, import_worklist
from extensions import db
from tests.booking.conftest import nhs_number

TODAY = date(2026, 12, 1)
HEADER = "nhs_number,name,date_of_birth,postcode,practice,service,priority,referral_date,notes\n"


def _row(serial: int, **overrides) -> str:
    values = {
        "nhs_number": nhs_number(serial),
        "name": f"Person {serial}",
        "date_of_birth": "1970-01-01",
        "postcode": "WD4 3AA",
        "practice": "E82102",
        "service": "orthopaedics",
        "priority": "routine",
        "referral_date": "2026-11-01",
        "notes": "",
    } | overrides
    return ",".join(values.values()) + "\n"


def test_every_row_is_imported_and_audited(desk):
    data = (HEADER + "".join(_row(i) for i in range(1, 51))).encode()
    assert import_worklist(data, TODAY) == 50
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 50
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.entity_type.in_(("referral", "worklist")))
    ).all()
    assert actions.count("create") == 50 and actions.count("import") == 1


def test_one_bad_row_refuses_the_file(desk):
    data = (HEADER + _row(1) + _row(2, practice="X1") + _row(3, date_of_birth="")).encode()
    with pytest.raises(WorklistRefused) as refused:
        import_worklist(data, TODAY)
    assert [str(p) for p in refused.value.problems] == [
        "Row 3, practice: 'X1' is not a known practice.",
        "Row 4, date_of_birth: Enter the date of birth.",
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"name,postcode\nA,HP1 1AA\n", "lacks column(s): nhs_number, date_of_birth"),
        (HEADER.encode(), "no rows"),
        ((HEADER.strip() + ",colour\n").encode(), "Unknown column(s): colour"),
        (b"\xff\xfe\x00", "not UTF-8"),
    ],
)
def test_a_file_that_is_no_worklist_is_refused(desk, data, message):
    with pytest.raises(WorklistRefused) as refused:
        import_worklist(data, TODAY)
    assert message in str(refused.value.problems[0])


def test_a_row_naming_another_person_on_record_refuses_the_file(desk):
    recorded = desk.referral(
        nhs_number=nhs_number(2), name="Person 2", date_of_birth=date(1970, 1, 1)
    )
    rows = _row(1) + _row(2, service="ophthalmology", date_of_birth="1970-01-02")
    with pytest.raises(WorklistRefused) as refused:
        import_worklist((HEADER + rows).encode(), TODAY)
    assert [str(p) for p in refused.value.problems] == [
        "Row 3, date_of_birth: This NHS number is already recorded with a different date of "
        "birth; check the number and the patient's details."
    ]
    assert db.session.scalars(sa.select(Referral.id)).all() == [recorded.id]


def test_rows_giving_one_number_two_people_refuse_the_file(desk):
    rows = (
        _row(1, name="Ann  SMITH")
        + _row(1, name="smith ann", service="ophthalmology")  # the same person
        + _row(2)
        + _row(1, name="Ann Jones", practice="X1")  # a bad row besides
        + _row(1, name="Ann Jones")
    )
    with pytest.raises(WorklistRefused) as refused:
        import_worklist((HEADER + rows).encode(), TODAY)
    assert [str(p) for p in refused.value.problems] == [
        "Row 5, practice: 'X1' is not a known practice.",
        "Row 6, name: Row 2 has this NHS number with a different name.",
    ]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Referral)) == 0


def test_the_same_person_on_record_is_imported_for_another_service(desk):
    desk.referral(nhs_number=nhs_number(1), name="Person 1", date_of_birth=date(1970, 1, 1))
    data = HEADER + _row(1, name="PERSON 1", service="ophthalmology")
    assert import_worklist(data.encode(), TODAY) == 1
