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
  // "computing …" and the like: beside the result, so that a failed run keeps the last result
  const status = el("p", { class: "note", role: "status" });
  result.before(status);

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
    const mechanisms = {
      "deferred-acceptance": t("Deferred Acceptance (nach Vorrang)", "deferred acceptance"),
      "max-stable": t("möglichst viele stabil (max-stable)", "max-stable"),
      "welfare-optimal": t("möglichst gute Wünsche (welfare-optimal)", "welfare-optimal"),
      "boston": t("Boston (Erstwunsch zuerst)", "Boston"),
      "first-come": t("wer zuerst kommt", "first come, first served"),
    };
    result.append(el("h2", {}, t("Ergebnis", "Result")), table(
      [t("Verfahren", "mechanism"), t("Kinder", "children"), t("mit Platz", "placed"), t("ohne Platz", "unplaced"), t("berechtigter Neid (Paare)", "justified envy (pairs)"), t("getrennte Familien", "families split"), t("blockierende Koalitionen", "blocking coalitions")],
      [[mechanisms[s.mechanism] || s.mechanism, s.children, s.placed, s.unplaced, s.justified_envy_pairs, s.families_split, s.blocking_coalitions]]),
      el("p", { class: "note" }, t(
        "Berechtigter Neid: ein Kind wollte eine Kita lieber und hätte dort Vorrang vor einem Kind, das den Platz bekommen hat (0 = fair nach den Vorrang-Regeln). Blockierende Koalition: eine Familie, die zusammen in eine Kita wollte und dort mehr Vorrang hat als Kinder mit Platz. Getrennte Familien: Geschwister in verschiedenen Kitas.",
        "Justified envy: a child preferred a daycare where it has priority over a child who got a seat (0 = fair by the priority rules). Blocking coalition: a family wanting one daycare together where it has priority over children with seats. Families split: siblings at different daycares.")));
    const ranks = Object.entries(s.rank_histogram);
    result.append(el("h3", {}, t("Wunsch-Rang der Plätze", "Rank of the seats")), table([t("Rang", "rank"), t("Kinder", "children")], ranks));
    result.append(el("h3", {}, t("Wer bekommt Plätze? (nach Gruppe)", "Who gets seats? (by group)")));
    const names = { hardship: t("Härtefall", "hardship"), district: t("Stadtteil", "district"), age_group: t("Altersgruppe", "age group") };
    // group values in words: hardship 0/1 as no/yes, age groups as staff say them
    const valueText = { hardship: { 0: t("nein", "no"), 1: t("ja", "yes"), false: t("nein", "no"), true: t("ja", "yes") }, age_group: { u3: t("unter 3", "under 3"), ue3: t("ab 3", "3 and over") } };
    const inWords = (attr, v) => (valueText[attr] && valueText[attr][v]) || v;
    const pct = (v) => (v == null ? "–" : number(100 * v, 1) + " %");
    for (const a of data.audit.by_attribute) {
      result.append(table([names[a.attribute] || a.attribute, t("Kinder", "children"), t("mit Platz", "placed"), t("Quote", "rate"), t("mittlerer Rang", "mean rank")],
        a.groups.map((g) => [Object.entries(g.group).map(([k, v]) => inWords(k, v)).join(", "), g.count, g.placed, pct(g.placement_rate), number(g.mean_rank, 2)])));
    }
    const rows = data.assignment.map((a) => [a.child_id, a.daycare_id, a.rank]);
    const csv = csvOf([["child_id", "daycare_id", "rank"], ...rows]);
    const nameOf = Object.fromEntries(data.assignment.filter((a) => a.daycare_id).map((a) => [a.daycare_id, a.daycare_name]));
    const dl = el("button", { type: "button" }, t("assignment.csv herunterladen", "Download assignment.csv"));
    dl.addEventListener("click", () => download("assignment.csv", "text/csv", csv));
    const search = el("input", { type: "text", id: "child", placeholder: "C0001" });
    const go = el("button", { type: "button" }, t("Begründung lesen", "Read the explanation"));
    const explanation = el("div", { class: "text", "aria-live": "polite" });
    // Enter in the field reads the explanation; ids as staff type them (any case)
    search.addEventListener("keydown", (e) => { if (e.key === "Enter") { e.preventDefault(); go.click(); } });
    go.addEventListener("click", async () => {
      const typed = search.value.trim();
      const known = rows.find((r) => String(r[0]).toLowerCase() === typed.toLowerCase());
      const fd = new FormData();
      for (const k of ["daycares", "children", "preferences"]) fd.append(k, formData.get(k));
      fd.append("assignment", new Blob([csv], { type: "text/csv" }), "assignment.csv");
      fd.append("child", known ? known[0] : typed);
      const r = await call("/api/daycare/explain", { method: "POST", body: fd });
      if (!r.ok) { explanation.textContent = await errorText(r); return; }
      const e = await r.json();
      explanation.textContent = welfare.lang === "en" ? e.en : e.de;
    });
    // every child, 100 per page; a row (click or Enter) shows its explanation
    const page = el("div", {});
    const pages = el("p", {});
    let first = 0;
    const size = 100;
    const show = () => {
      const shown = rows.slice(first, first + size);
      const tbl = table([t("Kind", "child"), t("Kita", "daycare"), t("Wunsch-Rang", "rank")],
        shown.map(([c, d, r]) => [c, d == null ? t("kein Platz", "no seat") : `${nameOf[d] || ""} (${d})`, r]));
      tbl.querySelectorAll("tbody tr").forEach((tr, i) => {
        tr.tabIndex = 0;
        tr.classList.add("pick");
        const open = () => { search.value = shown[i][0]; go.click(); search.scrollIntoView({ block: "center" }); };
        tr.addEventListener("click", open);
        tr.addEventListener("keydown", (e) => { if (e.key === "Enter") open(); });
      });
      page.replaceChildren(tbl);
      const last = Math.min(first + size, rows.length);
      const back = el("button", { type: "button" }, t("← Zurück", "← Back"));
      const next = el("button", { type: "button" }, t("Weiter →", "Next →"));
      back.disabled = first === 0;
      next.disabled = last >= rows.length;
      back.addEventListener("click", () => { first = Math.max(0, first - size); show(); });
      next.addEventListener("click", () => { first += size; show(); });
      pages.replaceChildren(back, " ", t(`Kinder ${number(first + 1, 0)}–${number(last, 0)} von ${number(rows.length, 0)}`, `Children ${number(first + 1, 0)}–${number(last, 0)} of ${number(rows.length, 0)}`), " ", next);
    };
    show();
    result.append(el("p", {}, dl), el("h3", {}, t("Warum dieser Platz?", "Why this seat?")),
      el("p", {}, el("label", { for: "child" }, t("Kind (ID): ", "Child (id): ")), search, " ", go), explanation,
      el("h3", {}, t("Zuteilung", "Assignment")), el("p", { class: "note" }, t("Klicken Sie auf ein Kind (oder Enter), um die Begründung zu lesen.", "Click a child (or press Enter) to read the explanation.")), pages, page);
  }

  const termsData = document.getElementById("terms");
  const terms = termsData ? Object.fromEntries(JSON.parse(termsData.textContent).map((x) => [x.id, x])) : {};
  function renderAudit(data, formData) {
    for (const s of data.audits) {
      result.append(el("h2", {}, t("Nach ", "By ") + s.sensitive.join(" × ")));
      const pct = (v) => (v == null ? "–" : number(100 * v, 1) + " %");
      result.append(table([t("Gruppe", "group"), t("Personen", "people"), t("Auswahlquote", "selection rate"), t("Richtig-positiv-Rate", "true positive rate"), t("Falsch-positiv-Rate", "false positive rate")],
        s.by_group.map((g) => [Object.entries(g.group).map(([k, v]) => `${k}=${v}`).join(", "), g.count, pct(g.selection_rate), pct(g.true_positive_rate), pct(g.false_positive_rate)])));
      // each disparity in words, with its interval and (ratios) the verdict against τ, as the
      // report layer writes them
      const tau = s.aequitas.tau;
      const verdictOf = (term, v, ci) => {
        if (!term || !term.ratio || v == null) return "";
        if (v < tau) return t("prüfen", "review");
        if (ci && ci[0] < tau) return t("grenzwertig", "borderline");
        return "ok";
      };
      result.append(table([t("Kennzahl", "disparity"), t("Wert", "value"), t("95-%-Intervall", "95 % interval"), t("Bewertung", "verdict"), t("Was sie bedeutet", "what it means")],
        Object.entries(s.disparities).map(([k, v]) => {
          const term = terms[k];
          const ci = s.confidence_intervals[k];
          return [el("span", {}, term ? term.title : k, el("br"), el("code", {}, k)), number(v, 3),
            ci ? `${number(ci[0], 3)} – ${number(ci[1], 3)}` : "", verdictOf(term, v, ci), term ? term.explanation : ""];
        })));
      for (const w of s.warnings) result.append(el("p", { class: "note" }, w));
    }
    formData.set("lang", welfare.lang);
    const dl = el("button", { type: "button" }, t("Bericht (HTML) herunterladen", "Download the report (HTML)"));
    dl.addEventListener("click", async () => {
      const r = await call("/api/audit?format=html", { method: "POST", body: formData });
      if (!r.ok) { showError(await errorText(r)); return; }
      download("fairness-audit.html", "text/html", await r.text());
    });
    const buttons = el("p", {}, dl);
    // with scores: what closing the gap would cost (fairlearn's threshold optimizer, equal
    // selection rates), as a page to keep
    if ((formData.get("y_score") || "").trim()) {
      const cost = el("button", { type: "button", id: "cost" }, t("Was würde es kosten? (Bericht)", "What would it cost? (report)"));
      cost.addEventListener("click", async () => {
        const r = await call("/api/mitigate?format=html", { method: "POST", body: formData });
        if (!r.ok) { showError(await errorText(r)); return; }
        download("fairness-kosten.html", "text/html", await r.text());
      });
      buttons.append(" ", cost);
    }
    result.prepend(buttons);
  }

  const tracks = {
    crisis_intervention: t("Krisenintervention", "crisis intervention"),
    insolvency_preparation: t("Insolvenz vorbereiten", "insolvency preparation"),
    standard_counselling: t("Standardberatung", "standard counselling"),
    short_advice: t("Kurzberatung", "short advice"),
  };
  // the urgency classes in words (welfare_data::cases::Urgency)
  const urgency = {
    U3: t("U3: in Tagen handeln", "U3: act within days"),
    U2: t("U2: Frist in den nächsten Wochen", "U2: a deadline in the coming weeks"),
    U1: t("U1: Rückstand ohne Frist", "U1: arrears without a deadline"),
    U0: t("U0: keine Frist", "U0: no deadline"),
  };
  function renderTriage(data) {
    const rows = [...data.cases].sort((a, b) => b.urgency_score - a.urgency_score)
      .map((c) => [c.case_id, number(c.urgency_score, 0), urgency[c.urgency_pred] || c.urgency_pred, tracks[c.track_pred] || c.track_pred, c.reasons.join("; ")]);
    result.append(el("h2", {}, t("Warteliste nach Dringlichkeit", "Waiting list by urgency")),
      table([t("Fall", "case"), t("Dringlichkeit (0–100)", "urgency (0–100)"), t("Klasse", "class"), t("Vorschlag", "track"), t("Gründe", "reasons")], rows));
  }

  // the uploaded recording as text lines (read once; gzip through the browser's decompressor)
  async function readRecording(file) {
    let text;
    if (/\.gz$/i.test(file.name)) {
      if (typeof DecompressionStream === "undefined") return null;
      text = await new Response(file.stream().pipeThrough(new DecompressionStream("gzip"))).text();
    } else {
      text = await file.text();
    }
    const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/).filter(Boolean);
    const sep = lines[0].includes(";") ? ";" : ",";
    return { lines, sep, head: lines[0].split(sep) };
  }

  // the acceleration magnitude of the trial of alarm `chosen` with its impacts and alarms
  // marked (SVG)
  function plotTrial(recording, alarms, chosen) {
    const { lines, sep, head } = recording;
    const col = (n) => head.indexOf(n);
    const [ti, xi, yi, zi, si, ai, ri] = ["t_s", "ax_g", "ay_g", "az_g", "subject", "activity_code", "trial"].map(col);
    if (ti < 0 || xi < 0) return null;
    const first = chosen || alarms[0] || {};
    const num = (v) => Number(String(v).replace(",", "."));
    const points = [];
    for (const line of lines.slice(1)) {
      const f = line.split(sep);
      if (first.subject != null && si >= 0 && (f[si] !== first.subject || f[ai] !== first.activity_code || f[ri] !== first.trial)) continue;
      points.push([num(f[ti]), Math.hypot(num(f[xi]), num(f[yi]), num(f[zi]))]);
      if (first.subject == null && points.length > 3000) break;
    }
    if (points.length < 2) return null;
    const [w, h, l, b] = [720, 220, 48, 30];
    const x0 = points[0][0], x1 = points[points.length - 1][0];
    const y1 = Math.max(2, ...points.map((p) => p[1]));
    const sx = (x) => l + ((x - x0) / (x1 - x0 || 1)) * (w - l - 10);
    const sy = (y) => 10 + (1 - y / y1) * (h - b - 10);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", t("Beschleunigung über die Zeit", "Acceleration over time"));
    const add = (tag, attrs, text) => { const n = document.createElementNS(ns, tag); for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v); if (text) n.textContent = text; svg.append(n); };
    add("path", { d: `M${l} 10 V${h - b} H${w - 10}`, stroke: "#888", fill: "none" });
    for (let k = 0; k <= 4; k++) {
      const yv = (y1 * k) / 4;
      add("text", { x: l - 6, y: sy(yv) + 4, "text-anchor": "end", "font-size": 13 }, number(yv, 1));
      const xv = x0 + ((x1 - x0) * k) / 4;
      add("text", { x: sx(xv), y: h - b + 18, "text-anchor": k === 4 ? "end" : "middle", "font-size": 13 }, number(xv, 1) + " s");
    }
    add("path", { d: points.map((p, i) => (i ? "L" : "M") + sx(p[0]).toFixed(1) + " " + sy(p[1]).toFixed(1)).join(" "), stroke: "#2a6f97", fill: "none", "stroke-width": 1.2 });
    const same = alarms.filter((a) => a.subject === first.subject && a.activity_code === first.activity_code && a.trial === first.trial);
    for (const a of same) {
      for (const [x, c, label] of [[a.t_impact_s, "#555", t("Aufprall", "impact")], [a.t_alarm_s, "#d1495b", "Alarm"]]) {
        add("path", { d: `M${sx(x)} 10 V${h - b}`, stroke: c, "stroke-dasharray": "4 3", "stroke-width": 2 });
        add("text", { x: sx(x) + 4, y: 24, fill: c, "font-size": 13 }, label);
      }
    }
    const what = first.fall == null ? "" : first.fall ? t(" – ein Sturz", " – a fall") : t(" – eine Alltagsaktivität: dieser Alarm ist ein Fehlalarm", " – a daily activity: this alarm is a false alarm");
    const caption = first.subject != null
      ? t(`Beschleunigung (g) von ${first.subject}, ${activityName(first.activity_code)}, Versuch ${first.trial}${what}`, `Acceleration (g) of ${first.subject}, ${activityName(first.activity_code)}, trial ${first.trial}${what}`)
      : t("Beschleunigung (g), erste Sekunden", "Acceleration (g), first seconds");
    return el("figure", { class: "chart" }, el("figcaption", {}, caption), svg);
  }

  // activity codes: D… daily activities, F… falls (SisFall's convention); the sample data's
  // activities by name (fall_detection::generate::Activity)
  const activities = {
    D01: t("Gehen", "walking"), D03: t("Joggen", "jogging"), D07: t("Hinsetzen", "sitting down"),
    D11: t("Hinlegen", "lying down"), D18: t("Stolpern ohne Sturz", "stumbling without a fall"),
    F01: t("Sturz nach vorn", "fall forward"), F02: t("Sturz nach hinten", "fall backward"), F03: t("Sturz zur Seite", "fall to the side"),
  };
  function activityName(code) {
    if (code == null) return "–";
    const kind = /^F/i.test(code) ? t("Sturzversuch", "fall trial") : /^D/i.test(code) ? t("Alltagsaktivität", "daily activity") : "";
    const name = activities[code];
    return name ? `${code} (${name})` : kind ? `${code} (${kind})` : code;
  }

  async function renderFalls(data, formData) {
    const file = formData.get("signals");
    const recording = file && file.size ? await readRecording(file).catch(() => null) : null;
    const figure = el("div", { "aria-live": "polite" });
    const show = (alarm) => {
      const plot = recording ? plotTrial(recording, data.alarms, alarm) : null;
      figure.replaceChildren(...(plot ? [plot] : []));
    };
    show(data.alarms[0]);
    result.append(figure);
    // with labels in the file: how the detector did on it, in words
    const s = data.summary;
    if (s) {
      const pct = (v) => (v == null ? "–" : number(100 * v, 1) + " %");
      const missed = s.falls - Math.round((s.sensitivity || 0) * s.falls);
      const falseTrials = s.adls - Math.round((s.specificity || 0) * s.adls);
      result.append(el("h2", {}, t("Ergebnis für die Datei (sie enthält Beschriftungen)", "Result for the file (it is labelled)")),
        el("p", {}, t(
          `${number(s.falls, 0)} Stürze: ${number(s.falls - missed, 0)} erkannt (${pct(s.sensitivity)}), ${number(missed, 0)} übersehen. ` +
          `${number(s.adls, 0)} Alltagsaktivitäten: ${number(falseTrials, 0)} mit Fehlalarm (${pct(s.adls ? falseTrials / s.adls : null)})` +
          (s.false_alarms_per_hour == null ? "." : `, ${number(s.false_alarms_per_hour, 2)} Fehlalarme je Stunde Alltag.`),
          `${number(s.falls, 0)} falls: ${number(s.falls - missed, 0)} detected (${pct(s.sensitivity)}), ${number(missed, 0)} missed. ` +
          `${number(s.adls, 0)} daily activities: ${number(falseTrials, 0)} with a false alarm (${pct(s.adls ? falseTrials / s.adls : null)})` +
          (s.false_alarms_per_hour == null ? "." : `, ${number(s.false_alarms_per_hour, 2)} false alarms per hour of daily activity.`))));
    }
    // what the device lost on the way (Bluetooth): filled, or read in parts
    const g = data.gaps;
    if (g && (g.filled || g.splits)) {
      result.append(el("p", { class: "notice" }, t(
        `Fehlende Messwerte: ${number(g.filled, 0)} Lücken bis 0,5 s (${number(g.samples_filled, 0)} Messwerte) wurden aus den Nachbarwerten ergänzt` +
          (g.splits ? `; an ${number(g.splits, 0)} längeren Aussetzern wurde die Aufnahme geteilt (dort kann kein Sturz erkannt werden).` : "."),
        `Missing samples: ${number(g.filled, 0)} gaps up to 0.5 s (${number(g.samples_filled, 0)} samples) were filled from their neighbours` +
          (g.splits ? `; the recording was split at ${number(g.splits, 0)} longer dropouts (no fall can be detected there).` : "."))));
    }
    if (data.clipping_warning) {
      result.append(el("p", {}, t(
        `Der Sensor misst nur bis ±${number(data.clipping_g, 1)} g (die Werte werden dort abgeschnitten). Das Modell wurde für einen größeren Messbereich trainiert: abgeschnittene Stöße wirken für es schwächer, Stürze können übersehen werden. Ein Modell, das mit „--range-g ${number(data.clipping_g, 0)}“ trainiert wurde, liest solche Geräte.`,
        `The sensor measures only up to ±${number(data.clipping_g, 1)} g (values are cut off there). The model was trained for a larger range: cut-off impacts look weaker to it and falls may be missed. A model trained with "--range-g ${number(data.clipping_g, 0)}" reads such devices.`)));
    }
    const kindOf = (a) => (a.fall == null ? "–" : a.fall ? t("Sturz", "fall") : t("Alltag: Fehlalarm", "daily activity: false alarm"));
    // every alarm can be plotted; the table downloads as CSV (German: ';' and decimal commas)
    const showButton = (a) => {
      const b = el("button", { type: "button", class: "small" }, t("Zeigen", "Show"));
      b.setAttribute("aria-label", t(`Alarm von ${a.subject ?? "–"}, ${a.activity_code ?? ""} Versuch ${a.trial ?? ""} bei ${number(a.t_impact_s, 2)} s zeigen`, `Show the alarm of ${a.subject ?? "–"}, ${a.activity_code ?? ""} trial ${a.trial ?? ""} at ${number(a.t_impact_s, 2)} s`));
      b.addEventListener("click", () => { show(a); figure.scrollIntoView({ block: "nearest" }); });
      return b;
    };
    const german = t(true, false);
    const cell = (v, d) => (v == null ? "" : typeof v === "number" ? (german ? String(Number(v.toFixed(d))).replace(".", ",") : String(Number(v.toFixed(d)))) : String(v));
    const header = ["subject", "activity_code", "trial", "fall", "t_impact_s", "t_alarm_s", "probability"];
    const lines = [header, ...data.alarms.map((a) => [a.subject, a.activity_code, a.trial, a.fall == null ? "" : a.fall ? 1 : 0, a.t_impact_s, a.t_alarm_s, a.probability])]
      .map((r, i) => r.map((v, k) => (i === 0 ? v : cell(v, k === 6 ? 4 : 3))).join(german ? ";" : ","));
    const dl = el("button", { type: "button" }, t("Alarme als CSV herunterladen", "Download the alarms as CSV"));
    dl.addEventListener("click", () => download(t("alarme.csv", "alarms.csv"), "text/csv", (german ? "\uFEFF" : "") + lines.join("\r\n") + "\r\n"));
    result.append(el("h2", {}, t(`${data.alarms.length} Alarme`, `${data.alarms.length} alarms`)), el("p", {}, dl),
      el("p", {}, t("Aktivität: D… = Alltagsaktivität, F… = Sturzversuch (Schreibweise des SisFall-Datensatzes). „Zeigen“ zeichnet den Versuch des Alarms.", "Activity: D… = daily activity, F… = fall trial (the SisFall dataset's convention). \"Show\" plots the alarm's trial.")),
      table([t("Person", "subject"), t("Aktivität", "activity"), t("Versuch", "trial"), t("Versuch ist", "trial is"), t("Aufprall (s)", "impact (s)"), t("Alarm (s)", "alarm (s)"), t("Wahrscheinlichkeit", "probability"), t("Kurve", "plot")],
        data.alarms.map((a) => [a.subject, activityName(a.activity_code), a.trial, kindOf(a), number(a.t_impact_s, 2), number(a.t_alarm_s, 2), number(a.probability, 2), recording ? showButton(a) : "–"])));
  }

  // one case typed into the form: sent as a one-row case table
  const oneCase = document.getElementById("one-case-form");
  if (oneCase) {
    oneCase.addEventListener("submit", async (e) => {
      e.preventDefault();
      error.hidden = true;
      const columns = ["case_id", "arrival_day", "age", "sex", "nationality_group", "language_support", "household_type", "household_size", "children", "employment", "own_income_eur", "household_income_eur", "housing_cost_eur", "main_trigger", "addiction", "total_debt_eur", "creditors", "cred_bank", "cred_public", "cred_telecom", "cred_mail_order", "cred_energy", "cred_landlord", "account_status", "eviction_stage", "energy_stage", "enforcement_stage", "wage_garnishment", "deadline_days", "health_crisis", "documents_complete", "referral"];
      // the fields as typed ("1.450,50", "18.500"): the server reads numbers in the page's language
      const fd = new FormData(oneCase);
      const body = new FormData();
      for (const c of columns) {
        const input = oneCase.elements[c];
        if (c === "case_id") body.append(c, "FORM-1");
        else if (input && input.type === "checkbox") body.append(c, input.checked ? "1" : "0");
        else body.append(c, String(fd.get(c) || "").trim());
      }
      error.hidden = true;
      status.textContent = t("Wird berechnet …", "Computing …");
      const response = await call("/api/triage/score", { method: "POST", body });
      status.textContent = "";
      if (!response.ok) { showError(await errorText(response)); return; }
      result.textContent = "";
      renderTriage(await response.json());
    });
  }

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    error.hidden = true;
    status.textContent = t("Wird berechnet …", "Computing …");
    const formData = new FormData(form);
    for (const [k, v] of [...formData.entries()]) if (typeof v === "string" && !v.trim()) formData.delete(k);
    const response = await call(form.dataset.endpoint, { method: "POST", body: formData });
    status.textContent = "";
    // an error keeps the last result on the page
    if (!response.ok) { showError(await errorText(response)); return; }
    result.textContent = "";
    const data = await response.json();
    await ({ daycare: renderDaycare, audit: renderAudit, triage: renderTriage, falls: renderFalls })[kind](data, formData);
  });
})();
