"""The ``spacy-deid`` command line (typer, as spaCy's own CLI)."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="spacy-deid",
    help="De-identify clinical notes with spaCy pipelines.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # a crash must not print local variables (note text)
)



@app.callback()
def _root() -> None:
    """De-identify clinical notes with spaCy pipelines."""


from . import audit, convert, evaluate, harvest, meddocan, run, spark  # noqa: E402,F401  (registers the commands)


def main() -> None:
    app()
