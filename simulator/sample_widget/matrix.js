// A widget that works on every SDK version the registry serves: ?sdk=0.0.6 ... 0.9.7.
// It calls only what each version has, so the host can prove the handshake and a full outbound call.
"use strict";

const version = new URLSearchParams(location.search).get("sdk") || "0.9.7";
const out = document.getElementById("out");
const say = (text) => { out.textContent += text + "\n"; };

const script = document.createElement("script");
script.src = `/sdk/${encodeURIComponent(version)}/main.js`;
script.onerror = () => say(`could not load SDK ${version}`);
script.onload = start;
document.body.appendChild(script);

function start() {
  const exported = window.module.exports;
  const CallingExtensions = exported.default || window.default || exported;
  let call = null;
  const send = (method, type, data) => {
    // 0.0.6 has no callCompleted(): send the same envelope through its generic sendMessage.
    if (typeof cti[method] === "function") cti[method](data);
    else cti.sendMessage({ type, data });
  };
  const onEngagement = (data) => {
    if (!call || call.done || !data || !data.engagementId) return;
    call.done = true;
    const ids = { externalCallId: call.id, callId: call.id, engagementId: data.engagementId };
    send("callAnswered", "CALL_ANSWERED", { externalCallId: call.id });
    send("callEnded", "CALL_ENDED", { ...ids, callEndStatus: "COMPLETED" });
    send("callCompleted", "CALL_COMPLETED", { ...ids, hideWidget: false, engagementProperties: { hs_call_status: "COMPLETED" } });
    say(`call completed with engagement ${data.engagementId}`);
  };
  const cti = new CallingExtensions({
    debugMode: false,
    eventHandlers: {
      onReady: () => { cti.initialized({ isLoggedIn: true }); say(`ready (SDK ${version})`); },
      onDialNumber: (data) => {
        const number = (data && data.phoneNumber) || "";
        call = { id: `matrix-${Date.now()}`, done: false };
        // Old and new payload names together: each version reads the ones it knows.
        send("outgoingCall", "OUTGOING_CALL_STARTED", {
          externalCallId: call.id, callId: call.id, phoneNumber: number, toNumber: number,
          fromNumber: "+16175550199", callStartTime: Date.now(), createEngagement: true,
        });
        say(`dialing ${number}`);
      },
      onEngagementCreated: onEngagement,
      onCreateEngagementSucceeded: onEngagement,
      // 0.0.6 dispatches neither engagement type: they reach the default handler (after its ERROR reply).
      // Every version calls handlers as (data, wholeMessage).
      defaultEventHandler: (data, event) => {
        const message = event && event.type ? event : null;
        if (message && (message.type === "ENGAGEMENT_CREATED" || message.type === "CREATE_ENGAGEMENT_SUCCEEDED")) onEngagement(message.data);
      },
    },
  });
}
