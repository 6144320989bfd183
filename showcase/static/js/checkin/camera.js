// The phone's camera as a QR reader: the browser's BarcodeDetector where it reads QR codes,
// otherwise jsQR (vendored in static/vendor/jsqr, loaded only then). Calls onCode(text) for
// each code read; the same code again within a few seconds is left out.

const EVERY_MS = 120;
const SAME_CODE_MS = 4000;

function loadScript(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url;
    script.onload = resolve;
    script.onerror = reject;
    document.head.append(script);
  });
}

async function detector(jsqrUrl, canvas) {
  if ("BarcodeDetector" in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes("qr_code")) {
        const native = new window.BarcodeDetector({ formats: ["qr_code"] });
        return async (video) => (await native.detect(video))[0]?.rawValue || "";
      }
    } catch (error) {
      // fall back to jsQR
    }
  }
  await loadScript(jsqrUrl);
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async (video) => {
    const width = video.videoWidth;
    const height = video.videoHeight;
    if (!width || !height) return "";
    canvas.width = width;
    canvas.height = height;
    context.drawImage(video, 0, 0, width, height);
    const image = context.getImageData(0, 0, width, height);
    return window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" })?.data || "";
  };
}

export async function startCamera(video, canvas, jsqrUrl, onCode) {
  const stream = await navigator.mediaDevices.getUserMedia({
    video: { facingMode: "environment" },
    audio: false,
  });
  video.srcObject = stream;
  await video.play();
  const read = await detector(jsqrUrl, canvas);
  let last = "";
  let lastAt = 0;
  const tick = async () => {
    try {
      const text = video.readyState >= 2 ? await read(video) : "";
      const now = Date.now();
      if (text && (text !== last || now - lastAt > SAME_CODE_MS)) {
        last = text;
        lastAt = now;
        await onCode(text);
      } else if (text) {
        lastAt = now;
      }
    } catch (error) {
      // a frame that could not be read: try the next one
    }
    setTimeout(tick, EVERY_MS);
  };
  tick();
  return stream;
}
