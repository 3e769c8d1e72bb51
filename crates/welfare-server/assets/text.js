// The Leichte Sprache editor: checks as you type (debounced), underlines the findings in place,
// shows one finding at a time with its explanation beside the text, filters by rule and
// severity, applies a suggestion on click, downloads the report.
"use strict";
(() => {
  const { t, call, errorText, el, number, download } = welfare;
  const $ = (id) => document.getElementById(id);
  const input = $("input"), marked = $("marked"), scores = $("scores"), status = $("status");
  const profile = $("profile"), severity = $("severity"), ruleSelect = $("rule");
  const rules = JSON.parse($("rules").textContent);
  const ruleById = Object.fromEntries(rules.map((r) => [r.id, r]));
  const sevWord = { error: t("Fehler", "error"), warning: t("Warnung", "warning"), info: t("Hinweis", "info") };
  const glossaryInput = $("glossary"), glossaryState = $("glossary-state");
  let report = null, findings = [], shown = [], current = 0, timer = null, sequence = 0;
  let glossaryCsv = null;

  for (const r of rules) ruleSelect.append(el("option", { value: r.id }, r.title));

  // one rule at a time: each rule's option says how many findings it has in this text (with
  // the severity filter), rules with findings first, the others after a separator
  function countRules() {
    const counts = {};
    for (const f of findings) if (!severity.value || f.severity === severity.value) counts[f.rule] = (counts[f.rule] || 0) + 1;
    const chosen = ruleSelect.value;
    while (ruleSelect.options.length > 1) ruleSelect.remove(1);
    const found = rules.filter((r) => counts[r.id]).sort((x, y) => counts[y.id] - counts[x.id]);
    for (const r of found) ruleSelect.append(el("option", { value: r.id }, `${r.title} (${counts[r.id]})`));
    const rest = rules.filter((r) => !counts[r.id]);
    if (found.length && rest.length) ruleSelect.append(el("option", { disabled: "" }, "──────────"));
    for (const r of rest) ruleSelect.append(el("option", { value: r.id }, `${r.title} (0)`));
    ruleSelect.value = chosen;
  }

  // byte offsets (UTF-8, as the API counts) to string indices (UTF-16, as JavaScript counts)
  function indexMap(text) {
    const map = new Map();
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      map.set(bytes, i);
      const c = text.codePointAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
      if (c >= 0x10000) i++;
    }
    map.set(bytes, text.length);
    return (b) => (map.has(b) ? map.get(b) : text.length);
  }

  async function check() {
    const text = input.value, mine = ++sequence;
    if (!text.trim()) { report = null; render(); return; }
    status.textContent = t("Prüfe …", "Checking …");
    const response = await call("/api/text/check", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(glossaryCsv === null ? { text, profile: profile.value }
        : { text, profile: profile.value, glossary_csv: glossaryCsv }),
    });
    if (mine !== sequence) return; // a newer check is on its way
    if (!response.ok) { report = null; render(); status.textContent = await errorText(response); return; }
    report = await response.json();
    report.text = text;
    status.textContent = "";
    render();
  }

  function schedule() { clearTimeout(timer); timer = setTimeout(check, 400); }

  function render() {
    marked.textContent = "";
    scores.textContent = "";
    findings = [];
    if (!report) { countRules(); renderFinding(); return; }
    const text = report.text, at = indexMap(text);
    for (const s of report.sentences) {
      for (const f of s.findings) {
        // a finding about the whole sentence (too long, several statements) is a badge at the
        // sentence's start, so that underlines stay on the words they are about
        findings.push(Object.assign({ a: at(f.start), b: at(f.end), whole: f.start <= s.start && f.end >= s.end }, f));
      }
    }
    countRules();
    shown = findings.filter((f) => (!severity.value || f.severity === severity.value) && (!ruleSelect.value || f.rule === ruleSelect.value));
    const inline = shown.filter((f) => !f.whole);
    const badges = shown.filter((f) => f.whole);
    const cuts = new Set([0, text.length]);
    for (const f of inline) { cuts.add(f.a); cuts.add(f.b); }
    for (const f of badges) cuts.add(f.a);
    const points = [...cuts].sort((x, y) => x - y);
    const rank = { info: 0, warning: 1, error: 2 };
    const cur = shown[current];
    for (let k = 0; k + 1 < points.length; k++) {
      const [a, b] = [points[k], points[k + 1]];
      for (const f of badges.filter((f) => f.a === a)) {
        const i = shown.indexOf(f);
        const label = f.rule === "sentence-too-long" ? t("lang", "long") : f.rule === "multiple-statements" ? t("Aussagen", "statements") : (ruleById[f.rule] || {}).title || f.rule;
        const badge = el("button", { type: "button", class: "badge " + f.severity + (i === current ? " current" : ""), title: (ruleById[f.rule] || {}).title || f.rule }, label);
        badge.addEventListener("click", () => { current = i; render(); });
        marked.append(badge);
      }
      const over = inline.filter((f) => f.a <= a && f.b >= b && f.b > f.a);
      const piece = text.slice(a, b);
      const inCurrentSentence = cur && cur.whole && cur.a <= a && cur.b >= b;
      if (!over.length) {
        marked.append(inCurrentSentence ? el("span", { class: "current-sentence" }, piece) : piece);
        continue;
      }
      const worst = over.reduce((w, f) => (rank[f.severity] > rank[w.severity] ? f : w));
      const m = el("mark", { class: worst.severity, title: ruleById[worst.rule] ? ruleById[worst.rule].title : worst.rule }, piece);
      if (over.includes(cur)) m.classList.add("current");
      if (inCurrentSentence) m.classList.add("current-sentence");
      m.addEventListener("click", () => { current = shown.indexOf(over.includes(cur) ? cur : worst); render(); });
      marked.append(m);
    }
    const sc = report.scores;
    scores.textContent = t(
      `${sc.words} Wörter, ${sc.sentences} Sätze, ${sc.findings} Hinweise. Komplexität ${number(sc.complexity, 1)} (1 leicht – 7 schwer), Flesch ${number(sc.flesch_reading_ease, 1)}, Wiener Sachtextformel ${number(sc.wiener_sachtextformel_1, 1)}, Aussagen ${sc.statements}.`,
      `${sc.words} words, ${sc.sentences} sentences, ${sc.findings} findings. Complexity ${number(sc.complexity, 1)} (1 easy – 7 hard), Flesch ${number(sc.flesch_reading_ease, 1)}, Wiener Sachtextformel ${number(sc.wiener_sachtextformel_1, 1)}, statements ${sc.statements}.`
    );
    if (current >= shown.length) current = Math.max(0, shown.length - 1);
    renderFinding();
  }

  function applicable(f) {
    return f.suggestion && f.b - f.a < 60 && !/[.:!?]$/.test(f.suggestion) && !f.suggestion.includes(": ") && !f.suggestion.includes("\n");
  }

  function renderFinding() {
    const box = $("finding");
    box.textContent = "";
    $("position").textContent = shown.length ? `${current + 1} / ${shown.length}` : "";
    $("prev").disabled = $("next").disabled = shown.length < 2;
    if (!report) { box.append(t("Noch kein Text.", "No text yet.")); return; }
    if (!shown.length) { box.append(findings.length ? t("Keine Hinweise mit diesem Filter.", "No findings with this filter.") : t("Keine Hinweise.", "No findings.")); return; }
    const f = shown[current], r = ruleById[f.rule] || { title: f.rule, explanation: "" };
    box.append(
      el("p", {}, el("span", { class: "sev " + f.severity }, sevWord[f.severity]), " · ", el("b", {}, r.title), " ", el("code", {}, f.rule)),
      el("p", {}, "„" + report.text.slice(f.a, f.b) + "“"),
      el("p", {}, f.message),
      el("p", { class: "note" }, r.explanation)
    );
    if (f.suggestion) {
      box.append(el("p", {}, t("Vorschlag: ", "Suggestion: "), el("b", {}, f.suggestion)));
      if (applicable(f)) {
        const b = el("button", { type: "button", class: "apply" }, t("Vorschlag übernehmen", "Apply suggestion"));
        b.addEventListener("click", () => {
          // typed into the text as if by hand, so Ctrl+Z takes it back
          input.focus();
          input.setSelectionRange(f.a, f.b);
          const typed = input.value === report.text && document.execCommand("insertText", false, f.suggestion);
          if (!typed) input.value = report.text.slice(0, f.a) + f.suggestion + report.text.slice(f.b);
          remember();
          check();
        });
        box.append(b);
      }
    }
    const m = marked.querySelector(".current");
    if (m) m.scrollIntoView({ block: "nearest" });
  }

  $("prev").addEventListener("click", () => { if (shown.length) { current = (current - 1 + shown.length) % shown.length; render(); } });
  $("next").addEventListener("click", () => { if (shown.length) { current = (current + 1) % shown.length; render(); } });
  // the report as a printable page (the same as `welfare text check --format html`)
  $("download").addEventListener("click", async () => {
    if (!report) return;
    const body = { text: report.text, profile: profile.value };
    if (glossaryCsv !== null) body.glossary_csv = glossaryCsv;
    const response = await call("/api/text/check?format=html", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    });
    if (!response.ok) { status.textContent = await errorText(response); return; }
    download(t("leichte-sprache-bericht.html", "easy-language-report.html"), "text/html", await response.text());
  });
  // the text survives a reload and the language switch (kept in this browser tab only)
  function remember() {
    try { sessionStorage.setItem("welfare-text", input.value); } catch (_) { /* storage off */ }
  }
  input.addEventListener("input", remember);
  try {
    const kept = sessionStorage.getItem("welfare-text");
    if (kept && !input.value) { input.value = kept; setTimeout(check, 0); }
  } catch (_) { /* storage off */ }
  document.addEventListener("keydown", (e) => {
    if (e.target === input) return;
    if (e.key === "n" || e.key === "ArrowRight") $("next").click();
    if (e.key === "p" || e.key === "ArrowLeft") $("prev").click();
  });
  // a terminology list as Excel saves it: UTF-8 (with or without BOM), UTF-16 with BOM, or
  // Windows-1252; the server reads the dialect (`;`, decimal comma, CRLF)
  function decodeCsv(bytes) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder("utf-16le").decode(bytes);
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder("utf-16be").decode(bytes);
    try { return new TextDecoder("utf-8", { fatal: true }).decode(bytes); }
    catch (_) { return new TextDecoder("windows-1252").decode(bytes); }
  }
  glossaryInput.addEventListener("change", async () => {
    const file = glossaryInput.files[0];
    glossaryCsv = file ? decodeCsv(new Uint8Array(await file.arrayBuffer())) : null;
    glossaryState.textContent = file ? t("wird verwendet", "in use") : "";
    current = 0;
    check();
  });
  input.addEventListener("input", schedule);
  for (const s of [profile, severity, ruleSelect]) s.addEventListener("change", () => { current = 0; s === profile ? check() : render(); });
  render();
})();
