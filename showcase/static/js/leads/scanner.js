// The booth's badge scanner: the check-in camera module reads a QR code, which is put in the
// badge-code field and sent like a typed code (the page then shows the lead). The code just
// sent is left out for a while, so a badge still in front of the camera after the page comes
// back is not sent again.

import { startCamera } from "../checkin/camera.js";

const box = document.getElementById("lead-scanner");
const form = document.getElementById("lead-scan-form");
const input = document.getElementById("payload");
const stateLine = document.getElementById("lead-scanner-state");
const AGAIN_AFTER_MS = 20000;
const KEY = "showcase-lead-last-scan";

function recentlySent(code) {
  try {
    const last = JSON.parse(sessionStorage.getItem(KEY) || "{}");
    return last.code === code && Date.now() - last.at < AGAIN_AFTER_MS;
  } catch (error) {
    return false;
  }
}

async function onCode(text) {
  const code = text.trim();
  if (!code || recentlySent(code) || form.dataset.sending === "yes") return;
  form.dataset.sending = "yes";
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ code, at: Date.now() }));
  } catch (error) {
    // private browsing without storage: send anyway
  }
  input.value = code;
  form.submit();
}

async function start() {
  try {
    await startCamera(document.getElementById("lead-video"), document.getElementById("lead-canvas"), box.dataset.jsqrUrl, onCode);
    box.dataset.camera = "on";
    stateLine.textContent = box.dataset.textReady;
  } catch (error) {
    box.dataset.camera = "off";
    stateLine.textContent = box.dataset.textCamera;
  }
}

start();
