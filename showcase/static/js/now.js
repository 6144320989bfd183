// "Now and next" keeps itself current on a screen at the venue: every minute, at the moment a
// session starts or ends, and when the tab comes back into view, it fetches the page again and
// swaps in the fresh lists (no meta refresh, no reload, no inline script). Without JavaScript
// the page's "Refresh" link does the same by hand.

import { decorate } from "./schedule.js";

const EVERY_MS = 60 * 1000;
const live = document.querySelector("[data-now-live]");
let timer = null;

// Milliseconds until the next start or end the page announces (data-next-change), if sooner
// than the regular refresh.
function delay() {
  const next = Date.parse(live.dataset.nextChange || "");
  if (Number.isNaN(next)) return EVERY_MS;
  return Math.max(1000, Math.min(EVERY_MS, next - Date.now() + 1000));
}

async function refresh() {
  try {
    const response = await fetch(window.location.href, {
      cache: "no-store",
      credentials: "same-origin",
      headers: { Accept: "text/html" },
    });
    if (!response.ok) return;
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-now-live]");
    if (!fresh) return;
    live.dataset.nextChange = fresh.dataset.nextChange || "";
    live.replaceChildren(...fresh.childNodes);
    announce();
    decorate(live);
  } catch {
    // Offline for a moment: keep what is shown and try again at the next turn.
  }
}

// Say so only where the script runs (the sentence is hidden in the page as sent).
function announce() {
  for (const note of live.querySelectorAll(".now-refreshes")) note.hidden = false;
}

function plan() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    await refresh();
    plan();
  }, delay());
}

if (live) {
  announce();
  plan();
  document.addEventListener("visibilitychange", async () => {
    if (document.hidden) {
      clearTimeout(timer);
      return;
    }
    await refresh();
    plan();
  });
}
