// The public schedule: stars kept in this browser, "my agenda", and the reader's own time
// beside the event's when their browser is in another timezone.
//
// `decorate(container)` applies all of it to part of a page; now.js calls it again on the lists
// it swaps in when it refreshes.

const root = document.querySelector(".schedule-root");

function starKey(event) {
  return `showcase:stars:${event}`;
}

function readStars(event) {
  try {
    const stored = JSON.parse(localStorage.getItem(starKey(event)) || "[]");
    return new Set(Array.isArray(stored) ? stored : []);
  } catch {
    return new Set();
  }
}

function writeStars(event, stars) {
  try {
    localStorage.setItem(starKey(event), JSON.stringify([...stars].sort()));
  } catch {
    // Private browsing may refuse storage; stars then last for this page only.
  }
}

function showStars(stars, scope = document) {
  for (const button of scope.querySelectorAll("[data-star]")) {
    const starred = stars.has(button.dataset.star);
    button.hidden = false;
    button.setAttribute("aria-pressed", starred ? "true" : "false");
    button.querySelector("[aria-hidden]").textContent = starred ? "★" : "☆";
  }
  for (const box of scope.querySelectorAll(".grid-session[data-code]")) {
    box.classList.toggle("starred", stars.has(box.dataset.code));
  }
}

function showMyAgenda(stars) {
  const lists = document.querySelectorAll(".mine-list");
  if (!lists.length) return;
  let shown = 0;
  for (const item of document.querySelectorAll(".mine-list .session-item")) {
    const keep = stars.has(item.dataset.code);
    item.classList.toggle("hidden-by-agenda", !keep);
    if (keep) shown += 1;
  }
  for (const day of document.querySelectorAll(".mine-day")) {
    day.hidden = !day.querySelector(".session-item:not(.hidden-by-agenda)");
  }
  const empty = document.querySelector(".my-agenda-empty");
  if (empty) {
    empty.textContent = root.dataset.starredNone || "";
    empty.hidden = shown > 0;
  }
}

function pad(number) {
  return String(number).padStart(2, "0");
}

// The page gives the event's zone name; Intl converts a moment to it, and the reader's own
// clock is the browser's.
function addLocalTimes(scope = document) {
  const eventZone = root.dataset.zone;
  const readerZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!eventZone || !readerZone || eventZone === readerZone) return;
  const label = root.dataset.yourTime || "your time";
  for (const time of scope.querySelectorAll("time[data-local]")) {
    const moment = new Date(time.dataset.local);
    if (Number.isNaN(moment.getTime())) continue;
    const inEvent = moment.toLocaleString("en-GB", { timeZone: eventZone, hour: "2-digit", minute: "2-digit", hour12: false });
    const mine = `${pad(moment.getHours())}:${pad(moment.getMinutes())}`;
    if (inEvent === mine) continue;
    const note = document.createElement("span");
    note.className = "local-time";
    note.textContent = ` (${label} ${mine})`;
    const parent = time.closest(".session-when, dd") || time.parentElement;
    parent.appendChild(note);
  }
}

let stars = new Set();

export function decorate(scope = document) {
  if (!root) return;
  stars = readStars(root.dataset.event);
  showStars(stars, scope);
  showMyAgenda(stars);
  addLocalTimes(scope);
}

if (root) {
  const event = root.dataset.event;
  decorate(document);
  document.addEventListener("click", (click) => {
    const button = click.target.closest("[data-star]");
    if (!button) return;
    const code = button.dataset.star;
    if (stars.has(code)) stars.delete(code);
    else stars.add(code);
    writeStars(event, stars);
    showStars(stars);
  });
  window.addEventListener("storage", () => {
    stars = readStars(event);
    showStars(stars);
    showMyAgenda(stars);
  });
}
