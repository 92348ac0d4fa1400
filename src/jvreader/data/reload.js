// Added by `jvreader serve` to the pages it serves (never written into a build): reloads the
// page after each rebuild and shows a build error over the page until it is fixed.
(() => {
  const own = document.currentScript ? new URL(document.currentScript.src) : null;
  let seen = own ? Number(own.searchParams.get("v")) : null;
  let overlay = null;

  function show(message) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "jvreader-build-error";
      overlay.setAttribute("role", "alert");
      const s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 0, 0, 0.92)"; s.color = "#fff"; s.padding = "2rem";
      s.font = "14px/1.5 ui-monospace, monospace"; s.whiteSpace = "pre-wrap";
      document.body.appendChild(overlay);
    }
    overlay.textContent = "jvreader: the build failed\n\n" + message +
      "\n\nFix the problem and save: this page reloads by itself.";
  }

  const events = new EventSource("/__jvreader/events");
  events.addEventListener("status", (event) => {
    const status = JSON.parse(event.data);
    if (status.error) {
      seen = status.generation;
      show(status.error);
    } else if (seen !== null && status.generation !== seen) {
      events.close();
      window.location.reload();
    } else {
      seen = status.generation;
    }
  });
})();
