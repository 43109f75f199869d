// Every page <-> server WebSocket message kind. The same table as simulator/server/page/page_protocol.py;
// tests/server/test_page_protocol.py checks the two agree, so change both together.

/** Kinds the page sends. */
export const ToServer = Object.freeze({
  HELLO: "hello",
  RECEIVED: "received",
  SYNC_SENT: "sync_sent",
  IFRAME_LOAD: "iframe_load",
  HANDSHAKE_FAILED: "handshake_failed",
  IGNORED: "ignored",
  DIAGNOSE: "diagnose",
  DIAL: "dial",
  INJECT: "inject",
  CONFIGURE_HOST: "configure_host",
  SCENARIO_START: "scenario_start",
  SCENARIO_STEP: "scenario_step",
  SCENARIO_STOP: "scenario_stop",
  PROMPT_DONE: "prompt_done",
  VISIBILITY: "visibility",
  OPEN_TAB: "open_tab",
  RECEIVE_CALLS_THROUGH: "receive_calls_through",
  TASK_QUEUE: "task_queue",
});

/** Kinds the server sends. */
export const ToPage = Object.freeze({
  HELLO: "hello",
  POST: "post",
  ENTRY: "entry",
  EFFECT: "effect",
  DOCTOR: "doctor",
  RELOAD_WIDGET: "reload_widget",
  PROMPT: "prompt",
  PROMPT_CLEAR: "prompt_clear",
  SCENARIO_STATUS: "scenario_status",
  SCENARIOS: "scenarios",
  PROVIDERS: "providers",
  OPEN_TAB: "open_tab",
  INBOUND: "inbound",
  TASK_QUEUE: "task_queue",
});
