"""Where a price book's figures come from: the source text beside each figure, read and written.

`business.seeds` writes every seeded figure's source naming the reference file it came from
("costs.csv: ..."), with "assumption" in it where the figure is one; `business.book` joins a
service's two prices' sources as "<first>; follow-up: <follow-up>" and a unit's two costs' as
"hire: <hire>; move: <move>". This module splits those back so each figure shows its own
source, and writes a typed-over figure's source as who entered it and when.
"""

from datetime import date

from business.seeds import REFERENCE

REFERENCE_FOLDER = "business/reference"
FOLLOW_UP = "follow-up: "
HIRE, MOVE = "hire: ", "move: "
SEPARATOR = "; "


def reference_files(source: str) -> list[str]:
    """The reference files a source text names, as paths from the project's root, in the
    order it names them."""
    named = [(source.find(path.name), path.name) for path in REFERENCE.glob("*.csv")]
    return [f"{REFERENCE_FOLDER}/{name}" for at, name in sorted(named) if at >= 0]


def is_assumption(source: str) -> bool:
    """Whether the figure is (or rests on) an assumption rather than a published figure."""
    return "assumption" in source.lower()


def entered_by(username: str, day: date) -> str:
    """The source of a figure someone typed over: who, and on which day."""
    return f"entered by {username} on {day.day} {day:%B %Y}"


def split_service(source: str) -> tuple[str, str]:
    """A service row's source as (first contact's, follow-up's)."""
    if source.startswith(FOLLOW_UP):
        return "", source.removeprefix(FOLLOW_UP)
    first, _, follow_up = source.partition(SEPARATOR + FOLLOW_UP)
    return first, follow_up


def join_service(first: str, follow_up: str) -> str:
    """A service row's source from its two prices' sources (`split_service` reads it back)."""
    parts = [first] if first else []
    return SEPARATOR.join(parts + ([FOLLOW_UP + follow_up] if follow_up else []))


def split_unit(source: str) -> tuple[str, str]:
    """A unit row's source as (weekly hire's, move's)."""
    hire, found, move = source.partition(SEPARATOR + MOVE)
    if not found and source.startswith(MOVE):
        return "", source.removeprefix(MOVE)
    return hire.removeprefix(HIRE), move


def join_unit(hire: str, move: str) -> str:
    """A unit row's source from its two costs' sources (`split_unit` reads it back)."""
    parts = [HIRE + hire] if hire else []
    return SEPARATOR.join(parts + ([MOVE + move] if move else []))
