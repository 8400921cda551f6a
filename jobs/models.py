"""A row per background solve, tracking its state and progress."""

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from database.constraints import one_of
from extensions import db
from plans.models import Plan, Scenario

# "infeasible": no valid plan exists (proven, with why); "undecided": none was found within
# the time limit and none is proven not to exist.
STATUSES = ("queued", "running", "done", "cancelled", "failed", "infeasible", "undecided")
FINISHED = STATUSES[2:]  # all but queued and running


class SolveJob(db.Model):
    """One request to plan a scenario, from queued to a finished state."""

    __tablename__ = "solve_job"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", STATUSES), name="status_known"),
        sa.CheckConstraint("time_limit_s > 0", name="time_limit_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    scenario_id: Mapped[str] = mapped_column(
        sa.ForeignKey("scenario.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(sa.String(12), default="queued")
    time_limit_s: Mapped[float]
    seed: Mapped[int] = mapped_column(default=0)
    # Service id -> weight, when the run plans by contribution (business.weights); None: the
    # contract's order of merit.
    service_weights: Mapped[dict | None] = mapped_column(sa.JSON)
    hint_plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id", ondelete="SET NULL"))
    plan_id: Mapped[int | None] = mapped_column(sa.ForeignKey("plan.id", ondelete="SET NULL"))
    requested_by: Mapped[str] = mapped_column(sa.String(64), default="system")
    created_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=lambda: datetime.now(UTC)
    )
    started_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    elapsed_s: Mapped[float] = mapped_column(default=0.0)
    best_coverage: Mapped[float | None]
    bound: Mapped[float | None]
    message: Mapped[str] = mapped_column(sa.Text, default="")
    cancel_requested: Mapped[bool] = mapped_column(default=False)

    scenario: Mapped[Scenario] = relationship()
    plan: Mapped[Plan | None] = relationship(foreign_keys=[plan_id])
    hint_plan: Mapped[Plan | None] = relationship(foreign_keys=[hint_plan_id])

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    def progress_json(self) -> dict:
        """The figures the solve page shows, as JSON."""
        return {
            "id": self.id,
            "status": self.status,
            "finished": self.finished,
            "elapsed_s": round(self.elapsed_s or 0.0, 1),
            "time_limit_s": self.time_limit_s,
            "best_coverage": self.best_coverage,
            "bound": self.bound,
            "message": self.message,
            "plan_id": self.plan_id,
        }
