//! Writes the benchmark's German text corpus (≥ 1 MB) to a file, for peer timings:
//! `cargo run --release -p benches --example text_corpus -- corpus.txt`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: text_corpus OUT.txt")?;
    let text = benches::german_text_corpus(1 << 20)?;
    std::fs::write(&path, &text)?;
    let words = easy_language::text::words(&text).len();
    println!("{path}: {} bytes, {words} words", text.len());
    Ok(())
}
