// Shared by every page: the API call with the token rule, and small helpers.
"use strict";
const welfare = (() => {
  const lang = document.body.dataset.lang || "de";
  const t = (de, en) => (lang === "en" ? en : de);
  function token() { return sessionStorage.getItem("welfare-token") || ""; }
  function askToken() {
    return new Promise((resolve) => {
      const dialog = document.getElementById("token-dialog");
      const form = document.getElementById("token-form");
      const input = document.getElementById("token-input");
      form.onsubmit = () => { sessionStorage.setItem("welfare-token", input.value); resolve(); };
      dialog.showModal();
      input.focus();
    });
  }
  // fetch with the token; asks for it once when the server answers 401
  async function call(path, options) {
    // forms say which language their numbers are typed in ("0,1" and "1.500" on German pages)
    if (options.body instanceof FormData && !options.body.has("lang")) options.body.append("lang", lang);
    for (let attempt = 0; attempt < 2; attempt++) {
      const headers = Object.assign({}, options.headers || {});
      if (token()) headers["Authorization"] = "Bearer " + token();
      const response = await fetch(path, Object.assign({}, options, { headers }));
      if (response.status === 401 && attempt === 0) { await askToken(); continue; }
      return response;
    }
  }
  // the error of an API answer, in one line: message (file, row, field)
  async function errorText(response) {
    try {
      const body = await response.json();
      const e = body.error || {};
      const where = [e.file, e.row && t("Zeile ", "row ") + e.row, e.field && t("Spalte ", "field ") + e.field]
        .filter(Boolean).join(", ");
      // German pages show the German message where the server has one (it names the place)
      if (lang !== "en" && e.message_de) return e.message_de;
      return (e.message || response.statusText) + (where ? " (" + where + ")" : "");
    } catch (_) {
      return response.status + " " + response.statusText;
    }
  }
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") node.className = v; else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
    return node;
  }
  function table(header, rows) {
    const thead = el("thead", {}, el("tr", {}, ...header.map((h) => el("th", { scope: "col" }, h))));
    const tbody = el("tbody", {}, ...rows.map((r) => el("tr", {}, ...r.map((c) => el("td", {}, c == null ? "–" : c)))));
    return el("table", {}, thead, tbody);
  }
  function number(x, digits) {
    return x == null ? "–" : Number(x).toLocaleString(lang === "en" ? "en-GB" : "de-DE", { maximumFractionDigits: digits, minimumFractionDigits: digits });
  }
  function download(name, type, text) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = el("a", { href: url, download: name });
    document.body.append(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }
  return { lang, t, call, errorText, el, table, number, download };
})();
