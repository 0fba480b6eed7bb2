"""The one exception type for mistakes a user can fix.

Stages raise :class:`UserError` for bad input (a missing file, a malformed manifest row, an
unknown config key). The command line prints its message without a traceback and exits with
status 2; every other exception is a bug in policytext and keeps its traceback.
"""


class UserError(Exception):
    """Bad input that the user can correct; the message names the file, row or key."""
