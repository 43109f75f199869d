// The Task queue panel: start a queue of Call tasks (the records chosen, in order), skip a task, stop; and the
// queue as the server has it (which task, what became of each).
import { $, el } from "./dom.js";
import { ToServer } from "./page_protocol.js";

/** Wire the panel's buttons; `send` posts to the server. */
export function initTaskQueue(send) {
  const panel = $("#task-queue-panel");
  if (!panel) return;
  panel.addEventListener("click", (event) => {
    const action = event.target.closest("[data-action]")?.dataset.action;
    if (action === "queue-start") {
      const chosen = [...$("#task-queue-records").selectedOptions].map((option) => JSON.parse(option.value));
      const tasks = chosen.length ? chosen : [...$("#task-queue-records").options].map((o) => JSON.parse(o.value));
      send({ kind: ToServer.TASK_QUEUE, action: "start", tasks });
    } else if (action === "queue-skip") {
      send({ kind: ToServer.TASK_QUEUE, action: "skip" });
    } else if (action === "queue-stop") {
      send({ kind: ToServer.TASK_QUEUE, action: "stop" });
    }
  });
}

/** The server's TASK_QUEUE: the status chip and one line per task. */
export function showTaskQueue({ queue }) {
  const chip = $("#task-queue-state");
  if (!chip) return;
  const total = queue.tasks.length;
  chip.textContent = queue.status === "RUNNING" ? `task ${queue.task} of ${total}` : queue.status.toLowerCase();
  chip.dataset.state = queue.status.toLowerCase();
  const list = $("#task-queue-tasks");
  list.replaceChildren(...queue.tasks.map((task, index) => {
    const now = queue.status === "RUNNING" && index + 1 === queue.task;
    const waiting = now && queue.undialled ? " (no DIAL_NUMBER, SDK issue #237: close the widget, then Skip)" : "";
    const item = el("li", now ? "current" : null, `${task.name}${task.outcome ? ` · ${task.outcome}` : ""}${waiting}`);
    item.dataset.outcome = task.outcome || (now ? "current" : "pending");
    return item;
  }));
}
