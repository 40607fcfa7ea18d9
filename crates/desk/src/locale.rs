//! The system locale for formatting dates in the window, as a BCP 47 tag ("de-DE").
//!
//! The shell reads the environment; this module only decides which variable counts and how
//! a POSIX locale name ("de_DE.UTF-8@euro") becomes a tag. Dates use `LC_TIME`, so the POSIX
//! order applies: `LC_ALL`, then `LC_TIME`, then `LANG`. `C` and `POSIX` name no language:
//! no tag (the window keeps its built-in day-month order).

/// The locale tag the environment gives for dates, reading variables through `var`.
pub fn date_locale(var: impl Fn(&str) -> Option<String>) -> Option<String> {
    ["LC_ALL", "LC_TIME", "LANG"]
        .iter()
        .filter_map(|name| var(name))
        .find(|value| !value.trim().is_empty())
        .and_then(|value| bcp47(&value))
}

/// "de_DE.UTF-8@euro" -> "de-DE"; "C", "POSIX", "C.UTF-8" or anything unreadable -> `None`.
pub fn bcp47(posix: &str) -> Option<String> {
    let name = posix.trim();
    let name = name.split(['.', '@']).next().unwrap_or_default();
    if name.is_empty() || name == "C" || name == "POSIX" {
        return None;
    }
    let mut parts = name.split(['_', '-']);
    let language = parts.next()?;
    let region = parts.next();
    if parts.next().is_some()
        || !(2..=3).contains(&language.len())
        || !language.chars().all(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let mut tag = language.to_ascii_lowercase();
    if let Some(region) = region {
        let ok = (region.len() == 2 && region.chars().all(|c| c.is_ascii_alphabetic()))
            || (region.len() == 3 && region.chars().all(|c| c.is_ascii_digit()));
        if !ok {
            return None;
        }
        tag.push('-');
        tag.push_str(&region.to_ascii_uppercase());
    }
    Some(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn posix_names_become_tags() {
        assert_eq!(bcp47("de_DE.UTF-8").as_deref(), Some("de-DE"));
        assert_eq!(bcp47("de_DE.UTF-8@euro").as_deref(), Some("de-DE"));
        assert_eq!(bcp47("en_GB").as_deref(), Some("en-GB"));
        assert_eq!(bcp47("fr").as_deref(), Some("fr"));
        assert_eq!(bcp47("es_419.UTF-8").as_deref(), Some("es-419"));
        assert_eq!(bcp47("en-US").as_deref(), Some("en-US"));
    }

    #[test]
    fn c_posix_and_nonsense_give_no_tag() {
        for value in [
            "C",
            "C.UTF-8",
            "POSIX",
            "",
            "  ",
            "x_DE",
            "deutsch_DE",
            "de_D3",
            "de_DE_x",
        ] {
            assert_eq!(bcp47(value), None, "{value:?}");
        }
    }

    #[test]
    fn lc_all_then_lc_time_then_lang() {
        let all = [
            ("LC_ALL", "fr_FR.UTF-8"),
            ("LC_TIME", "de_DE.UTF-8"),
            ("LANG", "en_US.UTF-8"),
        ];
        assert_eq!(date_locale(env(&all)).as_deref(), Some("fr-FR"));
        let time = [("LC_TIME", "de_DE.UTF-8"), ("LANG", "en_US.UTF-8")];
        assert_eq!(date_locale(env(&time)).as_deref(), Some("de-DE"));
        let empty_all = [("LC_ALL", ""), ("LANG", "en_GB.UTF-8")];
        assert_eq!(date_locale(env(&empty_all)).as_deref(), Some("en-GB"));
        assert_eq!(date_locale(env(&[("LANG", "C.UTF-8")])), None);
        assert_eq!(date_locale(env(&[])), None);
    }
}
