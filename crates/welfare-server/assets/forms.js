// The upload pages: send the form to the API, show the answer as tables (and errors with file,
// row and field next to the form), offer downloads.
"use strict";
(() => {
  const { t, call, errorText, el, table, number, download } = welfare;
  const form = document.querySelector("form.upload");
  const result = document.getElementById("result");
  const error = document.getElementById("error");
  const kind = form.dataset.kind;

  function showError(text) { error.hidden = false; error.textContent = text; }

  // audit: offer the columns of the chosen file
  if (kind === "audit") {
    const list = el("datalist", { id: "columns" });
    form.append(list);
    for (const name of ["y_true", "y_pred", "y_score", "sensitive", "privileged"]) {
      const input = form.querySelector(`[name=${name}]`);
      if (input && name !== "privileged") input.setAttribute("list", "columns");
    }
    form.querySelector("[name=file]").addEventListener("change", async (e) => {
      const file = e.target.files[0];
      if (!file || !/\.csv$/i.test(file.name)) return;
      const head = (await file.slice(0, 65536).text()).replace(/^\uFEFF/, "").split(/\r?\n/)[0];
      const sep = [";", "\t", ","].find((s) => head.includes(s)) || ",";
      list.textContent = "";
      for (const c of head.split(sep)) list.append(el("option", { value: c.replace(/^"|"$/g, "") }));
      const note = el("p", { class: "note" }, t("Spalten der Datei: ", "Columns in the file: ") + head.split(sep).join(", "));
      form.querySelector("[name=file]").after(note);
    });
  }

  function csvOf(rows) {
    return rows.map((r) => r.map((c) => (c == null ? "" : /[",\n]/.test(String(c)) ? '"' + String(c).replace(/"/g, '""') + '"' : c)).join(",")).join("\n") + "\n";
  }

  function renderDaycare(data, formData) {
    const s = data.summary;
    result.append(el("h2", {}, t("Ergebnis", "Result")), table(
      [t("Verfahren", "mechanism"), t("Kinder", "children"), t("mit Platz", "placed"), t("ohne Platz", "unplaced"), t("berechtigter Neid (Paare)", "justified envy (pairs)"), t("getrennte Familien", "families split")],
      [[s.mechanism, s.children, s.placed, s.unplaced, s.justified_envy_pairs, s.families_split]]));
    const ranks = Object.entries(s.rank_histogram);
    result.append(el("h3", {}, t("Wunsch-Rang der Plätze", "Rank of the seats")), table([t("Rang", "rank"), t("Kinder", "children")], ranks));
    const rows = data.assignment.map((a) => [a.child_id, a.daycare_id, a.rank]);
    const csv = csvOf([["child_id", "daycare_id", "rank"], ...rows]);
    const dl = el("button", { type: "button" }, t("assignment.csv herunterladen", "Download assignment.csv"));
    dl.addEventListener("click", () => download("assignment.csv", "text/csv", csv));
    const search = el("input", { type: "text", id: "child", placeholder: "C0001" });
    const go = el("button", { type: "button" }, t("Begründung lesen", "Read the explanation"));
    const explanation = el("div", { class: "text", "aria-live": "polite" });
    go.addEventListener("click", async () => {
      const fd = new FormData();
      for (const k of ["daycares", "children", "preferences"]) fd.append(k, formData.get(k));
      fd.append("assignment", new Blob([csv], { type: "text/csv" }), "assignment.csv");
      fd.append("child", search.value.trim());
      const r = await call("/api/daycare/explain", { method: "POST", body: fd });
      if (!r.ok) { explanation.textContent = await errorText(r); return; }
      const e = await r.json();
      explanation.textContent = welfare.lang === "en" ? e.en : e.de;
    });
    result.append(el("p", {}, dl), el("h3", {}, t("Warum dieser Platz?", "Why this seat?")),
      el("p", {}, el("label", { for: "child" }, t("Kind (ID): ", "Child (id): ")), search, " ", go), explanation,
      el("h3", {}, t("Zuteilung", "Assignment")), table(["child_id", "daycare_id", t("Rang", "rank")], rows.slice(0, 500)));
    if (rows.length > 500) result.append(el("p", { class: "note" }, t(`Die ersten 500 von ${rows.length} Kindern; alle in assignment.csv.`, `The first 500 of ${rows.length} children; all in assignment.csv.`)));
  }

  function renderAudit(data, formData) {
    for (const s of data.audits) {
      result.append(el("h2", {}, t("Nach ", "By ") + s.sensitive.join(" × ")));
      const pct = (v) => (v == null ? "–" : number(100 * v, 1) + " %");
      result.append(table([t("Gruppe", "group"), t("Personen", "people"), t("Auswahlquote", "selection rate"), t("Richtig-positiv-Rate", "true positive rate"), t("Falsch-positiv-Rate", "false positive rate")],
        s.by_group.map((g) => [Object.entries(g.group).map(([k, v]) => `${k}=${v}`).join(", "), g.count, pct(g.selection_rate), pct(g.true_positive_rate), pct(g.false_positive_rate)])));
      result.append(table([t("Kennzahl", "disparity"), t("Wert", "value")], Object.entries(s.disparities).map(([k, v]) => [k, number(v, 3)])));
      for (const w of s.warnings) result.append(el("p", { class: "note" }, w));
    }
    const dl = el("button", { type: "button" }, t("Bericht (HTML) herunterladen", "Download the report (HTML)"));
    dl.addEventListener("click", async () => {
      const r = await call("/api/audit?format=html", { method: "POST", body: formData });
      if (!r.ok) { showError(await errorText(r)); return; }
      download("fairness-audit.html", "text/html", await r.text());
    });
    result.prepend(el("p", {}, dl));
  }

  function renderTriage(data) {
    const rows = [...data.cases].sort((a, b) => b.urgency_score - a.urgency_score)
      .map((c) => [c.case_id, number(c.urgency_score, 0), c.urgency_pred, c.track_pred, c.reasons.join("; ")]);
    result.append(el("h2", {}, t("Warteliste nach Dringlichkeit", "Waiting list by urgency")),
      table([t("Fall", "case"), t("Dringlichkeit (0–100)", "urgency (0–100)"), t("Klasse", "class"), t("Vorschlag", "track"), t("Gründe", "reasons")], rows));
  }

  function renderFalls(data) {
    result.append(el("h2", {}, t(`${data.alarms.length} Alarme`, `${data.alarms.length} alarms`)),
      table([t("Person", "subject"), t("Aktivität", "activity"), t("Versuch", "trial"), t("Aufprall (s)", "impact (s)"), t("Alarm (s)", "alarm (s)"), t("Wahrscheinlichkeit", "probability")],
        data.alarms.map((a) => [a.subject, a.activity_code, a.trial, number(a.t_impact_s, 2), number(a.t_alarm_s, 2), number(a.probability, 2)])));
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.hidden = true;
    result.textContent = t("Wird berechnet …", "Computing …");
    const formData = new FormData(form);
    for (const [k, v] of [...formData.entries()]) if (typeof v === "string" && !v.trim()) formData.delete(k);
    const response = await call(form.dataset.endpoint, { method: "POST", body: formData });
    result.textContent = "";
    if (!response.ok) { showError(await errorText(response)); return; }
    const data = await response.json();
    ({ daycare: renderDaycare, audit: renderAudit, triage: renderTriage, falls: renderFalls })[kind](data, formData);
  });
})();
