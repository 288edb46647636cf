// Web chat for the Care Rights Assistant. No build step, no third-party code.
// Wire protocol (see README): POST /api/messages, GET /api/conversations/{id}/messages (long poll),
// POST /api/feedback. The first reply of a conversation carries its secret (X-Conversation-Token),
// sent back with every later request. Only sessionStorage is used, so nothing outlives the tab.
// English or Welsh: the wording is in /static/i18n/en.json and cy.json (see i18n.js, and
// "language switch" below).
// This file: the conversation's state, the network (send, long poll, welcome), the page's
// controls and start-up. Loaded last: i18n.js (wording) and render.js (messages on screen) first.
"use strict";

(function (app) {
  const { i18n, render } = app;
  const { LANGUAGES, COMMANDS, COMMAND_TITLES, isLanguage, stringsReady, t, loadStrings, fill,
    useLanguage } = i18n;
  const { clearMessages, renderAll, showPending, quickReply, appendText } = render;
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
    language: document.getElementById("language-switch"),
  };

  let conversationId = store.getItem(KEY_ID);
  let conversationToken = store.getItem(KEY_TOKEN);
  if (!conversationId) newConversation();
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
    clearMessages();
    serverLanguage = null;
  }

  function randomId() {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  // ---- language switch --------------------------------------------------------------------
  // The page's wording is i18n.js's; here, keeping the page and the conversation on the server
  // in the same language.
  // The conversation's language on the server, as last heard or told; null before it is known
  // (a new conversation is English there).
  const remembered = i18n.rememberedLanguage;
  let serverLanguage = conversationToken && remembered ? remembered : null;
  // Bumped by each switch made on this page: an answer to a request sent before it cannot
  // switch the page back.
  let languageEpoch = 0;
  let commandsInFlight = 0;
  let commandChain = Promise.resolve();

  // Switch the page's wording. A switch made here (not one the server reported) is remembered
  // for this tab and told to the server, as the young person would type it.
  async function switchLanguage(lang, { fromServer = false } = {}) {
    if (!isLanguage(lang) || lang === i18n.language()) return;
    try { await loadStrings(lang); }
    catch (_e) { setStatus("language.failed"); return; }
    if (lang === i18n.language()) return; // another switch got here first
    const before = i18n.language();
    useLanguage(lang);
    showWelcome(); // again, in this language, if the chat is still empty
    if (fromServer) return;
    languageEpoch++;
    // Before the first message there is nothing on the server to tell: the first message will.
    if (conversationToken || render.lastSeq()) tellServer(lang, t("language.switch", before));
  }

  // One command at a time, in the order pressed.
  function tellServer(lang, shown = COMMAND_TITLES[lang]) {
    serverLanguage = lang;
    commandChain = commandChain.then(() => send(LANGUAGES[lang].command, shown)).catch(() => {});
    return commandChain;
  }

  // A page in Welsh says so before the first message of a conversation (new ones are English).
  async function agreeLanguage() {
    if ((serverLanguage || "en") !== i18n.language()) tellServer(i18n.language());
    await commandChain;
  }

  // The server says which language the conversation is in; the page follows it (no command is
  // sent back). Not while a command is on its way, nor from a request older than the last switch.
  function heard(lang, epoch) {
    if (!isLanguage(lang) || commandsInFlight || epoch !== languageEpoch) return;
    serverLanguage = lang;
    if (lang !== i18n.language()) switchLanguage(lang, { fromServer: true });
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

  els.language.addEventListener("click", () => {
    switchLanguage(i18n.language() === "en" ? "cy" : "en");
  });

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
    const lang = i18n.language();
    if (render.lastSeq() || !store.getItem(KEY_PRIVACY) || box.dataset.loaded === lang) return;
    box.dataset.loaded = lang;
    try {
      const resp = await fetch("/api/welcome?language=" + lang, { cache: "no-store" });
      if (!resp.ok) return;
      const greeting = await resp.json();
      if (lang !== i18n.language()) return; // switched meanwhile; that switch asked again
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
      if (!render.lastSeq()) box.hidden = false;
    } catch (_e) { if (box.dataset.loaded === lang) box.dataset.loaded = ""; }
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

  function sendFeedback(seq, helpful) {
    return postJSON("/api/feedback", { conversation_id: conversationId, seq, helpful });
  }

  // Messages on screen, in the conversation's language when they arrived: the server's word
  // in the response, else the last heard, else the page's.
  function showMessages(messages, { restoring = false, lang = null } = {}) {
    renderAll(messages, { restoring, lang: lang || serverLanguage || i18n.language() });
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
          showMessages(repliesOf(data), { lang });
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
    const url = `/api/conversations/${encodeURIComponent(conversationId)}/messages` +
      `?after=${render.lastSeq()}` + (wait ? `&wait=${wait}` : "");
    const resp = await fetch(url, { cache: "no-store", credentials: "same-origin", headers: headers() });
    if (resp.status === 403) { restartConversation(); return; }
    if (!resp.ok) throw new Error("HTTP " + resp.status);
    const data = await resp.json();
    // An unknown conversation (mode null) has no language of its own yet.
    const lang = data.mode === null ? null : languageOf(data);
    heard(lang, epoch);
    showMessages(data.messages, { restoring, lang });
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

  app.chat = { send, sendFeedback };

  catchUp(0, true).catch(() => {}).finally(() => { showWelcome(); pollForever(); });
})(window.CareChat = window.CareChat || {});
