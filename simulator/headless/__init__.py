"""Playwright: the `callsim run` command, the widget driver and browser discovery."""
