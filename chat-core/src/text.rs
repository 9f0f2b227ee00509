//! What characters a name or a text may hold.
//!
//! A name (display name, group or flash-group name) is shown beside other people's names, so
//! nothing in it may change how the text around it looks: no control characters, no formatting
//! characters (bidirectional overrides and isolates, zero-width spaces and joiners between
//! letters, the byte-order mark, invisible operators, tag characters), no line or paragraph
//! separators. It is NFC-normalised, so names that look the same are stored the same. A zero-width
//! joiner stays allowed between two non-letters, where emoji sequences use it (👩‍💻).
//!
//! Free text (messages, bios, descriptions) keeps formatting characters, which right-to-left
//! languages need, but no control characters other than tab and line breaks.

use crate::{CoreError, CoreResult};
use unicode_normalization::UnicodeNormalization as _;

const ZERO_WIDTH_JOINER: char = '\u{200D}';

/// Unicode's format characters (general category Cf) and the line and paragraph separators.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{0600}'..='\u{0605}' | '\u{061C}' | '\u{06DD}' | '\u{070F}' | '\u{0890}'..='\u{0891}'
        | '\u{08E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}' | '\u{110BD}' | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}' | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}')
}

/// Checks and normalises a name: NFC, trimmed, not empty, at most `max` characters, nothing
/// that is invisible or changes the layout of the text around it.
pub fn parse_name(field: &'static str, raw: &str, max: usize) -> CoreResult<String> {
    let name: String = raw.nfc().collect::<String>().trim().to_owned();
    if name.is_empty() {
        return Err(CoreError::invalid(field, format!("{field} must not be empty")));
    }
    if name.chars().count() > max {
        return Err(CoreError::invalid(field, format!("{field} must be at most {max} characters")));
    }
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let joins_emoji = c == ZERO_WIDTH_JOINER
            && i > 0
            && chars.get(i + 1).is_some_and(|next| !next.is_alphanumeric())
            && !chars[i - 1].is_alphanumeric();
        if c.is_control() || (is_format(c) && !joins_emoji) {
            return Err(CoreError::invalid(
                field,
                format!("{field} must not contain control or invisible formatting characters (U+{:04X})", u32::from(c)),
            ));
        }
    }
    Ok(name)
}

/// A name from somewhere we cannot refuse (an identity provider's claims): the characters
/// [`parse_name`] refuses are dropped, then it is checked the same way.
pub fn clean_name(field: &'static str, raw: &str, max: usize) -> CoreResult<String> {
    let kept: String = raw.nfc().filter(|&c| !c.is_control() && !is_format(c)).take(max).collect();
    parse_name(field, &kept, max)
}

/// Checks free text: at most `max` characters, no control characters but tab and line breaks
/// (NUL in particular, which PostgreSQL cannot store).
pub fn check_text(field: &'static str, value: &str, max: usize) -> CoreResult<()> {
    if let Some(c) = value.chars().find(|&c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
        let what = if c == '\0' {
            "NUL characters".to_owned()
        } else {
            format!("control characters (U+{:04X})", u32::from(c))
        };
        return Err(CoreError::invalid(field, format!("{field} must not contain {what}")));
    }
    if value.chars().count() > max {
        return Err(CoreError::invalid(field, format!("{field} must be at most {max} characters")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(raw: &str) -> bool {
        parse_name("name", raw, 100).is_err()
    }

    #[test]
    fn bidi_overrides_zero_width_and_control_characters_are_refused_in_names() {
        for raw in [
            "\u{202E}admin\u{200B}",
            "ad\u{200B}min",
            "ad\u{200D}min",
            "team\u{0007}",
            "line\nbreak",
            "a\u{2028}b",
            "\u{2066}x\u{2069}",
            "\u{FEFF}bom",
            "tag\u{E0041}",
            "soft\u{00AD}hyphen",
            "next\u{0085}line",
        ] {
            assert!(refused(raw), "{raw:?} was accepted");
        }
        let err = parse_name("displayName", "\u{202E}admin", 100).unwrap_err();
        assert!(err.to_string().contains("U+202E"), "{err}");
    }

    #[test]
    fn names_in_any_script_with_emoji_are_kept_normalised_and_trimmed() {
        assert_eq!(parse_name("name", "  Zoë  ", 100).unwrap(), "Zoë");
        // "e" + combining diaeresis is stored as the single code point.
        assert_eq!(parse_name("name", "Zoe\u{0308}", 100).unwrap(), "Zo\u{00EB}");
        for raw in
            ["مرحبا", "שלום עולם", "東京チーム", "👩\u{200D}💻 devs", "family 👨\u{200D}👩\u{200D}👧", "🇫🇷 Paris"]
        {
            assert!(!refused(raw), "{raw:?} was refused");
        }
        assert!(refused("   "), "an empty name");
        assert!(parse_name("name", &"x".repeat(100), 100).is_ok());
        assert!(parse_name("name", &"x".repeat(101), 100).is_err());
    }

    #[test]
    fn a_providers_name_loses_what_a_name_may_not_hold() {
        assert_eq!(clean_name("displayName", "\u{202E}Grace\u{200B} Hopper\u{0007}", 100).unwrap(), "Grace Hopper");
        assert!(clean_name("displayName", "\u{200B}\u{202E}", 100).is_err());
    }

    #[test]
    fn text_keeps_line_breaks_tabs_and_bidi_marks_but_no_other_control_character() {
        assert!(check_text("content", "line one\nline two\r\n\tindented \u{200F}עברית\u{2067}x\u{2069}", 100).is_ok());
        assert!(check_text("content", "bell\u{0007}", 100).is_err());
        assert!(check_text("content", "a\u{0}b", 100).unwrap_err().to_string().contains("NUL"));
        assert!(check_text("content", "esc\u{001B}[31m", 100).is_err());
        assert!(check_text("content", "c1\u{009B}", 100).is_err());
    }
}
