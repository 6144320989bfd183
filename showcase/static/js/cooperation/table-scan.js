// The host's phone at the table: the check-in camera reads the guest's badge and sends its code
// with the form below (which also takes a typed code when there is no camera).
import { startCamera } from "../checkin/camera.js";

const box = document.getElementById("table-scan");
const button = document.getElementById("table-scan-start");
if (box && button) {
  button.addEventListener("click", async () => {
    const video = document.getElementById("table-scan-video");
    const input = document.querySelector("input[name='badge_code']");
    video.classList.remove("d-none");
    button.disabled = true;
    try {
      await startCamera(video, document.getElementById("table-scan-canvas"), box.dataset.jsqrUrl, (code) => {
        input.value = code;
        input.form.submit();
      });
    } catch (error) {
      video.classList.add("d-none");
      button.disabled = false;
    }
  });
}
