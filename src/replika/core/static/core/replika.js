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
