//! The showcase page: one self-contained HTML file (inline CSS and SVG, no scripts, no external
//! resources), readable by a welfare board member and printable.

use std::fmt::Write as _;

/// One section of the report (one prototype, or the shipped data).
pub struct Section {
    pub id: &'static str,
    pub title: String,
    /// HTML body (already escaped).
    pub html: String,
}

/// Escapes text for HTML.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A horizontal grouped bar chart as inline SVG. `series` are (label, colour, one value per
/// category).
pub fn bar_chart(title: &str, categories: &[String], series: &[(&str, &str, Vec<f64>)]) -> String {
    let max = series
        .iter()
        .flat_map(|(_, _, v)| v.iter().copied())
        .fold(0.0_f64, f64::max)
        .max(1e-9);
    let bar_h = 16.0;
    let group_h = bar_h * series.len() as f64 + 10.0;
    let (left, width) = (150.0, 360.0);
    let height = 36.0 + group_h * categories.len() as f64 + 24.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg role="img" aria-label="{t}" viewBox="0 0 {w} {height}" width="{w}" height="{height}" xmlns="http://www.w3.org/2000/svg"><title>{t}</title><text x="0" y="14" font-size="13" font-weight="bold">{t}</text>"#,
        t = esc(title),
        w = left + width + 90.0
    );
    for (ci, cat) in categories.iter().enumerate() {
        let y0 = 30.0 + ci as f64 * group_h;
        let _ = write!(
            svg,
            r#"<text x="{x}" y="{y}" text-anchor="end" font-size="12">{c}</text>"#,
            x = left - 8.0,
            y = y0 + group_h / 2.0,
            c = esc(cat)
        );
        for (si, (_, colour, values)) in series.iter().enumerate() {
            let v = values.get(ci).copied().unwrap_or(0.0);
            let y = y0 + si as f64 * bar_h;
            let w = width * v / max;
            let _ = write!(
                svg,
                r#"<rect x="{left}" y="{y}" width="{w:.1}" height="{h}" fill="{colour}"/><text x="{tx:.1}" y="{ty}" font-size="11">{v}</text>"#,
                h = bar_h - 2.0,
                tx = left + w + 4.0,
                ty = y + bar_h - 5.0,
                v = fmt_num(v)
            );
        }
    }
    let ly = height - 10.0;
    let mut lx = left;
    for (label, colour, _) in series {
        let _ = write!(
            svg,
            r#"<rect x="{lx}" y="{y}" width="10" height="10" fill="{colour}"/><text x="{tx}" y="{ty}" font-size="11">{l}</text>"#,
            y = ly - 9.0,
            tx = lx + 14.0,
            ty = ly,
            l = esc(label)
        );
        lx += 24.0 + 7.0 * label.len() as f64;
    }
    svg.push_str("</svg>");
    svg
}

fn fmt_num(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        format!("{v:.3}")
    }
}

/// A simple HTML table.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut h = String::from("<table><thead><tr>");
    for c in header {
        let _ = write!(h, "<th>{}</th>", esc(c));
    }
    h.push_str("</tr></thead><tbody>");
    for r in rows {
        h.push_str("<tr>");
        for c in r {
            let _ = write!(h, "<td>{}</td>", esc(c));
        }
        h.push_str("</tr>");
    }
    h.push_str("</tbody></table>");
    h
}

/// The whole page.
pub fn render(sections: &[Section]) -> String {
    let mut h = String::new();
    h.push_str(concat!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<title>welfare-algorithms showcase</title><style>",
        "body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b;line-height:1.45}",
        "h1{font-size:1.6rem}h2{border-bottom:2px solid #2a6f97;padding-bottom:.2rem;margin-top:2.2rem}",
        "table{border-collapse:collapse;margin:.8rem 0}td,th{border:1px solid #ccc;padding:.25rem .6rem;text-align:left}",
        "th{background:#eef4f8}.note{color:#555;font-size:.9rem}nav a{margin-right:1rem}",
        "</style></head><body>"
    ));
    h.push_str("<h1>welfare-algorithms: showcase</h1>");
    h.push_str(&format!(
        "<p class=\"note\">Version {}. Computed on this machine from the data shipped with the suite; \
         nothing was sent anywhere. Every figure can be reproduced with <code>welfare showcase</code>.</p>",
        env!("CARGO_PKG_VERSION")
    ));
    h.push_str("<nav>");
    for s in sections {
        let _ = write!(h, "<a href=\"#{}\">{}</a>", s.id, esc(&s.title));
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
    h.push_str("</body></html>\n");
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_scales_bars() {
        assert_eq!(esc("<a & 'b'>"), "&lt;a &amp; &#39;b&#39;&gt;");
        let svg = bar_chart(
            "t",
            &["x".into(), "y".into()],
            &[("s", "#000", vec![2.0, 1.0])],
        );
        assert!(
            svg.contains(r#"width="360.0""#),
            "largest bar spans the width: {svg}"
        );
        assert!(
            svg.contains(r#"width="180.0""#),
            "half value, half width: {svg}"
        );
    }
}
