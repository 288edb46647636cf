// The web chat's messages on screen: message bubbles, the urgent-help card, the letter panel,
// quick replies and the feedback widget. Text is never parsed as HTML. Loaded after i18n.js;
// chat.js (network and state) uses it as CareChat.render, and it sends through CareChat.chat.
"use strict";

(function (app) {
  const { COMMANDS, COMMAND_TITLES, LANGUAGES, isLanguage, t, label, labelAttr } = app.i18n;
  const messagesList = document.getElementById("messages");

  const rendered = new Set(); // seq numbers already on screen
  let lastSeq = 0; // the newest of them
  // Button payloads ("/ask_advocacy") and the words on the button, so a pressed button shows
  // as its words when the chat is read back from the server (after a reload).
  const buttonTitles = new Map();
  for (const [command, lang] of COMMANDS) buttonTitles.set(command, COMMAND_TITLES[lang]);
  const reduceMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  // A new conversation: nothing of the old one stays on screen.
  function clearMessages() {
    rendered.clear();
    lastSeq = 0;
    messagesList.replaceChildren();
  }

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
    button.addEventListener("click", () => app.chat.send(b.payload, b.title));
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
  function renderAll(messages, { restoring = false, lang }) {
    let first = null;
    let last = null;
    for (const message of messages) {
      const item = render(message, lang);
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
    messagesList.append(item);
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
      b.lang = LANGUAGES[app.i18n.language()].html; // all of it is the page's wording
      // A word as well as the emoji: clearer, and still readable where there is no emoji font.
      const icon = document.createElement("span");
      icon.setAttribute("aria-hidden", "true");
      icon.textContent = emoji + " ";
      b.append(icon, label(document.createElement("span"), word));
      labelAttr(b, "aria-label", name);
      b.addEventListener("click", async () => {
        box.querySelectorAll("button").forEach((x) => { x.disabled = true; });
        try {
          await app.chat.sendFeedback(seq, helpful);
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
    messagesList.append(item);
    scrollToShow(item, "end");
  }
  app.render = {
    lastSeq: () => lastSeq,
    clearMessages,
    renderAll,
    showPending,
    quickReply,
    appendText,
  };
})(window.CareChat = window.CareChat || {});
