//! The pages: server-rendered HTML with small vanilla scripts and a stylesheet, all embedded in
//! the binary and served from this origin (no CDN, no inline script, so the CSP can stay
//! `default-src 'self'`). German first; `?lang=en` switches to English.

use std::sync::Arc;

use axum::Router;
use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use welfare_report::Lang;

use crate::AppState;

const PAGE_CSS: &str = include_str!("../assets/app.css");
const COMMON_JS: &str = include_str!("../assets/common.js");
const TEXT_JS: &str = include_str!("../assets/text.js");
const FORMS_JS: &str = include_str!("../assets/forms.js");
const SEASON_JS: &str = include_str!("../assets/season.js");
/// The tab icon: a "w" in the pages' accent colour (no 404 in the browser's console).
const FAVICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\"><rect width=\"32\" height=\"32\" rx=\"6\" fill=\"#1f4e79\"/><text x=\"16\" y=\"23\" font-family=\"sans-serif\" font-size=\"20\" font-weight=\"700\" fill=\"#fff\" text-anchor=\"middle\">w</text></svg>";

/// `?lang=en`.
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// The page's language: German unless `?lang=en` (the report layer's one `Lang`).
fn lang_of(q: &LangQuery) -> Lang {
    if q.lang.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::De
    }
}

fn asset(body: &'static str, content_type: &'static str) -> Response {
    let mut r = body.into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

async fn css() -> Response {
    let mut r = format!("{}\n{}", welfare_report::STYLE, PAGE_CSS).into_response();
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/css; charset=utf-8"),
    );
    r
}

/// The frame of every page: navigation, the language switch, the token prompt.
fn frame(lang: Lang, path: &str, title: &str, body: &str, scripts: &[&str]) -> Html<String> {
    let nav: Vec<String> = [
        ("/text", lang.pick("Leichte Sprache", "Easy language")),
        ("/daycare", lang.pick("Kita-Plätze", "Kita places")),
        ("/season", lang.pick("Kita-Saison", "Kita season")),
        ("/audit", lang.pick("Fairness-Prüfung", "Fairness audit")),
        (
            "/triage",
            lang.pick("Schuldnerberatung", "Debt counselling"),
        ),
        ("/falls", lang.pick("Sturzerkennung", "Fall detection")),
    ]
    .iter()
    .map(|(href, label)| {
        let current = if *href == path {
            " aria-current=\"page\""
        } else {
            ""
        };
        let suffix = if lang == Lang::En { "?lang=en" } else { "" };
        format!("<a href=\"{href}{suffix}\"{current}>{label}</a>")
    })
    .collect();
    let (other, other_label) = if lang == Lang::De {
        (format!("{path}?lang=en"), "English")
    } else {
        (path.to_owned(), "Deutsch")
    };
    let scripts: String = std::iter::once("/assets/common.js")
        .chain(scripts.iter().copied())
        .map(|s| format!("<script src=\"{s}\" defer></script>"))
        .collect();
    Html(format!(
        "<!DOCTYPE html>\n<html lang=\"{code}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t} – welfare</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"/assets/app.css\">{scripts}</head>\
         <body data-lang=\"{code}\"><header class=\"top\"><a class=\"home\" href=\"/{home}\">welfare</a>\
         <nav aria-label=\"{navlabel}\">{nav}</nav><a class=\"lang\" href=\"{other}\" lang=\"{olang}\">{other_label}</a></header>\
         <main><h1>{t}</h1>{body}</main>\
         <dialog id=\"token-dialog\"><form method=\"dialog\" id=\"token-form\"><label for=\"token-input\">{tok}</label>\
         <input id=\"token-input\" type=\"password\" autocomplete=\"off\" required><button>{ok}</button></form></dialog>\
         <footer class=\"note\">{foot}</footer></body></html>\n",
        code = if lang == Lang::De { "de" } else { "en" },
        olang = if lang == Lang::De { "en" } else { "de" },
        t = welfare_report::escape(title),
        home = if lang == Lang::En { "?lang=en" } else { "" },
        navlabel = lang.pick("Werkzeuge", "Tools"),
        nav = nav.join(""),
        tok = lang.pick(
            "Dieser Server braucht ein Zugangs-Token. Bitte geben Sie es ein:",
            "This server needs an access token. Please enter it:"
        ),
        ok = lang.pick("Weiter", "Continue"),
        foot = lang.pick(
            "Alles wird auf diesem Rechner berechnet. Nichts wird gespeichert oder verschickt.",
            "Everything is computed on this machine. Nothing is stored or sent anywhere."
        ),
    ))
}

async fn index(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let suffix = if lang == Lang::En { "?lang=en" } else { "" };
    let tools = [
        (
            "/text",
            lang.pick("Leichte Sprache prüfen", "Check easy language"),
            lang.pick(
                "Text einfügen, Hinweise Regel für Regel durchgehen, Vorschläge übernehmen.",
                "Paste a text, step through the findings rule by rule, apply suggestions.",
            ),
        ),
        (
            "/daycare",
            lang.pick("Kita-Plätze vergeben", "Allocate Kita places"),
            lang.pick(
                "Drei CSV-Dateien hochladen, Verfahren wählen, Ergebnis und Begründung für jedes Kind.",
                "Upload three CSV files, choose a mechanism, read the result and each child's explanation.",
            ),
        ),
        (
            "/season",
            lang.pick("Kita-Saison führen", "Run a Kita season"),
            lang.pick(
                "Angebote in Runden mit Frist, Zusagen und Absagen, Nachmeldungen, Briefe an Familien – gespeichert in einer Datenbank.",
                "Offers in rounds with deadlines, acceptances and declines, late applicants, letters to families – kept in a database.",
            ),
        ),
        (
            "/audit",
            lang.pick("Entscheidungen auf Fairness prüfen", "Audit decisions for fairness"),
            lang.pick(
                "Tabelle hochladen, Spalten wählen, Bericht lesen und herunterladen.",
                "Upload a table, pick the columns, read and download the report.",
            ),
        ),
        (
            "/triage",
            lang.pick("Fälle der Schuldnerberatung ordnen", "Rank debt-counselling cases"),
            lang.pick(
                "Fall-Tabelle hochladen: Dringlichkeit, Vorschlag und Gründe je Fall.",
                "Upload a case table: urgency, suggested track and reasons per case.",
            ),
        ),
        (
            "/falls",
            lang.pick("Stürze in Sensordaten finden", "Find falls in sensor data"),
            lang.pick(
                "Aufzeichnung hochladen: erkannte Stürze mit Zeitpunkt.",
                "Upload a recording: detected falls with their time.",
            ),
        ),
    ];
    let cards: String = tools
        .iter()
        .map(|(href, title, text)| {
            format!("<li><a href=\"{href}{suffix}\"><b>{title}</b></a><br>{text}</li>")
        })
        .collect();
    frame(
        lang,
        "/",
        lang.pick(
            "Werkzeuge für die Wohlfahrtspflege",
            "Tools for welfare organisations",
        ),
        &format!("<ul class=\"tools\">{cards}</ul>"),
        &[],
    )
}

async fn text(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let body = format!(
        "<div class=\"editor\">\
         <section class=\"pane\"><div class=\"controls\">\
         <label for=\"profile\">{profile}</label> <select id=\"profile\">\
         <option value=\"netzwerk\">Netzwerk Leichte Sprache</option>\
         <option value=\"hildesheim\">Hildesheim (Bredel &amp; Maaß)</option>\
         <option value=\"bitv\">BITV 2.0</option></select>\
         <label for=\"severity\">{sev}</label> <select id=\"severity\"><option value=\"\">{all}</option>\
         <option value=\"error\">{err}</option><option value=\"warning\">{warn}</option><option value=\"info\">{info}</option></select>\
         <label for=\"rule\">{rule}</label> <select id=\"rule\"><option value=\"\">{all}</option></select>\
         <label for=\"glossary\" title=\"{glossary_help}\">{glossary}</label> \
         <input type=\"file\" id=\"glossary\" accept=\".csv,text/csv,text/plain\" title=\"{glossary_help}\"> \
         <span id=\"glossary-state\" class=\"note\"></span>\
         </div>\
         <label for=\"input\" class=\"sr\">{textlabel}</label>\
         <textarea id=\"input\" rows=\"12\" spellcheck=\"true\" placeholder=\"{ph}\"></textarea>\
         <div id=\"marked\" class=\"text\" aria-live=\"polite\"></div>\
         <p id=\"scores\" class=\"note\"></p></section>\
         <aside class=\"pane\" aria-label=\"{findings}\"><div class=\"controls\">\
         <button id=\"prev\" type=\"button\">← {prev}</button> <span id=\"position\"></span> \
         <button id=\"next\" type=\"button\">{next} →</button> \
         <button id=\"download\" type=\"button\">{download}</button></div>\
         <div id=\"finding\" class=\"finding\"></div><p id=\"status\" class=\"note\" role=\"status\"></p>\
         <details><summary>{formulas}</summary><p class=\"note\">{formulas_text}</p></details>\
         <p class=\"note\"><a href=\"/text/regeln{langq}\">{all_rules}</a></p></aside></div>\
         <script type=\"application/json\" id=\"rules\">{rules}</script>",
        rules = serde_json::to_string(&easy_language::RULES[..])
            .unwrap_or_else(|_| "[]".into())
            .replace("</", "<\\/"),
        profile = lang.pick("Regelwerk", "Rule book"),
        langq = if lang == Lang::En { "?lang=en" } else { "" },
        all_rules = lang.pick(
            "Alle Regeln mit Erklärung – und wie Sie den Prüfer in LibreOffice, Word oder Ihrem Browser nutzen",
            "All rules explained – and how to use the checker in LibreOffice, Word or your browser"
        ),
        sev = lang.pick("Stufe", "Severity"),
        all = lang.pick("alle", "all"),
        err = lang.pick("Fehler", "error"),
        warn = lang.pick("Warnung", "warning"),
        info = lang.pick("Hinweis", "info"),
        rule = lang.pick("Regel", "Rule"),
        glossary = lang.pick("Glossar (CSV)", "Glossary (CSV)"),
        glossary_help = lang.pick(
            "Ihre Wort-Liste: Spalten word, explanation, preferred (auch aus Excel gespeichert). Wörter aus dem Glossar gelten nicht als schwer.",
            "Your terminology list: columns word, explanation, preferred (also saved by Excel). Glossary words do not count as difficult."
        ),
        textlabel = lang.pick("Ihr Text", "Your text"),
        ph = lang.pick(
            "Fügen Sie hier Ihren Text ein. Die Prüfung startet beim Tippen.",
            "Paste your text here. The check runs as you type."
        ),
        findings = lang.pick("Hinweise", "Findings"),
        prev = lang.pick("Vorheriger", "Previous"),
        next = lang.pick("Nächster", "Next"),
        download = lang.pick("Bericht herunterladen", "Download report"),
        formulas = lang.pick("Was die Werte bedeuten", "What the scores mean"),
        formulas_text = lang.pick(
            "Komplexität: 1 (leicht) bis 7 (schwer), gelernt aus Bewertungen von Menschen (TextComplexityDE). Flesch-Lesbarkeit (Amstad): 0–100, höher ist leichter. Wiener Sachtextformel 1: eine Schulklasse (4–15). Aussagen: geschätzte Zahl der Aussagen je Satz; Leichte Sprache will 1.",
            "Complexity: 1 (easy) to 7 (hard), learnt from human ratings (TextComplexityDE). Flesch reading ease (Amstad): 0–100, higher is easier. Wiener Sachtextformel 1: a school grade (4–15). Statements: the estimated statements per sentence; easy language wants 1."
        ),
    );
    frame(
        lang,
        "/text",
        lang.pick("Leichte Sprache prüfen", "Check easy language"),
        &body,
        &["/assets/text.js"],
    )
}

/// `/text/regeln`: every rule with its explanation, one anchor per rule id (the `urls` of the
/// LanguageTool protocol's matches point here, so an editor links a finding to its rule).
async fn rules(Query(q): Query<LangQuery>, headers: axum::http::HeaderMap) -> Html<String> {
    let lang = lang_of(&q);
    // the address the reader used, for the editors' settings (only a plain host:port)
    let host = crate::request_host(&headers).unwrap_or("127.0.0.1:8080");
    let editors = [
        (
            "LibreOffice Writer",
            lang.pick(
                "Extras ▸ Optionen ▸ Spracheinstellungen ▸ LanguageTool-Server (in neueren Versionen unter „Sprachen und Gebietsschemata“); einschalten",
                "Tools ▸ Options ▸ Languages and Locales ▸ Writing Aids ▸ LanguageTool Server (older versions: Language Settings ▸ LanguageTool Server); enable it",
            ),
            format!("http://{host}/v2"),
        ),
        (
            lang.pick("LanguageTool im Browser", "LanguageTool browser extension"),
            lang.pick(
                "Einstellungen der Erweiterung ▸ Experimentelle Einstellungen ▸ LanguageTool-Server",
                "the extension's settings ▸ Experimental settings ▸ LanguageTool server",
            ),
            format!("http://{host}/v2"),
        ),
        (
            "Microsoft Word (LanguageTool add-in)",
            lang.pick("Einstellungen ▸ Server-Adresse", "settings ▸ server URL"),
            format!("http://{host}/v2"),
        ),
        (
            "VS Code, Neovim, Emacs (LTeX)",
            "ltex.languageToolHttpServerUri",
            format!("http://{host}"),
        ),
        (
            "Obsidian (LanguageTool plugin)",
            "Endpoint",
            format!("http://{host}"),
        ),
    ];
    let editor_rows: String = editors
        .iter()
        .map(|(tool, place, url)| {
            format!(
                "<tr><th scope=\"row\">{}</th><td>{}</td><td><code>{}</code></td></tr>",
                welfare_report::escape(tool),
                welfare_report::escape(place),
                welfare_report::escape(url)
            )
        })
        .collect();
    let severity = |s: Option<easy_language::Severity>| match s {
        None => lang.pick("—", "—"),
        Some(easy_language::Severity::Info) => lang.pick("Hinweis", "info"),
        Some(easy_language::Severity::Warning) => lang.pick("Warnung", "warning"),
        Some(easy_language::Severity::Error) => lang.pick("Fehler", "error"),
    };
    let rows: String = easy_language::RULES
        .iter()
        .map(|r| {
            format!(
                "<tr id=\"{id}\"><th scope=\"row\">{title}<br><code>{id}</code></th><td>{expl}</td>\
                 <td>{cat}</td><td>{n}</td><td>{h}</td><td>{b}</td></tr>",
                id = r.id.as_str(),
                title = welfare_report::escape(r.title),
                expl = welfare_report::escape(r.explanation),
                cat = welfare_report::escape(r.id.category().name()),
                n = severity(r.severity[0]),
                h = severity(r.severity[1]),
                b = severity(r.severity[2]),
            )
        })
        .collect();
    let body = format!(
        "<h2>{editors_title}</h2><p>{editors_intro}</p><div class=\"table-wrap\"><table>\
         <caption class=\"sr\">{editors_title}</caption><thead><tr><th scope=\"col\">{tool}</th>\
         <th scope=\"col\">{place}</th><th scope=\"col\">{address}</th></tr></thead><tbody>{editor_rows}</tbody></table></div>\
         <h2>{rules_title}</h2><p>{intro}</p><div class=\"table-wrap\"><table><caption class=\"sr\">{caption}</caption>\
         <thead><tr><th scope=\"col\">{rule}</th><th scope=\"col\">{expl}</th><th scope=\"col\">{cat}</th>\
         <th scope=\"col\">Netzwerk</th><th scope=\"col\">Hildesheim</th><th scope=\"col\">BITV 2.0</th></tr></thead>\
         <tbody>{rows}</tbody></table></div>",
        intro = lang.pick(
            "Diese Regeln prüft der Leichte-Sprache-Prüfer. Die Spalten rechts sagen, wie streng jedes Regelwerk die Regel nimmt. Hinweise zeigt ein Schreibprogramm nur bei der Einstellung „picky“.",
            "These are the rules the easy-language checker applies. The columns on the right say how strictly each rule book takes the rule. Editors show hints only with the “picky” setting."
        ),
        caption = lang.pick("Regeln für Leichte Sprache", "Rules for easy language"),
        editors_title = lang.pick("In Ihrem Schreibprogramm", "In your editor"),
        editors_intro = lang.pick(
            "Der Prüfer arbeitet auch in Ihrem Schreibprogramm. Tragen Sie dort diese Adresse als LanguageTool-Server ein. Dann unterstreicht das Programm, was nicht Leichte Sprache ist. Ihr Text bleibt auf diesem Rechner.",
            "The checker also works in your editor. Enter this address as its LanguageTool server. The editor then underlines what is not easy language. Your text stays on this machine."
        ),
        tool = lang.pick("Programm", "Tool"),
        place = lang.pick("Wo", "Where"),
        address = lang.pick("Adresse", "Address"),
        rules_title = lang.pick("Die Regeln", "The rules"),
        rule = lang.pick("Regel", "Rule"),
        expl = lang.pick("Erklärung", "Explanation"),
        cat = lang.pick("Gruppe", "Family"),
    );
    frame(
        lang,
        "/text/regeln",
        lang.pick(
            "Die Regeln für Leichte Sprache",
            "The rules for easy language",
        ),
        &body,
        &[],
    )
}

/// A page with an upload form that posts to `endpoint` and shows the answer.
fn form_page(
    lang: Lang,
    path: &str,
    title: &str,
    intro: &str,
    fields: &str,
    endpoint: &str,
) -> Html<String> {
    let body = format!(
        "<p>{intro}</p><form class=\"upload\" data-endpoint=\"{endpoint}\" data-kind=\"{kind}\">{fields}\
         <p><button type=\"submit\">{run}</button></p></form>\
         <div id=\"error\" class=\"warn\" role=\"alert\" hidden></div><div id=\"result\" aria-live=\"polite\"></div>",
        kind = path.trim_start_matches('/'),
        run = lang.pick("Berechnen", "Run"),
    );
    frame(lang, path, title, &body, &["/assets/forms.js"])
}

fn file_field(name: &str, label: &str, accept: &str, required: bool) -> String {
    format!(
        "<p><label for=\"{name}\">{label}</label><br><input type=\"file\" id=\"{name}\" name=\"{name}\" accept=\"{accept}\"{}></p>",
        if required { " required" } else { "" }
    )
}

fn text_field(name: &str, label: &str, value: &str, required: bool) -> String {
    format!(
        "<p><label for=\"{name}\">{label}</label><br><input type=\"text\" id=\"{name}\" name=\"{name}\" value=\"{value}\"{}></p>",
        if required { " required" } else { "" }
    )
}

/// `/season`: a Kita season for staff — open or create a season, run rounds, record answers,
/// add late applicants, see free seats per Kita and every child's explanation.
async fn season(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let csv = ".csv,text/csv";
    let p = |de, en| lang.pick(de, en);
    let body = format!(
        "<p>{intro}</p>\
         <section aria-labelledby=\"h-open\"><h2 id=\"h-open\">{open}</h2>\
         <p id=\"storage\" class=\"note\"></p>\
         <form id=\"open-form\"><p><label for=\"season-name\">{name}</label><br>\
         <input id=\"season-name\" name=\"name\" list=\"season-list\" autocomplete=\"off\" required pattern=\"[A-Za-z0-9_-]{{1,64}}\" placeholder=\"kita-2027\">\
         <datalist id=\"season-list\"></datalist> <button type=\"submit\">{open_btn}</button></p></form>\
         <details id=\"create-box\"><summary>{create}</summary><form id=\"create-form\">{fd}{fc}{fp}{fs}\
         <p><label for=\"start\">{start}</label><br><input type=\"text\" id=\"start\" name=\"start\" placeholder=\"2027-08\"></p>\
         <p><label for=\"mechanism\">{mechanism}</label><br><select id=\"mechanism\" name=\"mechanism\">\
         <option value=\"deferred-acceptance\">{da}</option><option value=\"max-stable\">{ms}</option></select></p>\
         <p><input type=\"checkbox\" id=\"siblings_together\" name=\"siblings_together\" value=\"true\"> <label for=\"siblings_together\">{siblings}</label></p>\
         <p><label for=\"hardship_quota\">{quota}</label><br><input type=\"text\" inputmode=\"decimal\" id=\"hardship_quota\" name=\"hardship_quota\" placeholder=\"10 %\"></p>\
         <p><button type=\"submit\">{create_btn}</button></p></form></details></section>\
         <div id=\"work\" hidden>\
         <section aria-labelledby=\"h-overview\"><h2 id=\"h-overview\">{overview}</h2><p id=\"summary\"></p>\
         <div id=\"programs\" class=\"scroll\"></div></section>\
         <section aria-labelledby=\"h-round\"><h2 id=\"h-round\">{round}</h2><form id=\"round-form\">\
         <p><label for=\"deadline\">{deadline}</label><br><input type=\"date\" id=\"deadline\" name=\"deadline\"></p>\
         <p><button type=\"submit\">{round_btn}</button></p></form></section>\
         <section aria-labelledby=\"h-answer\"><h2 id=\"h-answer\">{answer}</h2><form id=\"answer-form\">\
         <p><label for=\"answer-child\">{child}</label><br><input id=\"answer-child\" name=\"child_id\" autocomplete=\"off\" required></p>\
         <p><label for=\"answer-decision\">{decision}</label><br><select id=\"answer-decision\" name=\"decision\">\
         <option value=\"accept\">{accept}</option><option value=\"decline\">{decline}</option>\
         <option value=\"withdraw\">{withdraw}</option></select></p>\
         <p><label for=\"answer-date\">{date}</label><br><input type=\"date\" id=\"answer-date\" name=\"date\"></p>\
         <p><button type=\"submit\">{save}</button></p></form>\
         <form id=\"answers-form\">{fr}<p><button type=\"submit\">{save_file}</button></p></form></section>\
         <section aria-labelledby=\"h-add\"><h2 id=\"h-add\">{add}</h2><form id=\"add-form\">{ac}{ap}{as}\
         <p><button type=\"submit\">{add_btn}</button></p></form></section>\
         <section aria-labelledby=\"h-children\"><h2 id=\"h-children\">{children}</h2>\
         <form id=\"filter-form\" class=\"controls\"><label for=\"filter-q\">{search}</label> \
         <input id=\"filter-q\" type=\"search\" autocomplete=\"off\"> \
         <label for=\"filter-state\">{state}</label> <select id=\"filter-state\"><option value=\"\">{all}</option>\
         <option value=\"offer\">{st_offer}</option><option value=\"contract\">{st_contract}</option>\
         <option value=\"unplaced\">{st_unplaced}</option><option value=\"withdrawn\">{st_withdrawn}</option></select> \
         <button type=\"submit\">{show}</button></form>\
         <div id=\"child-list\" class=\"scroll\"></div>\
         <p class=\"controls\"><button type=\"button\" id=\"page-prev\">← {prev}</button> <span id=\"page-info\"></span> \
         <button type=\"button\" id=\"page-next\">{next} →</button></p>\
         <div id=\"detail\" tabindex=\"-1\"></div></section>\
         <section aria-labelledby=\"h-files\"><h2 id=\"h-files\">{files}</h2><ul id=\"downloads\"></ul>\
         <p><button type=\"button\" id=\"verify\">{verify}</button></p></section></div>\
         <div class=\"bar\"><div id=\"error\" class=\"warn\" role=\"alert\" hidden></div>\
         <p id=\"status\" class=\"note\" role=\"status\" aria-live=\"polite\"></p></div>",
        intro = p(
            "Eine Saison ist eine Datenbank: alle Runden, Angebote, Antworten und Änderungen. Ein Vertrag (Zusage) ist endgültig. Ein Kind mit Angebot behält es oder bekommt ein besseres. Mehrere Mitarbeitende können gleichzeitig arbeiten.",
            "A season is one database: every round, offer, answer and change. A contract (acceptance) is final. A child with an offer keeps it or gets a better one. Several staff can work at once."
        ),
        open = p("Saison öffnen oder anlegen", "Open or create a season"),
        name = p("Name der Saison", "Season name"),
        open_btn = p("Öffnen", "Open"),
        create = p("Neue Saison anlegen", "Create a new season"),
        fd = file_field("daycares", "daycares.csv", csv, true),
        fc = file_field("children", "children.csv", csv, true),
        fp = file_field("preferences", "preferences.csv", csv, true),
        fs = file_field("seats", p("seats.csv (freiwillig: Plätze je Betreuungszeit und Beginn)", "seats.csv (optional: seats per care time and start)"), csv, false),
        start = p("Beginn der Plätze (Monat, z. B. 2027-08; leer = kommender August)", "Start of places (month, e.g. 2027-08; empty = the coming August)"),
        create_btn = p("Saison anlegen", "Create season"),
        mechanism = p("Verfahren jeder Runde", "Mechanism of every round"),
        da = p(
            "Deferred Acceptance (Angebote nach Vorrang, schnell; Geschwister über den Geschwisterbonus)",
            "Deferred acceptance (fast; siblings by the sibling priority)"
        ),
        ms = p(
            "Möglichst viele Kinder stabil platzieren (max-stable; langsamer)",
            "Place as many children as stability allows (max-stable; slower)"
        ),
        siblings = p(
            "Geschwister in dieselbe Kita (nur max-stable)",
            "Siblings at the same Kita (max-stable only)"
        ),
        quota = p(
            "Anteil der Plätze für Härtefälle (optional, nur max-stable, z. B. 10 %)",
            "Share of seats for hardship cases (optional, max-stable only, e.g. 10 %)"
        ),
        overview = p("Stand und freie Plätze", "Status and free seats"),
        round = p("Nächste Runde", "Next round"),
        deadline = p("Antwort bis (Frist der neuen Angebote)", "Answer by (deadline of the new offers)"),
        round_btn = p("Runde starten", "Run the round"),
        answer = p("Antworten der Familien", "Families' answers"),
        child = p("Kinder-Nummer (child_id)", "Child id"),
        decision = p("Antwort", "Answer"),
        accept = p("Zusage (Vertrag, endgültig)", "Accept (contract, final)"),
        decline = p("Absage", "Decline"),
        withdraw = p("Abmeldung aus dem Verfahren", "Withdraw from the season"),
        date = p("Datum der Antwort (freiwillig)", "Date of the answer (optional)"),
        save = p("Antwort speichern", "Save the answer"),
        fr = file_field("responses", p("Oder viele Antworten als Datei: child_id;decision;date", "Or many answers as a file: child_id,decision,date"), csv, true),
        save_file = p("Datei übernehmen", "Import the file"),
        add = p("Nachmeldungen und Plätze", "Late applicants and seats"),
        ac = file_field("add-children", p("Nachgemeldete Kinder (children.csv)", "Late applicants (children.csv)"), csv, false),
        ap = file_field("add-preferences", p("Ihre Wünsche (preferences.csv)", "Their preferences (preferences.csv)"), csv, false),
        as = file_field("add-seats", p("Geänderte Platzzahlen (seats.csv)", "Changed seat numbers (seats.csv)"), csv, false),
        add_btn = p("Übernehmen", "Add"),
        children = p("Kinder", "Children"),
        search = p("Suche (Kind oder Familie)", "Search (child or family)"),
        state = p("Stand", "Status"),
        all = p("alle", "all"),
        st_offer = p("mit Angebot", "with an offer"),
        st_contract = p("mit Vertrag", "with a contract"),
        st_unplaced = p("ohne Angebot", "without an offer"),
        st_withdrawn = p("abgemeldet", "withdrawn"),
        show = p("Anzeigen", "Show"),
        prev = p("Zurück", "Previous"),
        next = p("Weiter", "Next"),
        files = p("Dateien", "Files"),
        verify = p("Saison prüfen (alle Runden nachrechnen)", "Check the season (recompute every round)"),
    );
    frame(
        lang,
        "/season",
        p("Kita-Saison", "Kita season"),
        &body,
        &["/assets/season.js"],
    )
}

async fn daycare(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let csv = ".csv,text/csv";
    let fields = format!(
        "{}{}{}<p><label for=\"mechanism\">{}</label><br><select id=\"mechanism\" name=\"mechanism\">\
         <option value=\"deferred-acceptance\">{}</option><option value=\"welfare-optimal\">{}</option>\
         <option value=\"max-stable\">{}</option><option value=\"boston\">Boston</option>\
         <option value=\"first-come\">{}</option></select></p>\
         <p><input type=\"checkbox\" id=\"siblings_together\" name=\"siblings_together\" value=\"true\"> \
         <label for=\"siblings_together\">{}</label></p>{}",
        file_field("daycares", "daycares.csv", csv, true),
        file_field("children", "children.csv", csv, true),
        file_field("preferences", "preferences.csv", csv, true),
        lang.pick("Verfahren", "Mechanism"),
        lang.pick(
            "Zurückgestellte Annahme (stabil, niemand wird übergangen)",
            "Deferred acceptance (stable, nobody passed over)"
        ),
        lang.pick(
            "Die meisten Kinder platzieren (ohne Vorrang)",
            "Place the most children (ignores priorities)"
        ),
        lang.pick("Größte stabile Zuteilung", "Largest stable allocation"),
        lang.pick("Nach Losnummer", "By lottery number"),
        lang.pick("Geschwister in dieselbe Kita", "Siblings to the same Kita"),
        text_field(
            "hardship_quota",
            lang.pick(
                "Härtefall-Quote (0–1, leer = keine)",
                "Hardship quota (0–1, empty = none)"
            ),
            "",
            false
        ),
    );
    form_page(
        lang,
        "/daycare",
        lang.pick("Kita-Plätze vergeben", "Allocate Kita places"),
        lang.pick(
            "Laden Sie die drei Dateien einer Vergaberunde hoch (CSV, auch aus Excel gespeichert). Danach können Sie für jedes Kind nachlesen, warum es diesen Platz oder keinen bekommen hat.",
            "Upload the three files of an allocation round (CSV, also as saved by Excel). Then you can read for each child why it got this seat or none.",
        ),
        &fields,
        "/api/daycare/allocate",
    )
}

async fn audit(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let fields = format!(
        "{}{}{}{}{}{}{}",
        file_field(
            "file",
            lang.pick("Tabelle (CSV oder Parquet)", "Table (CSV or Parquet)"),
            ".csv,.parquet,text/csv",
            true
        ),
        text_field(
            "y_true",
            lang.pick(
                "Spalte mit der Wahrheit (0/1)",
                "Column with the truth (0/1)"
            ),
            "y_true",
            true
        ),
        text_field(
            "y_pred",
            lang.pick(
                "Spalte mit der Entscheidung (0/1)",
                "Column with the decision (0/1)"
            ),
            "y_pred",
            true
        ),
        text_field(
            "y_score",
            lang.pick(
                "Spalte mit dem Score (optional)",
                "Column with the score (optional)"
            ),
            "",
            false
        ),
        text_field(
            "sensitive",
            lang.pick(
                "Gruppen-Spalten (mit Komma getrennt)",
                "Group columns (comma-separated)"
            ),
            "",
            true
        ),
        text_field(
            "privileged",
            lang.pick(
                "Bevorzugte Gruppe (optional, z. B. sex=male)",
                "Privileged group (optional, e.g. sex=male)"
            ),
            "",
            false
        ),
        text_field(
            "bootstrap",
            lang.pick(
                "Bootstrap-Stichproben für Intervalle (optional, z. B. 1000)",
                "Bootstrap resamples for intervals (optional, e.g. 1000)"
            ),
            "",
            false
        ),
    );
    // the disparities in words, from the report layer (the page renders the audit's JSON):
    // data, not a script
    let terms = serde_json::to_string(&fairness_audit::report::disparity_terms(lang))
        .expect("plain strings serialise")
        .replace('<', "\\u003c");
    let fields = format!("{fields}<script type=\"application/json\" id=\"terms\">{terms}</script>");
    form_page(
        lang,
        "/audit",
        lang.pick("Entscheidungen auf Fairness prüfen", "Audit decisions for fairness"),
        lang.pick(
            "Die Zahlen sind dieselben wie bei fairlearn, AIF360 und Aequitas. Nach dem Hochladen erscheinen die Spalten der Datei zur Auswahl.",
            "The numbers are those of fairlearn, AIF360 and Aequitas. After choosing a file its columns are offered.",
        ),
        &fields,
        "/api/audit",
    )
}

/// The form for one case: every intake column of the case schema, categories as choices.
fn one_case_form(lang: Lang) -> String {
    use debt_triage::case::{
        Account, Employment, Energy, Enforcement, Eviction, HouseholdType, Nationality, Referral,
        Sex, Trigger,
    };
    // each level in staff's words (German) or readable (English); the value stays the file's
    // code. No default (""): the field must be chosen (nothing is assumed for the person)
    let choice = |name: &str, label: &str, levels: &[&str], labels_de: &[&str], default: &str| {
        let mut options = String::new();
        if default.is_empty() {
            options.push_str(&format!(
                "<option value=\"\" selected>{}</option>",
                lang.pick("– bitte wählen –", "– please choose –")
            ));
        }
        for (l, de) in levels.iter().zip(labels_de) {
            let selected = if *l == default { " selected" } else { "" };
            let shown = match lang {
                Lang::De => (*de).to_owned(),
                Lang::En => l.replace('_', " "),
            };
            options.push_str(&format!("<option value=\"{l}\"{selected}>{shown}</option>"));
        }
        let required = if default.is_empty() { " required" } else { "" };
        format!(
            "<p><label for=\"one-{name}\">{label}</label><br><select id=\"one-{name}\" name=\"{name}\"{required}>{options}</select></p>"
        )
    };
    let number = |name: &str, label: &str, value: &str| {
        format!(
            "<p><label for=\"one-{name}\">{label}</label><br><input type=\"text\" inputmode=\"decimal\" id=\"one-{name}\" name=\"{name}\" value=\"{value}\"></p>"
        )
    };
    let flag = |name: &str, label: &str| {
        format!(
            "<p><input type=\"checkbox\" id=\"one-{name}\" name=\"{name}\" value=\"1\"> <label for=\"one-{name}\">{label}</label></p>"
        )
    };
    let l = |de: &'static str, en: &'static str| lang.pick(de, en);
    let mut h = String::from("<div class=\"grid-form\">");
    h.push_str(&number("age", l("Alter", "Age"), "40"));
    h.push_str(&choice(
        "sex",
        l("Geschlecht", "Sex"),
        Sex::LEVELS,
        Sex::LABELS_DE,
        "f",
    ));
    h.push_str(&choice(
        "nationality_group",
        l(
            "Staatsangehörigkeit (nur für die Fairness-Prüfung)",
            "Nationality (fairness audit only)",
        ),
        Nationality::LEVELS,
        Nationality::LABELS_DE,
        Nationality::LEVELS[0],
    ));
    h.push_str(&flag(
        "language_support",
        l("braucht Sprachunterstützung", "needs language support"),
    ));
    h.push_str(&choice(
        "household_type",
        l("Haushalt", "Household"),
        HouseholdType::LEVELS,
        HouseholdType::LABELS_DE,
        HouseholdType::LEVELS[0],
    ));
    h.push_str(&number(
        "household_size",
        l("Personen im Haushalt", "People in the household"),
        "1",
    ));
    h.push_str(&number("children", l("Kinder", "Children"), "0"));
    h.push_str(&choice(
        "employment",
        l("Erwerbsstatus", "Employment"),
        Employment::LEVELS,
        Employment::LABELS_DE,
        Employment::LEVELS[0],
    ));
    h.push_str(&number(
        "own_income_eur",
        l("eigenes Einkommen (€ / Monat)", "own income (€ / month)"),
        "",
    ));
    h.push_str(&number(
        "household_income_eur",
        l(
            "Haushaltseinkommen (€ / Monat)",
            "household income (€ / month)",
        ),
        "",
    ));
    h.push_str(&number(
        "housing_cost_eur",
        l("Wohnkosten (€ / Monat)", "housing cost (€ / month)"),
        "",
    ));
    h.push_str(&choice(
        "main_trigger",
        l("Hauptauslöser", "Main trigger"),
        Trigger::LEVELS,
        Trigger::LABELS_DE,
        "",
    ));
    h.push_str(&flag(
        "addiction",
        l("Suchterkrankung bekannt", "known addiction"),
    ));
    h.push_str(&number(
        "total_debt_eur",
        l("Schulden gesamt (€)", "Total debt (€)"),
        "",
    ));
    h.push_str(&number(
        "creditors",
        l("Zahl der Gläubiger", "Number of creditors"),
        "1",
    ));
    for (name, de, en) in [
        ("cred_bank", "Gläubiger: Bank", "creditor: bank"),
        ("cred_public", "Gläubiger: Behörde", "creditor: public body"),
        (
            "cred_telecom",
            "Gläubiger: Telefon/Internet",
            "creditor: telecom",
        ),
        (
            "cred_mail_order",
            "Gläubiger: Versandhandel",
            "creditor: mail order",
        ),
        (
            "cred_energy",
            "Gläubiger: Energieversorger",
            "creditor: energy supplier",
        ),
        (
            "cred_landlord",
            "Gläubiger: Vermieter",
            "creditor: landlord",
        ),
    ] {
        h.push_str(&flag(name, lang.pick(de, en)));
    }
    h.push_str(&choice(
        "account_status",
        l("Konto", "Bank account"),
        Account::LEVELS,
        Account::LABELS_DE,
        Account::LEVELS[0],
    ));
    h.push_str(&choice(
        "eviction_stage",
        l("Räumung", "Eviction"),
        Eviction::LEVELS,
        Eviction::LABELS_DE,
        "none",
    ));
    h.push_str(&choice(
        "energy_stage",
        l("Energiesperre", "Energy cut-off"),
        Energy::LEVELS,
        Energy::LABELS_DE,
        "none",
    ));
    h.push_str(&choice(
        "enforcement_stage",
        l("Vollstreckung", "Enforcement"),
        Enforcement::LEVELS,
        Enforcement::LABELS_DE,
        "none",
    ));
    h.push_str(&flag(
        "wage_garnishment",
        l("Lohnpfändung", "wage garnishment"),
    ));
    h.push_str(&number(
        "deadline_days",
        l(
            "Tage bis zur nächsten Frist (leer = keine)",
            "Days to the next deadline (empty = none)",
        ),
        "",
    ));
    h.push_str(&flag(
        "health_crisis",
        l("gesundheitliche Krise", "health crisis"),
    ));
    h.push_str(&flag(
        "documents_complete",
        l("Unterlagen vollständig", "documents complete"),
    ));
    h.push_str(&choice(
        "referral",
        l("Zugang über", "Referred by"),
        Referral::LEVELS,
        Referral::LABELS_DE,
        Referral::LEVELS[0],
    ));
    h.push_str("</div>");
    h
}

async fn triage(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let fields = file_field(
        "cases",
        lang.pick("Fall-Tabelle (CSV)", "Case table (CSV)"),
        ".csv,text/csv",
        true,
    );
    let body = format!(
        "<p>{intro}</p><form class=\"upload\" data-endpoint=\"/api/triage/score\" data-kind=\"triage\">{fields}\
         <p><button type=\"submit\">{run}</button></p></form>\
         <details id=\"one-case\"><summary>{one}</summary><form id=\"one-case-form\">{form}\
         <p><button type=\"submit\">{run}</button></p></form></details>\
         <div id=\"error\" class=\"warn\" role=\"alert\" hidden></div><div id=\"result\" aria-live=\"polite\"></div>",
        intro = lang.pick(
            "Das Modell ordnet die Warteliste nach Dringlichkeit. Die Entscheidung trifft die Beraterin oder der Berater.",
            "The model orders the waiting list by urgency. The counsellor decides.",
        ),
        run = lang.pick("Berechnen", "Run"),
        one = lang.pick("Oder einen Fall im Formular eingeben", "Or fill in one case"),
        form = one_case_form(lang),
    );
    frame(
        lang,
        "/triage",
        lang.pick(
            "Fälle der Schuldnerberatung ordnen",
            "Rank debt-counselling cases",
        ),
        &body,
        &["/assets/forms.js"],
    )
}

async fn falls(Query(q): Query<LangQuery>) -> Html<String> {
    let lang = lang_of(&q);
    let fields = file_field(
        "signals",
        lang.pick(
            "Aufzeichnung (CSV oder CSV.gz)",
            "Recording (CSV or CSV.gz)",
        ),
        ".csv,.gz",
        true,
    );
    form_page(
        lang,
        "/falls",
        lang.pick("Stürze in Sensordaten finden", "Find falls in sensor data"),
        lang.pick(
            "Beschleunigung eines Sensors an der Hüfte, 50 Messungen pro Sekunde.",
            "Acceleration of a sensor at the waist, 50 samples per second.",
        ),
        &fields,
        "/api/falls/detect",
    )
}

/// The page routes and their assets.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/", get(index))
        .route("/text", get(text))
        .route("/text/regeln", get(rules))
        .route("/daycare", get(daycare))
        .route("/season", get(season))
        .route("/audit", get(audit))
        .route("/triage", get(triage))
        .route("/falls", get(falls))
        .route("/assets/app.css", get(css))
        .route(
            "/favicon.svg",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .route(
            "/favicon.ico",
            get(|| async { asset(FAVICON, "image/svg+xml") }),
        )
        .route(
            "/assets/common.js",
            get(|| async { asset(COMMON_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/text.js",
            get(|| async { asset(TEXT_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/season.js",
            get(|| async { asset(SEASON_JS, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/assets/forms.js",
            get(|| async { asset(FORMS_JS, "text/javascript; charset=utf-8") }),
        )
}
