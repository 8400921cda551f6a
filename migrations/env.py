"""Alembic environment: runs migrations on the connection the app hands over."""

from alembic import context

import accounts.models  # noqa: F401  (register every model's table on the metadata)
import audit.models  # noqa: F401
import booking.models  # noqa: F401
import business.models  # noqa: F401
import choice.models  # noqa: F401
import fhir_api.models  # noqa: F401
import inputs.models  # noqa: F401
import jobs.models  # noqa: F401
import plans.models  # noqa: F401
import referral_analysis.models  # noqa: F401
from extensions import db

target_metadata = db.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from app import create_app

        with create_app().app_context():
            with db.engine.begin() as conn:
                _run(conn)
    else:
        _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
