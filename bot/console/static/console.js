// Advocate console: queue, claim, transcript, reply, notes, transfer, close. Live via WebSocket;
// everything is re-read from the server, so a reload or a dropped connection loses nothing.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const me = Number(document.querySelector(".layout").dataset.me);
  const $ = (id) => document.getElementById(id);
  let current = null;

  async function api(path, body) {
    const options = body === undefined ? { cache: "no-store" } : {
      method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
      body: JSON.stringify(body),
    };
    const resp = await fetch("/console/api" + path, options);
    const data = await resp.json().catch(() => ({}));
    if (resp.status === 401) { window.location.assign("/console/login"); }
    if (!resp.ok) throw new Error(data.error || "HTTP " + resp.status);
    return data;
  }

  function age(iso) {
    const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
    return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  }

  async function loadQueue() {
    const data = await api("/queue");
    const list = $("queue-list");
    list.replaceChildren();
    if (!data.items.length) {
      const li = document.createElement("li");
      li.textContent = "Nobody is waiting.";
      list.append(li);
    }
    for (const item of data.items) {
      const li = document.createElement("li");
      li.className = item.urgent ? "urgent" : "";
      const b = document.createElement("button");
      b.type = "button";
      b.className = "open-conversation";
      b.dataset.id = item.conversation_id;
      const who = item.assigned_to === null ? "waiting" : (item.assigned_to === me ? "yours" : "taken");
      b.textContent = `${item.urgent ? "URGENT · " : ""}${item.channel} · ${item.council || "place unknown"} · ${who} · ${age(item.queued_at)}`;
      b.addEventListener("click", () => openConversation(item.conversation_id));
      li.append(b);
      list.append(li);
    }
  }

  async function openConversation(id) {
    current = id;
    $("conversation").hidden = false;
    $("conv-error").textContent = "";
    await refreshConversation();
    $("conversation").scrollIntoView();
  }

  async function refreshConversation() {
    if (!current) return;
    let data;
    try { data = await api("/conversations/" + encodeURIComponent(current)); }
    catch (e) { $("conv-error").textContent = e.message; return; }
    const mine = data.assigned_to === me;
    $("claim").hidden = data.assigned_to !== null;
    $("reply-form").hidden = !mine;
    $("transfer-form").hidden = !mine;
    $("close-form").hidden = !mine;
    $("conv-meta").textContent = [
      data.urgent ? "Urgent" : null, data.channel, data.council || "place unknown",
      data.share_history ? "shared the chat so far" : "shared only new messages",
      data.topics.length ? "topics: " + data.topics.join(", ") : null,
    ].filter(Boolean).join(" · ");
    const list = $("transcript");
    list.replaceChildren();
    for (const m of data.messages) {
      const li = document.createElement("li");
      li.className = "msg " + m.author;
      const who = { young_person: "Young person", bot: "Bot", advocate: "Advocate", system: "System" }[m.author] || m.author;
      const strong = document.createElement("strong");
      strong.textContent = who + ": ";
      li.append(strong, document.createTextNode(m.text || ""));
      if (m.custom && m.custom.safeguarding) {
        const flag = document.createElement("span");
        flag.className = "flag";
        flag.textContent = " [safeguarding: " + m.custom.safeguarding.category + "]";
        li.append(flag);
      }
      list.append(li);
    }
    const notes = $("notes-list");
    notes.replaceChildren();
    for (const n of data.notes) {
      const li = document.createElement("li");
      li.textContent = n.text;
      notes.append(li);
    }
  }

  async function act(path, body) {
    $("conv-error").textContent = "";
    try { await api("/conversations/" + encodeURIComponent(current) + path, body); }
    catch (e) { $("conv-error").textContent = e.message; }
    await Promise.all([loadQueue(), refreshConversation()]);
  }

  $("claim").addEventListener("click", () => act("/claim", {}));
  $("reply-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("reply-text").value;
    $("reply-text").value = "";
    await act("/reply", { text });
  });
  document.querySelectorAll(".canned-reply").forEach((b) =>
    b.addEventListener("click", () => { $("reply-text").value = b.dataset.text; $("reply-text").focus(); }));
  $("note-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("note-text").value;
    $("note-text").value = "";
    await act("/notes", { text });
  });
  $("transfer-form").addEventListener("submit", (e) => {
    e.preventDefault();
    act("/transfer", { to_username: $("transfer-to").value });
  });
  $("close-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    await act("/close", { outcome: $("outcome").value });
  });

  async function loadAdvocates() {
    const people = await api("/advocates");
    const select = $("transfer-to");
    for (const p of people) {
      const o = document.createElement("option");
      o.value = p.username;
      o.textContent = p.name;
      select.append(o);
    }
  }

  function connect(attempt = 0) {
    const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/console/ws");
    ws.addEventListener("open", () => {
      $("live").textContent = "Live";
      attempt = 0;
      loadQueue();
      refreshConversation();
    });
    ws.addEventListener("message", (event) => {
      const data = JSON.parse(event.data);
      loadQueue();
      if (data.conversation_id === current) refreshConversation();
    });
    ws.addEventListener("close", () => {
      $("live").textContent = "Reconnecting…";
      setTimeout(() => connect(attempt + 1), Math.min(1000 * 2 ** attempt, 15000));
    });
  }

  loadQueue();
  loadAdvocates();
  connect();
})();
