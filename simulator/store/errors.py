"""The store's errors: all CallsimErrors, so the CLI prints them as one `Error:` line."""

from __future__ import annotations

from simulator.errors import CallsimError


class StoreError(CallsimError):
    """The data directory or its database cannot be used; the message says what to do."""


class AlreadyExists(StoreError):
    """A create for a key that is already stored (the REST layer answers 409)."""


class NotFound(StoreError):
    """A read, patch or delete of a key that is not stored (the REST layer answers 404)."""
