// Small progressive enhancements; every page works without this file.
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) {
    el.form.requestSubmit();
  }
});
// htmx sends the CSRF token with every request it makes.
document.addEventListener("htmx:configRequest", (event) => {
  const cookie = document.cookie.split("; ").find((c) => c.startsWith("csrftoken="));
  if (cookie) event.detail.headers["X-CSRFToken"] = cookie.split("=")[1];
});
// The menu's groups: one open at a time, closed by a click elsewhere or Escape, and a list
// that would pass the right edge of the screen opens leftwards.
const menuGroups = () => document.querySelectorAll("details[data-menu-group]");
document.addEventListener("toggle", (event) => {
  const opened = event.target;
  if (!(opened instanceof HTMLDetailsElement) || !opened.hasAttribute("data-menu-group")) return;
  if (!opened.open) return;
  for (const other of menuGroups()) if (other !== opened) other.open = false;
  const list = opened.querySelector(".submenu");
  if (list && list.getBoundingClientRect().right > document.documentElement.clientWidth) {
    list.classList.add("align-right");
  }
}, true);
document.addEventListener("click", (event) => {
  if (event.target instanceof Element && event.target.closest("details[data-menu-group]")) return;
  for (const group of menuGroups()) group.open = false;
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  for (const group of menuGroups()) {
    if (group.open) {
      group.open = false;
      group.querySelector("summary")?.focus();
    }
  }
});

// Signing out on a shared phone. Pages kept for offline use (the posyandu session, the
// field survey) hold personal data: they are dropped before the session ends, so the next
// person at the phone cannot open them offline. Entries still in an outbox are not: they
// belong to the account that typed them (core/outbox.js) and are sent when it signs in
// again; the person signing out is told how many wait first.
const OUTBOX_COUNT = "replika-outbox:";
const KEPT_PAGES = "replika-";

function waitingEntries() {
  const owner = document.documentElement.dataset.outboxOwner;
  if (!owner) return 0;
  let waiting = 0;
  try {
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i);
      if (key && key.startsWith(`${OUTBOX_COUNT}${owner}:`)) waiting += Number(localStorage.getItem(key)) || 0;
    }
  } catch (_error) {
    return 0;
  }
  return waiting;
}

async function dropKeptPages() {
  if (!("caches" in window)) return;
  try {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(KEPT_PAGES)).map((name) => caches.delete(name)));
  } catch (_error) {
    // No cache storage here (an insecure origin): nothing was kept.
  }
}

document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-signout")) return;
  event.preventDefault();
  const waiting = waitingEntries();
  if (waiting && !window.confirm((form.dataset.warn || "").replace("{n}", String(waiting)))) return;
  await dropKeptPages();
  form.submit();
});

// Signed out some other way (the session expired, another tab): nothing kept stays.
if (!document.documentElement.dataset.outboxOwner) dropKeptPages();
