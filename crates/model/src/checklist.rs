//! The checklist editor's draft: ids for new items, and each row's problems by field, from
//! the same checks a save applies ([`crate::validate_checklist`]).

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use unicode_normalization::UnicodeNormalization;

use crate::types::ChecklistItem;
use crate::validate::validate_checklist;

/// The longest id made from a label, in characters.
const ID_FROM_LABEL_CHARS: usize = 40;

/// One row of the checklist editor, as typed.
#[derive(Debug, Clone, PartialEq, Deserialize, TS)]
pub struct ChecklistDraftItem {
    /// The stored item's id; `None` for a new item, whose id comes from its label.
    pub id: Option<String>,
    /// The question.
    pub label: String,
    /// The weight as typed (`None` when the field holds no number).
    #[ts(type = "number | null")]
    pub weight: Option<f64>,
    /// A message fails `min_value` when a required item is not answered true.
    pub required: bool,
    /// Guidance shown beside the item.
    pub guidance: String,
}

/// One row of a checked draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChecklistRowCheck {
    /// The id the item has (or gets, when new).
    pub id: String,
    /// "worth 33.3 of 100 points", when the weight is valid and the weights add up to more
    /// than 0.
    pub worth: Option<String>,
    /// Problems by field (`id`, `label`, `weight`, `guidance`), in words.
    pub problems: BTreeMap<String, Vec<String>>,
}

/// A checked checklist draft.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
pub struct ChecklistCheck {
    /// Row by row, in the draft's order.
    pub items: Vec<ChecklistRowCheck>,
    /// The checklist as it would be saved; `None` while a row has a problem.
    pub checklist: Option<Vec<ChecklistItem>>,
}

/// A new item's id from its label, unique among `taken`: "Useful information" becomes
/// "useful-information", "Café crème" "cafe-creme", a label without letters or digits "item";
/// a taken id gets "-2", "-3"… `next` remembers where each base's count stopped, so that many
/// new items of one label stay linear.
fn id_from_label(label: &str, taken: &HashSet<String>, next: &mut HashMap<String, u64>) -> String {
    let mut base = String::new();
    // Accents go (the combining marks NFKD splits off); any other character separates.
    for c in label
        .nfkd()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
    {
        let c = c.to_ascii_lowercase();
        if c.is_ascii_alphanumeric() {
            base.push(c);
        } else if !base.is_empty() && !base.ends_with('-') {
            base.push('-');
        }
        if base.len() >= ID_FROM_LABEL_CHARS {
            break;
        }
    }
    let base = base.trim_end_matches('-');
    let base = if base.is_empty() { "item" } else { base };
    if !taken.contains(base) {
        return base.to_string();
    }
    let n = next.entry(base.to_string()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if !taken.contains(&id) {
            return id;
        }
    }
}

/// A new item's id from its label, unique among `taken` (see the checklist editor).
pub fn item_id(label: &str, taken: &[String]) -> String {
    let taken: HashSet<String> = taken.iter().cloned().collect();
    id_from_label(label, &taken, &mut HashMap::new())
}

/// The weight as stored, or why it cannot be.
fn weight_of(typed: Option<f64>) -> Result<u32, &'static str> {
    match typed {
        Some(w) if w.is_finite() && w >= 0.0 && w.fract() == 0.0 && w <= f64::from(u32::MAX) => {
            Ok(w as u32)
        }
        _ => Err("must be a whole number of 0 or more"),
    }
}

/// Check a checklist draft: new rows get ids from their labels (unique among the stored ids
/// and the new ones before them), then every row is checked as a save checks it.
pub fn check_checklist(draft: &[ChecklistDraftItem]) -> ChecklistCheck {
    let mut taken: HashSet<String> = draft.iter().filter_map(|d| d.id.clone()).collect();
    let mut next = HashMap::new();
    let mut problems: Vec<BTreeMap<String, Vec<String>>> = vec![BTreeMap::new(); draft.len()];
    let mut items = Vec::with_capacity(draft.len());
    for (row, d) in draft.iter().enumerate() {
        let id = match &d.id {
            Some(id) => id.clone(),
            None => {
                let id = id_from_label(&d.label, &taken, &mut next);
                taken.insert(id.clone());
                id
            }
        };
        let weight = weight_of(d.weight).unwrap_or_else(|message| {
            problems[row].insert("weight".into(), vec![message.to_string()]);
            0
        });
        items.push(ChecklistItem {
            id,
            label: d.label.trim().to_string(),
            weight,
            required: d.required,
            guidance: d.guidance.trim().to_string(),
        });
    }
    for issue in validate_checklist(&items) {
        let Some((row, field)) = row_field(&issue.path) else {
            continue;
        };
        if let Some(by_field) = problems.get_mut(row) {
            by_field
                .entry(field.to_string())
                .or_default()
                .push(issue.message);
        }
    }
    let total: u64 = items.iter().map(|i| u64::from(i.weight)).sum();
    let rows = items
        .iter()
        .zip(&problems)
        .map(|(item, by_field)| ChecklistRowCheck {
            id: item.id.clone(),
            worth: (total > 0 && !by_field.contains_key("weight")).then(|| {
                format!(
                    "worth {:.1} of 100 points",
                    100.0 * f64::from(item.weight) / total as f64
                )
            }),
            problems: by_field.clone(),
        })
        .collect();
    let clean = problems.iter().all(BTreeMap::is_empty);
    ChecklistCheck {
        items: rows,
        checklist: clean.then_some(items),
    }
}

/// `checklist[3].label` as (3, "label").
fn row_field(path: &str) -> Option<(usize, &str)> {
    let rest = path.strip_prefix("checklist[")?;
    let (row, field) = rest.split_once("].")?;
    Some((row.parse().ok()?, field))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: Option<&str>, label: &str, weight: Option<f64>) -> ChecklistDraftItem {
        ChecklistDraftItem {
            id: id.map(str::to_string),
            label: label.to_string(),
            weight,
            required: false,
            guidance: String::new(),
        }
    }

    #[test]
    fn ids_come_from_labels_and_stay_unique() {
        assert_eq!(item_id("Seasonal & local!", &[]), "seasonal-local");
        let taken = ["useful".to_string(), "useful-2".to_string()];
        assert_eq!(item_id("Useful", &taken), "useful-3");
        assert_eq!(item_id("  ", &[]), "item");
        assert_eq!(item_id("Café crème", &[]), "cafe-creme");
        assert_eq!(item_id(&"a b ".repeat(50), &[]).len(), 39);
    }

    #[test]
    fn new_rows_get_ids_after_the_stored_ones() {
        let check = check_checklist(&[
            row(None, "Useful", Some(1.0)),
            row(Some("useful"), "Useful (stored)", Some(2.0)),
            row(None, "Useful", Some(1.0)),
        ]);
        let ids: Vec<&str> = check.items.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["useful-2", "useful", "useful-3"]);
        assert_eq!(
            check.items[1].worth.as_deref(),
            Some("worth 50.0 of 100 points")
        );
        assert_eq!(check.checklist.map(|c| c.len()), Some(3));
    }

    #[test]
    fn problems_are_those_a_save_refuses_by_row_and_field() {
        let check = check_checklist(&[
            row(Some("a"), "  ", Some(1.0)),
            row(Some("a"), "Twice", Some(-1.0)),
            row(None, "Half", Some(0.5)),
            row(None, "Empty weight", None),
            row(
                None,
                &"x".repeat(crate::limits::MAX_LABEL_CHARS + 1),
                Some(1.0),
            ),
        ]);
        let fields = |i: usize| check.items[i].problems.keys().cloned().collect::<Vec<_>>();
        assert_eq!(fields(0), ["label"]);
        assert_eq!(fields(1), ["id", "weight"]);
        assert_eq!(fields(2), ["weight"]);
        assert_eq!(fields(3), ["weight"]);
        assert_eq!(fields(4), ["label"]);
        assert!(check.items[1].worth.is_none());
        assert!(check.checklist.is_none());
        // What the editor flags as a label problem is what a save refuses.
        let stored = ChecklistItem {
            id: "a".into(),
            label: " ".into(),
            weight: 1,
            required: false,
            guidance: String::new(),
        };
        let refused = validate_checklist(&[stored]);
        assert_eq!(
            check.items[0].problems["label"],
            [refused[0].message.clone()]
        );
    }

    #[test]
    fn no_weight_at_all_is_worth_nothing_said() {
        let check = check_checklist(&[row(None, "A", Some(0.0))]);
        assert_eq!(check.items[0].worth, None);
        assert!(check.checklist.is_some());
    }

    #[test]
    fn five_thousand_rows_of_one_label_are_checked_quickly() {
        let draft: Vec<_> = (0..5_000).map(|_| row(None, "Same", Some(1.0))).collect();
        let started = std::time::Instant::now();
        let check = check_checklist(&draft);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(check.items[4_999].id, "same-5000");
        assert!(check.checklist.is_some());
    }
}
