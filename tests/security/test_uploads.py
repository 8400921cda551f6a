"""Uploads past a limit are refused with a clear answer and nothing written (ASVS V12.1).

The request size limit answers 413 with a page saying the limit, to anyone, before the body is
read; the file limits (spreadsheets.limits) reach people on the upload pages and the command line.
"""

import pytest
import sqlalchemy as sa

from booking.models import Referral
from extensions import db
from inputs.models import Site, Unit
from spreadsheets import limits
from tests.inputs.conftest import audit_events, text_of
from tests.security.conftest import MB, UPLOADS, assert_friendly_413, post_file
from tests.spreadsheets.workbooks import SHEET, UNITS, declaring, workbook

WORKLIST_HEADER = "nhs_number,name,date_of_birth,postcode,practice,service\n"


def nothing_written() -> bool:
    """No site, unit or referral, and no audit event about data (signing in adds a user)."""
    models = (Site, Unit, Referral)
    counts = [db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in models]
    return counts == [0, 0, 0] and audit_events() == []


@pytest.mark.parametrize(("path", "field", "name"), [(*UPLOADS[0],), (*UPLOADS[1], "list.csv")])
@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_an_oversized_upload_gets_the_friendly_413(client, login, path, field, name, who):
    if who != "anonymous":
        login(who)
    assert_friendly_413(post_file(client, path, field, name, b"x" * (10 * MB + 1)))
    assert nothing_written()


def test_the_page_states_the_limit_in_force(app, client, login):
    app.config["MAX_CONTENT_LENGTH"] = 2 * MB
    login("ops")
    assert_friendly_413(post_file(client, *UPLOADS[0], b"x" * (2 * MB + 1)), limit_mb=2)
    ok = post_file(client, "/ops/data/upload", "files", "units.csv", b"id,name,type,rooms\n")
    assert ok.status_code in (200, 302)


def test_a_zip_bomb_upload_is_refused_on_the_page(client, login):
    login("ops")
    bomb = declaring(workbook({"units": UNITS}), SHEET, 3 * 1024 * MB)
    page = text_of(post_file(client, "/ops/data/upload", "files", "data.xlsx", bomb))
    assert "data.xlsx: it unpacks to 3,072 MB, more than the 100 MB a workbook may hold" in page
    assert nothing_written()


def test_a_csv_with_too_many_rows_is_refused_on_the_page(client, login):
    login("ops")
    rows = "".join(f"u{n},Unit,outpatient,1\n" for n in range(limits.MAX_ROWS + 1))
    body = ("id,name,type,rooms\n" + rows).encode()
    page = text_of(post_file(client, "/ops/data/upload", "files", "units.csv", body))
    assert "units.csv: more than 50,000 rows, the most one table may have" in page
    assert nothing_written()


def test_a_worklist_with_too_many_rows_is_refused_on_the_page(client, login):
    login("booking")
    row = "9434765919,A Person,1970-01-01,WD4 3AA,E82102,orthopaedics\n"
    body = (WORKLIST_HEADER + row * 20_001).encode()
    response = post_file(client, "/booking/referrals/import", "worklist", "list.csv", body)
    assert response.status_code == 400
    assert "The worklist has more than 20,000 rows; import at most that." in text_of(response)
    assert nothing_written()


def test_a_worklist_that_is_not_csv_is_a_problem_not_a_crash(client, login):
    login("booking")
    body = (WORKLIST_HEADER + '"' + "x" * 200_000 + '",b,c,d,e,f\n').encode()
    response = post_file(client, "/booking/referrals/import", "worklist", "list.csv", body)
    assert response.status_code == 400
    assert "Line 2 is not readable as CSV (field larger than field limit" in text_of(response)


def test_the_import_command_refuses_a_bomb_and_writes_nothing(runner, tmp_path):
    (tmp_path / "data.xlsx").write_bytes(declaring(workbook({"units": UNITS}), SHEET, 2**31))
    result = runner.invoke(args=["import-data", str(tmp_path / "data.xlsx")])
    assert result.exit_code == 2
    assert "Nothing imported: data.xlsx: it unpacks to 2,048 MB" in result.output
    assert nothing_written()
