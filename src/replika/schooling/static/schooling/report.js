// Field survey: a report is put in the outbox (IndexedDB) when the pendata saves it and
// sent at once when there is a network, else when it returns; it shows its state in the
// list under the form. The server writes each report once (its id is kept, unique).
(() => {
  "use strict";
  const form = document.getElementById("report-form");
  if (!form || !window.ReplikaOutbox) return;
  const outbox = window.ReplikaOutbox.open("replika-survey");
  const page = location.pathname;
  const label = (key) => form.dataset["l" + key[0].toUpperCase() + key.slice(1)] || key;
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k]));
  const list = document.getElementById("r-outbox");
  const card = document.getElementById("r-outbox-card");
  const csrf = () => form.querySelector("[name=csrfmiddlewaretoken]").value;
  const shown = new Map(); // entry id -> {state, reason, name}
  let flushing = false;

  function render(entries) {
    const ids = new Set(entries.map((e) => e.id));
    for (const entry of entries) {
      if (!shown.has(entry.id)) {
        shown.set(entry.id, { state: entry.failed ? "failed" : "waiting", reason: entry.reason || "" });
      }
    }
    list.replaceChildren();
    for (const [id, item] of shown) {
      const entry = entries.find((e) => e.id === id);
      const li = document.createElement("li");
      li.dataset.entry = id;
      li.dataset.state = item.state;
      const name = document.createElement("strong");
      name.textContent = item.name || (entry && entry.name) || "";
      const state = document.createElement("span");
      const marks = { waiting: "↻ ", sending: "↻ ", failed: "✗ ", saved: "✓ " };
      state.textContent = ` ${marks[item.state] || ""}${label(item.state)}`;
      li.append(name, state);
      if (item.reason) {
        const why = document.createElement("div");
        why.className = "error";
        why.textContent = item.reason;
        li.append(why);
      }
      if (item.state === "failed" && ids.has(id)) {
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "button";
        remove.dataset.remove = id;
        remove.textContent = label("remove");
        li.append(" ", remove);
      }
      list.append(li);
    }
    card.hidden = shown.size === 0;
  }

  async function showNetwork() {
    const net = document.getElementById("r-net");
    const entries = await outbox.all(page);
    const waiting = entries.filter((e) => !e.failed).length;
    const parts = [];
    if (!navigator.onLine) parts.push(label("offline"));
    if (waiting) parts.push(`${waiting} ${label("pending")}`);
    net.textContent = parts.join(" ");
    net.hidden = parts.length === 0;
    render(entries);
  }

  function bodyOf(entry) {
    const data = new FormData();
    for (const [name, value] of entry.fields) data.append(name, value);
    data.set("csrfmiddlewaretoken", csrf());
    data.set("entry", entry.id);
    return data;
  }

  async function send(entry) {
    shown.set(entry.id, { ...(shown.get(entry.id) || {}), state: "sending", name: entry.name });
    let response;
    try {
      response = await fetch(form.action || page, {
        method: "POST",
        body: bodyOf(entry),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "X-Requested-With": "XMLHttpRequest" },
        redirect: "manual",
      });
    } catch (_error) {
      shown.set(entry.id, { state: "waiting", name: entry.name });
      return "offline";
    }
    const state = response.headers.get("X-Row-State");
    if (!response.ok && !state) {
      // A sign-in page, a server error: the report stays and is sent again later.
      const reason =
        response.type === "opaqueredirect" || response.status === 403
          ? label("signin")
          : fill(label("server"), { status: response.status });
      shown.set(entry.id, { state: "waiting", name: entry.name, reason });
      return "retry";
    }
    const holder = document.createElement("template");
    holder.innerHTML = await response.text();
    const text = holder.content.textContent.trim();
    if (state === "saved" || state === "replayed") {
      await outbox.drop(entry.id);
      shown.set(entry.id, { state: "saved", name: entry.name, reason: text });
      return state;
    }
    // Refused (bad input, a duplicate): kept with its reason until the pendata removes it.
    entry.failed = true;
    entry.reason = text;
    await outbox.put(entry);
    shown.set(entry.id, { state: "failed", name: entry.name, reason: text });
    return "invalid";
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const entry of await outbox.all(page)) {
        if (entry.failed) continue;
        if (!navigator.onLine) break;
        if ((await send(entry)) === "offline") break;
      }
    } finally {
      flushing = false;
      await showNetwork();
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const fields = Array.from(new FormData(form).entries()).filter(
      ([name]) => name !== "csrfmiddlewaretoken" && name !== "entry"
    );
    const entry = {
      id: window.ReplikaOutbox.newId(),
      page,
      name: form.elements.namedItem("name").value.trim(),
      fields,
      at: Date.now(),
    };
    await outbox.put(entry);
    shown.set(entry.id, { state: "waiting", name: entry.name });
    // Ready for the next child: the place and reason usually stay the same.
    const keep = new Set(["location", "reason", "source", "ats_type"]);
    for (const el of form.elements) {
      if (!el.name || keep.has(el.name) || el.name === "csrfmiddlewaretoken") continue;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = false;
      } else if (el.tagName !== "BUTTON") {
        el.value = "";
      }
    }
    form.elements.namedItem("name").focus();
    await showNetwork();
    await flush();
  });

  list.addEventListener("click", async (event) => {
    const button = event.target.closest("[data-remove]");
    if (!button) return;
    await outbox.drop(button.dataset.remove);
    shown.delete(button.dataset.remove);
    await showNetwork();
  });

  window.addEventListener("online", flush);
  window.addEventListener("offline", showNetwork);
  setInterval(() => navigator.onLine && flush(), 20000);
  window.ReplikaOutbox.keepPage(form.dataset.worker);
  (async () => {
    await showNetwork();
    if (navigator.onLine) await flush();
    document.documentElement.dataset.surveyReady = "1";
  })();
})();
