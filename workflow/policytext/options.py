"""What every stage command shares: its parser, its ``--options`` JSON, and its logging.

The rules pass a stage's config section to its command as one JSON object (``--options``);
:func:`options_from_json` turns that into a dict, and invalid JSON into a
:class:`~policytext.errors.UserError`, so that a typo in a config file never ends in a
traceback. :func:`configure_logging` gives every command the same log format, which is what
the rules' log files hold.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import Any

from policytext.errors import UserError

LOG_FORMAT = "%(levelname)s %(name)s: %(message)s"

#: Libraries whose INFO messages drown the stage's own (gensim logs every pass).
QUIET_LOGGERS = ("gensim", "pdfminer", "matplotlib", "fontTools")


def stage_parser(command: str, description: str | None) -> argparse.ArgumentParser:
    """The argument parser of ``policytext COMMAND``, described by its first docstring line."""
    summary = (description or "").strip().split("\n")[0]
    return argparse.ArgumentParser(prog=f"policytext {command}", description=summary)


def options_from_json(text: str | None) -> dict[str, Any]:
    """A stage's ``--options`` argument as a dict; invalid JSON is a UserError, not a crash."""
    try:
        options = json.loads(text) if text else {}
    except json.JSONDecodeError as error:
        raise UserError(f"--options is not valid JSON ({error})") from error
    if not isinstance(options, dict):
        raise UserError(f"--options must be a JSON object, not {type(options).__name__}")
    return options


def configure_logging(level: int = logging.INFO) -> None:
    """Log to stderr in the one format all commands share; quieten chatty libraries."""
    logging.basicConfig(level=level, format=LOG_FORMAT, stream=sys.stderr)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
