// The door on a phone: scans badges with the camera (or a hand scanner typing into the code
// field), shows a large result, and keeps working when the connection is lost.
//
// Every scan gets an id made here and is put in the queue (IndexedDB) before anything else.
// Online, it is sent at once and the server's answer is shown. Offline (or when sending
// fails), the badge is checked against the roster kept on the phone: the SHA-256 of the QR
// payload is looked up, so no key that makes or checks badges is ever on the phone. When the
// connection is back, the queue is sent; the server applies each id once and reports what it
// decided otherwise ("while you were offline: already in today at 09:12 by Gate 3").

import { startCamera } from "./camera.js";
import * as store from "./store.js";

const door = document.getElementById("door");
const resultBox = document.getElementById("scan-result");
const stateLine = document.getElementById("door-state");
const csrf = document.querySelector('meta[name="csrf-token"]')?.content || "";
const gateId = Number(door.dataset.gate);
const kiosk = door.dataset.kiosk === "yes";
const thai = door.dataset.language === "th";
const texts = { ...door.dataset, ...resultBox.dataset };
const ROSTER_EVERY_MS = 5 * 60 * 1000;
const SYNC_EVERY_MS = 5000;
const BATCH = 100;
const RESET_KIOSK_MS = 8000;

let roster = null;
let online = navigator.onLine;
let syncing = false;
let resetTimer = null;

function fill(text, values) {
  return Object.entries(values).reduce((done, [key, value]) => done.replaceAll(`{${key}}`, value), text);
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function normalise(text) {
  return text.replace(/\s+/g, "").toUpperCase();
}

async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

function eventDay(moment) {
  const zone = roster?.timezone || "UTC";
  return new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(moment);
}

function eventTime(moment) {
  const zone = roster?.timezone || "UTC";
  return new Intl.DateTimeFormat("en-GB", { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(moment);
}

function named(thing) {
  return (thai ? thing.th || thing.en : thing.en || thing.th) || "";
}

// What the phone shows ---------------------------------------------------------------------

function feedback(result) {
  try {
    if (navigator.vibrate) navigator.vibrate(result === "admitted" ? 120 : [250, 100, 250]);
  } catch (error) {
    // not allowed here
  }
  try {
    const audio = new (window.AudioContext || window.webkitAudioContext)();
    const tone = audio.createOscillator();
    const volume = audio.createGain();
    tone.frequency.value = result === "admitted" ? 880 : 220;
    volume.gain.value = 0.15;
    tone.connect(volume).connect(audio.destination);
    tone.start();
    tone.stop(audio.currentTime + (result === "admitted" ? 0.15 : 0.45));
    tone.onended = () => audio.close();
  } catch (error) {
    // no sound allowed before a touch: the colour says it
  }
}

function line(className, text, lang) {
  const element = document.createElement("p");
  element.className = className;
  element.textContent = text;
  if (lang) element.lang = lang;
  return element;
}

function show(answer) {
  const result = answer.result || "error";
  resultBox.className = `scan-result scan-result-${result}`;
  const parts = [line("scan-verdict", texts[result] || texts.error)];
  const person = answer.person;
  if (person) {
    parts.push(line("scan-name", person.en));
    if (person.th) parts.push(line("scan-name", person.th, "th"));
    const meta = [person.category, person.city].filter(Boolean);
    if (person.head) meta.push(texts.head);
    if (person.vip) meta.push(texts.vip);
    parts.push(line("scan-meta", meta.join(" · ")));
  }
  if (answer.message) parts.push(line("scan-reason", answer.message));
  if (answer.badge) parts.push(line("scan-badge", answer.badge));
  if (answer.offline) parts.push(line("scan-offline small", texts.offline));
  resultBox.replaceChildren(...parts);
  resultBox.dataset.scanId = answer.scan_id || "";
  resultBox.focus({ preventScroll: true });
  feedback(result);
  if (kiosk) {
    clearTimeout(resetTimer);
    resetTimer = setTimeout(() => {
      resultBox.className = "scan-result";
      resultBox.replaceChildren(line("scan-verdict scan-waiting", texts.textReady || ""));
    }, RESET_KIOSK_MS);
  }
}

function showConflicts(answers) {
  const conflicts = answers.filter((answer) => answer.conflict);
  if (!conflicts.length) return;
  const list = document.createElement("ul");
  list.className = "scan-conflicts";
  for (const answer of conflicts) {
    const who = answer.person ? `${answer.person.en}: ` : "";
    list.append(Object.assign(document.createElement("li"), { textContent: `${who}${answer.message}` }));
  }
  resultBox.className = "scan-result scan-result-warned";
  resultBox.replaceChildren(line("scan-verdict", texts.conflict), list);
  feedback("warned");
}

async function showState() {
  const queued = (await store.all("queue")).length;
  const parts = [online ? texts.textOnline : texts.textOffline];
  if (roster) {
    const time = new Date(roster.loaded_at).toLocaleTimeString(thai ? "th-TH" : "en-GB", { hour: "2-digit", minute: "2-digit" });
    parts.push(fill(texts.textRoster, { count: Object.keys(roster.people).length, time }));
  } else {
    parts.push(texts.textNoRoster);
  }
  if (queued) parts.push(fill(texts.textQueued, { count: queued }));
  stateLine.textContent = parts.join(" · ");
  door.dataset.queued = String(queued);
  door.dataset.online = online ? "yes" : "no";
}

// The roster ----------------------------------------------------------------------------------

async function loadRoster() {
  roster = (await store.get("roster", door.dataset.event)) || null;
  if (!online) return;
  try {
    const response = await fetch(door.dataset.rosterUrl, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const fresh = await response.json();
    fresh.loaded_at = Date.now();
    roster = fresh;
    await store.put("roster", fresh, door.dataset.event);
    door.dataset.roster = fresh.version;
  } catch (error) {
    // offline after all: keep the roster we have
  }
}

async function rememberEntry(hash, gateName, moment) {
  const day = eventDay(moment);
  const key = `${hash}:${day}`;
  if (!(await store.get("entries", key))) {
    await store.put("entries", { at: moment.toISOString(), gate: gateName }, key);
  }
}

// The phone's own judgement, against the roster (offline only).
async function judgeLocally(payload, moment) {
  const hash = await sha256(normalise(payload));
  if (!roster) return { hash, result: "", message: texts.noRoster };
  const gate = roster.gates.find((one) => one.id === gateId) || { kind: "main", categories: [] };
  const replaced = roster.replaced[hash];
  if (replaced) {
    return { hash, result: "refused", message: fill(texts.replaced, { time: eventTime(new Date(replaced)) }) };
  }
  const person = roster.people[hash];
  if (!person) return { hash, result: "refused", message: texts.unknown };
  const shown = {
    en: person.en,
    th: person.th,
    category: named({ en: person.category_en, th: person.category_th }),
    head: person.head,
    vip: person.vip,
    city: person.city,
  };
  if (person.state !== "confirmed") return { hash, result: "refused", person: shown, message: texts.cancelled };
  if (gate.kind === "vip" && !person.vip && !gate.categories.includes(person.category)) {
    return { hash, result: "refused", person: shown, message: fill(texts.notInvited, { category: shown.category }) };
  }
  if (gate.kind === "main") {
    const before = await store.get("entries", `${hash}:${eventDay(moment)}`);
    if (before) {
      return { hash, result: "warned", person: shown, message: fill(texts.already, { time: eventTime(new Date(before.at)), gate: before.gate }) };
    }
    await rememberEntry(hash, named(gate), moment);
  }
  return { hash, result: "admitted", person: shown, message: "" };
}

// Sending -------------------------------------------------------------------------------------

async function send(scans) {
  const response = await fetch(door.dataset.scansUrl, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": csrf },
    body: JSON.stringify({ scans: scans.map(({ hash, ...scan }) => scan), kiosk }),
  });
  if (response.status >= 500 || response.status === 0) throw new Error(`server ${response.status}`);
  if (response.redirected || !(response.headers.get("Content-Type") || "").includes("json")) {
    throw new Error("signed out");
  }
  const body = await response.json();
  if (!Array.isArray(body.results) || body.results.length !== scans.length) throw new Error(body.error || "refused");
  return body.results;
}

async function settle(scans, answers) {
  let stale = false;
  for (const [index, scan] of scans.entries()) {
    const answer = answers[index];
    if (!answer) continue;
    await store.remove("queue", scan.scan_id);
    if (answer.result === "admitted" && scan.hash) {
      await rememberEntry(scan.hash, answer.gate || "", new Date(scan.scanned_at));
    }
    if (scan.offline && scan.local && scan.local !== answer.result) stale = true;
  }
  if (stale) await loadRoster();
}

async function sync() {
  if (syncing) return;
  syncing = true;
  try {
    let queued = await store.all("queue");
    while (queued.length && online) {
      const batch = queued.slice(0, BATCH);
      const answers = await send(batch);
      await settle(batch, answers);
      showConflicts(answers);
      queued = await store.all("queue");
    }
  } catch (error) {
    online = false;
  } finally {
    syncing = false;
    await showState();
  }
}

async function scan(payload) {
  const moment = new Date();
  const entry = { scan_id: newId(), gate: gateId, payload: payload.slice(0, 200), scanned_at: moment.toISOString() };
  entry.hash = await sha256(normalise(payload));
  await store.put("queue", entry);
  if (online) {
    try {
      const [answer] = await send([entry]);
      await settle([entry], [answer]);
      show(answer);
      await showState();
      return;
    } catch (error) {
      online = false;
    }
  }
  const local = await judgeLocally(payload, moment);
  entry.offline = true;
  entry.local = local.result;
  await store.put("queue", entry);
  show({ ...local, scan_id: entry.scan_id, offline: true });
  await showState();
}

// Starting ------------------------------------------------------------------------------------

async function start() {
  await loadRoster();
  await showState();
  window.addEventListener("online", async () => {
    online = true;
    await loadRoster();
    await sync();
  });
  window.addEventListener("offline", async () => {
    online = false;
    await showState();
  });
  setInterval(async () => {
    if (!online && navigator.onLine) online = true;
    if (online) await sync();
  }, SYNC_EVERY_MS);
  setInterval(loadRoster, ROSTER_EVERY_MS);
  await sync();

  const codeForm = document.getElementById("door-code-form");
  codeForm?.addEventListener("submit", async (submitted) => {
    submitted.preventDefault();
    const field = codeForm.querySelector("input[name=payload]");
    const text = field.value.trim();
    field.value = "";
    if (text) await scan(text);
    field.focus();
  });

  document.querySelector("[data-door-sign-out]")?.addEventListener("submit", async (submitted) => {
    const form = submitted.currentTarget;
    if (form.dataset.cleared) return;
    submitted.preventDefault();
    await sync();
    const left = (await store.all("queue")).length;
    if (left && !window.confirm(texts.textUnsent)) return;
    await store.forget();
    form.dataset.cleared = "yes";
    form.submit();
  });

  try {
    await startCamera(document.getElementById("door-video"), document.getElementById("door-canvas"), door.dataset.jsqrUrl, scan);
    door.dataset.camera = "on";
  } catch (error) {
    door.dataset.camera = "off";
    stateLine.textContent = `${texts.textCamera} ${stateLine.textContent}`;
  }
}

start();
