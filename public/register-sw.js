// Registers the service worker (public/sw.js) for both apps' pages (index.html,
// office.html). A new version never takes over a page by itself: it waits (for
// the next start, or for the user to tap "update" in the app).
if ("serviceWorker" in navigator) {
  const announce = (worker) => {
    window.revisitWaitingWorker = worker;
    window.dispatchEvent(new CustomEvent("revisit-update-ready"));
  };
  window.revisitApplyUpdate = () => {
    const worker = window.revisitWaitingWorker;
    if (!worker) return;
    navigator.serviceWorker.addEventListener("controllerchange", () => location.reload(), { once: true });
    worker.postMessage({ type: "SKIP_WAITING" });
  };
  window.addEventListener("load", async () => {
    try {
      const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      if (registration.waiting && navigator.serviceWorker.controller) announce(registration.waiting);
      registration.addEventListener("updatefound", () => {
        const worker = registration.installing;
        worker?.addEventListener("statechange", () => {
          if (worker.state === "installed" && navigator.serviceWorker.controller) announce(worker);
        });
      });
      // A phone keeps the app open for days: look for a new version when it comes
      // back into view, when the network returns, and every hour.
      const checkForUpdate = () => registration.update().catch(() => {});
      document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") checkForUpdate();
      });
      window.addEventListener("online", checkForUpdate);
      setInterval(checkForUpdate, 60 * 60 * 1000);
    } catch (err) {
      console.warn("service worker registration failed", err);
    }
  });
}
