"""Every default in one place: the server's frozen Settings (built by the CLI or by tests), and the timeouts a
`callsim run`, a scenario step and the Python API share, so the CLI's `--help` and the API cannot disagree."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8500
DEFAULT_HOST_URL = f"http://{DEFAULT_HOST}:{DEFAULT_PORT}"

# Who the user is in the simulated portal (sent in SYNC, used in DIAL_NUMBER and caller-ID matches).
DEFAULT_PORTAL_ID = 81431
DEFAULT_USER_ID = 9876543
DEFAULT_OWNER_ID = 295128649

# Protocol timers (docs/protocol.md §2, §5.5): how long HubSpot waits before it reports a rule broken.
HANDSHAKE_TIMEOUT_MS = 30_000  # SYNC_ACK after the page load; then HubSpot gives up (SYNC_ACK_FAILED)
INITIALIZED_WITHIN_MS = 3_000  # INITIALIZED after SYNC_ACK
END_CALL_ANSWER_WITHIN_MS = 5_000  # CALL_ENDED after the host's END_CALL

# How long a run and its steps wait (seconds): `callsim run/audit --timeout`, a step's `within:`/`timeout:`, and the
# Python API's keyword defaults.
SCENARIO_TIMEOUT_S = 120.0  # one whole scenario
EXPECT_WITHIN_S = 5.0  # `expect`: the message must arrive within this
EXPECT_NONE_WITHIN_S = 1.0  # `expect_none`: how long to watch for a message that must not come
ACTION_TIMEOUT_S = 10.0  # `click`, `fill`, `wait_for` inside the widget
SESSION_START_TIMEOUT_S = 15.0  # a record page's navigation to its hello (the widget's own load is not part of it)
# The sample widget's sign-in button: what `callsim audit`'s coverage probe clicks unless told otherwise.
SIGN_IN_SELECTOR = '[data-action="sign-in"]'

# The REST API's credentials (docs/protocol.md §7.3): fixed dev values, printed at start; `callsim serve` makes random
# ones when it listens beyond loopback. Override with --access-token / --api-key or CALLSIM_ACCESS_TOKEN / _API_KEY.
DEFAULT_ACCESS_TOKEN = "pat-callsim-local-dev-token"
DEFAULT_API_KEY = "callsim-local-developer-key"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def rest_credentials(
    host: str, access_token: str | None, api_key: str | None, environ: Mapping[str, str] | None = None
) -> tuple[str, str]:
    """(access token, developer key): the options, else CALLSIM_ACCESS_TOKEN / CALLSIM_API_KEY, else the dev
    defaults on loopback and random ones when other machines can connect."""
    env = os.environ if environ is None else environ
    local = host in LOOPBACK_HOSTS
    token = access_token or env.get("CALLSIM_ACCESS_TOKEN") or (DEFAULT_ACCESS_TOKEN if local else None)
    key = api_key or env.get("CALLSIM_API_KEY") or (DEFAULT_API_KEY if local else None)
    return token or f"pat-callsim-{secrets.token_urlsafe(18)}", key or secrets.token_urlsafe(18)


@dataclass(frozen=True)
class Settings:
    """How one callsim server runs. `widget_port` 0 means "the port after `port`"."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    widget_port: int = 0
    widget_url: str | None = None  # None: the built-in sample widget on its own origin
    log_file: Path | None = None
    fixtures: Path | None = None
    portal_id: int = DEFAULT_PORTAL_ID
    user_id: int = DEFAULT_USER_ID
    owner_id: int = DEFAULT_OWNER_ID
    supports_inbound_calling: bool = True
    uses_calling_window: bool = True
    handshake_timeout_ms: int = HANDSHAKE_TIMEOUT_MS
    watch: tuple[Path, ...] = ()  # live reload: the widget reloads when files below these change
    scenarios_dir: Path | None = None  # the page's scenario picker; None: the built-in library
    # More widget pages the call switcher offers (scenario files may name their own widget).
    extra_widget_urls: tuple[str, ...] = ()
    # Where the store keeps its SQLite file; None: in memory (tests, `callsim run`). The CLI fills in the default.
    data_dir: Path | None = None
    ephemeral: bool = False  # in memory even when data_dir is set (`callsim serve --ephemeral`)
    access_token: str = DEFAULT_ACCESS_TOKEN  # `Authorization: Bearer` for /crm/v3/objects/...
    api_key: str = DEFAULT_API_KEY  # the developer API key, `?hapikey=`, for the calling-settings endpoints
    # HubSpot's rate limits (docs/rest-api.md#rate-limits): False counts and sends the headers but never answers 429
    # on its own; `rest_fault_429` answers 429 to the next requests (`N`, `N@PATH_GLOB`, `*`, `*@PATH_GLOB`).
    rest_rate_limit: bool = True
    rest_fault_429: str | None = None
    # Dev server (`serve`): a static widget folder on its own origin, reloaded on change; TLS; watched sources.
    widget_dir: Path | None = None
    offline: bool = False  # --offline: the folder's pages get their CDN scripts from node_modules near it
    # Folders whose node_modules (and their parents') the doctor searches for a failed CDN script's package.
    node_modules_from: tuple[Path, ...] = ()
    https: bool = False
    tls_dir: Path | None = None  # where the local CA and leaf live; None: <data dir>/tls, else the user's data folder
    watch_sources: bool = False  # re-validate scenario files and fixtures when they change (serve does)
    # Freeze long-lived objects out of the cyclic GC's reach (server/gc_policy.py). Process-wide, so only
    # `callsim serve` turns it on: an app embedded in a user's test process (the pytest plugin) leaves their GC be.
    freeze_gc: bool = False

    @property
    def sample_widget_port(self) -> int:
        return self.widget_port or (self.port + 1 if self.port else 0)

    @property
    def widget_dir_port(self) -> int:
        """--widget-dir's origin: the port after the sample widget's."""
        return self.sample_widget_port + 1 if self.sample_widget_port else 0

    def with_(self, **changes: Any) -> Settings:
        """A copy with only the values the caller set (None means: keep the default)."""
        return replace(self, **{key: value for key, value in changes.items() if value is not None})
