"""The price book's fields, each with its rule stated once (`inputs.columns`' way).

The form reads typed text with `Column.parse`, and the models' CHECK constraints come from
the same rules, so a negative price or a share over 100% is refused in one voice everywhere.
A figure may be typed as people write it: "£5,995" for pounds, "12.5%" for a share.
"""

import re
from functools import partial

from inputs import cells
from inputs.columns import Column, Rule

# Thousands grouped by commas, as in "5,995" or "1,250,000.50"; "1,5" is no such number.
GROUPED = re.compile(r"\d{1,3}(,\d{3})+(\.\d*)?")


def _figure(typed: str, *, mark: str = "", suffix: bool = False) -> float:
    """The non-negative number in `typed`, which may carry `mark` (before it, or after it if
    `suffix`), a sign before that, and commas between thousands."""
    text = cells.text(typed)  # "must not be empty"
    sign = text[:1] if text[:1] in ("-", "+") else ""  # "-£5" as well as "£-5"
    body = text.removeprefix(sign).strip()
    if mark:
        body = (body.removesuffix(mark) if suffix else body.removeprefix(mark)).strip()
    if "," in body:
        if not GROUPED.fullmatch(body.lstrip("+-")):
            raise cells.CellError(f"'{text}' is not a number")
        body = body.replace(",", "")
    bare = sign + body
    try:
        float(bare)
    except ValueError:
        raise cells.CellError(f"'{text}' is not a number") from None
    return cells.number(bare, minimum=0)


def _percent(typed: str) -> float:
    result = _figure(typed, mark="%", suffix=True)
    if result > 100:
        raise cells.CellError(f"must be between 0 and 100%, not {result:g}%")
    return result


# The SQL is `inputs.columns.number(minimum=0)`'s, so the database's checks are unchanged.
MONEY = Rule(partial(_figure, mark="£"), "{column} >= 0")  # pounds: never negative
COUNT = Rule(_figure, "{column} >= 0")  # letters or texts an appointment: never negative
PERCENT = Rule(_percent, "{column} BETWEEN 0 AND 100")


def _factor(typed: str) -> float:
    result = _figure(typed)
    if result <= 0:
        raise cells.CellError(f"must be more than 0, not {result:g}")
    return result


FACTOR = Rule(_factor, "{column} > 0")  # a multiplier of prices: more than nought


def _money(name: str, *, required: bool = True, rule: Rule = MONEY) -> Column:
    return Column(name, rule, required=required, check=f"{name}_not_negative", contract=False)


def _percent_column(name: str) -> Column:
    return Column(name, PERCENT, check=f"{name}_in_range", contract=False)


BOOK_COLUMNS = (
    Column("market_forces_factor", FACTOR, check="market_forces_factor_positive", contract=False),
    _percent_column("discount_pct"),
    _percent_column("commissioner_share_pct"),
    _money("site_visit_gbp"),
    _money("admin_per_appointment_gbp"),
    _money("letters_per_appointment", rule=COUNT),
    _money("letter_gbp"),
    _money("texts_per_appointment", rule=COUNT),
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
