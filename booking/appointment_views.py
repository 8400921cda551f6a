"""Booking actions: book, rebook, cancel, attendance, and the letter and calendar file."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from audit.record import record_access
from booking.desk_offers import desk_offer
from booking.forms import ATTENDANCE, ActionForm, CancelForm
from booking.letters import appointment_ics, letter_for
from booking.models import Booking, Referral
from booking.openings import session_opening
from booking.pathways import first_appointment
from booking.register import age_on
from booking.service import BookingRefused, SlotTaken, book, cancel, rebook, record_attendance
from extensions import db
from security.access import role_required

bp = Blueprint("appointments", __name__)


def _refused(error: BookingRefused) -> None:
    """Flash why, with the best fresh alternatives when the slot went."""
    flash(str(error), "error")
    if isinstance(error, SlotTaken) and error.suggestions:
        best = error.suggestions[0].opening
        flash(
            f"The soonest free slot now is {best.start:%A %-d %B at %H:%M} at {best.site_name} "
            f"({best.free} free). The list below is up to date.",
            "error",
        )


def _seen_version() -> int | None:
    """The version of the row the clerk's page showed (a hidden field), so that a change
    decided on an older copy is refused."""
    return request.form.get("version", type=int)


def _shown() -> list[int]:
    """The sessions the page listed (hidden fields; booking.desk_offers records them)."""
    return request.form.getlist("shown", type=int)


def _back(referral_id: int):
    return redirect(url_for("booking.referral", referral_id=referral_id))


def _attempt(change: Callable[[], Any], done: Callable[[Any], str]) -> None:
    """Make a change the service may refuse; flash what it did, or why not."""
    try:
        result = change()
    except BookingRefused as error:
        _refused(error)
    else:
        flash(done(result), "success")


@bp.post("/referrals/<int:referral_id>/book")
@role_required("booking")
def book_slot(referral_id: int):
    referral = db.get_or_404(Referral, referral_id)
    if ActionForm().validate_on_submit():
        session_id = request.form.get("session_id", type=int) or 0
        also = desk_offer(referral, _shown(), session_id)
        _attempt(
            lambda: book(referral_id, session_id, also=also),
            lambda new: f"Booked for {_when(new)}.",
        )
    return _back(referral_id)


@bp.post("/bookings/<int:booking_id>/rebook")
@role_required("booking")
def rebook_slot(booking_id: int):
    form = CancelForm()
    session_id = request.form.get("session_id", type=int) or 0

    def move() -> Booking:
        old = db.session.get(Booking, booking_id)
        return rebook(
            booking_id,
            session_id,
            cancelled_by=form.cancelled_by.data,
            expected_version=_seen_version(),
            also=desk_offer(old.referral, _shown(), session_id, holding=old.session_id),
        )

    return _change_booking(
        booking_id,
        form,
        move,
        lambda new: f"Moved the appointment to {_when(new)}.",
    )


@bp.post("/bookings/<int:booking_id>/cancel")
@role_required("booking")
def cancel_booking(booking_id: int):
    form = CancelForm()
    return _change_booking(
        booking_id,
        form,
        lambda: cancel(booking_id, form.cancelled_by.data, expected_version=_seen_version()),
        lambda _: "Cancelled the appointment; its slot is free again.",
    )


@bp.post("/bookings/<int:booking_id>/attendance")
@role_required("booking")
def attendance(booking_id: int):
    status = request.form.get("status", "")
    if status == "did_not_attend" and request.form.get("confirmed") != "yes":
        booking = db.get_or_404(Booking, booking_id)
        if booking.status in ("booked", "arrived") and first_appointment(booking.referral):
            return _confirm_first_dna(booking)
    return _change_booking(
        booking_id,
        ActionForm(),
        lambda: record_attendance(booking_id, status, expected_version=_seen_version()),
        attendance_said,
    )


def _confirm_first_dna(booking: Booking):
    """Ask before recording a first-appointment DNA: it ends the pathway (national RTT rules),
    which a child not brought, say, may need a clinician to decide against."""
    referral = booking.referral
    opening = session_opening(booking.session_id)
    return render_template(
        "booking/confirm_dna.html",
        booking=booking,
        referral=referral,
        opening=opening,
        age=age_on(referral.date_of_birth, opening.date),
        back=request.form.get("back", ""),
    )


def attendance_said(booking: Booking) -> str:
    """What the desk recorded, naming the patient, and what a DNA led to."""
    referral = booking.referral
    said = f"Recorded: {referral.name}, {ATTENDANCE[booking.status].lower()}."
    if booking.status == "did_not_attend" and referral.closed_on is not None:
        said += f" {referral.closed_reason}."
    return said


def _change_booking(booking_id: int, form, change: Callable[[], Any], done: Callable[[Any], str]):
    """Make a change to a booking when its form is valid, then go back to the page it came
    from: the referral, or the register of the booking's session (`back=register`)."""
    booking = db.get_or_404(Booking, booking_id)
    session_id, referral_id = booking.session_id, booking.referral_id
    if form.validate_on_submit():
        _attempt(change, done)
    if request.form.get("back") == "register":
        return redirect(url_for("booking.register.register", session_id=session_id))
    return _back(referral_id)


@bp.get("/bookings/<int:booking_id>/letter")
@role_required("booking")
def letter(booking_id: int):
    booking = db.get_or_404(Booking, booking_id)
    if booking.status != "booked":
        flash("Letters are for appointments still booked.", "error")
        return _back(booking.referral_id)
    content, map_svg = letter_for(booking)
    record_access("view", "booking", booking_id, what="letter")
    return render_template("booking/letter.html", letter=content, map_svg=map_svg, booking=booking)


@bp.get("/bookings/<int:booking_id>/appointment.ics")
@role_required("booking")
def calendar_file(booking_id: int):
    booking = db.get_or_404(Booking, booking_id)
    content, _ = letter_for(booking)
    record_access("export", "booking", booking_id, what="calendar file")
    response = Response(appointment_ics(content, datetime.now(UTC)), mimetype="text/calendar")
    response.headers["Content-Disposition"] = f'attachment; filename="appointment-{booking.id}.ics"'
    return response


def _when(booking: Booking) -> str:
    opening = session_opening(booking.session_id)
    return f"{opening.slot_time(booking.slot_number):%A %-d %B %Y at %H:%M}, {opening.site_name}"
