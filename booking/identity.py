"""One NHS number, one person: a referral for a number already on record must name the
same patient.

A mistyped NHS number would otherwise file one patient's referral, letters and appointments
under another's record. Every way in (the desk's form, the worklist import, the practice's
form, the FHIR API) checks a new referral here before anything is written.

What counts as the same patient:
- Date of birth: exactly equal. It is typed from the record and admits no variants.
- Name: the same words, in any order, after folding case and accents and ignoring extra
  spaces, hyphens, commas, full stops and apostrophes. So "Smith, Ann", "ANN  SMITH" and
  "Ann Smith" match, as do "Smith-Jones"/"Smith Jones", "O'Brien"/"OBrien" and "Zoë"/"Zoe";
  a missing or extra middle name, an initial for a given name or another surname do not.

A number whose older records already disagree (data brought in before this check) accepts
a referral matching any one of them, so that patient is not locked out. A refusal names the
field that differs and never shows what the record holds.

A practice (its users and its API clients) sees only its own patients. A number on record
with another practice is refused at once with one message that compares and shows nothing
(REGISTERED_ELSEWHERE), before any check of name or date of birth, so that a practice cannot
probe another practice's patient by trying names and dates; the checks then read the
practice's own records only. The booking desk checks across every practice.
"""

import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from booking.models import Referral
from extensions import db

RECORDED_OTHERWISE = (
    "This NHS number is already recorded with a different {what}; "
    "check the number and the patient's details."
)
REGISTERED_ELSEWHERE = (
    "This NHS number is registered with another practice in this service. Refer through "
    "that practice, or ask the booking team to move the patient."
)
IN_FILE_OTHERWISE = "Row {row} has this NHS number with a different {what}."
WHAT = {"date_of_birth": "date of birth", "name": "name"}
LOOKUP_CHUNK = 500  # NHS numbers per query: well inside every database's parameter limit
_DROPPED = re.compile(r"['’.]")  # joined up: O'Brien is OBrien
_SEPARATORS = re.compile(r"[\s,\-‐–]+")  # spaces, commas and hyphens part the words


def name_key(name: str) -> tuple[str, ...]:
    """The words of a name as compared: folded, unaccented, sorted."""
    text = unicodedata.normalize("NFKD", name).casefold()
    text = "".join(c for c in text if not unicodedata.combining(c))
    words = _SEPARATORS.split(_DROPPED.sub("", text))
    return tuple(sorted(word for word in words if word))


@dataclass(frozen=True)
class Identity:
    """Who an NHS number names: the name as compared (name_key) and the date of birth."""

    name: tuple[str, ...]
    date_of_birth: date

    @classmethod
    def of(cls, name: str, date_of_birth: date) -> "Identity":
        return cls(name_key(name), date_of_birth)


def differences(new: Identity, recorded: Collection[Identity]) -> tuple[str, ...]:
    """The fields ("date_of_birth", "name") in which `new` differs from the record; none
    when nothing is recorded or it matches one recorded identity.

    A date of birth and a name each found on record, but never together, is a different
    date of birth: the date is the stricter test.
    """
    if not recorded or new in recorded:
        return ()
    fields = []
    if new.date_of_birth not in {r.date_of_birth for r in recorded}:
        fields.append("date_of_birth")
    if new.name not in {r.name for r in recorded}:
        fields.append("name")
    return tuple(fields) or ("date_of_birth",)


def registered_elsewhere(nhs_number: str, practice_id: str) -> bool:
    """Tell whether a referral of another practice than `practice_id` has the NHS number."""
    query = sa.select(Referral.id).where(
        Referral.nhs_number == nhs_number, Referral.practice_id != practice_id
    )
    return db.session.scalar(query.limit(1)) is not None


def recorded_identities(
    nhs_numbers: Iterable[str], practice_id: str | None = None
) -> dict[str, set[Identity]]:
    """Every identity the referrals record for each of the NHS numbers (only the referrals
    of `practice_id`, when one is named)."""
    numbers = sorted(set(nhs_numbers))
    found: dict[str, set[Identity]] = {}
    for start in range(0, len(numbers), LOOKUP_CHUNK):
        query = sa.select(Referral.nhs_number, Referral.name, Referral.date_of_birth).where(
            Referral.nhs_number.in_(numbers[start : start + LOOKUP_CHUNK])
        )
        if practice_id is not None:
            query = query.where(Referral.practice_id == practice_id)
        rows = db.session.execute(query.distinct())
        for number, name, born in rows:
            found.setdefault(number, set()).add(Identity.of(name, born))
    return found


def identity_errors(
    values: Mapping,
    recorded: Mapping[str, Collection[Identity]] | None = None,
    *,
    acting_for: str | None = None,
) -> dict[str, str]:
    """The problems of a parsed referral whose NHS number names someone else on record,
    by field (empty when it agrees, or the number is new).

    Args:
        values: a referral's parsed values (nhs_number, name, date_of_birth).
        recorded: the identities on record by NHS number, read for the number if not given.
        acting_for: the practice of the user or API client referring (None for the booking
            desk): a number on record with another practice is refused as
            REGISTERED_ELSEWHERE, and only the practice's own records are compared.
    """
    number = values["nhs_number"]
    if acting_for is not None and registered_elsewhere(number, acting_for):
        return {"nhs_number": REGISTERED_ELSEWHERE}
    if recorded is None:
        recorded = recorded_identities([number], acting_for)
    new = Identity.of(values["name"], values["date_of_birth"])
    return {
        field: RECORDED_OTHERWISE.format(what=WHAT[field])
        for field in differences(new, recorded.get(number, ()))
    }
