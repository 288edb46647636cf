// Advocate console: queue, claim, transcript, reply, notes, transfer, close. Live via WebSocket;
// everything is re-read from the server, so a reload or a dropped connection loses nothing.
"use strict";

(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const me = Number(document.querySelector(".layout").dataset.me);
  const $ = (id) => document.getElementById(id);
  let current = null;
  let shown = { id: null, seqs: new Set() }; // what the transcript list holds now

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
    $("queue-note").textContent = "";
    $("conversation").hidden = false;
    $("conv-error").textContent = "";
    await refreshConversation();
    $("conversation").scrollIntoView();
  }

  async function refreshConversation() {
    if (!current) return;
    const id = current;
    let data;
    try { data = await api("/conversations/" + encodeURIComponent(id)); }
    catch (e) { if (id === current) $("conv-error").textContent = e.message; return; }
    if (id !== current) return; // another one was opened (or this one closed) meanwhile
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
    renderTranscript(data);
    const notes = $("notes-list");
    notes.replaceChildren();
    for (const n of data.notes) {
      const li = document.createElement("li");
      li.textContent = n.text;
      notes.append(li);
    }
  }

  // Only new messages are added, so the live region announces each message once (rebuilding
  // the list would read the whole transcript out again on every change).
  function renderTranscript(data) {
    const list = $("transcript");
    const seqs = data.messages.map((m) => m.seq);
    if (shown.id !== data.conversation_id || [...shown.seqs].some((s) => !seqs.includes(s))) {
      list.replaceChildren();
      shown = { id: data.conversation_id, seqs: new Set() };
    }
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    // A pressed button is stored as its payload ("/affirm"): show the words on the button.
    const titles = new Map();
    for (const m of data.messages) {
      for (const b of m.buttons || []) titles.set(b.payload, b.title);
      if (shown.seqs.has(m.seq)) continue;
      shown.seqs.add(m.seq);
      const li = document.createElement("li");
      li.className = "msg " + m.author;
      const who = { young_person: "Young person", bot: "Bot", advocate: "Advocate", system: "System" }[m.author] || m.author;
      const strong = document.createElement("strong");
      strong.textContent = who + ": ";
      const pressed = m.author === "young_person" && titles.has(m.text);
      li.append(strong, document.createTextNode(pressed ? titles.get(m.text) : (m.text || "")));
      if (pressed) {
        const note = document.createElement("span");
        note.className = "meta";
        note.textContent = " (pressed a button)";
        li.append(note);
      }
      if (m.custom && m.custom.safeguarding) {
        const flag = document.createElement("span");
        flag.className = "flag";
        flag.textContent = " [safeguarding: " + m.custom.safeguarding.category + "]";
        li.append(flag);
      }
      if (m.custom && m.custom.letter) li.append(letterNote(m.custom.letter));
      list.append(li);
    }
    if (nearBottom) list.scrollTop = list.scrollHeight; // keep the newest message in sight
  }

  // A letter the young person drafted with the bot: what kind, and its text to read.
  function letterNote(letter) {
    const box = document.createElement("details");
    box.className = "letter";
    const summary = document.createElement("summary");
    const kind = letter.kind === "subject_access" ? "records request" : "complaint";
    const stage = letter.stage ? ", stage " + letter.stage : "";
    const due = letter.reply_by ? ", reply due " + letter.reply_by : "";
    summary.textContent = `Letter drafted: ${kind}${stage} (${letter.jurisdiction || "nation unknown"}${due})`;
    const text = document.createElement("pre");
    text.textContent = letter.text || "";
    box.append(summary, text);
    return box;
  }

  async function act(path, body) {
    $("conv-error").textContent = "";
    let ok = true;
    try { await api("/conversations/" + encodeURIComponent(current) + path, body); }
    catch (e) { $("conv-error").textContent = e.message; ok = false; }
    await Promise.all([loadQueue(), refreshConversation()]);
    return ok;
  }

  $("claim").addEventListener("click", () => act("/claim", {}));
  $("reply-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("reply-text").value;
    $("reply-text").value = "";
    if (!(await act("/reply", { text }))) $("reply-text").value = text; // not sent: keep it
  });
  document.querySelectorAll(".canned-reply").forEach((b) =>
    b.addEventListener("click", () => { $("reply-text").value = b.dataset.text; $("reply-text").focus(); }));
  $("note-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("note-text").value;
    $("note-text").value = "";
    if (!(await act("/notes", { text }))) $("note-text").value = text;
  });
  $("transfer-form").addEventListener("submit", (e) => {
    e.preventDefault();
    act("/transfer", { to_username: $("transfer-to").value });
  });
  $("close-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    $("conv-error").textContent = "";
    try {
      await api("/conversations/" + encodeURIComponent(current) + "/close", { outcome: $("outcome").value });
    } catch (err) { $("conv-error").textContent = err.message; return; }
    // It is no longer with an advocate: put the panel away and say so (focus was on its button).
    current = null;
    shown = { id: null, seqs: new Set() };
    $("conversation").hidden = true;
    $("conv-error").textContent = "";
    $("queue-note").textContent = "Closed. The young person is back with the bot.";
    $("queue-title").focus();
    await loadQueue();
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
