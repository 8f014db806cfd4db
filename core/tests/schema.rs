//! The data file's JSON Schema in docs/ is generated from the types: this test fails
//! when they drift apart. `REVISIT_BLESS=1 cargo test -p revisit-core --test schema`
//! rewrites it.
use revisit_core::dataset::DataSet;

#[test]
fn the_published_schema_matches_the_types() {
    let schema = schemars::schema_for!(DataSet);
    let generated = serde_json::to_string_pretty(&schema).unwrap() + "\n";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/data-format.schema.json"
    );
    if std::env::var_os("REVISIT_BLESS").is_some() {
        std::fs::write(path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/data-format.schema.json is stale: run with REVISIT_BLESS=1"
    );
}

#[test]
fn the_example_file_is_valid() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs/examples/plant-data.json"
    ))
    .unwrap();
    // A data file names its users as people write them, by name.
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    revisit_core::user::legacy::name_users_in_file(&mut file);
    let data: DataSet = serde_json::from_value(file).unwrap();
    data.validate().unwrap();
    assert_eq!(data.customers.len(), 3);
}
