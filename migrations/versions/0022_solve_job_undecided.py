"""solve job undecided: a run that found no plan within its time limit, where none is proven
not to exist (before, such a run was recorded as infeasible)

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-01 01:00:00.000000
"""

import sqlalchemy as sa
from alembic import op


revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

BEFORE = ("queued", "running", "done", "cancelled", "failed", "infeasible")
AFTER = (*BEFORE, "undecided")


def _known(statuses: tuple[str, ...]) -> str:
    return "status IN (" + ", ".join(f"'{s}'" for s in statuses) + ")"


def upgrade() -> None:
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_solve_job_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_solve_job_status_known"), _known(AFTER))


def downgrade() -> None:
    # The older schema has no word for it: such runs become failed, their message kept.
    op.execute(sa.text("UPDATE solve_job SET status = 'failed' WHERE status = 'undecided'"))
    with op.batch_alter_table("solve_job", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_solve_job_status_known"), type_="check")
        batch_op.create_check_constraint(op.f("ck_solve_job_status_known"), _known(BEFORE))
