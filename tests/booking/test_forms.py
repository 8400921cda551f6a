"""The booking desk's forms: the text each field gives the services, and the waiting-list
filters read from a query string with unknown values ignored."""

from werkzeug.datastructures import MultiDict

from booking.forms import ContactForm, filters_from


def test_a_contact_form_gives_text_and_a_yes_or_no_for_consent(app):
    with app.test_request_context(method="POST", data={"mobile": "07700 900123"}):
        assert ContactForm().raw() == {
            "mobile": "07700 900123",
            "email": "",
            "message_consent": "no",
        }
    with app.test_request_context(method="POST", data={"message_consent": "y"}):
        assert ContactForm().raw()["message_consent"] == "yes"


def test_known_filters_are_read_and_unknown_values_ignored():
    good = filters_from(
        MultiDict({"service": "ent", "priority": "urgent", "min_weeks": "6", "status": "all"}),
        "  Ada  ",
    )
    assert (good.service, good.priority, good.min_weeks, good.status) == ("ent", "urgent", 6, "all")
    assert good.query == "Ada"
    odd = filters_from(
        MultiDict(
            {"priority": "vip", "min_weeks": "-3", "status": "gone", "sort": "x", "q": "9434765919"}
        )
    )
    assert (odd.priority, odd.min_weeks, odd.status, odd.sort) == ("", None, "waiting", "breach")
    assert odd.query == ""  # an identifier in the URL is never read
    assert filters_from(MultiDict({"min_weeks": "100000"})).min_weeks is None


def test_an_nhs_number_or_booking_reference_is_searched_in_every_status():
    waiting = MultiDict({"status": "waiting"})
    assert filters_from(waiting, "DMC-007-208-2").status == "all"
    assert filters_from(waiting, "943 476 5919").status == "all"
    assert filters_from(waiting, "Seacole").status == "waiting"
    assert filters_from(MultiDict({"status": "booked"}), "").status == "booked"
