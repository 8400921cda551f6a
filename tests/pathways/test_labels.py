"""Pathway events in words."""

import pytest

from pathways.labels import EVENT_LABELS, describe
from pathways.rtt import KINDS

NAMES = {"mri": "MRI list"}


def test_every_kind_of_event_has_a_label():
    assert set(EVENT_LABELS) == set(KINDS)


@pytest.mark.parametrize(
    ("kind", "detail", "said"),
    [
        ("attended", {}, "Attended"),
        (
            "follow_up",
            {"weeks": 6, "due": "2027-02-22"},
            "Follow-up in 6 weeks, due by 22 February 2027",
        ),
        (
            "follow_up",
            {"weeks": 1, "due": "2027-01-18"},
            "Follow-up in 1 week, due by 18 January 2027",
        ),
        (
            "patient_initiated",
            {"expiry": "2027-07-11"},
            "Patient-initiated follow-up until 11 July 2027",
        ),
        (
            "refer_on_diagnostic",
            {"service": "mri", "step": 4},
            "Referred on for a diagnostic test: MRI list",
        ),
        (
            "decision_to_treat",
            {"service": "gone"},
            "Decision to treat, added to a day-case list: gone",
        ),
        ("discharged", {}, "Discharged to the GP"),
        (
            "discharged",
            {"reason": "Discharged to the GP after 2 missed appointments"},
            "Discharged to the GP after 2 missed appointments",
        ),
    ],
)
def test_an_event_is_worded_with_its_details(kind, detail, said):
    assert describe(kind, detail, NAMES) == said
