"""The dispatcher: every command it lists resolves to a function of its stage's commands."""

from __future__ import annotations

import importlib

import pytest

from policytext.cli import COMMANDS, main


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_resolves_to_a_function_in_a_commands_module(command):
    module_name, function_name = COMMANDS[command][0].split(":")
    assert module_name.endswith(".commands"), f"{command}: entry points live in commands.py"
    assert callable(getattr(importlib.import_module(module_name), function_name))


def test_an_unknown_command_is_refused_with_the_list(capsys):
    assert main(["no-such-command"]) == 2
    assert "unknown command 'no-such-command'" in capsys.readouterr().err


def test_help_lists_every_command(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert all(command in out for command in COMMANDS)
