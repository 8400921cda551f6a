"""The price book's fields, each with its rule stated once (`inputs.columns`' way).

The form reads typed text with `Column.parse`, and the models' CHECK constraints come from
the same rules, so a negative price or a share over 100% is refused in one voice everywhere.
"""

from inputs import cells
from inputs.columns import Column, Rule, number

MONEY = number(minimum=0)  # pounds: never negative


def _percent(value: str) -> float:
    result = cells.number(value, minimum=0)
    if result > 100:
        raise cells.CellError(f"must be between 0 and 100%, not {value.strip()}%")
    return result


PERCENT = Rule(_percent, "{column} BETWEEN 0 AND 100")


def _money(name: str, *, required: bool = True) -> Column:
    return Column(name, MONEY, required=required, check=f"{name}_not_negative", contract=False)


def _percent_column(name: str) -> Column:
    return Column(name, PERCENT, check=f"{name}_in_range", contract=False)


BOOK_COLUMNS = (
    _percent_column("discount_pct"),
    _percent_column("commissioner_share_pct"),
    _money("site_visit_gbp"),
    _money("admin_per_appointment_gbp"),
    _money("letters_per_appointment"),
    _money("letter_gbp"),
    _money("texts_per_appointment"),
    _money("text_gbp"),
    _percent_column("volume_factor_pct"),
    _percent_column("income_haircut_pct"),
    _money("capital_outlay_gbp"),
    _money("startup_gbp"),
)
SERVICE_PRICE_COLUMNS = (
    _money("first_price_gbp", required=False),
    _money("follow_up_price_gbp", required=False),
)
UNIT_COST_COLUMNS = (_money("hire_per_week_gbp"), _money("move_gbp"))
STAFF_COST_COLUMNS = (_money("session_gbp", required=False),)
