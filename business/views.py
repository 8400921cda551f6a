"""The business case of a plan at /ops/plans/<id>/business: what it earns and costs, with and
without the price book's contingencies, and when it pays back."""

from flask import Blueprint, render_template, request

from booking.clocks import local_now
from business import charts
from business.alternatives import alternatives
from business.money import COST_LABELS
from business.pricing import price
from business.report import PERIODS, report
from business.workbook import business_workbook
from business.workbook_sources import workbook_sources
from extensions import db
from plans.models import Plan
from security.access import role_required
from spreadsheets.views import XLSX_TYPE, download

bp = Blueprint("business", __name__, url_prefix="/ops")


def with_contingencies() -> bool:
    """Whether the page is asked for with the price book's contingencies applied."""
    return request.args.get("contingencies") == "1"


@bp.get("/plans/<int:plan_id>/business")
@role_required("ops")
def plan(plan_id: int):
    row = db.get_or_404(Plan, plan_id)
    priced = price(row)
    db.session.commit()  # the price book, made on first use
    per = request.args.get("per", "cycle")
    page = report(priced, with_contingencies(), per if per in PERIODS else "cycle")
    return render_template(
        "business/plan.html",
        plan=row,
        book=priced.book,
        page=page,
        cash_chart=charts.cumulative_cash(page.planned_payback, page.contingent_payback),
        service_chart=charts.by_service(page),
        cost_labels=COST_LABELS,
        periods=PERIODS,
        alternatives=alternatives(priced),
        today=local_now().date(),
    )


@bp.get("/plans/<int:plan_id>/business.xlsx")
@role_required("ops")
def workbook(plan_id: int):
    """The page's figures as a workbook whose figures are formulas on its inputs."""
    row = db.get_or_404(Plan, plan_id)
    priced = price(row)
    db.session.commit()  # the price book, made on first use
    chosen = with_contingencies()
    body = business_workbook(
        priced.facts,
        priced.terms,
        priced.chosen(chosen).contingency,
        title=f"{row.scenario.name}: {row.name}",
        sources=workbook_sources(priced.book),
        book_contingency=priced.contingent.contingency,
    )
    suffix = "-with-contingencies" if chosen else ""
    return download(body, XLSX_TYPE, f"business-case-plan-{row.id}{suffix}.xlsx")
