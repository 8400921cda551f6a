"""The application factory: configuration, extensions, blueprints and commands."""

import sqlite3

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import INSTANCE_DIR, Config, engine_options, secret_key
from extensions import csrf, db, limiter, login_manager
from security import body_size, headers
from security.proxies import trust_proxies


def create_app(test_config: dict | None = None) -> Flask:
    """Create and configure the app; test_config overrides the environment's settings."""
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(Config)
    if test_config:
        app.config.update(test_config)
    app.config["SECRET_KEY"] = secret_key(app.config["SECRET_KEY"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(
        app.config["SQLALCHEMY_DATABASE_URI"], app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    )

    trust_proxies(app)
    body_size.init_app(app)
    headers.init_app(app)
    db.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)

    from accounts import commands as account_commands
    from accounts.reliance import account_uses
    from accounts.views import bp as accounts_bp
    from audit.views import bp as audit_bp
    from booking.referrals import referral_uses
    from booking.views import bp as booking_bp
    from business.book_views import bp as prices_bp
    from business.compare_views import bp as business_compare_bp
    from business.headlines import money_headlines
    from business.views import bp as business_bp
    from clinics.views import bp as clinics_bp
    from database import commands as database_commands
    from fhir_api import commands as fhir_commands
    from fhir_api.views import bp as fhir_bp
    from inputs import reliance
    from inputs.views import bp as inputs_bp
    from jobs import commands as job_commands
    from jobs import queue
    from jobs.views import bp as jobs_bp
    from maps.views import bp as maps_bp
    from messages import commands as message_commands
    from messages import service as messages
    from messages.views import bp as messages_bp
    from pages.views import bp as pages_bp
    from plans import commands as plan_commands
    from plans import home
    from plans.edit_views import bp as edits_bp
    from plans.reliance import guard, plan_uses
    from plans.scenario_views import bp as scenarios_bp
    from plans.schedule_views import bp as schedules_bp
    from plans.views import bp as plans_bp
    from practice.views import bp as practice_bp
    from publishing.views import bp as publishing_bp
    from referral_analysis import commands as referral_commands
    from referral_analysis.finding_views import bp as findings_bp
    from referral_analysis.forecast_views import bp as forecast_bp
    from referral_analysis.reliance import analysis_uses
    from referral_analysis.views import bp as referrals_bp
    from sample import commands as sample_commands
    from server import commands as server_commands
    from spreadsheets import commands as spreadsheet_commands
    from spreadsheets.views import bp as spreadsheets_bp

    app.register_blueprint(pages_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(audit_bp)
    app.register_blueprint(booking_bp)
    app.register_blueprint(clinics_bp)
    app.register_blueprint(plans_bp)
    app.register_blueprint(publishing_bp)
    app.register_blueprint(inputs_bp)
    app.register_blueprint(spreadsheets_bp)
    app.register_blueprint(jobs_bp)
    app.register_blueprint(schedules_bp)
    app.register_blueprint(edits_bp)
    app.register_blueprint(scenarios_bp)
    app.register_blueprint(maps_bp)
    app.register_blueprint(messages_bp)
    app.register_blueprint(referrals_bp)
    app.register_blueprint(findings_bp)
    app.register_blueprint(forecast_bp)
    app.register_blueprint(business_bp)
    app.register_blueprint(prices_bp)
    app.register_blueprint(business_compare_bp)
    app.register_blueprint(practice_bp)
    app.register_blueprint(fhir_bp)
    # The API authenticates each call by its bearer token, never by a cookie, so a forged
    # cross-site request carries no credential to ride on: CSRF tokens do not apply.
    csrf.exempt(fhir_bp)
    queue.init_app(app)
    reliance.init_app(
        app, uses=(plan_uses, referral_uses, analysis_uses, account_uses), guard=guard
    )
    home.init_app(app, money=money_headlines)
    messages.listen()
    for module in (
        database_commands,
        account_commands,
        plan_commands,
        sample_commands,
        spreadsheet_commands,
        server_commands,
        job_commands,
        message_commands,
        referral_commands,
        fhir_commands,
    ):
        module.register(app)
    return app


@event.listens_for(Engine, "connect")
def _sqlite_foreign_keys(dbapi_connection, connection_record) -> None:
    """Make SQLite enforce foreign keys, as PostgreSQL always does."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()
