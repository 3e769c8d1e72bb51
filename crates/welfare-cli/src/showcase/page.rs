//! The showcase page: one self-contained HTML file (inline CSS and SVG, no scripts, no external
//! resources), readable by a welfare board member and printable.

use std::fmt::Write as _;

use welfare_report::{Axis, Lang, Provenance, Series, grouped_bar_chart};

/// One section of the report (one prototype, or the shipped data).
pub struct Section {
    pub id: &'static str,
    pub title: String,
    /// HTML body (already escaped).
    pub html: String,
}

/// Escapes text for HTML (the report layer's escaping).
pub fn esc(text: &str) -> String {
    welfare_report::escape(text).into_owned()
}

/// Grouped horizontal bars: `series` are (label, colour, one value per category); a legend
/// only when there are several series.
pub fn bar_chart(title: &str, categories: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    grouped(title, categories, series, count_axis(series))
}

/// [`bar_chart`] of shares in 0–1, shown as percentages on a 0–100 % axis.
pub fn share_chart(
    title: &str,
    categories: &[String],
    series: &[(&str, &str, Vec<f64>)],
) -> String {
    grouped(title, categories, series, Axis::share())
}

fn grouped(
    title: &str,
    categories: &[String],
    series: &[(&str, &str, Vec<f64>)],
    axis: Axis,
) -> String {
    let series: Vec<Series> = series
        .iter()
        .map(|(name, colour, values)| Series {
            name: (*name).to_owned(),
            colour: (*colour).to_owned(),
            values: values.iter().copied().map(Some).collect(),
        })
        .collect();
    grouped_bar_chart(title, categories, &series, axis, Lang::En)
}

/// The largest value of the series, for a count axis.
fn count_axis(series: &[(&str, &str, Vec<f64>)]) -> Axis {
    Axis::count(
        series
            .iter()
            .flat_map(|(_, _, v)| v.iter().copied())
            .fold(0.0, f64::max),
    )
}

/// A simple HTML table of text cells.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    welfare_report::text_table(header, rows)
}

/// The whole page.
pub fn render(sections: &[Section]) -> String {
    let mut h = String::new();
    h.push_str(
        "<p>Every prototype of the suite, run on the data shipped with it. Each section says \
         what the numbers mean; the full reports are linked. Every figure can be reproduced with \
         <code>welfare showcase</code>.</p><nav>",
    );
    for s in sections {
        let _ = write!(h, "<a href=\"#{}\">{}</a> ", s.id, esc(&s.title));
    }
    h.push_str("</nav>");
    for s in sections {
        let _ = write!(
            h,
            "<section id=\"{}\"><h2>{}</h2>{}</section>",
            s.id,
            esc(&s.title),
            s.html
        );
    }
    // no date: two runs of the showcase give the same page
    let provenance = Provenance::new("welfare showcase", env!("CARGO_PKG_VERSION"))
        .input("the datasets shipped in datasets/ and seeded synthetic data");
    welfare_report::page_with_style(
        Lang::En,
        "welfare-algorithms: showcase",
        Some(&provenance),
        "nav a{margin-right:1rem}",
        &h,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_scales_bars() {
        assert_eq!(esc("<a & 'b'>"), "&lt;a &amp; &#x27;b&#x27;&gt;");
        let series = [("s", "#000", vec![2.0, 1.0])];
        let html = bar_chart("t", &["x".into(), "y".into()], &series);
        assert!(
            html.contains("width:100.00%"),
            "largest bar spans the width: {html}"
        );
        assert!(
            html.contains("width:50.00%"),
            "half value, half width: {html}"
        );
        assert!(!html.contains("legend"), "one series, no legend");
    }
}
