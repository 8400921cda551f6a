"""Forms of the booking desk; the service modules check the values, the forms carry them."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from booking.clocks import RISK_LABELS
from booking.referrals import names_a_patient
from booking.session_cancellation import MAX_DETAIL, REASON_LABELS
from booking.waiting import SORTS, STATUSES, Filters

PRIORITY_CHOICES = [SelectChoice("routine", "Routine"), SelectChoice("urgent", "Urgent")]
CANCELLER_CHOICES = [SelectChoice("patient", "The patient"), SelectChoice("service", "The service")]
CONSENT_LABEL = "The patient agrees to text messages and emails about appointments"
ATTENDANCE = {"arrived": "Arrived", "attended": "Attended", "did_not_attend": "Did not attend"}


class ReferralForm(FlaskForm):
    nhs_number = StringField("NHS number")
    name = StringField("Full name")
    date_of_birth = StringField("Date of birth")
    postcode = StringField("Postcode")
    practice = SelectField("Registered GP practice", validate_choice=False)
    service = SelectField("Service", validate_choice=False)
    priority = RadioField(
        "Priority", choices=PRIORITY_CHOICES, default="routine", validate_choice=False
    )
    referral_date = StringField("Referral date")
    notes = TextAreaField("Notes")
    mobile = StringField("Mobile phone number (optional)")
    email = StringField("Email address (optional)")
    message_consent = BooleanField(CONSENT_LABEL)

    def raw(self) -> dict[str, str]:
        """The submitted text of every field, as the referral service reads it."""
        return _raw(self)


class ContactForm(FlaskForm):
    """The patient's contact details for messages, changed on the referral page."""

    mobile = StringField("Mobile phone number")
    email = StringField("Email address")
    message_consent = BooleanField(CONSENT_LABEL)

    def raw(self) -> dict[str, str]:
        return _raw(self)


def _raw(form: FlaskForm) -> dict[str, str]:
    # A ticked box is "yes", an empty one "no", as a worklist's message_consent column says.
    return {name: _text(field) for name, field in form._fields.items()}


def _text(field) -> str:
    if isinstance(field, BooleanField):
        return "yes" if field.data else "no"
    return field.data or ""


class WorklistForm(FlaskForm):
    worklist = FileField("Worklist CSV file", validators=[FileRequired("Choose a CSV file")])


class CancelForm(FlaskForm):
    cancelled_by = RadioField("Who cancelled?", choices=CANCELLER_CHOICES, default="patient")


class SessionCancelForm(FlaskForm):
    """Why a whole session is called off; booking/session_cancellation.py checks it."""

    reason = SelectField(
        "Why is the session cancelled?",
        choices=[SelectChoice("", "Choose a reason")]
        + [SelectChoice(code, label) for code, label in REASON_LABELS.items()],
        validate_choice=False,
    )
    detail = StringField("Say more (needed for Other)", render_kw={"maxlength": MAX_DETAIL})


class ActionForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that post."""


def filters_from(args, query: str = "") -> Filters:
    """Read the waiting-list filters from a query string or form, ignoring unknown values.

    The search by name or NHS number is never read from `args`: the view passes `query`
    from a POSTed form only, so that no patient's identifier travels in a URL. A search by
    NHS number or booking reference looks at every status (names_a_patient).
    """
    weeks = args.get("min_weeks", "")
    status = "all" if names_a_patient(query) else args.get("status", "waiting")
    return Filters(
        service=args.get("service", ""),
        practice=args.get("practice", ""),
        locality=args.get("locality", ""),
        priority=args.get("priority", "") if args.get("priority") in ("urgent", "routine") else "",
        min_weeks=int(weeks) if weeks.isdigit() and int(weeks) < 1000 else None,
        risk=args.get("risk", "") if args.get("risk") in RISK_LABELS else "",
        status=status if status in STATUSES else "waiting",
        sort=args.get("sort", "breach") if args.get("sort") in SORTS else "breach",
        query=query.strip()[:200],
    )
