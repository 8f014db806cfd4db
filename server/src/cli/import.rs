//! `revisit-server import FILE`: customers or installations from a CSV file (UTF-8,
//! with or without a BOM, English or Chinese headers), or a data file in JSON
//! (docs/data-format.md). Every bad row is reported by line and field; a file
//! with errors imports nothing unless `--skip-bad` is given.
use super::InputError;
use crate::config::DatabaseArgs;
use crate::db::Database;
use clap::{Args, ValueEnum};
use revisit_core::customer::Customer;
use revisit_core::installation::Installation;
use revisit_core::sync::protocol::Record;
use revisit_core::user::{legacy, Role, UserEntry, UserId};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use uuid::Uuid;

#[derive(Debug, Clone, Args)]
pub struct ImportArgs {
    /// A .csv or .json file.
    pub file: PathBuf,
    /// What a CSV file holds (a JSON data file says it itself).
    #[arg(long, value_enum)]
    pub kind: Option<CsvKind>,
    /// Import the good rows of a file with bad ones (reported) instead of nothing.
    #[arg(long)]
    pub skip_bad: bool,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CsvKind {
    Customers,
    Installations,
}

/// Ids of rows without one are derived from what names the row, so importing the
/// same file again updates instead of duplicating.
const NAMESPACE: Uuid = Uuid::from_u128(0x6a1f_52c3_9d0e_4b7a_8c21_5e3f_0a9b_7d14);

/// Header → field; Chinese headers as the customer files (客户状况登记表) name them.
const CUSTOMER_HEADERS: &[(&str, &str)] = &[
    ("id", "id"),
    ("编号", "id"),
    ("name", "name"),
    ("名称", "name"),
    ("客户名称", "name"),
    ("short_code", "short_code"),
    ("简称", "short_code"),
    ("kind", "kind"),
    ("类型", "kind"),
    ("region", "region"),
    ("地区", "region"),
    ("区域", "region"),
    ("industry", "industry"),
    ("行业", "industry"),
    ("address", "address"),
    ("地址", "address"),
    ("owner", "owner"),
    ("负责人", "owner"),
    ("cooperation_start", "cooperation_start"),
    ("合作开始", "cooperation_start"),
    ("合作开始日期", "cooperation_start"),
    ("employee_count", "employee_count"),
    ("员工人数", "employee_count"),
    ("main_business", "main_business"),
    ("主营业务", "main_business"),
    ("contact_name", "contact.name"),
    ("联系人", "contact.name"),
    ("contact_title", "contact.title"),
    ("职务", "contact.title"),
    ("contact_phone", "contact.phone"),
    ("电话", "contact.phone"),
    ("联系电话", "contact.phone"),
    ("contact_email", "contact.email"),
    ("邮箱", "contact.email"),
    ("notes", "notes"),
    ("备注", "notes"),
];

const INSTALLATION_HEADERS: &[(&str, &str)] = &[
    ("id", "id"),
    ("编号", "id"),
    ("customer_id", "customer_id"),
    ("客户编号", "customer_id"),
    ("customer", "customer"),
    ("客户", "customer"),
    ("客户名称", "customer"),
    ("product_line", "product_line"),
    ("产品线", "product_line"),
    ("产品类别", "product_line"),
    ("model", "model"),
    ("型号", "model"),
    ("serial_number", "serial_number"),
    ("出厂编号", "serial_number"),
    ("序列号", "serial_number"),
    ("site", "site"),
    ("安装地点", "site"),
    ("contract_amount", "contract_amount"),
    ("合同金额", "contract_amount"),
    ("delivery_date", "delivery_date"),
    ("交付日期", "delivery_date"),
    ("发货日期", "delivery_date"),
    ("commissioning_date", "commissioning_date"),
    ("调试日期", "commissioning_date"),
    ("energized_date", "energized_date"),
    ("送电日期", "energized_date"),
    ("投运日期", "energized_date"),
    ("warranty_months", "warranty_months"),
    ("质保期", "warranty_months"),
    ("质保月数", "warranty_months"),
];

/// Fields read as whole numbers rather than text.
const NUMBERS: &[&str] = &["employee_count", "contract_amount", "warranty_months"];

/// One bad row: where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub field: String,
    pub message: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, {}: {}", self.line, self.field, self.message)
    }
}

/// The records of a CSV file, and its bad rows. `customers` resolves an
/// installation's customer given by name.
pub fn read_csv(
    text: &str,
    kind: CsvKind,
    customers: &HashMap<String, Uuid>,
) -> (Vec<Record>, Vec<BadRow>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let table = match kind {
        CsvKind::Customers => CUSTOMER_HEADERS,
        CsvKind::Installations => INSTALLATION_HEADERS,
    };
    let columns: Vec<Column> = match reader.headers() {
        Ok(h) => h.iter().map(|h| Column::of(h, table)).collect(),
        Err(err) => {
            return (
                vec![],
                vec![BadRow {
                    line: 1,
                    field: "header".into(),
                    message: err.to_string(),
                }],
            )
        }
    };
    let mut bad: Vec<BadRow> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Unknown(header) => Some(BadRow {
                line: 1,
                field: header.clone(),
                message: "unknown column".into(),
            }),
            _ => None,
        })
        .collect();
    let mut records = Vec::new();
    let mut owners: Vec<String> = Vec::new();
    for row in reader.records() {
        let row = match row {
            Ok(row) => row,
            Err(err) => {
                let line = err.position().map_or(0, |p| p.line());
                bad.push(BadRow {
                    line,
                    field: "row".into(),
                    message: err.to_string(),
                });
                continue;
            }
        };
        let line = row.position().map_or(0, |p| p.line());
        let mut fields = Map::new();
        let mut contact = Map::new();
        let mut purchases = Map::new();
        let mut problem = None;
        for (column, value) in columns.iter().zip(row.iter()) {
            if value.is_empty() {
                continue;
            }
            if matches!(column, Column::Field("owner")) {
                owners.push(value.to_owned());
            }
            let number = |field: &str| {
                value
                    .replace(',', "")
                    .parse::<i64>()
                    .map(Value::from)
                    .map_err(|_| BadRow {
                        line,
                        field: field.to_owned(),
                        message: format!("{value:?} is not a whole number"),
                    })
            };
            let parsed = match *column {
                Column::Unknown(_) => continue,
                Column::Purchases { year, ref header } => number(header).map(|n| {
                    purchases.insert(year.to_string(), n);
                }),
                Column::Field(f) if f.starts_with("contact.") => {
                    contact.insert(f["contact.".len()..].to_owned(), Value::from(value));
                    Ok(())
                }
                Column::Field(f) if NUMBERS.contains(&f) => number(f).map(|n| {
                    fields.insert(f.to_owned(), n);
                }),
                Column::Field(f) => {
                    fields.insert(f.to_owned(), Value::from(value));
                    Ok(())
                }
            };
            if let Err(err) = parsed {
                problem = Some(err);
                break;
            }
        }
        let record = match problem {
            Some(err) => Err(err),
            None => match kind {
                CsvKind::Customers => customer(fields, contact, purchases, line),
                CsvKind::Installations => installation(fields, customers, line),
            },
        };
        match record {
            Ok(record) => records.push(record),
            Err(err) => bad.push(err),
        }
    }
    let mut owners: Vec<&str> = owners.iter().map(String::as_str).collect();
    owners.sort_unstable();
    owners.dedup();
    let users = owners.into_iter().map(|name| {
        Record::User(UserEntry::new(
            UserId::of_name(name),
            name,
            Role::Technician,
        ))
    });
    records.extend(users.collect::<Vec<_>>());
    (records, bad)
}

/// What a CSV column holds.
enum Column {
    /// A field of the record (`contact.*`: of its first contact).
    Field(&'static str),
    /// One year's purchases; the header is kept to name the column in errors.
    Purchases {
        year: i32,
        header: String,
    },
    Unknown(String),
}

impl Column {
    fn of(header: &str, table: &[(&str, &'static str)]) -> Self {
        let key = header.to_lowercase();
        if let Some((_, field)) = table.iter().find(|(name, _)| *name == key) {
            Column::Field(field)
        } else if let Some(year) = purchase_year(header) {
            Column::Purchases {
                year,
                header: header.to_owned(),
            }
        } else {
            Column::Unknown(header.to_owned())
        }
    }
}

/// `2025` of a header like `purchases_2025` or `2025年采购额`.
fn purchase_year(header: &str) -> Option<i32> {
    let digits: String = header.chars().filter(char::is_ascii_digit).collect();
    let named = header.to_lowercase().starts_with("purchases_") || header.contains("采购额");
    (named && digits.len() == 4)
        .then(|| digits.parse().ok())
        .flatten()
}

fn decode<T: serde::de::DeserializeOwned>(
    fields: Map<String, Value>,
    line: u64,
) -> Result<T, BadRow> {
    let value = Value::Object(fields);
    serde_path_to_error::deserialize(&value).map_err(|err| BadRow {
        line,
        field: err.path().to_string(),
        message: err.into_inner().to_string(),
    })
}

fn invalid(err: revisit_core::Invalid, line: u64) -> BadRow {
    BadRow {
        line,
        field: err.field.to_string(),
        message: err.to_string(),
    }
}

fn customer(
    mut fields: Map<String, Value>,
    contact: Map<String, Value>,
    purchases: Map<String, Value>,
    line: u64,
) -> Result<Record, BadRow> {
    let name = fields
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    if !fields.contains_key("id") {
        fields.insert(
            "id".into(),
            Value::from(
                Uuid::new_v5(&NAMESPACE, format!("customer:{name}").as_bytes()).to_string(),
            ),
        );
    }
    fields.entry("name").or_insert(Value::from(""));
    if !contact.is_empty() {
        fields.insert(
            "contacts".into(),
            Value::Array(vec![Value::Object(contact)]),
        );
    }
    if !purchases.is_empty() {
        fields.insert("annual_purchases".into(), Value::Object(purchases));
    }
    // The owner (负责人) is given by name: the id it stands for here, and the
    // caller adds a directory entry with the name (see `read_csv`).
    if let Some(Value::String(owner)) = fields.get("owner") {
        let id = UserId::of_name(owner);
        fields.insert("owner".into(), Value::from(id.to_string()));
    }
    let customer: Customer = decode(fields, line)?;
    customer.validate().map_err(|e| invalid(e, line))?;
    Ok(Record::Customer(customer))
}

fn installation(
    mut fields: Map<String, Value>,
    customers: &HashMap<String, Uuid>,
    line: u64,
) -> Result<Record, BadRow> {
    if let Some(Value::String(name)) = fields.remove("customer") {
        if !fields.contains_key("customer_id") {
            let id = customers.get(&name).ok_or_else(|| BadRow {
                line,
                field: "customer".into(),
                message: format!("no customer named {name:?}"),
            })?;
            fields.insert("customer_id".into(), Value::from(id.to_string()));
        }
    }
    if !fields.contains_key("customer_id") {
        return Err(BadRow {
            line,
            field: "customer".into(),
            message: "which customer: give customer_id or the customer's name".into(),
        });
    }
    if !fields.contains_key("id") {
        let key: Vec<&str> = ["customer_id", "product_line", "model", "serial_number"]
            .iter()
            .map(|f| fields.get(*f).and_then(Value::as_str).unwrap_or_default())
            .collect();
        fields.insert(
            "id".into(),
            Value::from(
                Uuid::new_v5(
                    &NAMESPACE,
                    format!("installation:{}", key.join("|")).as_bytes(),
                )
                .to_string(),
            ),
        );
    }
    fields.entry("product_line").or_insert(Value::from(""));
    let installation: Installation = decode(fields, line)?;
    installation.validate().map_err(|e| invalid(e, line))?;
    Ok(Record::Installation(installation))
}

pub async fn run(args: ImportArgs) -> anyhow::Result<()> {
    let path = &args.file;
    let text = std::fs::read_to_string(path)
        .map_err(|err| InputError(format!("cannot read {}: {err}", path.display())))?;
    let db = Database::open(&args.database.url()).await?;
    let is_json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let (records, bad) = if is_json {
        let records = super::plan::read_data(path)?.into_records();
        (records, vec![])
    } else {
        let kind = args.kind.ok_or_else(|| {
            InputError("a CSV file needs --kind customers or --kind installations".into())
        })?;
        let known = known_customers(&db).await?;
        read_csv(&text, kind, &known)
    };
    for row in &bad {
        eprintln!("{}: {row}", path.display());
    }
    if !bad.is_empty() && !args.skip_bad {
        db.close().await;
        return Err(InputError(format!(
            "{}: {} bad row(s); nothing imported (fix them, or --skip-bad to import the {} good ones)",
            path.display(),
            bad.len(),
            records.len()
        ))
        .into());
    }
    let records = users_of_server(&db, records).await?;
    crate::sync::import(&db, &records)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    db.close().await;
    println!(
        "imported {} record(s) from {}; skipped {} bad row(s)",
        records.len(),
        path.display(),
        bad.len()
    );
    Ok(())
}

/// The records with the users a file gave as its own directory (by name) made the
/// server's users: the one with that name, else a new one (see
/// `Database::users_named_or_added`). The file's directory entries are not imported: the
/// server keeps the directory.
async fn users_of_server(db: &Database, records: Vec<Record>) -> anyhow::Result<Vec<Record>> {
    let (users, records): (Vec<Record>, Vec<Record>) = records
        .into_iter()
        .partition(|r| matches!(r, Record::User(_)));
    let users: Vec<UserEntry> = users
        .into_iter()
        .filter_map(|r| match r {
            Record::User(u) => Some(u),
            _ => None,
        })
        .collect();
    let names: Vec<String> = users.iter().map(|u| u.name.clone()).collect();
    let found = db.users_named_or_added(&names).await?;
    let map: HashMap<UserId, UserId> = users
        .iter()
        .filter_map(|u| Some((u.id, *found.get(&u.name)?)))
        .collect();
    records
        .into_iter()
        .map(|record| {
            let kind = record.kind();
            let mut body = record.body();
            if legacy::map_ids(kind, &mut body, &mut |id| map.get(&id).copied()) == 0 {
                return Ok(record);
            }
            Record::from_body(kind, body).map_err(|err| anyhow::anyhow!("{err}"))
        })
        .collect()
}

/// The server's customers by name, for installations that name theirs.
async fn known_customers(db: &Database) -> anyhow::Result<HashMap<String, Uuid>> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT id, body FROM records WHERE kind = 'customer'")
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, body)| {
            let name = serde_json::from_str::<Value>(&body)
                .ok()?
                .get("name")?
                .as_str()?
                .to_owned();
            Some((name, Uuid::parse_str(&id).ok()?))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_headers_and_a_bom_are_read() {
        let text = "\u{feff}客户名称,地区,负责人,联系人,电话,2025年采购额\n华东电力,华东,张工,王经理,138 0000 0000,\"1,200,000\"\n";
        let (records, bad) = read_csv(text, CsvKind::Customers, &HashMap::new());
        assert_eq!(bad, vec![]);
        let Record::Customer(c) = &records[0] else {
            panic!("a customer")
        };
        let zhang = UserId::of_name("张工");
        assert_eq!(
            (c.name.as_str(), c.region.as_str(), c.owner),
            ("华东电力", "华东", Some(zhang))
        );
        assert!(
            records.contains(&Record::User(UserEntry::new(
                zhang,
                "张工",
                Role::Technician
            ))),
            "the owner's name is kept in a directory entry"
        );
        assert_eq!(c.contacts[0].name, "王经理");
        assert_eq!(c.annual_purchases[&2025].yuan(), 1_200_000);
        // The same row again is the same customer.
        let (again, _) = read_csv(text, CsvKind::Customers, &HashMap::new());
        assert_eq!(again[0].id(), records[0].id());
    }

    #[test]
    fn each_bad_row_is_reported_by_line_and_field() {
        let text = "name,region,cooperation_start,employee_count\n甲,华东,2020-01-01,10\n,华北,,\n乙,华南,2020-02-30,\n丙,西北,,many\n";
        let (records, bad) = read_csv(text, CsvKind::Customers, &HashMap::new());
        assert_eq!(records.len(), 1);
        let places: Vec<(u64, &str)> = bad.iter().map(|b| (b.line, b.field.as_str())).collect();
        assert_eq!(
            places,
            vec![(3, "name"), (4, "cooperation_start"), (5, "employee_count")]
        );
    }

    #[test]
    fn an_unknown_column_is_reported() {
        let (_, bad) = read_csv("name,colour\n甲,红\n", CsvKind::Customers, &HashMap::new());
        assert_eq!(bad[0].to_string(), "line 1, colour: unknown column");
    }

    #[test]
    fn installations_find_their_customer_by_name() {
        let id = Uuid::from_u128(5);
        let known = HashMap::from([("华东电力".to_owned(), id)]);
        let text = "客户名称,产品线,型号,出厂编号,交付日期,调试日期,质保期\n华东电力,switchgear,KYN28,S-001,2026-01-05,2026-01-20,24\n西北化工,switchgear,KYN28,S-002,,,\n华东电力,switchgear,KYN28,S-003,2026-03-01,2026-02-01,\n";
        let (records, bad) = read_csv(text, CsvKind::Installations, &known);
        assert_eq!(records.len(), 1);
        let Record::Installation(i) = &records[0] else {
            panic!("an installation")
        };
        assert_eq!((i.customer_id, i.warranty_months), (id, Some(24)));
        let places: Vec<(u64, &str)> = bad.iter().map(|b| (b.line, b.field.as_str())).collect();
        assert_eq!(places, vec![(3, "customer"), (4, "commissioning_date")]);
    }
}
