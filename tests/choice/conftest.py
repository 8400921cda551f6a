"""Offers made by hand for the record and the report: the desk's example-small builder."""

import pytest

from tests.booking.conftest import Desk


@pytest.fixture
def desk(app, example_small) -> Desk:
    return Desk()
