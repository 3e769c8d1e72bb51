//! Any bytes: decode as a text file would be, then check under every profile. Must not panic;
//! every finding's span must lie on character boundaries inside its sentence's text.
#![no_main]

use easy_language::{Config, Profile, check, io, report};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = io::decode(data.to_vec(), "fuzz") else {
        return;
    };
    for profile in Profile::ALL {
        let r = check(&text, &Config::with_profile(profile)).expect("small inputs fit");
        for s in &r.sentences {
            assert!(s.start <= s.end && s.end <= text.len());
            for f in &s.findings {
                assert!(f.start <= f.end && f.end <= text.len());
                assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
            }
        }
        let _ = report::to_html(&r, &text);
        let _ = report::to_text(&r, &text);
    }
});
