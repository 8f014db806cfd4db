//! Records written before users had ids named them by display name ("张工"). Each
//! kind lists where it names a user ([`crate::kind::Kind::USERS`]); these walk
//! those places in a record's JSON body, to turn names into ids (the server's
//! migration, a push from an older app, the device's schema step) or to map one
//! id to another (the id a name stood for, to the user it meant).
use super::UserId;
use crate::record::RecordKind;
use serde_json::Value;

/// Calls `f` on every place of `body` that `path` names: `field`, `a.b`, or
/// `list[].field` (each element of a list). Absent places are skipped.
fn each_place(body: &mut Value, path: &str, f: &mut dyn FnMut(&mut Value)) {
    let (head, rest) = match path.split_once('.') {
        Some((head, rest)) => (head, Some(rest)),
        None => (path, None),
    };
    let (field, each) = match head.strip_suffix("[]") {
        Some(field) => (field, true),
        None => (head, false),
    };
    let Some(place) = body.as_object_mut().and_then(|o| o.get_mut(field)) else {
        return;
    };
    let mut go = |value: &mut Value| match rest {
        Some(rest) => each_place(value, rest, f),
        None => f(value),
    };
    match (each, place) {
        (true, Value::Array(items)) => items.iter_mut().for_each(&mut go),
        (true, _) => {}
        (false, place) => go(place),
    }
}

/// Calls `f` on every user place of a `kind` body that holds text.
fn each_user(kind: RecordKind, body: &mut Value, f: &mut dyn FnMut(&mut Value)) {
    for path in kind.user_fields() {
        each_place(body, path, &mut |place| {
            if place.is_string() {
                f(place)
            }
        });
    }
}

/// Turns every user a `kind` body names by name into an id, `resolve(name)`; an
/// empty name becomes no one (`null`). Ids are left as they are. Returns the
/// number of places changed.
pub fn names_to_ids(
    kind: RecordKind,
    body: &mut Value,
    resolve: &mut dyn FnMut(&str) -> UserId,
) -> usize {
    let mut changed = 0;
    each_user(kind, body, &mut |place| {
        let Some(text) = place.as_str() else { return };
        if UserId::parse(text).is_some() {
            return;
        }
        *place = match text.trim() {
            "" => Value::Null,
            name => Value::String(resolve(name).to_string()),
        };
        changed += 1;
    });
    changed
}

/// Replaces every user id of a `kind` body by `map(id)` where it gives one.
/// Returns the number of places changed.
pub fn map_ids(
    kind: RecordKind,
    body: &mut Value,
    map: &mut dyn FnMut(UserId) -> Option<UserId>,
) -> usize {
    let mut changed = 0;
    each_user(kind, body, &mut |place| {
        let Some(id) = place.as_str().and_then(UserId::parse) else {
            return;
        };
        if let Some(to) = map(id).filter(|to| *to != id) {
            *place = Value::String(to.to_string());
            changed += 1;
        }
    });
    changed
}

/// The user ids a `kind` body names.
pub fn ids_in(kind: RecordKind, body: &Value) -> Vec<UserId> {
    let mut body = body.clone();
    let mut ids = Vec::new();
    map_ids(kind, &mut body, &mut |id| {
        ids.push(id);
        None
    });
    ids
}

/// A data file's own directory (`users`), if it has one.
fn file_users(file: &serde_json::Map<String, Value>) -> Option<&Value> {
    file.get(RecordKind::User.collection())
}

/// The (name, id) pairs of a directory's entries; entries without both are skipped.
fn directory_in(users: Option<&Value>) -> Vec<(String, UserId)> {
    users
        .and_then(Value::as_array)
        .map(|entries| {
            entries
                .iter()
                .filter_map(|e| {
                    let name = e.get("name")?.as_str()?.trim().to_owned();
                    Some((name, UserId::parse(e.get("id")?.as_str()?)?))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Turns the names a data file (or a backup written before ids) gives its users
/// into ids: the id of the file's own directory entry with that name, else the id
/// the name stands for ([`UserId::of_name`]), with a directory entry added for it
/// (a technician), so the name is still shown. `file` is the file's JSON object;
/// returns how many places changed.
pub fn name_users_in_file(file: &mut Value) -> usize {
    let Some(object) = file.as_object_mut() else {
        return 0;
    };
    let users_field = RecordKind::User.collection();
    let mut known = directory_in(file_users(object));
    let listed = known.len();
    let mut changed = 0;
    for kind in RecordKind::ALL {
        if kind.user_fields().is_empty() {
            continue;
        }
        let Some(records) = object.get_mut(kind.collection()) else {
            continue;
        };
        let mut each = |body: &mut Value| {
            changed += names_to_ids(kind, body, &mut |name| {
                if let Some((_, id)) = known.iter().find(|(n, _)| n == name) {
                    return *id;
                }
                let id = UserId::of_name(name);
                known.push((name.to_owned(), id));
                id
            });
        };
        match records {
            Value::Array(items) => items.iter_mut().for_each(&mut each),
            Value::Object(_) => each(records),
            _ => {}
        }
    }
    if known.len() > listed {
        let added = known[listed..].iter().map(|(name, id)| {
            serde_json::to_value(super::UserEntry::new(*id, name, super::Role::Technician))
                .unwrap_or(Value::Null)
        });
        let entries = object
            .entry(users_field)
            .or_insert_with(|| Value::Array(Vec::new()));
        if let Value::Array(list) = entries {
            list.extend(added);
        }
    }
    changed
}

/// Turns the names a backup written before ids gives its users into ids: its data
/// as a [file](name_users_in_file), then its unsent edits with the ids the data's
/// directory now gives those names. Returns how many places changed.
pub fn name_users_in_backup(backup: &mut Value) -> usize {
    let Some(object) = backup.as_object_mut() else {
        return 0;
    };
    let mut changed = object.get_mut("data").map_or(0, name_users_in_file);
    let known = directory_in(
        object
            .get("data")
            .and_then(Value::as_object)
            .and_then(file_users),
    );
    if let Some(outbox) = object.get_mut("outbox") {
        let mut push = serde_json::json!({ "mutations": outbox.take() });
        changed += name_users_in_push(&mut push, &mut |name| {
            known
                .iter()
                .find(|(n, _)| n == name.trim())
                .map_or_else(|| UserId::of_name(name), |(_, id)| *id)
        });
        *outbox = push["mutations"].take();
    }
    changed
}

/// Calls `f` on every record body a push's JSON carries (`{"mutations": [{"kind":
/// "put_customer", "payload": …}, {"kind": "issue_step", "payload": {"event"}}]}`),
/// with its kind; an issue step's event is passed as an issue with that one step.
pub fn each_body_in_push(push: &mut Value, f: &mut dyn FnMut(RecordKind, &mut Value)) {
    let Some(mutations) = push.get_mut("mutations").and_then(Value::as_array_mut) else {
        return;
    };
    for m in mutations {
        let kind = m.get("kind").and_then(Value::as_str).unwrap_or_default();
        let kind = match kind.strip_prefix("put_").and_then(RecordKind::parse) {
            Some(kind) => Some(kind),
            None if kind == "issue_step" => None,
            None => continue,
        };
        let Some(payload) = m.get_mut("payload") else {
            continue;
        };
        match kind {
            Some(kind) => f(kind, payload),
            None => {
                if let Some(event) = payload.get_mut("event") {
                    let mut issue = serde_json::json!({"history": [event.take()]});
                    f(RecordKind::Issue, &mut issue);
                    *event = issue["history"][0].take();
                }
            }
        }
    }
}

/// Turns the names a push from an app older than ids gives its users into ids,
/// `resolve(name)`, in place in the push's JSON. Returns how many places changed.
pub fn name_users_in_push(push: &mut Value, resolve: &mut dyn FnMut(&str) -> UserId) -> usize {
    let mut changed = 0;
    each_body_in_push(push, &mut |kind, body| {
        changed += names_to_ids(kind, body, resolve)
    });
    changed
}

/// The names (written before ids) and the ids a push's records give their users.
pub fn users_in_push(push: &Value) -> (Vec<String>, Vec<UserId>) {
    let mut push = push.clone();
    let (mut names, mut ids) = (Vec::new(), Vec::new());
    each_body_in_push(&mut push, &mut |kind, body| {
        ids.extend(ids_in(kind, body));
        names_to_ids(kind, body, &mut |name| {
            names.push(name.to_owned());
            UserId::of_name(name)
        });
    });
    names.sort_unstable();
    names.dedup();
    ids.sort_unstable();
    ids.dedup();
    (names, ids)
}

/// Replaces every user id of a push's records by `map(id)` where it gives one.
pub fn map_ids_in_push(push: &mut Value, map: &mut dyn FnMut(UserId) -> Option<UserId>) -> usize {
    let mut changed = 0;
    each_body_in_push(push, &mut |kind, body| changed += map_ids(kind, body, map));
    changed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{DataSet, Record};
    use serde_json::json;

    #[test]
    fn a_data_file_may_name_its_users_and_gets_a_directory_of_them() {
        let li = UserId::parse("7b0c8a52-9d1e-4f3a-8c6b-2e5d4f1a0b9c").unwrap();
        let mut file = json!({
            "customers": [
                {"id": "00000000-0000-0000-0000-000000000001", "name": "甲", "owner": "张工"},
                {"id": "00000000-0000-0000-0000-000000000002", "name": "乙", "owner": "李工"},
                {"id": "00000000-0000-0000-0000-000000000003", "name": "丙", "owner": li.to_string()}
            ],
            "users": [{"id": li.to_string(), "name": "李工", "role": "technician"}]
        });
        assert_eq!(name_users_in_file(&mut file), 2);
        let data: DataSet = serde_json::from_value(file).unwrap();
        let zhang = UserId::of_name("张工");
        assert_eq!(data.customers[0].owner, Some(zhang));
        assert_eq!(data.customers[1].owner, Some(li), "the file's own 李工");
        assert_eq!(data.customers[2].owner, Some(li));
        assert_eq!(
            data.user_name(zhang),
            "张工",
            "a name the file gave is shown"
        );
        assert_eq!(data.users.len(), 2);
    }

    #[test]
    fn names_become_ids_in_every_place_a_kind_lists() {
        let mut customer = json!({
            "owner": "张工",
            "tier_override": {"tier": "key", "reason": "战略", "by": "王主管"},
        });
        let n = names_to_ids(RecordKind::Customer, &mut customer, &mut UserId::of_name);
        assert_eq!(n, 2);
        assert_eq!(
            customer["owner"],
            json!(UserId::of_name("张工").to_string())
        );
        assert_eq!(
            customer["tier_override"]["by"],
            json!(UserId::of_name("王主管").to_string())
        );

        let mut issue = json!({"history": [{"by": "张工"}, {"by": ""}, {"note": "x"}]});
        assert_eq!(
            names_to_ids(RecordKind::Issue, &mut issue, &mut UserId::of_name),
            2
        );
        assert_eq!(
            issue["history"][0]["by"],
            json!(UserId::of_name("张工").to_string())
        );
        assert_eq!(issue["history"][1]["by"], Value::Null, "no one");
        assert!(
            issue["history"][2].get("by").is_none(),
            "absent stays absent"
        );

        // Ids stay; a second pass changes nothing.
        assert_eq!(
            names_to_ids(RecordKind::Issue, &mut issue, &mut UserId::of_name),
            0
        );
    }

    /// The string leaves of `value`.
    fn leaves<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::String(s) => out.push(s),
            Value::Array(items) => items.iter().for_each(|v| leaves(v, out)),
            Value::Object(o) => o.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }

    #[test]
    fn every_place_a_kinds_example_names_a_user_is_in_its_list() {
        let users: Vec<String> = crate::kind::example::USERS
            .iter()
            .map(|name| UserId::of_name(name).to_string())
            .collect();
        let mut naming = Vec::new();
        for record in DataSet::one_of_each().into_records() {
            let kind = record.kind();
            if kind == RecordKind::User {
                continue; // the directory entry is the user, it does not name one
            }
            let body = record.body();
            let mut all = Vec::new();
            leaves(&body, &mut all);
            let named = all.iter().filter(|s| users.iter().any(|u| u == *s)).count();
            assert_eq!(
                ids_in(kind, &body).len(),
                named,
                "{kind:?}: a user place not in its list"
            );
            if named > 0 {
                naming.push(kind);
            }
            let _ = Record::from_body(kind, body).unwrap();
        }
        for kind in [
            RecordKind::Customer,
            RecordKind::Visit,
            RecordKind::Assignment,
        ] {
            assert!(naming.contains(&kind), "{kind:?}'s example names its users");
        }
    }
}
