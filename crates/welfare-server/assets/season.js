// /season: a Kita season for staff. Every change goes through /api/season/…, one transaction
// each; the page only shows what the server answers and keeps the last good view on errors.
"use strict";
(() => {
  const { t, call, errorText, el, table, number } = welfare;
  const $ = (id) => document.getElementById(id);
  let season = new URLSearchParams(location.search).get("saison") || sessionStorage.getItem("welfare-season") || "";
  let offset = 0;
  const PAGE = 100;

  const careText = { half: t("halbtags (bis 25 Std.)", "half (up to 25 h)"), part: t("Teilzeit (bis 35 Std.)", "part (up to 35 h)"), full: t("ganztags (bis 45 Std.)", "full (up to 45 h)") };
  const ageText = { u3: t("unter 3", "under 3"), ue3: t("ab 3", "3 and over") };
  const stateText = {
    contract: t("Vertrag", "contract"), offer: t("Angebot", "offer"),
    unplaced: t("ohne Angebot", "no offer"), withdrawn: t("abgemeldet", "withdrawn"),
  };
  const choiceText = {
    contract: t("Vertrag – dieser Platz ist fest.", "Contract – this seat is final."),
    offer: t("Angebot – wartet auf Antwort.", "Offer – waiting for the answer."),
    declined: t("abgesagt oder Frist verpasst", "declined or deadline missed"),
    no_seats: t("keine Plätze für dieses Alter", "no seats for this age"),
    all_contracted: t("alle Plätze fest vergeben", "all seats under contract"),
    sibling: t("Plätze an Kinder mit Geschwistern in der Kita vergeben", "seats went to children with a sibling there"),
    hardship: t("Plätze an Härtefälle vergeben (besonders dringend)", "seats went to hardship cases"),
    distance: t("Plätze an Kinder mit kürzerem Weg vergeben", "seats went to children living closer"),
    lottery: t("Plätze nach Losnummer vergeben", "seats went by lottery number"),
    tie: t("gleicher Vorrang: Plätze so vergeben, dass möglichst viele Kinder einen haben", "same priority: seats given so that the most children get one"),
    held_earlier: t("Kinder aus früheren Runden behalten ihre Plätze", "children of earlier rounds keep their seats"),
    not_yet: t("Platz frei – die nächste Runde entscheidet", "a seat is free – the next round decides"),
    below: t("niedriger gewünscht als der jetzige Platz", "ranked below the current seat"),
  };
  const day = (d) => (d ? new Date(d + "T00:00:00").toLocaleDateString(t("de-DE", "en-GB")) : "–");

  function busy(text) { $("status").textContent = text; $("error").hidden = true; }
  function done(text) { $("status").textContent = text || ""; }
  async function fail(response) {
    $("error").textContent = t("Nicht übernommen – es wurde nichts geändert: ", "Not applied – nothing was changed: ") + (await errorText(response));
    $("error").hidden = false;
    done("");
  }
  function api(path) { return "/api/season/" + encodeURIComponent(season) + path; }

  async function seasons() {
    const r = await call("/api/season", { method: "GET" });
    if (!r.ok) return fail(r);
    const list = await r.json();
    const note = {
      none: t("Dieser Server speichert keine Saison. Starten Sie ihn mit: welfare serve --season-dir ORDNER", "This server keeps no seasons. Start it with: welfare serve --season-dir FOLDER"),
      sqlite: t("Gespeichert als Datei je Saison auf diesem Rechner.", "Kept as one file per season on this machine."),
      postgres: t("Gespeichert in PostgreSQL (eine Saison: saison).", "Kept in PostgreSQL (one season: saison)."),
    }[list.storage];
    $("storage").textContent = note + (list.seasons.length ? " " + t("Vorhandene Saisons: ", "Seasons: ") +
      list.seasons.map((s) => s.name + " (" + t("Runde ", "round ") + s.round + ", " + s.children + t(" Kinder)", " children)")).join(", ") : "");
    $("season-list").replaceChildren(...list.seasons.map((s) => el("option", { value: s.name })));
  }

  async function open(name) {
    season = name;
    $("season-name").value = name;
    sessionStorage.setItem("welfare-season", name);
    busy(t("Saison wird geladen …", "Loading the season …"));
    const r = await call(api("/status"), { method: "GET" });
    if (!r.ok) { $("work").hidden = true; return fail(r); }
    show(await r.json());
    $("work").hidden = false;
    await children();
    downloads();
    done(t("Saison „", "Season “") + name + t("“ geöffnet.", "” opened."));
  }

  function show(s) {
    $("summary").textContent = t("Runde ", "Round ") + s.round + ": " + number(s.children, 0) + t(" Kinder, ", " children, ") +
      number(s.contracts, 0) + t(" Verträge, ", " contracts, ") + number(s.offers, 0) + t(" offene Angebote, ", " open offers, ") +
      number(s.unplaced, 0) + t(" ohne Angebot, ", " without an offer, ") + number(s.withdrawn, 0) + t(" abgemeldet.", " withdrawn.");
    const rows = s.programs.map((p) => [p.daycare_name + " (" + p.daycare_id + ")", ageText[p.age_group] || p.age_group,
      careText[p.care] || p.care, p.start, number(p.seats, 0), number(p.contracts, 0), number(p.offers, 0), number(p.free, 0)]);
    const tbl = table([t("Kita", "Kita"), t("Alter", "Age"), t("Betreuung", "Care"), t("Beginn", "Start"), t("Plätze", "Seats"),
      t("Verträge", "Contracts"), t("Angebote", "Offers"), t("frei", "free")], rows);
    tbl.prepend(el("caption", { class: "sr" }, t("Plätze je Kita und Angebot", "Seats per Kita and program")));
    $("programs").replaceChildren(tbl);
  }

  async function refresh() {
    const r = await call(api("/status"), { method: "GET" });
    if (r.ok) show(await r.json());
    await children();
  }

  async function children() {
    const q = new URLSearchParams({ q: $("filter-q").value, state: $("filter-state").value, offset, limit: PAGE });
    const r = await call(api("/children?" + q), { method: "GET" });
    if (!r.ok) return fail(r);
    const page = await r.json();
    const tbl = table([t("Kind", "Child"), t("Familie", "Family"), t("Alter", "Age"), t("Stand", "Status"), t("Kita", "Kita"),
      t("Wunsch Nr.", "Choice"), t("Antwort bis", "Answer by")],
      page.rows.map((c) => [c.child_id, c.family_id, ageText[c.age_group] || c.age_group, stateText[c.state] || c.state,
        c.daycare_name, c.rank, c.state === "offer" ? day(c.deadline) : "–"]));
    tbl.prepend(el("caption", { class: "sr" }, t("Kinder; Zeile wählen für die Begründung", "Children; choose a row for the explanation")));
    // a row opens the child's explanation: by click, or Enter on the focused row
    tbl.querySelectorAll("tbody tr").forEach((tr, i) => {
      tr.tabIndex = 0;
      tr.classList.add("pick");
      const id = page.rows[i].child_id;
      tr.addEventListener("click", () => detail(id));
      tr.addEventListener("keydown", (e) => { if (e.key === "Enter") detail(id); });
    });
    $("child-list").replaceChildren(tbl);
    const to = Math.min(page.total, offset + page.rows.length);
    $("page-info").textContent = page.total ? (offset + 1) + "–" + to + t(" von ", " of ") + number(page.total, 0) : t("keine Kinder", "no children");
    $("page-prev").disabled = offset === 0;
    $("page-next").disabled = to >= page.total;
  }

  async function detail(id) {
    const r = await call(api("/children/" + encodeURIComponent(id)), { method: "GET" });
    if (!r.ok) return fail(r);
    const d = await r.json();
    const c = d.child;
    const head = el("h3", {}, t("Kind ", "Child ") + c.child_id + " – " + (stateText[c.state] || c.state));
    const facts = el("p", {}, t("Familie ", "Family ") + c.family_id + ", " + (ageText[c.age_group] || "") +
      (d.hardship ? t(", Härtefall", ", hardship case") : "") +
      (c.state === "offer" ? t(". Antwort bis ", ". Answer by ") + day(c.deadline) : "") + ".");
    const list = el("ol", {}, ...d.choices.map((x) => el("li", {}, x.daycare_name + " (" + x.daycare_id + ", " +
      (careText[x.care] || x.care) + t(", ab ", ", from ") + x.start + "): " + (choiceText[x.state] || x.state))));
    const parts = [head, facts, el("p", {}, t("Wünsche der Familie, der erste zuerst:", "The family's wishes, first first:")), list];
    if (c.state === "offer") {
      parts.push(el("p", {}, el("a", { href: api("/letters/" + encodeURIComponent(c.family_id)), target: "_blank", rel: "noopener" },
        t("Brief an die Familie (Leichte Sprache, zum Drucken)", "Letter to the family (easy language, printable)"))));
    }
    $("detail").replaceChildren(...parts);
    $("answer-child").value = c.child_id;
    $("detail").focus();
  }

  function downloads() {
    const files = [["offers.csv", t("Offene Angebote", "Open offers")], ["contracts.csv", t("Verträge", "Contracts")],
      ["waitlist.csv", t("Wartelisten je Kita", "Waiting lists per Kita")], ["unplaced.csv", t("Kinder ohne Angebot", "Children without an offer")],
      ["events.csv", t("Protokoll aller Änderungen", "Log of every change")]];
    $("downloads").replaceChildren(...files.map(([f, label]) => el("li", {}, el("a", { href: api("/export/" + f), download: season + "-" + f }, label + " (" + f + ")"))));
  }

  async function post(path, form, working, ok) {
    busy(working);
    const r = await call(api(path), { method: "POST", body: form });
    if (!r.ok) return fail(r);
    const body = await r.json();
    await refresh();
    done(ok(body));
    return body;
  }

  $("open-form").addEventListener("submit", (e) => { e.preventDefault(); open($("season-name").value.trim()); });
  $("create-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const name = $("season-name").value.trim();
    if (!name || !$("season-name").checkValidity()) { $("season-name").reportValidity(); return; }
    season = name;
    busy(t("Saison wird angelegt …", "Creating the season …"));
    const r = await call(api(""), { method: "POST", body: new FormData(e.target) });
    if (!r.ok) return fail(r);
    const rep = await r.json();
    await seasons();
    await open(name);
    done(t("Saison angelegt: ", "Season created: ") + number(rep.children, 0) + t(" Kinder, ", " children, ") + number(rep.seats, 0) + t(" Plätze.", " seats."));
  });
  $("round-form").addEventListener("submit", (e) => {
    e.preventDefault();
    post("/round", new FormData(e.target), t("Runde läuft …", "Running the round …"), (r) =>
      t("Runde ", "Round ") + r.round + ": " + r.new + t(" neue Angebote, ", " new offers, ") + r.upgraded + t(" bessere, ", " better, ") +
      r.kept + t(" bleiben, ", " kept, ") + r.lapsed + t(" verfallen; ", " lapsed; ") + r.unplaced + t(" Kinder ohne Angebot.", " children without an offer."));
  });
  $("answer-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const id = $("answer-child").value.trim();
    post("/respond", new FormData(e.target), t("Wird gespeichert …", "Saving …"), () =>
      t("Antwort für ", "Answer for ") + id + t(" gespeichert.", " saved.")).then((r) => { if (r) detail(id); });
  });
  $("answers-form").addEventListener("submit", (e) => {
    e.preventDefault();
    post("/respond", new FormData(e.target), t("Datei wird übernommen …", "Importing the file …"), (r) =>
      r.accepted + t(" Zusagen, ", " acceptances, ") + r.declined + t(" Absagen, ", " declines, ") + r.withdrawn + t(" Abmeldungen gespeichert.", " withdrawals saved."));
  });
  $("add-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = new FormData();
    for (const [field, api_name] of [["add-children", "children"], ["add-preferences", "preferences"], ["add-seats", "seats"]]) {
      const file = $(field).files[0];
      if (file) f.append(api_name, file, file.name);
    }
    post("/add", f, t("Wird übernommen …", "Adding …"), (r) =>
      r.children + t(" Kinder nachgemeldet, ", " late applicants, ") + r.programs + t(" neue Angebote, ", " new programs, ") + r.seat_changes + t(" Platzzahlen geändert.", " seat changes."));
  });
  $("filter-form").addEventListener("submit", (e) => { e.preventDefault(); offset = 0; children(); });
  $("page-prev").addEventListener("click", () => { offset = Math.max(0, offset - PAGE); children(); });
  $("page-next").addEventListener("click", () => { offset += PAGE; children(); });
  $("verify").addEventListener("click", async () => {
    busy(t("Alle Runden werden nachgerechnet …", "Recomputing every round …"));
    const r = await call(api("/verify"), { method: "GET" });
    if (!r.ok) return fail(r);
    const v = await r.json();
    done(t("In Ordnung: ", "All correct: ") + number(v.events, 0) + t(" Änderungen, ", " changes, ") + v.rounds + t(" Runden nachgerechnet, Regeln geprüft.", " rounds recomputed, rules checked."));
  });

  seasons().then(() => { if (season) open(season); });
})();
