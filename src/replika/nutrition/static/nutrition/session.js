// Posyandu session: Enter moves to the next input (as Tab does) instead of submitting
// the whole form, so a cadre can type a row with the phone's "next" key.
document.addEventListener("keydown", (event) => {
  const el = event.target;
  if (event.key !== "Enter" || !(el instanceof HTMLInputElement) || !el.closest(".srow")) return;
  event.preventDefault();
  const inputs = Array.from(el.form.querySelectorAll(".srow input, .srow select"));
  const next = inputs[inputs.indexOf(el) + 1];
  if (next) next.focus();
});
