//! The families the rules belong to: for filters in editors and for the colour an editor gives a
//! finding (LanguageTool's category ids where one fits: LibreOffice underlines `STYLE` in blue,
//! everything else in orange).

use serde::{Deserialize, Serialize};

use super::RuleId;

/// The family of a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Category {
    /// Sentences and words: length, statements, rare and foreign words, abbreviations.
    Style,
    /// Grammar that Leichte Sprache avoids: passive, genitive, subjunctive, negation, preterite.
    Grammar,
    /// Numbers, dates, percentages, ranges.
    Numbers,
    /// Characters and layout: special characters, brackets, line breaks, capitals.
    Typography,
    /// The office's terminology list.
    Terminology,
}

impl Category {
    /// Every category.
    pub const ALL: [Category; 5] = [
        Category::Style,
        Category::Grammar,
        Category::Numbers,
        Category::Typography,
        Category::Terminology,
    ];

    /// The id editors filter by (LanguageTool's `STYLE`, `GRAMMAR`, `TYPOGRAPHY` where they fit).
    pub fn id(self) -> &'static str {
        match self {
            Category::Style => "STYLE",
            Category::Grammar => "GRAMMAR",
            Category::Numbers => "LS_NUMBERS",
            Category::Typography => "TYPOGRAPHY",
            Category::Terminology => "LS_TERMINOLOGY",
        }
    }

    /// The German name an editor shows.
    pub fn name(self) -> &'static str {
        match self {
            Category::Style => "Leichte Sprache: Sätze und Wörter",
            Category::Grammar => "Leichte Sprache: Grammatik",
            Category::Numbers => "Leichte Sprache: Zahlen",
            Category::Typography => "Leichte Sprache: Zeichen und Zeilen",
            Category::Terminology => "Leichte Sprache: Wortliste",
        }
    }

    /// The kind of issue in the W3C ITS vocabulary that LanguageTool's `issueType` uses.
    pub fn issue_type(self) -> &'static str {
        match self {
            Category::Style | Category::Numbers => "style",
            Category::Grammar => "grammar",
            Category::Typography => "typographical",
            Category::Terminology => "terminology",
        }
    }
}

impl std::str::FromStr for Category {
    type Err = String;
    fn from_str(s: &str) -> Result<Category, String> {
        Category::ALL
            .into_iter()
            .find(|c| c.id() == s)
            .ok_or_else(|| {
                format!(
                    "unknown category {s:?} (known: {})",
                    Category::ALL.map(Category::id).join(", ")
                )
            })
    }
}

impl RuleId {
    /// The family of the rule.
    pub fn category(self) -> Category {
        use RuleId as R;
        match self {
            R::SentenceTooLong
            | R::MultipleStatements
            | R::SubordinateClause
            | R::LongCompound
            | R::Abbreviation
            | R::ForeignWord
            | R::RareWord
            | R::NominalStyle
            | R::ImpersonalMan
            | R::CrossReference
            | R::Idiom
            | R::Enumeration
            | R::Question => Category::Style,
            R::PassiveVoice
            | R::Genitive
            | R::Subjunctive
            | R::Negation
            | R::Preterite
            | R::IndirectSpeech => Category::Grammar,
            R::NumberWord
            | R::BigNumber
            | R::Percentage
            | R::DateFormat
            | R::RomanNumeral
            | R::RangeNotation => Category::Numbers,
            R::CompoundSeparator
            | R::SpecialCharacter
            | R::Brackets
            | R::OneSentencePerLine
            | R::LineEndHyphenation
            | R::GenderMarker
            | R::AllCaps
            | R::Footnote => Category::Typography,
            R::Glossary | R::PreferredForm => Category::Terminology,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_has_rules_and_parses_back() {
        for c in Category::ALL {
            assert!(RuleId::ALL.iter().any(|r| r.category() == c), "{c:?}");
            assert_eq!(c.id().parse::<Category>(), Ok(c));
        }
        assert!("SPELLING".parse::<Category>().is_err());
        assert_eq!(RuleId::PassiveVoice.category().id(), "GRAMMAR");
    }
}
