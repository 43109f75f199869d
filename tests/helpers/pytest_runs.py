"""Options for pytest runs that tests start in a temporary folder (pytester), with the callsim plugin loaded."""

from __future__ import annotations

# pytest-asyncio (installed here, not needed by the plugin) warns in a folder that does not set its loop scope.
QUIET = ("-o", "asyncio_default_fixture_loop_scope=function", "-p", "no:cacheprovider")
