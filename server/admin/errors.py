"""The one error admin commands raise for bad input; the CLI prints it and exits 2."""

from __future__ import annotations


class AdminError(Exception):
    """A request that cannot be done as asked (unknown project, bad file, …); ``str()`` says
    what and where, for the operator."""
