"""CHECK constraints written from the Python values they allow, so each rule is stated once."""

from collections.abc import Iterable


def one_of(column: str, values: Iterable[str], *, nullable: bool = False) -> str:
    """SQL that holds when `column` is one of `values` (or NULL, when `nullable`).

    The text is the one the migrations wrote by hand, e.g. "status IN ('draft', 'published')".
    """
    values = list(values)
    if not values or any("'" in value for value in values):
        raise ValueError(f"one_of({column!r}) needs plain, quote-free values, not {values!r}")
    listed = ", ".join(f"'{value}'" for value in values)
    condition = f"{column} IN ({listed})"
    return f"{column} IS NULL OR {condition}" if nullable else condition
