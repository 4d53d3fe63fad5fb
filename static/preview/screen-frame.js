/* A signage screen in the admin's preview panel: the kiosk page at its own resolution
 * (1920×1080 or 1080×1920), scaled down to fit whatever size the panel has. */
(() => {
  "use strict";

  const stage = document.getElementById("screen-stage");
  const box = document.getElementById("screen-box");
  const frame = document.getElementById("screen-frame");
  const width = Number(frame.width);
  const height = Number(frame.height);

  new ResizeObserver(([entry]) => {
    const room = entry.contentRect;
    const scale = Math.min(room.width / width, room.height / height);
    frame.style.transform = `scale(${scale})`;
    box.style.width = `${width * scale}px`;
    box.style.height = `${height * scale}px`;
  }).observe(stage);
})();
