//! # welfare-report
//!
//! What every HTML page of the suite shares: escaping, one page frame with provenance, tables,
//! bar and line charts, and number formatting in German or English. Pages are self-contained
//! (inline CSS, no scripts, no external resources) and printable.
//!
//! ```
//! use welfare_report::{Axis, Bar, Lang, Provenance, bar_chart, escape, page, percent};
//!
//! assert_eq!(escape("<a href='x'>"), "&lt;a href=&#x27;x&#x27;&gt;");
//! assert_eq!(percent(0.975, 1, Lang::De), "97,5 %");
//! let chart = bar_chart(
//!     "Zusage-Quote nach Gruppe",
//!     &[Bar::new("Frauen", Some(0.62)), Bar::new("Männer", Some(0.71))],
//!     Axis::share(),
//!     Lang::De,
//! );
//! assert!(chart.contains("62,0 %"));
//! let provenance = Provenance::new("welfare audit", "0.1.0").source("predictions.csv", 1000);
//! let html = page(Lang::De, "Prüfung", Some(&provenance), &chart);
//! assert!(html.contains("predictions.csv") && html.starts_with("<!DOCTYPE html>"));
//! ```

#![warn(missing_docs)]

use std::borrow::Cow;
use std::fmt::Write as _;

/// Escapes text for HTML element content and quoted attributes (`&`, `<`, `>`, `"`, `'`).
pub fn escape(text: &str) -> Cow<'_, str> {
    html_escape::encode_quoted_attribute(text)
}

/// The language of a page: its words and its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// German: `1.234,5`, `97,5 %`.
    De,
    /// English: `1,234.5`, `97.5 %`.
    #[default]
    En,
}

impl Lang {
    /// The `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::De => "de",
            Lang::En => "en",
        }
    }

    /// The text in this language.
    pub fn pick(self, de: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::De => de,
            Lang::En => en,
        }
    }
}

/// `x` with `decimals` decimals and thousands separators in the page's language
/// (`number(1234.5, 1, Lang::De)` = `1.234,5`). Not finite: `–`.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let text = format!("{:.*}", decimals, x.abs());
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group, point) = match lang {
        Lang::De => ('.', ','),
        Lang::En => (',', '.'),
    };
    let mut out = String::new();
    // a value that rounds to zero is shown without a sign
    if x < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('−');
    }
    let digits = int.len();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (digits - i) % 3 == 0 && digits > 4 {
            out.push(group);
        }
        out.push(c);
    }
    if !frac.is_empty() {
        out.push(point);
        out.push_str(frac);
    }
    out
}

/// German month names, January first (dates written with the month as a word).
pub const GERMAN_MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

/// A date as German letters write it: `15. März 2027`.
pub fn german_date(year: i32, month: u32, day: u32) -> String {
    let name = GERMAN_MONTHS
        .get(month.wrapping_sub(1) as usize)
        .copied()
        .unwrap_or("?");
    format!("{day}. {name} {year}")
}

/// A share in 0–1 as a percentage (`percent(0.975, 1, Lang::De)` = `97,5 %`).
pub fn percent(share: f64, decimals: usize, lang: Lang) -> String {
    format!("{} %", number(100.0 * share, decimals, lang))
}

/// What a page was computed from, so that a printed copy can be traced.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provenance {
    /// The command or function that produced it (`welfare audit`).
    pub tool: String,
    /// The suite's version.
    pub version: String,
    /// Input files with their row counts (`None` where rows do not apply).
    pub sources: Vec<(String, Option<usize>)>,
    /// The columns used (for tables).
    pub columns: Vec<String>,
    /// Settings worth naming (`bootstrap 1,000, seed 42`).
    pub settings: Vec<String>,
    /// The date (`2026-12-01`); `None` for outputs that must not change from day to day.
    pub date: Option<String>,
}

impl Provenance {
    /// A provenance for `tool` at `version`.
    pub fn new(tool: impl Into<String>, version: impl Into<String>) -> Provenance {
        Provenance {
            tool: tool.into(),
            version: version.into(),
            ..Provenance::default()
        }
    }

    /// Adds an input file with its number of rows.
    pub fn source(mut self, file: impl Into<String>, rows: usize) -> Provenance {
        self.sources.push((file.into(), Some(rows)));
        self
    }

    /// Adds an input that has no rows (a text, a folder).
    pub fn input(mut self, what: impl Into<String>) -> Provenance {
        self.sources.push((what.into(), None));
        self
    }

    /// Names the columns used.
    pub fn columns(mut self, columns: impl IntoIterator<Item = impl Into<String>>) -> Provenance {
        self.columns = columns.into_iter().map(Into::into).collect();
        self
    }

    /// Adds a setting worth naming.
    pub fn setting(mut self, setting: impl Into<String>) -> Provenance {
        self.settings.push(setting.into());
        self
    }

    /// Sets the date.
    pub fn date(mut self, date: impl Into<String>) -> Provenance {
        self.date = Some(date.into());
        self
    }

    /// The provenance as one paragraph.
    pub fn html(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if !self.sources.is_empty() {
            let sources: Vec<String> = self
                .sources
                .iter()
                .map(|(f, rows)| match rows {
                    Some(n) => format!(
                        "<code>{}</code> ({} {})",
                        escape(f),
                        number(*n as f64, 0, lang),
                        lang.pick("Zeilen", "rows")
                    ),
                    None => escape(f).into_owned(),
                })
                .collect();
            parts.push(format!(
                "{} {}",
                lang.pick("Berechnet aus", "Computed from"),
                sources.join(", ")
            ));
        }
        if !self.columns.is_empty() {
            let cols: Vec<String> = self
                .columns
                .iter()
                .map(|c| format!("<code>{}</code>", escape(c)))
                .collect();
            parts.push(format!(
                "{} {}",
                lang.pick("Spalten", "columns"),
                cols.join(", ")
            ));
        }
        if !self.settings.is_empty() {
            parts.push(escape(&self.settings.join(", ")).into_owned());
        }
        let mut by = format!(
            "{} <code>{}</code> {} {}",
            lang.pick("mit", "by"),
            escape(&self.tool),
            lang.pick("Version", "version"),
            escape(&self.version)
        );
        if let Some(d) = &self.date {
            let _ = write!(by, ", {} {}", lang.pick("am", "on"), escape(d));
        }
        parts.push(by);
        format!(
            "<p class=\"provenance\">{}. {}</p>",
            parts.join("; "),
            lang.pick(
                "Alles wurde auf diesem Rechner berechnet; nichts wurde verschickt.",
                "Everything was computed on this machine; nothing was sent anywhere."
            )
        )
    }
}

/// The shared style: 16 px text, readable contrast, tables, charts, print.
pub const STYLE: &str = concat!(
    ":root{--ink:#1b1b1b;--muted:#4a4a4a;--accent:#1f5f85;--bar:#2a6f97;--warn:#9a6700;--bad:#b42318;--good:#1a7f37;--line:#c8c8c8}",
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:16px;max-width:64rem;margin:2rem auto;padding:0 1rem;color:var(--ink);line-height:1.5}",
    "h1{font-size:1.7rem;margin-bottom:.3rem}h2{font-size:1.35rem;border-bottom:2px solid var(--accent);padding-bottom:.2rem;margin-top:2.2rem}h3{font-size:1.1rem;margin-top:1.6rem}",
    ".wide{overflow-x:auto;max-width:100%}table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid var(--line);padding:.3rem .6rem;text-align:left;vertical-align:top}th{background:#eef4f8}",
    "td.num{text-align:right;font-variant-numeric:tabular-nums}",
    ".note,.provenance{color:var(--muted);font-size:.95rem}.provenance{border-left:4px solid var(--accent);padding:.2rem .8rem;background:#f5f8fa}",
    "code{font-size:.92em;background:#f1f1f1;padding:0 .2em;border-radius:3px}",
    "figure.chart{margin:1.2rem 0;max-width:46rem}figure.chart figcaption{font-weight:600;margin-bottom:.4rem}",
    ".bars{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr minmax(4.5rem,max-content);gap:.3rem .8rem;align-items:center}",
    ".bars .label{text-align:right}.track{position:relative;height:1.5rem;background:repeating-linear-gradient(90deg,transparent 0,transparent calc(25% - 1px),#e4e4e4 calc(25% - 1px),#e4e4e4 25%)}",
    ".fill{position:absolute;left:0;top:.2rem;height:1.1rem;border-radius:2px}",
    ".value{white-space:nowrap;font-variant-numeric:tabular-nums;text-align:right}.value .ci{color:var(--muted);font-size:.85rem;margin-left:.3rem}",
    ".whisker{position:absolute;top:.7rem;height:0;border-top:2px solid #222}.whisker::before,.whisker::after{content:'';position:absolute;top:-.45rem;height:.8rem;border-left:2px solid #222}.whisker::before{left:-1px}.whisker::after{right:-1px}",
    ".axis{display:flex;justify-content:space-between;font-size:.85rem;color:var(--muted);border-top:1px solid #888;padding-top:.1rem}",
    ".legend{display:flex;gap:1.2rem;font-size:.9rem;margin-top:.4rem}.swatch{display:inline-block;width:.9rem;height:.9rem;margin-right:.3rem;vertical-align:-.1rem;border-radius:2px}",
    "svg.line text{font-size:13px;fill:var(--ink)}",
    "dl.terms dt{font-weight:600;margin-top:.5rem}dl.terms dd{margin-left:1.2rem}",
    ".ok{color:var(--good);font-weight:600}.borderline{color:var(--warn);font-weight:600}.review{color:var(--bad);font-weight:600}",
    ".warn{background:#fff4e5;padding:.5rem 1rem;border-left:4px solid var(--warn)}",
    "@media print{body{margin:0;max-width:none}.track{background:none;border-bottom:1px solid #ddd}a{color:inherit}}"
);

/// A whole page: `<!DOCTYPE html>` to `</html>`, the title as `<h1>`, the provenance under it,
/// then `body` (already HTML). `extra_css` is appended to [`STYLE`].
pub fn page_with_style(
    lang: Lang,
    title: &str,
    provenance: Option<&Provenance>,
    extra_css: &str,
    body: &str,
) -> String {
    let mut h = String::with_capacity(body.len() + STYLE.len() + 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{t}</title><style>{STYLE}{extra_css}</style></head><body><h1>{t}</h1>",
        lang.code(),
        t = escape(title),
    );
    if let Some(p) = provenance {
        h.push_str(&p.html(lang));
    }
    h.push_str(body);
    h.push_str("</body></html>\n");
    h
}

/// [`page_with_style`] with the shared style only.
pub fn page(lang: Lang, title: &str, provenance: Option<&Provenance>, body: &str) -> String {
    page_with_style(lang, title, provenance, "", body)
}

/// A table cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// Text (escaped when rendered).
    Text(String),
    /// A number (escaped, right-aligned).
    Number(String),
    /// Markup that is already HTML.
    Html(String),
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

/// An HTML table; header texts are escaped, cells as their kind says.
pub fn table(header: &[&str], rows: &[Vec<Cell>]) -> String {
    // a wide table scrolls inside the page's column (focusable, so the keyboard can scroll it)
    let mut h = String::from("<div class=\"wide\" tabindex=\"0\"><table><thead><tr>");
    for c in header {
        let _ = write!(h, "<th scope=\"col\">{}</th>", escape(c));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        h.push_str("<tr>");
        for c in r {
            match c {
                Cell::Text(t) => {
                    let _ = write!(h, "<td>{}</td>", escape(t));
                }
                Cell::Number(t) => {
                    let _ = write!(h, "<td class=\"num\">{}</td>", escape(t));
                }
                Cell::Html(t) => {
                    let _ = write!(h, "<td>{t}</td>");
                }
            }
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table></div>");
    h
}

/// A table of plain-text cells.
pub fn text_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|r| r.iter().map(|c| Cell::Text(c.clone())).collect())
        .collect();
    table(header, &rows)
}

/// Terms and their explanations (`<dl>`), both escaped.
pub fn definitions(terms: &[(&str, &str)]) -> String {
    let mut h = String::from("<dl class=\"terms\">");
    for (t, d) in terms {
        let _ = write!(h, "<dt>{}</dt><dd>{}</dd>", escape(t), escape(d));
    }
    h.push_str("</dl>");
    h
}

/// The scale of a bar chart's x-axis.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Axis {
    /// The value at the right end (the left end is 0).
    pub max: f64,
    /// Values are shares in 0–1, shown as percentages.
    pub share: bool,
    /// Decimals of the value labels.
    pub decimals: usize,
}

impl Axis {
    /// Shares 0–100 %, one decimal.
    pub fn share() -> Axis {
        Axis {
            max: 1.0,
            share: true,
            decimals: 1,
        }
    }

    /// Counts from 0 to a round number at or above `max`.
    pub fn count(max: f64) -> Axis {
        Axis {
            max: nice_ceiling(max),
            share: false,
            decimals: 0,
        }
    }

    fn label(&self, v: f64, lang: Lang) -> String {
        if self.share {
            percent(v, self.decimals, lang)
        } else {
            number(v, self.decimals, lang)
        }
    }

    fn tick(&self, v: f64, lang: Lang) -> String {
        if self.share {
            percent(v, 0, lang)
        } else {
            number(v, 0, lang)
        }
    }
}

/// The smallest of 1, 2, 2.5, 5 × 10^k at or above `x` (at least 1).
fn nice_ceiling(x: f64) -> f64 {
    if !(x.is_finite() && x > 1.0) {
        return 1.0;
    }
    let p = 10f64.powf(x.log10().floor());
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if m * p >= x {
            return m * p;
        }
    }
    10.0 * p
}

/// One bar: a label, a value (`None`: undefined), an optional interval (a whisker).
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// What the bar stands for.
    pub label: String,
    /// Its value; `None` is shown as "undefined".
    pub value: Option<f64>,
    /// A confidence interval, drawn as a whisker.
    pub interval: Option<(f64, f64)>,
}

impl Bar {
    /// A bar without an interval.
    pub fn new(label: impl Into<String>, value: Option<f64>) -> Bar {
        Bar {
            label: label.into(),
            value,
            interval: None,
        }
    }

    /// The same bar with a whisker.
    pub fn with_interval(mut self, interval: Option<(f64, f64)>) -> Bar {
        self.interval = interval;
        self
    }
}

/// One series of a grouped bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend.
    pub name: String,
    /// CSS colour of its bars.
    pub colour: String,
    /// One value per category.
    pub values: Vec<Option<f64>>,
}

fn share_of(v: f64, axis: &Axis) -> f64 {
    (v / axis.max).clamp(0.0, 1.0) * 100.0
}

/// The track (bar and whisker) and the value cell of one bar.
fn bar_cells(
    value: Option<f64>,
    interval: Option<(f64, f64)>,
    colour: &str,
    axis: &Axis,
    lang: Lang,
) -> String {
    let mut h = String::from("<div class=\"track\">");
    if let Some(v) = value {
        let _ = write!(
            h,
            "<div class=\"fill\" style=\"width:{:.2}%;background:{colour}\"></div>",
            share_of(v, axis)
        );
    }
    if let Some((lo, hi)) = interval {
        let (a, b) = (share_of(lo, axis), share_of(hi, axis));
        let _ = write!(
            h,
            "<div class=\"whisker\" style=\"left:{a:.2}%;width:{:.2}%\"></div>",
            (b - a).max(0.0)
        );
    }
    h.push_str("</div><span class=\"value\">");
    match value {
        Some(v) => h.push_str(&escape(&axis.label(v, lang))),
        None => h.push_str(lang.pick("nicht definiert", "undefined")),
    }
    if let Some((lo, hi)) = interval {
        let _ = write!(
            h,
            "<span class=\"ci\">({} – {})</span>",
            escape(&axis.label(lo, lang)),
            escape(&axis.label(hi, lang))
        );
    }
    h.push_str("</span>");
    h
}

fn axis_row(axis: &Axis, lang: Lang) -> String {
    let mut h = String::from("<span></span><div class=\"axis\" aria-hidden=\"true\">");
    for k in 0..=4 {
        let _ = write!(
            h,
            "<span>{}</span>",
            axis.tick(axis.max * k as f64 / 4.0, lang)
        );
    }
    h.push_str("</div><span></span>");
    h
}

/// Horizontal bars with value labels, optional whiskers and an x-axis with ticks. The title is
/// a caption above the chart (it wraps; nothing is cut off).
pub fn bar_chart(title: &str, bars: &[Bar], axis: Axis, lang: Lang) -> String {
    let mut h = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption><div class=\"bars\">",
        escape(title)
    );
    for b in bars {
        let _ = write!(h, "<span class=\"label\">{}</span>", escape(&b.label));
        h.push_str(&bar_cells(b.value, b.interval, "var(--bar)", &axis, lang));
    }
    h.push_str(&axis_row(&axis, lang));
    h.push_str("</div></figure>");
    h
}

/// Bars per category for several series, with a legend (only when there is more than one
/// series).
pub fn grouped_bar_chart(
    title: &str,
    categories: &[String],
    series: &[Series],
    axis: Axis,
    lang: Lang,
) -> String {
    let mut h = format!(
        "<figure class=\"chart\"><figcaption>{}</figcaption><div class=\"bars\">",
        escape(title)
    );
    for (ci, cat) in categories.iter().enumerate() {
        for (si, s) in series.iter().enumerate() {
            let label = if si == 0 {
                escape(cat).into_owned()
            } else {
                String::new()
            };
            let _ = write!(h, "<span class=\"label\">{label}</span>");
            h.push_str(&bar_cells(
                s.values.get(ci).copied().flatten(),
                None,
                &s.colour,
                &axis,
                lang,
            ));
        }
    }
    h.push_str(&axis_row(&axis, lang));
    h.push_str("</div>");
    if series.len() > 1 {
        h.push_str("<div class=\"legend\">");
        for s in series {
            let _ = write!(
                h,
                "<span><span class=\"swatch\" style=\"background:{}\"></span>{}</span>",
                escape(&s.colour),
                escape(&s.name)
            );
        }
        h.push_str("</div>");
    }
    h.push_str("</figure>");
    h
}

/// A vertical marker on a line chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    /// Position on the x-axis.
    pub x: f64,
    /// Its label.
    pub label: String,
    /// CSS colour.
    pub colour: String,
}

/// A line chart as inline SVG (13 px text, x- and y-axis with ticks), the title as a caption.
/// `points` must be in increasing x; they are thinned to at most 2,000 for the drawing.
pub fn line_chart(
    title: &str,
    points: &[(f64, f64)],
    markers: &[Marker],
    x_label: &str,
    y_label: &str,
    lang: Lang,
) -> String {
    let (w, h, left, right, top, bottom) = (720.0, 240.0, 56.0, 16.0, 12.0, 40.0);
    let (pw, ph) = (w - left - right, h - top - bottom);
    let x_max = points.last().map_or(1.0, |p| p.0).max(1e-9);
    let x_min = points.first().map_or(0.0, |p| p.0).min(x_max);
    let y_max = nice_ceiling(points.iter().map(|p| p.1).fold(0.0, f64::max));
    let sx = |x: f64| left + pw * (x - x_min) / (x_max - x_min).max(1e-9);
    let sy = |y: f64| top + ph * (1.0 - (y / y_max).clamp(0.0, 1.0));
    let mut s = format!(
        "<figure class=\"chart\"><figcaption>{t}</figcaption><svg class=\"line\" role=\"img\" aria-label=\"{t}\" viewBox=\"0 0 {w} {h}\" width=\"100%\" xmlns=\"http://www.w3.org/2000/svg\">",
        t = escape(title)
    );
    // axes and ticks
    let _ = write!(
        s,
        "<path d=\"M{left} {top} V{yb} H{xr}\" stroke=\"#888\" fill=\"none\"/>",
        yb = top + ph,
        xr = left + pw
    );
    for k in 0..=4 {
        let y = y_max * k as f64 / 4.0;
        let y_decimals = if (y_max / 4.0).fract() == 0.0 { 0 } else { 1 };
        let _ = write!(
            s,
            "<text x=\"{x}\" y=\"{ty:.1}\" text-anchor=\"end\">{}</text><path d=\"M{left} {py:.1} H{xr}\" stroke=\"#eee\"/>",
            escape(&number(y, y_decimals, lang)),
            x = left - 6.0,
            ty = sy(y) + 4.0,
            py = sy(y),
            xr = left + pw
        );
        let x = x_min + (x_max - x_min) * k as f64 / 4.0;
        let _ = write!(
            s,
            "<text x=\"{px:.1}\" y=\"{ty}\" text-anchor=\"middle\">{}</text>",
            escape(&number(x, 1, lang)),
            px = sx(x),
            ty = top + ph + 18.0
        );
    }
    let _ = write!(
        s,
        "<text x=\"{x}\" y=\"{y}\" text-anchor=\"middle\">{}</text><text x=\"14\" y=\"{ym}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {ym})\">{}</text>",
        escape(x_label),
        escape(y_label),
        x = left + pw / 2.0,
        y = h - 4.0,
        ym = top + ph / 2.0
    );
    // the line, thinned by taking every k-th point (keeps extremes of each stride)
    let stride = points.len().div_ceil(2000).max(1);
    let mut d = String::new();
    for (i, chunk) in points.chunks(stride).enumerate() {
        let p = chunk
            .iter()
            .copied()
            .fold(chunk[0], |best, q| if q.1 > best.1 { q } else { best });
        let _ = write!(
            d,
            "{}{:.1} {:.1}",
            if i == 0 { "M" } else { " L" },
            sx(p.0),
            sy(p.1)
        );
    }
    let _ = write!(
        s,
        "<path d=\"{d}\" stroke=\"var(--bar)\" stroke-width=\"1.2\" fill=\"none\"/>"
    );
    for m in markers {
        let x = sx(m.x.clamp(x_min, x_max));
        let _ = write!(
            s,
            "<path d=\"M{x:.1} {top} V{yb}\" stroke=\"{c}\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/><text x=\"{tx:.1}\" y=\"{ty}\" fill=\"{c}\">{l}</text>",
            c = escape(&m.colour),
            yb = top + ph,
            tx = x + 4.0,
            ty = top + 14.0,
            l = escape(&m.label)
        );
    }
    s.push_str("</svg></figure>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<b a="1" b='2'>&</b>"#),
            "&lt;b a=&quot;1&quot; b=&#x27;2&#x27;&gt;&amp;&lt;/b&gt;"
        );
    }

    #[test]
    fn numbers_in_both_languages() {
        assert_eq!(number(0.5, 1, Lang::De), "0,5");
        assert_eq!(number(1234.5, 1, Lang::De), "1234,5");
        assert_eq!(number(12345.5, 1, Lang::De), "12.345,5");
        assert_eq!(number(1234567.0, 0, Lang::En), "1,234,567");
        assert_eq!(number(-0.004, 2, Lang::De), "0,00");
        assert_eq!(number(-2.5, 1, Lang::De), "−2,5");
        assert_eq!(number(f64::NAN, 1, Lang::De), "–");
        assert_eq!(percent(0.975, 1, Lang::De), "97,5 %");
        assert_eq!(percent(0.5, 0, Lang::En), "50 %");
    }

    #[test]
    fn bars_are_scaled_with_whiskers_and_an_axis() {
        let html = bar_chart(
            "a <title> that is long",
            &[
                Bar::new("x<y", Some(0.5)).with_interval(Some((0.25, 0.75))),
                Bar::new("z", None),
            ],
            Axis::share(),
            Lang::En,
        );
        assert!(html.contains("<figcaption>a &lt;title&gt; that is long</figcaption>"));
        assert!(html.contains("width:50.00%"), "{html}");
        assert!(html.contains("left:25.00%;width:50.00%"), "whisker: {html}");
        assert!(
            html.contains("50.0 %<span class=\"ci\">(25.0 % – 75.0 %)</span>"),
            "{html}"
        );
        assert!(html.contains("x&lt;y") && html.contains("undefined"));
        assert!(html.contains("<span>0 %</span>") && html.contains("<span>100 %</span>"));
        let counts = bar_chart(
            "n",
            &[Bar::new("a", Some(781.0))],
            Axis::count(781.0),
            Lang::De,
        );
        assert!(
            counts.contains("<span>1.000</span>") || counts.contains("<span>1000</span>"),
            "{counts}"
        );
        assert!(counts.contains("width:78.10%"), "{counts}");
    }

    #[test]
    fn legend_only_for_several_series() {
        let one = grouped_bar_chart(
            "t",
            &["a".into()],
            &[Series {
                name: "s".into(),
                colour: "#000".into(),
                values: vec![Some(1.0)],
            }],
            Axis::count(1.0),
            Lang::En,
        );
        assert!(!one.contains("legend"));
        let two = grouped_bar_chart(
            "t",
            &["a".into()],
            &[
                Series {
                    name: "s".into(),
                    colour: "#000".into(),
                    values: vec![Some(1.0)],
                },
                Series {
                    name: "u".into(),
                    colour: "#f00".into(),
                    values: vec![Some(0.5)],
                },
            ],
            Axis::count(1.0),
            Lang::En,
        );
        assert!(two.contains("legend") && two.contains("width:50.00%"));
    }

    #[test]
    fn nice_axis_ends() {
        assert_eq!(nice_ceiling(781.0), 1000.0);
        assert_eq!(nice_ceiling(230.0), 250.0);
        assert_eq!(nice_ceiling(0.3), 1.0);
        assert_eq!(nice_ceiling(16.0), 20.0);
    }

    #[test]
    fn page_has_provenance_and_escapes_the_title() {
        let p = Provenance::new("welfare audit", "0.1.0")
            .source("a&b.csv", 1000)
            .columns(["y_true", "sex"])
            .setting("seed 42")
            .date("2026-12-01");
        let html = page(Lang::De, "T<1>", Some(&p), "<p>x</p>");
        assert!(html.contains("<title>T&lt;1&gt;</title>"));
        assert!(
            html.contains("<code>a&amp;b.csv</code> (1000 Zeilen)"),
            "{html}"
        );
        assert!(html.contains("am 2026-12-01"));
        assert!(html.contains("lang=\"de\""));
    }

    #[test]
    fn line_chart_draws_axes_and_markers() {
        let pts: Vec<(f64, f64)> = (0..5000).map(|i| (i as f64 / 100.0, 1.0)).collect();
        let svg = line_chart(
            "signal",
            &pts,
            &[Marker {
                x: 10.0,
                label: "impact".into(),
                colour: "#d1495b".into(),
            }],
            "s",
            "g",
            Lang::En,
        );
        assert!(svg.contains(">impact<"));
        // thinned to at most 2,000 points
        assert!(svg.matches(" L").count() < 2001);
    }
}
