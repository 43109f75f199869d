// The page's link to the server: JSON messages with a `kind`, reconnect-free (a page is a session).

export function openSocket(path, onMessage, onClose) {
  const url = new URL(path, location.href);
  url.protocol = location.protocol === "https:" ? "wss:" : "ws:";
  const socket = new WebSocket(url);
  const queue = [];
  socket.addEventListener("open", () => queue.splice(0).forEach((text) => socket.send(text)));
  socket.addEventListener("message", (event) => {
    let payload;
    try {
      payload = JSON.parse(event.data);
    } catch {
      console.warn("callsim: unreadable server message", event.data);
      return;
    }
    onMessage(payload);
  });
  socket.addEventListener("close", onClose);
  return {
    send(payload) {
      let text;
      try {
        text = JSON.stringify(payload);
      } catch (error) {
        text = JSON.stringify({ ...payload, message: String(payload.message), unserializable: String(error) });
      }
      if (socket.readyState === WebSocket.OPEN) socket.send(text);
      else queue.push(text);
    },
  };
}
