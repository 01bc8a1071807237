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
