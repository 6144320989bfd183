// Floor plans wider than their frame (on a phone) open with the highlighted booth in view.
for (const frame of document.querySelectorAll(".floorplan-frame")) {
  const ring = frame.querySelector(".highlight-ring");
  if (!ring) continue;
  const outer = frame.getBoundingClientRect();
  const box = ring.getBoundingClientRect();
  if (frame.scrollWidth > frame.clientWidth) {
    frame.scrollLeft += box.left - outer.left - (frame.clientWidth - box.width) / 2;
  }
  if (frame.scrollHeight > frame.clientHeight) {
    frame.scrollTop += box.top - outer.top - (frame.clientHeight - box.height) / 2;
  }
}
