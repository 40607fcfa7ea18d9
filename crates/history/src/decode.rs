//! Bytes to text (spec §2): BOM → UTF-8 / UTF-16 LE / UTF-16 BE; else UTF-8, falling back to
//! Windows-1252. Then the `sep=` line and the delimiter sniffing.

use std::borrow::Cow;

/// How the bytes were decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8 (with or without BOM).
    Utf8,
    /// UTF-16 little endian (BOM).
    Utf16Le,
    /// UTF-16 big endian (BOM).
    Utf16Be,
    /// Windows-1252 (bytes that are not UTF-8).
    Windows1252,
}

/// Decode `bytes` to text. UTF-16 with unpaired surrogates is an error (None).
pub fn decode(bytes: &[u8]) -> Option<(Cow<'_, str>, Encoding)> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return match std::str::from_utf8(rest) {
            Ok(text) => Some((Cow::Borrowed(text), Encoding::Utf8)),
            Err(_) => None,
        };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        let (text, had_errors) = encoding_rs::UTF_16LE.decode_without_bom_handling(&bytes[2..]);
        return (!had_errors).then_some((text, Encoding::Utf16Le));
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        let (text, had_errors) = encoding_rs::UTF_16BE.decode_without_bom_handling(&bytes[2..]);
        return (!had_errors).then_some((text, Encoding::Utf16Be));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Some((Cow::Borrowed(text), Encoding::Utf8)),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Some((text, Encoding::Windows1252))
        }
    }
}

/// A `sep=X` first line: the delimiter and the byte length of the line with its end.
pub fn sep_line(text: &str) -> Option<(u8, usize)> {
    let end = text.find('\n').unwrap_or(text.len());
    let line = text[..end].trim_end_matches('\r').trim();
    let line = line.trim_matches('"');
    let rest = line
        .strip_prefix("sep=")
        .or_else(|| line.strip_prefix("SEP="))?;
    let delimiter = match rest {
        "\\t" => b'\t',
        r if r.len() == 1 && r.is_ascii() => r.as_bytes()[0],
        _ => return None,
    };
    Some((delimiter, (end + 1).min(text.len())))
}

/// Sniff the delimiter among `,` `;` tab `|` from the first lines: the candidate whose count
/// outside quotes is the same, and above zero, on the most lines wins; ties go to the most
/// frequent.
pub fn sniff_delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let mut per_line: Vec<[usize; 4]> = Vec::new();
    let mut counts = [0usize; 4];
    let mut in_quotes = false;
    for &b in text.as_bytes().iter().take(64 * 1024) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' if !in_quotes => {
                per_line.push(counts);
                counts = [0; 4];
                if per_line.len() >= 30 {
                    break;
                }
            }
            _ if !in_quotes => {
                if let Some(i) = CANDIDATES.iter().position(|&c| c == b) {
                    counts[i] += 1;
                }
            }
            _ => {}
        }
    }
    if counts.iter().any(|&c| c > 0) {
        per_line.push(counts);
    }
    let mut best = (0usize, 0usize, b',');
    for (i, &candidate) in CANDIDATES.iter().enumerate() {
        // The most common non-zero count of this candidate, and on how many lines it occurs.
        let mut freq: std::collections::HashMap<usize, usize> = Default::default();
        for line in &per_line {
            if line[i] > 0 {
                *freq.entry(line[i]).or_default() += 1;
            }
        }
        let (lines, total) = freq
            .iter()
            .map(|(count, lines)| (*lines, count * lines))
            .max()
            .unwrap_or((0, 0));
        if (lines, total) > (best.0, best.1) {
            best = (lines, total, candidate);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boms_and_fallback() {
        assert_eq!(decode(b"\xEF\xBB\xBFa,b").unwrap().0, "a,b");
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("sé".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&utf16).unwrap(),
            (Cow::Borrowed("sé"), Encoding::Utf16Le)
        );
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("x".encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        assert_eq!(decode(&be).unwrap().1, Encoding::Utf16Be);
        let (text, enc) = decode(b"Empf\xe4nger;\x80").unwrap();
        assert_eq!((text.as_ref(), enc), ("Empfänger;€", Encoding::Windows1252));
        assert!(decode(&[0xFF, 0xFE, 0x00, 0xD8]).is_none());
    }

    #[test]
    fn sep_and_sniff() {
        assert_eq!(sep_line("sep=;\r\na;b"), Some((b';', 7)));
        assert_eq!(sep_line("\"sep=,\"\n"), Some((b',', 8)));
        assert_eq!(sep_line("a,b"), None);
        assert_eq!(sniff_delimiter("a;b;c\n1;2,5;3\n"), b';');
        assert_eq!(sniff_delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter("\"x,y\"|b\n1|2\n"), b'|');
        assert_eq!(sniff_delimiter("a,b,c\n1,2,3\n"), b',');
    }
}
