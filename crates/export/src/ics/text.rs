//! RFC 5545 content lines: TEXT escaping (section 3.3.11) and folding at 75 octets with
//! CRLF (section 3.1).

/// Escape a TEXT value: backslash, semicolon, comma and line breaks.
pub fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// Longest content line in octets, CRLF excluded.
const LINE_OCTETS: usize = 75;

/// Append one content line to `out`, folded at 75 octets (never inside a UTF-8 character;
/// a continuation line starts with one space, which counts), ending in CRLF.
pub fn push_line(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > LINE_OCTETS {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_specials() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        push_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("{long}\r\n"));
    }
}
