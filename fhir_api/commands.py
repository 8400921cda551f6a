"""`flask create-api-client` and `flask revoke-api-client`."""

import click
from flask import Flask

from fhir_api.clients import ClientError, create_client, revoke_client
from fhir_api.models import SCOPES


def register(app: Flask) -> None:
    """Add the API client commands to the app's command line."""

    @app.cli.command("create-api-client")
    @click.option("--practice", required=True, help="The practice's ODS code, e.g. E82001.")
    @click.option("--name", required=True, help="A name the audit trail shows, unique.")
    @click.option("--scope", type=click.Choice(SCOPES), default="book", show_default=True)
    def create_api_client(practice: str, name: str, scope: str) -> None:
        """Make an API client of the FHIR API for one practice; print its id and secret once."""
        try:
            credentials = create_client(practice, name, scope)
        except ClientError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"client_id: {credentials.client_id}")
        click.echo(f"client_secret: {credentials.client_secret}")
        click.echo("The secret is shown only now: keep it somewhere safe.")

    @app.cli.command("revoke-api-client")
    @click.option("--client-id", required=True)
    def revoke_api_client(client_id: str) -> None:
        """Revoke an API client: it gets no more tokens, and those it holds stop working."""
        try:
            revoke_client(client_id)
        except ClientError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"API client {client_id} is revoked.")
