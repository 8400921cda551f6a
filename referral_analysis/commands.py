"""`flask import-referral-copies`: load practices' referral copies from a CSV file."""

from pathlib import Path

import click
from flask import Flask

from booking.clocks import local_now
from inputs.importer import ImportRefused, Problem
from plans.commands import refuse
from referral_analysis.copy_import import import_copies, read_copies
from spreadsheets.files import FileProblem

MOST_LISTED = 50  # problems shown; a file wrong throughout repeats the same few reasons


def register(app: Flask) -> None:
    """Add `import-referral-copies` to the app's command line."""

    @app.cli.command("import-referral-copies")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--source", help="Kept on every copy (default: the file's name).")
    def import_referral_copies(path: Path, source: str | None) -> None:
        """Import referral copies from a CSV file: every row, or none if any is bad."""
        try:
            imported = import_copies(read_copies(path), source or path.name, local_now().date())
        except FileProblem as error:
            refuse(str(error))
        except ImportRefused as refused:
            count = len(refused.problems)
            refuse(f"{count} problem{'' if count == 1 else 's'}", _listed(refused.problems))
        click.echo(
            f"Imported {imported.rows:,} referral copies ({imported.first} – {imported.last}) "
            f"from {path.name}."
        )


def _listed(problems: list[Problem]) -> list[str]:
    """The first MOST_LISTED problems, then how many more there are."""
    listed = [str(problem) for problem in problems[:MOST_LISTED]]
    if len(problems) > MOST_LISTED:
        listed.append(f"and {len(problems) - MOST_LISTED:,} more")
    return listed
