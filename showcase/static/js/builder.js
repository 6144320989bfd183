// The agenda builder: drag sessions onto the grid, move them, drag them back to unschedule.
// Every drop is saved at once through the JSON endpoints (CSRF token in X-CSRFToken); the
// server answers with the fresh grid, lists and conflicts, which replace the old ones. The
// forms of each session (keyboard and no-JavaScript use) are sent the same way.

const builder = document.querySelector(".builder");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";

function status(message, kind) {
  const box = document.getElementById("builder-status");
  box.className = `builder-status alert alert-${kind === "error" ? "danger" : "success"} py-1`;
  box.textContent = message;
}

async function send(url, body) {
  let response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, Accept: "application/json" },
      body: JSON.stringify({ ...body, day: builder.dataset.day, step: builder.dataset.step }),
      credentials: "same-origin",
    });
  } catch {
    status(builder.dataset.failed, "error");
    return;
  }
  let data = null;
  try {
    data = await response.json();
  } catch {
    data = null;
  }
  if (!data || !data.html) {
    status((data && data.message) || builder.dataset.failed, "error");
    return;
  }
  for (const [name, html] of Object.entries(data.html)) {
    const target = document.getElementById(name === "grid" ? "builder-grid" : name);
    if (target) target.innerHTML = html;
  }
  applyFilter();
  status(data.message || "", data.ok ? "ok" : "error");
}

function place(sessionId, roomId, start) {
  return send(builder.dataset.apiPlace, { session_id: sessionId, room_id: roomId, starts_at: start });
}

function unschedule(sessionId) {
  return send(builder.dataset.apiUnschedule, { session_id: sessionId });
}

// Dragging -----------------------------------------------------------------------------------

let dragged = null;

builder.addEventListener("dragstart", (event) => {
  const card = event.target.closest("[data-session-id][draggable]");
  if (!card) return;
  dragged = card.dataset.sessionId;
  event.dataTransfer.setData("text/plain", dragged);
  event.dataTransfer.effectAllowed = "move";
});

builder.addEventListener("dragend", () => {
  dragged = null;
  for (const cell of builder.querySelectorAll(".drag-over")) cell.classList.remove("drag-over");
});

// A drop on a placed session means the cell beneath it (the server then says whether it is free).
function dropTarget(event) {
  const direct = event.target.closest(".drop-cell, [data-drop='unschedule']");
  if (direct) return direct;
  if (!event.target.closest(".builder-grid")) return null;
  return document.elementsFromPoint(event.clientX, event.clientY).find((el) => el.classList.contains("drop-cell")) || null;
}

builder.addEventListener("dragover", (event) => {
  const target = dropTarget(event);
  if (!target) return;
  event.preventDefault();
  event.dataTransfer.dropEffect = "move";
  for (const cell of builder.querySelectorAll(".drag-over")) {
    if (cell !== target) cell.classList.remove("drag-over");
  }
  target.classList.add("drag-over");
});

builder.addEventListener("drop", (event) => {
  const target = dropTarget(event);
  if (!target) return;
  event.preventDefault();
  target.classList.remove("drag-over");
  const sessionId = event.dataTransfer.getData("text/plain") || dragged;
  if (!sessionId) return;
  if (target.dataset.drop === "unschedule") {
    if (builder.querySelector(`.grid-session[data-session-id="${sessionId}"]`) || document.getElementById(`placed-${sessionId}`)) {
      unschedule(sessionId);
    }
    return;
  }
  place(sessionId, target.dataset.roomId, target.dataset.start);
});

// Forms (keyboard and no-JavaScript) ---------------------------------------------------------

builder.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.classList.contains("place-form")) {
    event.preventDefault();
    const data = new FormData(form);
    place(data.get("session_id"), data.get("room_id"), data.get("starts_at"));
  } else if (form.classList.contains("unschedule-form")) {
    event.preventDefault();
    unschedule(new FormData(form).get("session_id"));
  }
});

// Searching the unscheduled list -------------------------------------------------------------

const search = document.getElementById("unscheduled-search");
const kind = document.getElementById("unscheduled-type");

function applyFilter() {
  const words = (search.value || "").toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const wanted = kind.value;
  for (const card of builder.querySelectorAll(".unscheduled-list .session-card")) {
    const text = card.dataset.search || "";
    const kinds = (card.dataset.kind || "").split(" ");
    const matches = words.every((word) => text.includes(word)) && (!wanted || kinds.includes(wanted));
    card.parentElement.hidden = !matches;
  }
}

search.addEventListener("input", applyFilter);
kind.addEventListener("change", applyFilter);
