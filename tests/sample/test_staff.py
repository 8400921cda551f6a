"""The sample's clinicians: every service can be staffed in some session."""

from itertools import permutations

from tests.sample.conftest import listed


def test_every_service_can_be_staffed_in_some_session(data):
    for service in data["services"]:
        staff = listed(service["staff"])
        staffed = []
        for slot in (f"{d}-{h}" for d in ("Mon", "Tue", "Wed", "Thu", "Fri") for h in ("AM", "PM")):
            free = [c for c in data["clinicians"] if slot in listed(c["availability"])]
            staffed += [
                slot
                for team in permutations(free, len(staff))
                if all(role in listed(c["skills"]) for role, c in zip(staff, team, strict=True))
            ][:1]
        assert staffed, f"{service['id']} can never be staffed"
