"""``python -m budgetld`` runs the command line."""

from .cli import app

app(prog_name="budgetld")
