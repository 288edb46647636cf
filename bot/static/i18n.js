// The web chat's wording, English or Welsh. Loaded first (see index.html); render.js and
// chat.js use it as CareChat.i18n.
// All wording is in /static/i18n/<code>.json (same keys in each). index.html holds the English,
// so the page works before the JSON arrives. An element's data-i18n="key" gives its text, and
// data-i18n-attr="attribute:key; ..." its attributes (placeholder, aria-label). Elements made
// in script use label() and labelAttr(), so switching language re-labels them too.
"use strict";

(function (app) {
  const KEY_LANGUAGE = "cra.language"; // only once a language is chosen (or the server changed it)
  const store = window.sessionStorage;
  const languageSwitch = document.getElementById("language-switch");

  const LANGUAGES = {
    en: { html: "en-GB", dates: "en-GB", command: "/english" },
    cy: { html: "cy", dates: "cy-GB", command: "/cymraeg" },
  };
  // A language command reads back as the language's own name (never translated), like a
  // pressed button shows its title.
  const COMMANDS = new Map([["/english", "en"], ["/cymraeg", "cy"]]);
  const COMMAND_TITLES = { en: "English", cy: "Cymraeg" };
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
  // The page's language.
  let language = isLanguage(stored) ? stored : (browserWelsh ? "cy" : "en");

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
    languageSwitch.lang = language === "en" ? "cy" : "en";
  }

  // Make `lang` the page's language (its strings already loaded), remembered for this tab.
  function useLanguage(lang) {
    language = lang;
    store.setItem(KEY_LANGUAGE, lang);
    applyLanguage();
  }

  const stringsReady = Promise.all([loadStrings("en"), language !== "en" && loadStrings(language)])
    .catch(() => { if (!strings[language]["app.name"]) language = "en"; })
    .then(applyLanguage);

  app.i18n = {
    LANGUAGES,
    COMMANDS,
    COMMAND_TITLES,
    isLanguage,
    // The language this tab last chose or was told (null if none yet).
    rememberedLanguage: isLanguage(stored) ? stored : null,
    language: () => language,
    stringsReady,
    t,
    loadStrings,
    fill,
    label,
    labelAttr,
    useLanguage,
  };
})(window.CareChat = window.CareChat || {});
