//! Any UTF-8 text: the splitter and tokenizer give ordered spans on character boundaries.
#![no_main]

use easy_language::text::sentences;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let mut last = 0;
    for s in sentences(text) {
        assert!(last <= s.start && s.start < s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        for w in &s.words {
            assert!(s.start <= w.start && w.end <= s.end);
            for &(a, b) in w.parts() {
                assert!(w.start <= a && a < b && b <= w.end);
                assert!(text.is_char_boundary(a) && text.is_char_boundary(b));
            }
        }
        last = s.end;
    }
});
