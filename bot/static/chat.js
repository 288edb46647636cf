// Web chat for the Care Rights Assistant. No build step, no third-party code.
// Wire protocol (see README): POST /api/messages, GET /api/conversations/{id}/messages (long poll),
// POST /api/feedback. The first reply of a conversation carries its secret (X-Conversation-Token),
// sent back with every later request. Only sessionStorage is used, so nothing outlives the tab.
// English or Welsh: the wording is in /static/i18n/en.json and cy.json (see "language" below).
"use strict";

(function () {
  const KEY_ID = "cra.conversation";
  const KEY_TOKEN = "cra.token";
  const TOKEN_HEADER = "X-Conversation-Token";
  const KEY_PRIVACY = "cra.privacySeen";
  const KEY_LANGUAGE = "cra.language"; // only once a language is chosen (or the server changed it)
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
    language: document.getElementById("language-switch"),
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
    serverLanguage = null;
    els.messages.replaceChildren();
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- language (English / Welsh) --------------------------------------------------------
  // All wording is in /static/i18n/<code>.json (same keys in each). index.html holds the English,
  // so the page works before the JSON arrives. An element's data-i18n="key" gives its text, and
  // data-i18n-attr="attribute:key; ..." its attributes (placeholder, aria-label). Elements made
  // here use label() and labelAttr(), so switching language re-labels them too.
  const LANGUAGES = {
    en: { html: "en-GB", dates: "en-GB", command: "/english" },
    cy: { html: "cy", dates: "cy-GB", command: "/cymraeg" },
  };
  // A language command reads back as the language's own name (never translated), like a
  // pressed button shows its title.
  const COMMANDS = new Map([["/english", "en"], ["/cymraeg", "cy"]]);
  const COMMAND_TITLES = { en: "English", cy: "Cymraeg" };
  for (const [command, lang] of COMMANDS) buttonTitles.set(command, COMMAND_TITLES[lang]);
  const isLanguage = (code) => code === "en" || code === "cy";
  const strings = { en: {}, cy: {} };
  const loading = {};

  // English from the page itself, in case en.json cannot be fetched.
  document.querySelectorAll("[data-i18n]").forEach((el) => {
    strings.en[el.dataset.i18n] = el.textContent;
  });
  document.querySelectorAll("[data-i18n-attr]").forEach((el) => {
    for (const [attr, key] of attrKeys(el)) strings.en[key] = el.getAttribute(attr);
  });

  const stored = store.getItem(KEY_LANGUAGE);
  const browserWelsh = /^cy\b/i.test(navigator.language || "");
  let language = isLanguage(stored) ? stored : (browserWelsh ? "cy" : "en");
  // The conversation's language on the server, as last heard or told; null before it is known
  // (a new conversation is English there).
  let serverLanguage = conversationToken && isLanguage(stored) ? stored : null;
  // Bumped by each switch made on this page: an answer to a request sent before it cannot
  // switch the page back.
  let languageEpoch = 0;
  let commandsInFlight = 0;
  let commandChain = Promise.resolve();

  function t(key, lang = language) {
    const s = strings[lang][key] ?? strings.en[key];
    return s === undefined ? key : s;
  }

  function loadStrings(lang) {
    loading[lang] = loading[lang] || fetch(`/static/i18n/${lang}.json`, { cache: "no-store" })
      .then((resp) => { if (!resp.ok) throw new Error("HTTP " + resp.status); return resp.json(); })
      .then((data) => { Object.assign(strings[lang], data); })
      .catch((e) => { delete loading[lang]; throw e; });
    return loading[lang];
  }

  function attrKeys(el) {
    return (el.dataset.i18nAttr || "").split(";").map((pair) => pair.split(":").map((s) => s.trim()))
      .filter(([attr, key]) => attr && key);
  }

  function longDate(isoDay, lang = language) {
    return new Date(isoDay + "T12:00:00").toLocaleDateString(LANGUAGES[lang].dates,
      { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  }

  // Put the current language's words on one element. Wording inside a message bubble (whose
  // lang is the message's) carries its own lang, kept to the page's.
  function fill(el) {
    const key = el.dataset.i18n;
    if (key) {
      const s = t(key);
      el.textContent = el.dataset.date ? s.replace("{date}", longDate(el.dataset.date)) : s;
    }
    for (const [attr, k] of attrKeys(el)) el.setAttribute(attr, t(k));
    if (el.hasAttribute("lang")) el.lang = LANGUAGES[language].html;
  }

  function label(el, key, { date } = {}) {
    el.dataset.i18n = key;
    if (date) el.dataset.date = date;
    el.lang = LANGUAGES[language].html;
    fill(el);
    return el;
  }

  function labelAttr(el, attr, key) {
    el.dataset.i18nAttr = [el.dataset.i18nAttr, attr + ":" + key].filter(Boolean).join("; ");
    el.setAttribute(attr, t(key));
    return el;
  }

  function applyLanguage() {
    document.documentElement.lang = LANGUAGES[language].html;
    document.querySelectorAll("[data-i18n], [data-i18n-attr]").forEach(fill); // <title> too
    // The switch names the other language, in that language.
    els.language.lang = language === "en" ? "cy" : "en";
  }

  // Switch the page's wording. A switch made here (not one the server reported) is remembered
  // for this tab and told to the server, as the young person would type it.
  async function switchLanguage(lang, { fromServer = false } = {}) {
    if (!isLanguage(lang) || lang === language) return;
    try { await loadStrings(lang); }
    catch (_e) { setStatus("language.failed"); return; }
    if (lang === language) return; // another switch got here first
    const before = language;
    language = lang;
    store.setItem(KEY_LANGUAGE, lang);
    applyLanguage();
    showWelcome(); // again, in this language, if the chat is still empty
    if (fromServer) return;
    languageEpoch++;
    // Before the first message there is nothing on the server to tell: the first message will.
    if (conversationToken || lastSeq) tellServer(lang, t("language.switch", before));
  }

  // One command at a time, in the order pressed.
  function tellServer(lang, shown = COMMAND_TITLES[lang]) {
    serverLanguage = lang;
    commandChain = commandChain.then(() => send(LANGUAGES[lang].command, shown)).catch(() => {});
    return commandChain;
  }

  // A page in Welsh says so before the first message of a conversation (new ones are English).
  async function agreeLanguage() {
    if ((serverLanguage || "en") !== language) tellServer(language);
    await commandChain;
  }

  // The server says which language the conversation is in; the page follows it (no command is
  // sent back). Not while a command is on its way, nor from a request older than the last switch.
  function heard(lang, epoch) {
    if (!isLanguage(lang) || commandsInFlight || epoch !== languageEpoch) return;
    serverLanguage = lang;
    if (lang !== language) switchLanguage(lang, { fromServer: true });
  }

  // The conversation's language in a response: a top-level "language" field (or, on a list of
  // replies, the newest reply's).
  function languageOf(data) {
    const lang = Array.isArray(data) ? (data[data.length - 1] || {}).language : data && data.language;
    return isLanguage(lang) ? lang : null;
  }

  function repliesOf(data) {
    return Array.isArray(data) ? data : (data && (data.replies || data.messages)) || [];
  }

  els.language.addEventListener("click", () => switchLanguage(language === "en" ? "cy" : "en"));

  const stringsReady = Promise.all([loadStrings("en"), language !== "en" && loadStrings(language)])
    .catch(() => { if (!strings[language]["app.name"]) language = "en"; })
    .then(applyLanguage);

  // ---- status line ------------------------------------------------------------------------
  function setStatus(key) {
    els.status.removeAttribute("lang"); // the page's language
    els.status.dataset.i18n = key;
    fill(els.status);
  }

  // The server's own words (its error messages are in English).
  function setStatusText(text) {
    delete els.status.dataset.i18n;
    els.status.lang = "en";
    els.status.textContent = text;
  }

  function clearStatus() {
    delete els.status.dataset.i18n;
    els.status.removeAttribute("lang");
    els.status.textContent = "";
  }

  // ---- quick exit -------------------------------------------------------------------------
  function quickExit() {
    leaving = true;
    try { store.clear(); } catch (e) { /* nothing to clear */ }
    els.messages.replaceChildren();
    document.title = t("exit.title");
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

  // An empty chat greets and offers first questions (domain.yml's greeting; nothing is stored),
  // in the page's language; asked again after a switch.
  async function showWelcome() {
    await stringsReady;
    const box = document.getElementById("welcome");
    const lang = language;
    if (lastSeq || !store.getItem(KEY_PRIVACY) || box.dataset.loaded === lang) return;
    box.dataset.loaded = lang;
    try {
      const resp = await fetch("/api/welcome?language=" + lang, { cache: "no-store" });
      if (!resp.ok) return;
      const greeting = await resp.json();
      if (lang !== language) return; // switched meanwhile; that switch asked again
      box.lang = languageOf(greeting) || lang;
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
    } catch (_e) { if (box.dataset.loaded === lang) box.dataset.loaded = ""; }
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
    item.append(label(document.createElement("h2"), "urgent.heading"));
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
    labelAttr(panel, "aria-label", "letter.title");
    panel.append(label(document.createElement("h2"), "letter.title"));
    if (letter.reply_by) {
      // The date in the page's language ("cy-GB" in Welsh), re-written on a switch.
      const due = label(document.createElement("p"), "letter.reply_by", { date: letter.reply_by });
      due.className = "letter-due";
      panel.append(due);
    }
    const body = document.createElement("div");
    body.className = "letter-text";
    body.tabIndex = 0;
    body.setAttribute("role", "document");
    labelAttr(body, "aria-label", "letter.text_label");
    body.textContent = letter.text;
    panel.append(body);
    const tools = document.createElement("div");
    tools.className = "letter-tools";
    const done = document.createElement("span");
    done.className = "letter-done";
    done.setAttribute("role", "status");
    const tool = (key, action) => {
      const b = label(document.createElement("button"), key);
      b.type = "button";
      b.addEventListener("click", action);
      tools.append(b);
    };
    tool("letter.copy", async () => {
      try { await navigator.clipboard.writeText(letter.text); }
      catch (_e) {
        const range = document.createRange();
        range.selectNodeContents(body);
        const sel = window.getSelection();
        sel.removeAllRanges(); sel.addRange(range);
        document.execCommand("copy");
        sel.removeAllRanges();
      }
      label(done, "letter.copied");
    });
    tool("letter.download", () => {
      const blob = new Blob([letter.text + "\n"], { type: "text/plain;charset=utf-8" });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      const name = letter.kind === "subject_access" ? "letter.file_records" : "letter.file_complaint";
      a.download = t(name) + ".txt";
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      label(done, "letter.downloaded");
    });
    tool("letter.print", () => {
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
  // `lang`: the conversation's language when these arrived (the server's word, else the page's).
  function renderAll(messages, { restoring = false, lang = null } = {}) {
    let first = null;
    let last = null;
    for (const message of messages) {
      const item = render(message, lang || serverLanguage || language);
      if (!item) continue;
      last = item;
      if (!first && !item.classList.contains("from-me")) first = item;
    }
    if (restoring && last) last.scrollIntoView({ block: "end" });
    else if (first) scrollToShow(first, "start");
  }

  function render(message, lang) {
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
    // What the service wrote is in the conversation's language at the time, so screen readers
    // say it right. (An advocate, a person, may write in either: their words follow the page.)
    if (author === "bot" || author === "system") {
      item.lang = isLanguage(message.language) ? message.language : lang;
    }
    const who = label(document.createElement("span"), "who." + author);
    who.className = "visually-hidden";
    item.append(who);
    if (author === "advocate") {
      // A real person is writing: say so where everyone can see it, not only to screen readers.
      const name = label(document.createElement("p"), "author.advocate");
      name.className = "author";
      name.setAttribute("aria-hidden", "true");
      item.append(name);
    }
    document.getElementById("welcome").hidden = true;
    let text = mine && buttonTitles.has(message.text) ? buttonTitles.get(message.text) : message.text;
    // The card lists each contact once: drop the text's lines that repeat one.
    if (custom.urgent_help) text = withoutListedContacts(text, custom.urgent_help);

    if (custom.urgent_help) urgentCard(item, custom.urgent_help);
    const p = document.createElement("p");
    if (mine && COMMANDS.has(message.text)) p.lang = COMMANDS.get(message.text);
    appendText(p, text);
    item.append(p);
    if (custom.letter && custom.letter.text) letterPanel(item, custom.letter);
    if (custom.sources && custom.sources.length) {
      const source = document.createElement("p");
      source.className = "source";
      source.append(label(document.createElement("span"), "source.label"));
      custom.sources.forEach((title, i) => {
        if (i) source.append("; ");
        const file = (custom.source_files || [])[i];
        if (file && /^[\w.-]+$/.test(file)) {
          // The document itself, so a young person can check what we say.
          const a = document.createElement("a");
          a.href = "/sources/" + encodeURIComponent(file);
          a.textContent = title;
          a.target = "_blank";
          a.rel = "noopener noreferrer";
          source.append(a);
        } else {
          source.append(title);
        }
      });
      item.append(source);
    }
    if (message.buttons && message.buttons.length) {
      const group = document.createElement("div");
      group.className = "quick-replies";
      group.setAttribute("role", "group");
      labelAttr(group, "aria-label", "replies.label");
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
    const question = label(document.createElement("span"), "feedback.question");
    box.append(question);
    for (const [helpful, emoji, word, name] of [[true, "👍", "feedback.yes", "feedback.yes_label"],
      [false, "👎", "feedback.no", "feedback.no_label"]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.lang = LANGUAGES[language].html; // all of it is the page's wording
      // A word as well as the emoji: clearer, and still readable where there is no emoji font.
      const icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = emoji + " ";
      b.append(icon, label(document.createElement("span"), word));
      labelAttr(b, "aria-label", name);
      b.addEventListener("click", async () => {
        box.querySelectorAll("button").forEach((x) => { x.disabled = true; });
        try {
          await postJSON("/api/feedback", { conversation_id: conversationId, seq, helpful });
          label(question, "feedback.thanks");
        } catch (e) {
          label(question, "feedback.failed");
        }
      });
      box.append(b);
    }
    return box;
  }

  // `lang`: set when the words are a language's own name (a language command).
  function showPending(text, clientId, lang) {
    const item = document.createElement("li");
    item.className = "message from-me pending";
    item.id = "pending-" + clientId;
    const who = label(document.createElement("span"), "who.me");
    who.className = "visually-hidden";
    const p = document.createElement("p");
    if (lang) p.lang = lang;
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
    await stringsReady;
    // "/cymraeg" or "/english", pressed or typed: the server switches the conversation.
    const command = COMMANDS.get(text);
    if (!command) await agreeLanguage();
    const epoch = languageEpoch;
    const clientId = "m-" + randomId();
    const commandLang = command && shown ? command : null;
    showPending(shown || text, clientId, commandLang);
    els.typing.hidden = false;
    clearStatus();
    let inFlight = Boolean(command);
    if (inFlight) commandsInFlight++;
    const landed = () => { if (inFlight) { inFlight = false; commandsInFlight--; } };
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          // Same client_message_id on a retry: the gateway answers once, never twice.
          const data = await postJSON("/api/messages", {
            conversation_id: conversationId, text, channel: "web", client_message_id: clientId,
          });
          landed();
          const lang = languageOf(data);
          if (command) serverLanguage = lang || command; // heard; trusted if it says nothing
          heard(lang, epoch);
          await catchUp();
          renderAll(repliesOf(data), { lang });
          break;
        } catch (e) {
          if (e.status === 403 && attempt === 0) {
            restartConversation();
            showPending(shown || text, clientId, commandLang);
            continue;
          }
          if (e.status && e.status < 500) { setStatusText(e.message); break; }
          setStatus("status.retrying");
          await sleep(Math.min(1000 * 2 ** attempt, 15000));
          if (leaving) return;
        }
      }
    } finally {
      landed();
    }
    els.typing.hidden = true;
    if (els.status.dataset.i18n === "status.retrying") clearStatus();
  }

  async function catchUp(wait, restoring = false) {
    await stringsReady;
    const epoch = languageEpoch;
    const url = `/api/conversations/${encodeURIComponent(conversationId)}/messages?after=${lastSeq}` +
      (wait ? `&wait=${wait}` : "");
    const resp = await fetch(url, { cache: "no-store", credentials: "same-origin", headers: headers() });
    if (resp.status === 403) { restartConversation(); return; }
    if (!resp.ok) throw new Error("HTTP " + resp.status);
    const data = await resp.json();
    // An unknown conversation (mode null) has no language of its own yet.
    const lang = data.mode === null ? null : languageOf(data);
    heard(lang, epoch);
    renderAll(data.messages, { restoring, lang });
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
        if (failures) clearStatus();
        failures = 0;
      } catch (e) {
        failures++;
        if (failures > 1) setStatus("status.reconnecting");
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
