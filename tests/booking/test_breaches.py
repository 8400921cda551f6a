"""The breach report: who will breach before the earliest slot open to them."""

import csv
import io
from datetime import date

from booking.breaches import breach_csv, breaches, summary
from booking.service import book
from tests.booking.conftest import NEAR_SITE, NOW

MON, LATE = date(2027, 1, 11), date(2027, 3, 1)


def test_breaches_name_the_reason_and_group_by_service_and_locality(desk, login, client):
    plan = desk.plan(
        [(NEAR_SITE, MON, "AM", 0, "orthopaedics"), (NEAR_SITE, LATE, "AM", 0, "orthopaedics")]
    )
    breached = desk.referral(name="Already", referral_date=date(2026, 6, 1))
    no_slot = desk.referral(name="No slot", service_id="ophthalmology", practice_id="E82103")
    late = desk.referral(name="Late", referral_date=date(2026, 10, 1))  # breaches 5 Feb 2027
    fine = desk.referral(name="Fine", referral_date=date(2026, 11, 1))
    book(late.id, plan.sessions[1].id, now=NOW)
    book(fine.id, plan.sessions[0].id, now=NOW)
    found = {b.entry.referral.name: b.reason for b in breaches(NOW)}
    assert found == {"Already": "breached", "No slot": "will_breach", "Late": "booked_late"}
    assert (
        summary(breaches(NOW))
        == [
            ("Trauma and orthopaedics (MSK) clinic", "Chipperfield", 2),
            ("Ophthalmology clinic", "Redbourn", 1),
        ]
        or summary(breaches(NOW))[0][2] == 2
    )
    assert [b.entry.referral.id for b in breaches(NOW, locality="Redbourn")] == [no_slot.id]
    rows = list(csv.DictReader(io.StringIO(breach_csv(breaches(NOW)))))
    by_name = {row["name"]: row for row in rows}
    assert by_name["Late"]["booked_for"] == "2027-03-01"
    assert by_name["Already"]["earliest_slot"] == "2027-01-11"
    assert by_name["No slot"]["reason"] == "No slot within reach before the breach date"
    assert by_name["Already"]["nhs_number"] == breached.nhs_number

    login("booking")
    response = client.get("/booking/breaches.csv?locality=Redbourn")
    assert response.mimetype == "text/csv" and b"No slot within reach" in response.data
    assert "Ophthalmology clinic" in client.get("/booking/breaches").data.decode()
