// Posyandu session: every row is an entry in the outbox kept in the browser (IndexedDB,
// core/outbox.js, shared with the field survey).
// An entry is sent at once when there is a connection and waits otherwise; the page, its
// assets and the outbox survive a reload offline (the service worker keeps the page).
// Each entry carries an id made here, so the server writes it once however often it is sent,
// and the revision of the month the cadre saw, so a month changed meanwhile is a conflict.
(() => {
  "use strict";
  const form = document.getElementById("session-form");
  if (!form || !window.ReplikaOutbox) return;
  const rows = () => Array.from(form.querySelectorAll(".srow"));
  const label = (key) => form.dataset["l" + key[0].toUpperCase() + key.slice(1)] || key;
  const fill = (text, values) => text.replace(/\{(\w+)\}/g, (_m, k) => String(values[k]));
  const page = location.pathname;
  const VALUE_FIELDS = ["weight", "lenhei", "measure", "armc", "headc", "oedema"];
  const MEASURED = ["weight", "lenhei", "armc", "headc"];

  // --- the outbox (core/outbox.js: one IndexedDB outbox per account and page kind) -----
  const outbox = window.ReplikaOutbox.open("replika-session");
  const putEntry = (entry) => outbox.put(entry);
  const dropEntry = (id) => outbox.drop(id);
  const pageEntries = () => outbox.all(page);
  const newId = window.ReplikaOutbox.newId;

  // --- rows ---------------------------------------------------------------------------------
  const rowOf = (child) => document.getElementById(`row-${child}`);
  const input = (row, name) => row.querySelector(`[name="${row.dataset.prefix}-${name}"]`);
  const result = (row) => row.querySelector(".sresult");

  // A row's folded inputs (LiLA, head, oedema) come as the text of a <noscript> when they
  // are empty: one text node instead of a dozen elements per row at start-up. They are
  // built when the cadre opens the fold, or when a value must be put in them.
  function unfold(row) {
    const kept = row.querySelector(".smore > noscript");
    if (!kept) return;
    kept.insertAdjacentHTML("afterend", kept.textContent);
    kept.remove();
  }
  form.addEventListener(
    "toggle",
    (event) => {
      if (event.target.matches(".smore") && event.target.open) unfold(event.target.closest(".srow"));
    },
    true
  );

  function readRow(row) {
    const values = {};
    for (const name of VALUE_FIELDS) {
      const el = input(row, name);
      if (!el) values[name] = ""; // still folded: nothing typed there
      else values[name] = el.type === "checkbox" ? (el.checked ? "on" : "") : el.value.trim();
    }
    return values;
  }
  function writeRow(row, values) {
    const more = values.armc || values.headc || values.oedema === "on" || values.oedema === "1";
    if (more) unfold(row);
    for (const name of VALUE_FIELDS) {
      const el = input(row, name);
      if (!el) continue;
      if (el.type === "checkbox") el.checked = values[name] === "on" || values[name] === "1";
      else el.value = values[name] || "";
    }
    if (more) row.querySelector(".smore").open = true;
  }
  const filled = (values) => MEASURED.some((name) => values[name]);

  function showState(row, state, reason) {
    row.dataset.state = state;
    const box = result(row);
    const text = box.querySelector(".sstate");
    const marks = { waiting: "↻ ", sending: "↻ ", failed: "✗ ", saved: "✓ " };
    if (text && marks[state]) text.textContent = marks[state] + label(state);
    let why = box.querySelector(".sreason");
    if (reason) {
      if (!why) {
        why = document.createElement("span");
        why.className = "sreason error";
        box.insertBefore(why, text ? text.nextSibling : box.firstChild);
      }
      why.textContent = reason;
    } else if (why) {
      why.remove();
    }
  }

  // --- sending ------------------------------------------------------------------------------
  const csrf = () => form.querySelector("[name=csrfmiddlewaretoken]").value;
  let flushing = false;

  function bodyOf(entry) {
    const data = new FormData();
    const p = entry.prefix;
    data.append("visit_date", entry.visitDate);
    for (const name of VALUE_FIELDS) {
      if (name === "oedema") {
        if (entry.values.oedema === "on") data.append(`${p}-oedema`, "on");
      } else {
        data.append(`${p}-${name}`, entry.values[name] || "");
      }
    }
    data.append(`${p}-rev`, entry.rev);
    data.append(`${p}-entry`, entry.id);
    if (entry.confirm) data.append(`${p}-confirm`, "on");
    return data;
  }

  function swapIn(html) {
    const t = document.createElement("template");
    t.innerHTML = html;
    for (const fresh of t.content.querySelectorAll("[id]")) {
      const old = document.getElementById(fresh.id);
      if (old && (fresh.classList.contains("sresult") || fresh.id === "skdn")) old.replaceWith(fresh);
    }
  }

  async function send(entry) {
    const row = rowOf(entry.child);
    if (row) showState(row, "sending");
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: bodyOf(entry),
        credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), "X-Requested-With": "XMLHttpRequest" },
        redirect: "manual",
      });
    } catch (_error) {
      if (row) showState(row, "waiting");
      return "offline";
    }
    const state = response.headers.get("X-Row-State");
    if (!response.ok || !state) {
      // A sign-in page, a server error: the entry stays and is sent again later.
      entry.failed = true;
      await putEntry(entry);
      const reason =
        response.type === "opaqueredirect" || response.status === 403
          ? label("signin")
          : fill(label("server"), { status: response.status });
      if (row) showState(row, "failed", reason);
      return "retry";
    }
    swapIn(await response.text());
    await dropEntry(entry.id);
    const revision = response.headers.get("X-Row-Revision") || "";
    if (row && (state === "saved" || state === "replayed")) {
      input(row, "rev").value = revision;
      row.dataset.todo = "0";
      // The cadre's later edits of this child build on what was just saved.
      for (const later of await pageEntries()) {
        if (later.child === entry.child) {
          later.rev = revision;
          await putEntry(later);
        }
      }
    }
    if (row) row.dataset.state = state === "replayed" ? "saved" : state === "invalid" ? "failed" : state;
    return state;
  }

  async function flush() {
    if (flushing) return;
    flushing = true;
    try {
      for (const entry of await pageEntries()) {
        if (!navigator.onLine) break;
        if ((await send(entry)) === "offline") break;
      }
    } finally {
      flushing = false;
      await showNetwork();
    }
  }

  async function enqueue(row, extra) {
    const values = readRow(row);
    if (!filled(values)) return;
    const child = row.dataset.child;
    // One waiting entry per child: a newer edit replaces the one not yet sent.
    for (const older of await pageEntries()) {
      if (older.child === child) await dropEntry(older.id);
    }
    const entry = {
      id: newId(),
      page,
      child,
      url: row.dataset.url,
      prefix: row.dataset.prefix,
      visitDate: document.getElementById("id_visit_date").value,
      values,
      rev: (extra && extra.rev) ?? input(row, "rev").value,
      confirm: Boolean(extra && extra.confirm),
      at: Date.now(),
    };
    await putEntry(entry);
    showState(row, "waiting");
    await flush();
  }

  async function showNetwork() {
    const net = document.getElementById("s-net");
    if (!net) return;
    const waiting = (await pageEntries()).length;
    const parts = [];
    if (!navigator.onLine) parts.push(label("offline"));
    if (waiting) parts.push(`${waiting} ${label("pending")}`);
    net.textContent = parts.join(" ");
    net.hidden = parts.length === 0;
  }

  // --- typing -------------------------------------------------------------------------------
  const timers = new Map();
  function later(row) {
    clearTimeout(timers.get(row));
    timers.set(row, setTimeout(() => enqueue(row), 500));
  }
  form.addEventListener("input", (event) => {
    const row = event.target.closest(".srow");
    if (row && !event.target.matches("[data-confirm]")) later(row);
  });
  form.addEventListener("change", (event) => {
    const row = event.target.closest(".srow");
    if (!row) return;
    if (event.target.matches("[data-confirm]")) {
      if (event.target.checked) enqueue(row, { confirm: true });
      return;
    }
    later(row);
  });
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-action]");
    const row = button && button.closest(".srow");
    if (!row) return;
    const box = button.closest(".sconflict");
    const serverRev = result(row).dataset.rev;
    if (button.dataset.action === "theirs") {
      writeRow(row, {
        weight: box.dataset.weight,
        lenhei: box.dataset.lenhei,
        measure: box.dataset.measure,
        armc: box.dataset.armc,
        headc: box.dataset.headc,
        oedema: box.dataset.oedema === "1" ? "on" : "",
      });
      input(row, "rev").value = serverRev;
      box.remove();
      showState(row, "saved");
    } else {
      input(row, "rev").value = serverRev;
      enqueue(row, { rev: serverRev });
    }
  });

  // Enter (the phone keyboard's "next") moves to the next input instead of submitting.
  form.addEventListener("keydown", (event) => {
    const el = event.target;
    if (event.key !== "Enter" || !el.closest(".srow") || el.tagName === "BUTTON") return;
    event.preventDefault();
    const inputs = Array.from(
      form.querySelectorAll(".srow:not([hidden]) input:not([type=hidden]), .srow:not([hidden]) select")
    ).filter((x) => x.offsetParent !== null);
    const next = inputs[inputs.indexOf(el) + 1];
    if (next) next.focus();
  });

  // "Save all": every filled row not saved yet goes through the outbox; a report per row.
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    for (const row of rows()) {
      if (["saved", "empty", "conflict", "held"].includes(row.dataset.state)) continue;
      if (filled(readRow(row))) await enqueue(row);
    }
    await flush();
    const count = (state) => rows().filter((r) => r.dataset.state === state).length;
    const report = document.getElementById("save-report");
    report.textContent = fill(label("report"), {
      saved: count("saved"),
      waiting: count("waiting"),
      failed: count("failed") + count("conflict") + count("held"),
    });
    const first = rows().find((r) => ["failed", "conflict", "held"].includes(r.dataset.state));
    if (first) first.scrollIntoView({ block: "center" });
  });

  // --- search, filter, order ----------------------------------------------------------------
  const tools = document.getElementById("session-tools");
  const fold = (text) =>
    text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9 ]+/g, " ");
  function applyTools() {
    const words = fold(tools.q.value).split(/\s+/).filter(Boolean);
    const show = tools.show.value;
    let shown = 0;
    const list = rows();
    for (const row of list) {
      const ok =
        words.every((w) => row.dataset.name.includes(w)) &&
        (show !== "todo" || row.dataset.todo === "1") &&
        (show !== "followup" || row.dataset.followup === "1");
      row.hidden = !ok;
      if (ok) shown += 1;
    }
    const key = tools.order.value === "register" ? (r) => Number(r.dataset.child) : (r) => r.dataset.name;
    const sorted = list.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    const holder = document.getElementById("srows");
    for (const row of sorted) holder.appendChild(row);
    document.getElementById("s-count").textContent = fill(label("shown"), { n: shown, total: list.length });
  }
  if (tools) {
    tools.classList.add("js");
    tools.addEventListener("input", applyTools);
    tools.addEventListener("change", applyTools);
    tools.addEventListener("submit", (event) => {
      event.preventDefault();
      applyTools();
    });
  }

  // --- start --------------------------------------------------------------------------------
  async function start() {
    // Entries still in the outbox (typed offline, page reloaded) show as waiting.
    for (const entry of await pageEntries()) {
      const row = rowOf(entry.child);
      if (!row) continue;
      writeRow(row, entry.values);
      showState(row, entry.failed ? "failed" : "waiting");
    }
    await showNetwork();
    if (navigator.onLine) await flush();
    document.documentElement.dataset.sessionReady = "1";
  }
  window.addEventListener("online", flush);
  window.addEventListener("offline", showNetwork);
  setInterval(() => navigator.onLine && flush(), 20000);

  window.ReplikaOutbox.keepPage(form.dataset.worker);
  // The outbox (IndexedDB) is opened after the first paint: the rows show and take input
  // first; restoring waiting entries and sending them can wait a frame.
  requestAnimationFrame(() => setTimeout(start, 0));
})();
