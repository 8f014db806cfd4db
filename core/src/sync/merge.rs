//! The three-way merge of a mutable record (customer, installation), field by
//! field: an edit made on a stale copy keeps every field only one side changed,
//! and a field both sides changed differently is a conflict — theirs is kept, and
//! mine is returned so the user can choose. Nothing is silently overwritten.
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// A field both sides changed to different values since the common base.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FieldConflict {
    pub field: String,
    /// The value both started from; `None` when the edit had no base (a record
    /// the device made that someone else had made too).
    pub base: Option<Value>,
    pub mine: Value,
    pub theirs: Value,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FieldMerge {
    pub merged: Map<String, Value>,
    pub conflicts: Vec<FieldConflict>,
}

/// Merges `mine` (an edit based on `base`) into `theirs` (the record as it is now).
/// A field missing from an object counts as `null`.
pub fn merge_fields(
    base: Option<&Map<String, Value>>,
    mine: &Map<String, Value>,
    theirs: &Map<String, Value>,
) -> FieldMerge {
    let mut merged = theirs.clone();
    let mut conflicts = Vec::new();
    let null = Value::Null;
    let mut fields: Vec<&String> = mine.keys().chain(theirs.keys()).collect();
    fields.sort_unstable();
    fields.dedup();
    for field in fields {
        let m = mine.get(field).unwrap_or(&null);
        let t = theirs.get(field).unwrap_or(&null);
        if m == t {
            continue;
        }
        let b = base.map(|b| b.get(field).unwrap_or(&null));
        match b {
            // Only I changed it: mine.
            Some(b) if t == b => {
                merged.insert(field.clone(), m.clone());
            }
            // Only they changed it: theirs, already in `merged`.
            Some(b) if m == b => {}
            _ => conflicts.push(FieldConflict {
                field: field.clone(),
                base: b.cloned(),
                mine: m.clone(),
                theirs: t.clone(),
            }),
        }
    }
    merged.retain(|_, v| !v.is_null());
    FieldMerge { merged, conflicts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn edits_of_different_fields_both_survive() {
        let base = obj(json!({"name": "华东电力", "region": "华东", "address": "上海"}));
        let mine = obj(json!({"name": "华东电力", "region": "华南", "address": "上海"}));
        let theirs = obj(json!({"name": "华东电力集团", "region": "华东", "address": "上海"}));
        let m = merge_fields(Some(&base), &mine, &theirs);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            Value::Object(m.merged),
            json!({"name": "华东电力集团", "region": "华南", "address": "上海"})
        );
    }

    #[test]
    fn the_same_field_changed_twice_is_a_conflict_and_theirs_is_kept() {
        let base = obj(json!({"region": "华东"}));
        let mine = obj(json!({"region": "华南"}));
        let theirs = obj(json!({"region": "华北"}));
        let m = merge_fields(Some(&base), &mine, &theirs);
        assert_eq!(m.merged["region"], "华北");
        assert_eq!(
            m.conflicts,
            vec![FieldConflict {
                field: "region".into(),
                base: Some(json!("华东")),
                mine: json!("华南"),
                theirs: json!("华北"),
            }]
        );
    }

    #[test]
    fn the_same_change_on_both_sides_is_no_conflict() {
        let base = obj(json!({"region": "华东"}));
        let both = obj(json!({"region": "华南"}));
        let m = merge_fields(Some(&base), &both, &both);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.merged, both);
    }

    #[test]
    fn a_field_i_removed_is_removed_and_one_i_added_is_added() {
        let base = obj(json!({"owner": "张工", "name": "甲"}));
        let mine = obj(json!({"name": "甲", "industry": "电力"}));
        let m = merge_fields(Some(&base), &mine, &base);
        assert!(m.conflicts.is_empty());
        assert_eq!(
            Value::Object(m.merged),
            json!({"name": "甲", "industry": "电力"})
        );
    }

    #[test]
    fn without_a_base_every_difference_is_a_conflict() {
        let mine = obj(json!({"name": "甲", "region": "华南"}));
        let theirs = obj(json!({"name": "甲", "region": "华北"}));
        let m = merge_fields(None, &mine, &theirs);
        assert_eq!(m.conflicts.len(), 1);
        assert_eq!(m.conflicts[0].base, None);
        assert_eq!(m.merged, theirs);
    }

    fn record() -> impl Strategy<Value = Map<String, Value>> {
        // Few fields and few values, so that sides often touch the same field.
        prop::collection::btree_map("[a-d]", prop::option::of(0..3i64), 0..4).prop_map(|m| {
            m.into_iter()
                .filter_map(|(k, v)| v.map(|v| (k, json!(v))))
                .collect()
        })
    }

    proptest! {
        #[test]
        fn merging_follows_the_three_way_rules(base in record(), mine in record(), theirs in record()) {
            let m = merge_fields(Some(&base), &mine, &theirs);
            let get = |o: &Map<String, Value>, f: &str| o.get(f).cloned().unwrap_or(Value::Null);
            let mut fields: Vec<String> = base.keys().chain(mine.keys()).chain(theirs.keys()).cloned().collect();
            fields.sort();
            fields.dedup();
            for f in &fields {
                let (b, mi, th, out) = (get(&base, f), get(&mine, f), get(&theirs, f), get(&m.merged, f));
                let conflicted = m.conflicts.iter().any(|c| &c.field == f);
                // A conflict is exactly a field both changed, to different values.
                prop_assert_eq!(conflicted, mi != b && th != b && mi != th);
                if conflicted {
                    prop_assert_eq!(&out, &th);
                } else if mi != b {
                    prop_assert_eq!(&out, &mi); // my change is never lost
                } else {
                    prop_assert_eq!(&out, &th); // nor is theirs
                }
            }
        }

        #[test]
        fn an_edit_on_the_current_version_is_taken_whole(base in record(), mine in record()) {
            let m = merge_fields(Some(&base), &mine, &base);
            prop_assert!(m.conflicts.is_empty());
            prop_assert_eq!(m.merged, mine);
        }
    }
}
