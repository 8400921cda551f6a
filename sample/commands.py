"""`flask load-sample`: the Dacorum sample data and scenario, planned and published, with a
waiting list at the booking desk and two years of referrals copied from the practices."""

from time import perf_counter

import click
from flask import Flask

from booking.clocks import local_now
from plans.commands import refuse
from sample.findings import add_sample_findings
from sample.loading import SAMPLE_ID, WEEKS_UNDER_WAY, load_sample, plan_sample
from sample.referral_history import add_referral_history
from sample.waiting_list import add_waiting_list


def register(app: Flask) -> None:
    """Add `load-sample` to the app's command line."""

    @app.cli.command("load-sample")
    @click.option(
        "--start",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help=f"First Monday of the cycle (default: the Monday {WEEKS_UNDER_WAY} weeks before "
        "this week's, so that the tour is under way).",
    )
    @click.option(
        "--plan-seconds",
        type=click.FloatRange(min=0),
        default=15.0,
        show_default=True,
        help="Plan the new sample for this long and publish the plan (0: do not plan).",
    )
    @click.option(
        "--waiting-list/--no-waiting-list",
        default=True,
        show_default=True,
        help="Add made-up patients to the booking desk: waiting, booked, and seen in the "
        "sessions held so far.",
    )
    def load_sample_command(start, plan_seconds: float, waiting_list: bool) -> None:
        """Load the Dacorum sample data, scenario, waiting list and referral history, once
        (later runs change nothing)."""
        try:
            scenario = load_sample(start.date() if start else None)
        except ValueError as error:
            refuse(str(error), getattr(error, "problems", []))
        if scenario is None:
            click.echo(f"Sample scenario '{SAMPLE_ID}' is loaded already.")
            return
        click.echo(f"Loaded sample scenario '{SAMPLE_ID}' from {scenario.start}.")
        if plan_seconds > 0:
            click.echo(f"Planning the sample tour ({plan_seconds:g} s)...")
            plan = plan_sample(scenario, plan_seconds)
            if plan is None:
                click.echo("The planner found no plan for the sample; see /ops/.", err=True)
            else:
                click.echo(
                    f"Published the sample plan: coverage {plan.kpis['coverage']:.1%}, "
                    f"{plan.kpis['sessions']} sessions."
                )
        if waiting_list:
            summary = add_waiting_list(scenario)
            click.echo(
                f"Added the sample's waiting list: {summary.referrals:,} referrals, "
                f"{summary.to_come:,} appointments to come, {summary.to_mark:,} to mark on "
                f"the registers, {summary.attended:,} attended and {summary.missed:,} missed "
                f"({summary.seconds:.1f} s)."
            )
        started = perf_counter()
        added = add_referral_history(scenario, local_now().date())
        click.echo(
            f"Added {added:,} historical referrals (two years, copies from practices) "
            f"in {perf_counter() - started:.1f} s, and {add_sample_findings(local_now().date())} "
            "PUNs and DENs about the practices they flag."
        )
