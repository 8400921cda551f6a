"""`flask create-api-client` and `flask revoke-api-client`."""

import re

import sqlalchemy as sa

from extensions import db
from fhir_api.clients import authenticate
from fhir_api.models import ApiClient


def test_create_api_client_prints_the_id_and_secret_once(runner, example_small):
    result = runner.invoke(
        args=["create-api-client", "--practice", "E82102", "--name", "Tring", "--scope", "read"]
    )
    assert result.exit_code == 0, result.output
    client_id = re.search(r"^client_id: (\S+)$", result.output, re.M).group(1)
    secret = re.search(r"^client_secret: (\S+)$", result.output, re.M).group(1)
    client = authenticate(client_id, secret)
    assert (client.practice_id, client.scope, client.name) == ("E82102", "read", "Tring")
    assert secret not in str(db.session.execute(sa.select(ApiClient.__table__)).all())


def test_create_api_client_refuses_an_unknown_practice(runner, example_small):
    result = runner.invoke(args=["create-api-client", "--practice", "X1", "--name", "Tring"])
    assert result.exit_code != 0
    assert "not a known practice" in result.output


def test_revoke_api_client(runner, example_small):
    made = runner.invoke(args=["create-api-client", "--practice", "E82102", "--name", "Tring"])
    client_id = re.search(r"client_id: (\S+)", made.output).group(1)
    result = runner.invoke(args=["revoke-api-client", "--client-id", client_id])
    assert result.exit_code == 0 and "revoked" in result.output
    assert db.session.scalar(sa.select(ApiClient.revoked_at)) is not None
