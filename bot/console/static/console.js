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

  // "due in 3 h" / "overdue by 20 min", against the promised reply time.
  function due(iso) {
    if (!iso) return "";
    const minutes = Math.round((Date.parse(iso) - Date.now()) / 60000);
    const span = (m) => (m < 60 ? `${m} min` : `${Math.floor(m / 60)} h`);
    return minutes >= 0 ? "due in " + span(minutes) : "overdue by " + span(-minutes);
  }

  const REASONS = { urgent: "urgent", asked_for_person: "asked for a person",
    bot_failed: "the bot didn't understand twice", letter: "letter help" };
  let filter = "all";
  let items = [];

  function matches(item, key) {
    if (key === "urgent") return item.urgent;
    if (key === "waiting") return item.assigned_to === null;
    if (key === "mine") return item.assigned_to === me;
    if (key === "overdue") return item.due_at && Date.parse(item.due_at) < Date.now();
    return true;
  }

  function describe(item) {
    const who = item.assigned_to === null ? "waiting" : (item.assigned_to === me ? "yours" : "taken");
    const reasons = item.reasons.map((r) => r === "urgent" && item.risk_category
      ? "URGENT: " + item.risk_category.replace(/_/g, " ") : REASONS[r] || r);
    const place = item.council ? item.council + (item.nation && item.nation !== item.council ? ` (${item.nation})` : "") : "place unknown";
    return [reasons.join(", ") || "in the queue", item.topic ? "topic: " + item.topic.replace(/_/g, " ") : null,
      place, item.language === "cy" ? "in Welsh (Cymraeg)" : null, item.channel, who, "in the queue " + age(item.queued_at), due(item.due_at)].filter(Boolean).join(" · ");
  }

  async function loadQueue() {
    const data = await api("/queue");
    items = data.items;
    for (const el of document.querySelectorAll("[data-count]")) {
      el.textContent = items.filter((i) => matches(i, el.dataset.count)).length;
    }
    renderQueue();
  }

  function renderQueue() {
    const list = $("queue-list");
    list.replaceChildren();
    const shownItems = items.filter((i) => matches(i, filter));
    if (!shownItems.length) {
      const li = document.createElement("li");
      li.textContent = filter === "all" ? "Nobody is waiting." : "None here.";
      list.append(li);
    }
    for (const item of shownItems) {
      const li = document.createElement("li");
      li.className = (item.urgent ? "urgent" : "") + (item.conversation_id === current ? " current" : "");
      const b = document.createElement("button");
      b.type = "button";
      b.className = "open-conversation";
      b.dataset.id = item.conversation_id;
      if (item.conversation_id === current) b.setAttribute("aria-current", "true");
      b.textContent = describe(item);
      if (item.first_words) {
        const words = document.createElement("span");
        words.className = "first-words";
        words.textContent = "“" + item.first_words + "”";
        b.append(document.createElement("br"), words);
      }
      if (item.unanswered && item.assigned_to !== null) {
        const flag = document.createElement("span");
        flag.className = "meta";
        flag.textContent = " · last message not answered";
        b.append(flag);
      }
      b.addEventListener("click", () => openConversation(item.conversation_id));
      li.append(b);
      list.append(li);
    }
  }

  document.querySelectorAll("#queue-filters .filter").forEach((b) => b.addEventListener("click", () => {
    filter = b.dataset.filter;
    document.querySelectorAll("#queue-filters .filter").forEach((x) =>
      x.setAttribute("aria-pressed", String(x === b)));
    renderQueue();
  }));

  // Keyboard: j / k move through the queue, c takes the open conversation, r goes to the reply.
  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey || /^(INPUT|TEXTAREA|SELECT)$/.test(e.target.tagName)) return;
    const ids = items.filter((i) => matches(i, filter)).map((i) => i.conversation_id);
    const at = ids.indexOf(current);
    if ((e.key === "j" || e.key === "k") && ids.length) {
      const next = e.key === "j" ? Math.min(at + 1, ids.length - 1) : Math.max(at - 1, 0);
      openConversation(ids[at === -1 ? 0 : next]);
    } else if (e.key === "c" && current && !$("claim").hidden) {
      act("/claim", {});
    } else if (e.key === "r" && current && !$("reply-form").hidden) {
      e.preventDefault();
      $("reply-text").focus();
    }
  });

  async function openConversation(id) {
    current = id;
    $("queue-note").textContent = "";
    $("conversation").hidden = false;
    $("conv-error").textContent = "";
    $("close-anyway").hidden = true;
    renderQueue(); // highlight the open one
    await Promise.all([refreshConversation(), loadAdvocates()]);
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
      data.urgent ? "Urgent" : null, data.language === "cy" ? "in Welsh (Cymraeg): reply in Welsh" : null,
      data.channel, data.council || "place unknown",
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
      const when = document.createElement("time");
      when.dateTime = m.at;
      when.className = "meta";
      when.textContent = new Date(m.at).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) + " ";
      const strong = document.createElement("strong");
      strong.textContent = who + ": ";
      const pressed = m.author === "young_person" && titles.has(m.text);
      li.append(when, strong, document.createTextNode(pressed ? titles.get(m.text) : (m.text || "")));
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
  $("transfer-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const to = $("transfer-to").value;
    if (!to) { $("conv-error").textContent = "No other advocate is signed in."; return; }
    $("conv-error").textContent = "";
    try {
      await api("/conversations/" + encodeURIComponent(current) + "/transfer", { to_username: to });
    } catch (err) { $("conv-error").textContent = err.message; return; }
    // It is someone else's now: put the panel away and say whose.
    current = null;
    shown = { id: null, seqs: new Set() };
    $("conversation").hidden = true;
    $("queue-note").textContent = "Transferred to " + $("transfer-to").selectedOptions[0].textContent + ".";
    $("queue-title").focus();
    await loadQueue();
  });
  async function closeConversation(closeUnanswered) {
    $("conv-error").textContent = "";
    const outcome = $("outcome").value;
    if (!outcome) { $("conv-error").textContent = "Choose an outcome first."; $("outcome").focus(); return; }
    try {
      await api("/conversations/" + encodeURIComponent(current) + "/close",
        { outcome, close_unanswered: closeUnanswered });
    } catch (err) {
      $("conv-error").textContent = err.message;
      // The young person's last message has no reply: a second, deliberate press closes.
      if (/no reply/.test(err.message)) { $("close-anyway").hidden = false; $("close-anyway").focus(); }
      return;
    }
    // It is no longer with an advocate: put the panel away and say so (focus was on its button).
    current = null;
    shown = { id: null, seqs: new Set() };
    $("conversation").hidden = true;
    $("close-anyway").hidden = true;
    $("outcome").value = "";
    $("conv-error").textContent = "";
    $("queue-note").textContent = "Closed. The young person is back with the bot.";
    $("queue-title").focus();
    await loadQueue();
  }
  $("close-form").addEventListener("submit", (e) => { e.preventDefault(); closeConversation(false); });
  $("close-anyway").addEventListener("click", () => closeConversation(true));

  // Transfer goes to advocates who are signed in now.
  async function loadAdvocates() {
    const people = await api("/advocates");
    const select = $("transfer-to");
    select.replaceChildren();
    for (const p of people) {
      const o = document.createElement("option");
      o.value = p.username;
      o.textContent = p.name;
      select.append(o);
    }
    $("transfer-note").textContent = people.length ? "" : "No other advocate is signed in.";
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
  connect();
})();
