"""The errors a user sees: one family, caught once by the CLI and printed as `Error: ...`."""


class CallsimError(Exception):
    """Something the user can fix; the message says what and how."""


class BrowserNotFound(CallsimError):
    """No Chromium-family browser could be found to drive headless."""
