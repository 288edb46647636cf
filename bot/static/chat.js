// Web chat for the Care Rights Assistant. No build step, no third-party code.
// Wire protocol (see README): POST /api/messages, GET /api/conversations/{id}/messages (long poll),
// POST /api/feedback. The first reply of a conversation carries its secret (X-Conversation-Token),
// sent back with every later request. Only sessionStorage is used, so nothing outlives the tab.
"use strict";

(function () {
  const KEY_ID = "cra.conversation";
  const KEY_TOKEN = "cra.token";
  const TOKEN_HEADER = "X-Conversation-Token";
  const KEY_PRIVACY = "cra.privacySeen";
  const store = window.sessionStorage;

  const els = {
    messages: document.getElementById("messages"),
    form: document.getElementById("composer"),
    input: document.getElementById("message-input"),
    typing: document.getElementById("typing"),
    status: document.getElementById("status"),
    privacy: document.getElementById("privacy-note"),
    privacyOk: document.getElementById("privacy-ok"),
    exit: document.getElementById("quick-exit"),
  };

  let conversationId = store.getItem(KEY_ID);
  let conversationToken = store.getItem(KEY_TOKEN);
  if (!conversationId) newConversation();
  const rendered = new Set(); // seq numbers already on screen
  // Button payloads ("/ask_advocacy") and the words on the button, so a pressed button shows
  // as its words when the chat is read back from the server (after a reload).
  const buttonTitles = new Map();
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  let lastSeq = 0;
  let leaving = false;

  // A fresh conversation: a new id, and no secret until its first reply brings one.
  function newConversation() {
    conversationId = "web-" + randomId();
    conversationToken = null;
    store.setItem(KEY_ID, conversationId);
    store.removeItem(KEY_TOKEN);
  }

  function headers(extra) {
    const all = Object.assign({}, extra);
    if (conversationToken) all[TOKEN_HEADER] = conversationToken;
    return all;
  }

  function keepToken(resp) {
    const token = resp.headers.get(TOKEN_HEADER);
    if (token) { conversationToken = token; store.setItem(KEY_TOKEN, token); }
  }

  // The server no longer accepts this tab's conversation (it was deleted, or began before
  // conversations had secrets): carry on in a new one.
  function restartConversation() {
    newConversation();
    rendered.clear();
    lastSeq = 0;
    els.messages.replaceChildren();
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- quick exit -------------------------------------------------------------------------
  function quickExit() {
    leaving = true;
    try { store.clear(); } catch (e) { /* nothing to clear */ }
    els.messages.replaceChildren();
    document.title = "Weather";
    // replace(): the chat does not stay in the back-button history.
    window.location.replace(els.exit.dataset.neutralUrl);
  }
  els.exit.addEventListener("click", quickExit);
  document.addEventListener("keydown", (event) => {
    // Not while an input method is composing text: Escape there only cancels the composition.
    if (event.key === "Escape" && !event.isComposing) quickExit();
  });

  // ---- sticky bars ------------------------------------------------------------------------
  // The top bar (quick exit) and the message box stay on screen. Keep what is focused or
  // scrolled to clear of them, however they wrap or are resized (WCAG 2.4.11).
  const topBar = document.querySelector(".top-bar");
  function keepClearOfBars() {
    const root = document.documentElement.style;
    root.scrollPaddingTop = topBar.offsetHeight + 8 + "px";
    root.scrollPaddingBottom = els.form.offsetHeight + 8 + "px";
  }
  keepClearOfBars();
  if ("ResizeObserver" in window) {
    const observer = new ResizeObserver(keepClearOfBars);
    observer.observe(topBar);
    observer.observe(els.form);
  }

  // ---- privacy note -----------------------------------------------------------------------
  if (!store.getItem(KEY_PRIVACY)) {
    els.privacy.hidden = false;
    // Focus the note itself, so it is read (and shown) from its heading, not from its button.
    els.privacy.focus();
  }
  els.privacyOk.addEventListener("click", () => {
    store.setItem(KEY_PRIVACY, "1");
    els.privacy.hidden = true;
    els.input.focus();
    showWelcome();
  });

  // An empty chat greets and offers first questions (domain.yml's greeting; nothing is stored).
  async function showWelcome() {
    const box = document.getElementById("welcome");
    if (lastSeq || !store.getItem(KEY_PRIVACY) || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    try {
      const resp = await fetch("/api/welcome", { cache: "no-store" });
      if (!resp.ok) return;
      const greeting = await resp.json();
      const text = document.getElementById("welcome-text");
      text.replaceChildren();
      appendText(text, greeting.text);
      const group = document.getElementById("welcome-buttons");
      group.replaceChildren();
      for (const b of greeting.buttons || []) group.append(quickReply(b));
      const about = greeting.about_you || {};
      const aboutText = document.getElementById("about-you-text");
      aboutText.replaceChildren();
      appendText(aboutText, about.text || "");
      const aboutGroup = document.getElementById("about-you-buttons");
      aboutGroup.replaceChildren();
      for (const b of about.buttons || []) aboutGroup.append(quickReply(b));
      if (!lastSeq) box.hidden = false;
    } catch (_e) { box.dataset.loaded = ""; }
  }

  // ---- rendering --------------------------------------------------------------------------
  // A suggested reply: sends its payload, and is remembered so the payload reads back as words.
  function quickReply(b) {
    if (/^tel:[0-9]+$/.test(b.payload)) {
      // "Call 999": a link that starts the call, not a message to us.
      const call = document.createElement("a");
      call.className = "call-button";
      call.href = b.payload;
      call.textContent = b.title;
      return call;
    }
    buttonTitles.set(b.payload, b.title);
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = b.title;
    button.addEventListener("click", () => send(b.payload, b.title));
    return button;
  }

  const URL_RE = /(https?:\/\/[^\s<>"')]+|www\.[^\s<>"')]+)/g;

  function appendText(parent, text) {
    // Text is never parsed as HTML; links become safe anchors.
    const lines = String(text || "").split("\n");
    lines.forEach((line, i) => {
      let last = 0;
      line.replace(URL_RE, (match, _g, offset) => {
        parent.append(line.slice(last, offset));
        const a = document.createElement("a");
        a.href = match.startsWith("http") ? match : "https://" + match;
        a.textContent = match;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        parent.append(a);
        last = offset + match.length;
        return match;
      });
      parent.append(line.slice(last));
      if (i < lines.length - 1) parent.append(document.createElement("br"));
    });
  }

  function urgentCard(item, card) {
    item.classList.add("urgent");
    const heading = document.createElement("h2");
    heading.textContent = "Help right now";
    item.append(heading);
    const list = document.createElement("ul");
    list.className = "urgent-list";
    for (const c of card) {
      const li = document.createElement("li");
      const name = document.createElement("strong");
      name.textContent = c.name;
      li.append(name);
      if (c.phone) {
        li.append(" ");
        const a = document.createElement("a");
        a.href = "tel:" + c.phone.replace(/\s/g, "");
        a.textContent = c.phone;
        li.append(a);
      }
      if (c.sms) {
        // Tap to text: opens the phone's messages app with the keyword filled in.
        li.append(" ");
        const a = document.createElement("a");
        a.href = "sms:" + c.sms + (c.sms_body ? "?&body=" + encodeURIComponent(c.sms_body) : "");
        a.textContent = c.text || c.sms;
        li.append(a);
      } else if (c.text) {
        li.append(" — " + c.text);
      }
      if (c.hours) li.append(" (" + c.hours + ")");
      if (c.url && c.url_label && /^https:\/\//.test(c.url)) {
        li.append(" · ");
        const a = document.createElement("a");
        a.href = c.url;
        a.textContent = c.url_label;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        li.append(a);
      }
      list.append(li);
    }
    item.append(list);
  }

  // A drafted letter: readable, with Copy, Download (.txt) and Print. Nothing is written to
  // the device unless Download is pressed.
  function letterPanel(item, letter) {
    const panel = document.createElement("section");
    panel.className = "letter";
    panel.setAttribute("aria-label", "Your letter");
    const heading = document.createElement("h2");
    heading.textContent = "Your letter";
    panel.append(heading);
    if (letter.reply_by) {
      const due = document.createElement("p");
      due.className = "letter-due";
      const day = new Date(letter.reply_by + "T12:00:00");
      due.textContent = "They should reply by " + day.toLocaleDateString("en-GB",
        { weekday: "long", day: "numeric", month: "long", year: "numeric" }) + ".";
      panel.append(due);
    }
    const body = document.createElement("div");
    body.className = "letter-text";
    body.tabIndex = 0;
    body.setAttribute("role", "document");
    body.setAttribute("aria-label", "Letter text");
    body.textContent = letter.text;
    panel.append(body);
    const tools = document.createElement("div");
    tools.className = "letter-tools";
    const done = document.createElement("span");
    done.className = "letter-done";
    done.setAttribute("role", "status");
    const tool = (label, action) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", action);
      tools.append(b);
    };
    tool("Copy", async () => {
      try { await navigator.clipboard.writeText(letter.text); }
      catch (_e) {
        const range = document.createRange();
        range.selectNodeContents(body);
        const sel = window.getSelection();
        sel.removeAllRanges(); sel.addRange(range);
        document.execCommand("copy");
        sel.removeAllRanges();
      }
      done.textContent = "Copied. Paste it into an email or a document.";
    });
    tool("Download", () => {
      const blob = new Blob([letter.text + "\n"], { type: "text/plain;charset=utf-8" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = (letter.kind === "subject_access" ? "records-request" : "complaint") + ".txt";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      done.textContent = "Downloaded.";
    });
    tool("Print", () => {
      panel.classList.add("printing");
      document.body.classList.add("printing-letter");
      window.print();
      panel.classList.remove("printing");
      document.body.classList.remove("printing-letter");
    });
    tools.append(done);
    panel.append(tools);
    item.append(panel);
  }

  function withoutListedContacts(text, card) {
    const marks = card.flatMap((c) => [c.phone, c.sms].filter(Boolean));
    const names = card.map((c) => c.name.split(" (")[0].toLowerCase());
    const repeats = (part) => marks.some((m) => part.includes(m))
      || names.some((n) => part.toLowerCase().startsWith(n));
    // Line by line, sentence by sentence: "Please get help now." stays, "call 999." goes.
    return String(text || "").split("\n")
      .map((line) => line.split(/(?<=[.!?])\s+/).filter((s) => !repeats(s)).join(" "))
      .filter((line) => line.trim()).join("\n");
  }

  function scrollToShow(item, block) {
    item.scrollIntoView({ block, behavior: reduceMotion ? "auto" : "smooth" });
  }

  // Render messages in order; bring the first new reply into view from its top, so a long
  // answer or the urgent-help card is read from its start, not its end. When the chat is read
  // back after a reload, show its end instead.
  function renderAll(messages, { restoring = false } = {}) {
    let first = null;
    let last = null;
    for (const message of messages) {
      const item = render(message);
      if (!item) continue;
      last = item;
      if (!first && !item.classList.contains("from-me")) first = item;
    }
    if (restoring && last) last.scrollIntoView({ block: "end" });
    else if (first) scrollToShow(first, "start");
  }

  function render(message) {
    if (message.seq && rendered.has(message.seq)) return null;
    if (message.seq) {
      rendered.add(message.seq);
      lastSeq = Math.max(lastSeq, message.seq);
    }
    const mine = message.direction === "in" || message.author === "young_person";
    if (mine && message.client_message_id) {
      const pending = document.getElementById("pending-" + message.client_message_id);
      if (pending) { pending.removeAttribute("id"); pending.classList.remove("pending"); return null; }
    }
    const custom = message.custom || {};
    const item = document.createElement("li");
    const author = mine ? "me" : ({ advocate: "advocate", system: "system" }[message.author] || "bot");
    item.className = "message " + (mine ? "from-me" : "from-bot") +
      (author === "advocate" || author === "system" ? " from-" + author : "");
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = { me: "You said: ", advocate: "Advocate: ", system: "Notice: ", bot: "Assistant: " }[author];
    item.append(who);
    if (author === "advocate") {
      // A real person is writing: say so where everyone can see it, not only to screen readers.
      const label = document.createElement("p");
      label.className = "author";
      label.setAttribute("aria-hidden", "true");
      label.textContent = "Advocate";
      item.append(label);
    }
    document.getElementById("welcome").hidden = true;
    let text = mine && buttonTitles.has(message.text) ? buttonTitles.get(message.text) : message.text;
    // The card lists each contact once: drop the text's lines that repeat one.
    if (custom.urgent_help) text = withoutListedContacts(text, custom.urgent_help);

    if (custom.urgent_help) urgentCard(item, custom.urgent_help);
    const p = document.createElement("p");
    appendText(p, text);
    item.append(p);
    if (custom.letter && custom.letter.text) letterPanel(item, custom.letter);
    if (custom.sources && custom.sources.length) {
      const source = document.createElement("p");
      source.className = "source";
      source.append("Source: ");
      custom.sources.forEach((label, i) => {
        if (i) source.append("; ");
        const file = (custom.source_files || [])[i];
        if (file && /^[\w.-]+$/.test(file)) {
          // The document itself, so a young person can check what we say.
          const a = document.createElement("a");
          a.href = "/sources/" + encodeURIComponent(file);
          a.textContent = label;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          source.append(a);
        } else {
          source.append(label);
        }
      });
      item.append(source);
    }
    if (message.buttons && message.buttons.length) {
      const group = document.createElement("div");
      group.className = "quick-replies";
      group.setAttribute("role", "group");
      group.setAttribute("aria-label", "Suggested replies");
      for (const b of message.buttons) group.append(quickReply(b));
      item.append(group);
    }
    if (custom.topic && message.seq) item.append(feedbackWidget(message.seq));
    els.messages.append(item);
    return item;
  }

  function feedbackWidget(seq) {
    const box = document.createElement("div");
    box.className = "feedback";
    const label = document.createElement("span");
    label.textContent = "Was this helpful?";
    box.append(label);
    for (const [helpful, emoji, word, name] of [[true, "👍", "Yes", "Yes, helpful"], [false, "👎", "No", "No, not helpful"]]) {
      const b = document.createElement("button");
      b.type = "button";
      // A word as well as the emoji: clearer, and still readable where there is no emoji font.
      const icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = emoji + " ";
      b.append(icon, word);
      b.setAttribute("aria-label", name);
      b.addEventListener("click", async () => {
        box.querySelectorAll("button").forEach((x) => { x.disabled = true; });
        try {
          await postJSON("/api/feedback", { conversation_id: conversationId, seq, helpful });
          label.textContent = "Thanks for telling us.";
        } catch (e) {
          label.textContent = "Sorry, that didn't send.";
        }
      });
      box.append(b);
    }
    return box;
  }

  function showPending(text, clientId) {
    const item = document.createElement("li");
    item.className = "message from-me pending";
    item.id = "pending-" + clientId;
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = "You said: ";
    const p = document.createElement("p");
    appendText(p, text);
    item.append(who, p);
    els.messages.append(item);
    scrollToShow(item, "end");
  }

  // ---- network ----------------------------------------------------------------------------
  async function postJSON(path, body) {
    const resp = await fetch(path, {
      method: "POST",
      headers: headers({ "Content-Type": "application/json" }),
      body: JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    });
    keepToken(resp);
    if (resp.status === 204) return null;
    const data = await resp.json().catch(() => null);
    if (!resp.ok) {
      const error = new Error((data && data.error) || "HTTP " + resp.status);
      error.status = resp.status;
      throw error;
    }
    return data;
  }

  async function send(text, shown) {
    text = text.trim();
    if (!text) return;
    const clientId = "m-" + randomId();
    showPending(shown || text, clientId);
    els.typing.hidden = false;
    els.status.textContent = "";
    for (let attempt = 0; ; attempt++) {
      try {
        // Same client_message_id on a retry: the gateway answers once, never twice.
        const replies = await postJSON("/api/messages", {
          conversation_id: conversationId, text, channel: "web", client_message_id: clientId,
        });
        await catchUp();
        renderAll(replies);
        break;
      } catch (e) {
        if (e.status === 403 && attempt === 0) { restartConversation(); showPending(shown || text, clientId); continue; }
        if (e.status && e.status < 500) { els.status.textContent = e.message; break; }
        els.status.textContent = "Connection lost. Trying again…";
        await sleep(Math.min(1000 * 2 ** attempt, 15000));
        if (leaving) return;
      }
    }
    els.typing.hidden = true;
    els.status.textContent = els.status.textContent.startsWith("Connection") ? "" : els.status.textContent;
  }

  async function catchUp(wait, restoring = false) {
    const url = `/api/conversations/${encodeURIComponent(conversationId)}/messages?after=${lastSeq}` +
      (wait ? `&wait=${wait}` : "");
    const resp = await fetch(url, { cache: "no-store", credentials: "same-origin", headers: headers() });
    if (resp.status === 403) { restartConversation(); return; }
    if (!resp.ok) throw new Error("HTTP " + resp.status);
    const data = await resp.json();
    renderAll(data.messages, { restoring });
  }

  // Wait before retrying, but no longer than until the device says it is back online.
  const waking = new Set();
  window.addEventListener("online", () => { waking.forEach((wake) => wake()); waking.clear(); });
  const sleep = (ms) => new Promise((resolve) => {
    const wake = () => { clearTimeout(timer); waking.delete(wake); resolve(); };
    const timer = setTimeout(wake, ms);
    waking.add(wake);
  });

  // Long poll: advocate messages and anything missed arrive without a reload.
  async function pollForever() {
    let failures = 0;
    while (!leaving) {
      // Until the first reply brings the conversation's secret there is nothing to wait for.
      if (!conversationToken) { await sleep(1000); continue; }
      try {
        await catchUp(25);
        if (failures) els.status.textContent = "";
        failures = 0;
      } catch (e) {
        failures++;
        if (failures > 1) els.status.textContent = "Connection lost. Reconnecting…";
        await sleep(Math.min(1000 * 2 ** failures, 15000));
      }
    }
  }

  els.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = els.input.value;
    els.input.value = "";
    send(text);
  });
  els.input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      els.form.requestSubmit();
    }
  });

  catchUp(0, true).catch(() => {}).finally(() => { showWelcome(); pollForever(); });
})();
