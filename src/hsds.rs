//! Export the partner directory as an Open Referral HSDS 3.0 tabular data package.
//!
//! [`export`] writes one CSV per HSDS table plus a `datapackage.json` whose resources are
//! copied from the official HSDS 3.0 tabular descriptor (embedded from
//! `data/hsds/datapackage.json`, CC BY-SA 4.0). Every CSV carries every field of its table
//! in the descriptor's order, so the package passes `frictionless validate`.
//!
//! Each partner becomes:
//!
//! - one `organization` and one `service` (status `active`; `assured_date` = last verified
//!   on, `assurer_email` = last verified by when that is an e-mail address);
//! - unless the partner is **confidential**: one physical `location`, its `address` and a
//!   `service_at_location`. A confidential partner (a shelter, a trafficking service) gets
//!   no location and no address at all, and its street address and postal code are
//!   redacted from its free text;
//! - one `phone` per phone number (`"602-555-0100 (crisis)"` → number, type `voice`,
//!   description `crisis`) plus the text line as a phone of type `text` (RFC 6350, the
//!   descriptor's word for SMS);
//! - one `service_area` per area, one `language` per language, one `schedule` (24/7 as a
//!   weekly rule, other hours as free text in the schedule's description);
//! - `attribute`s tagging the service with terms of a small SafeHarbor taxonomy: its
//!   category, the MOU (value: its date), confidentiality and who last verified it.
//!
//! The package also contains the tables those rows point into (`taxonomy_term`,
//! `taxonomy`) and, empty, the tables that optional foreign keys name (`program`,
//! `contact`), so that every foreign key of the official schema resolves.
//!
//! Ids are UUID v5 derived from a fixed namespace, the partner id, the table and an
//! index: the same directory always exports byte-identical files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde_json::Value;
use uuid::Uuid;

use crate::domain::{Partner, PartnerCategory};

/// The official HSDS 3.0 tabular data package descriptor (Open Referral, CC BY-SA 4.0).
const OFFICIAL_DESCRIPTOR: &str = include_str!("../data/hsds/datapackage.json");

/// Namespace of every id this module derives. Never change it: ids must stay stable.
const NAMESPACE: Uuid = Uuid::from_u128(0xb8f1_eccf_4a6b_4cbb_9677_8f13_8e24_f2bb);

/// The tables written, by resource name. Closed under the descriptor's foreign keys.
const TABLES: &[&str] = &[
    "organization",
    "program",
    "service",
    "attribute",
    "service_at_location",
    "location",
    "phone",
    "contact",
    "address",
    "schedule",
    "service_area",
    "language",
    "taxonomy_term",
    "taxonomy",
];

/// Partners are US agencies: addresses are exported with this ISO 3166-1 country code.
const COUNTRY: &str = "US";

const TAXONOMY_NAME: &str = "SafeHarbor partner directory";
const WITHHELD: &str = "[withheld]";

/// What [`export`] wrote.
#[derive(Debug)]
pub struct HsdsSummary {
    /// Every file written, the CSVs first and `datapackage.json` last.
    pub files: Vec<PathBuf>,
    /// Number of organizations (one per partner).
    pub organizations: usize,
}

#[derive(Debug, thiserror::Error)]
pub enum HsdsError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{0}")]
    Csv(String),
}

/// Writes the HSDS 3.0 tabular data package for `partners` into `dir` (created if
/// needed): the CSVs and `datapackage.json`. Existing files of the same names are
/// replaced.
pub fn export(partners: &[Partner], dir: &Path) -> Result<HsdsSummary, HsdsError> {
    let official: Value = serde_json::from_str(OFFICIAL_DESCRIPTOR)
        .map_err(|e| HsdsError::Csv(format!("embedded HSDS descriptor: {e}")))?;
    let resources = official_resources(&official)?;
    let mut package = Package::new(&resources)?;

    let mut seen = HashSet::new();
    for partner in partners {
        if !seen.insert(partner.id.as_str()) {
            return Err(HsdsError::Csv(format!(
                "duplicate partner id {:?}: HSDS ids must be unique",
                partner.id
            )));
        }
    }

    package.add_taxonomy()?;
    for partner in partners {
        package.add_partner(partner)?;
    }

    std::fs::create_dir_all(dir).map_err(|source| io_error(dir, source))?;
    let mut files = Vec::with_capacity(package.tables.len() + 1);
    for table in &package.tables {
        let path = dir.join(&table.path);
        std::fs::write(&path, table.to_csv()?).map_err(|source| io_error(&path, source))?;
        files.push(path);
    }

    let descriptor = package_descriptor(&official, &resources);
    let mut json = serde_json::to_string_pretty(&descriptor)
        .map_err(|e| HsdsError::Csv(format!("datapackage.json: {e}")))?;
    json.push('\n');
    let path = dir.join("datapackage.json");
    std::fs::write(&path, json).map_err(|source| io_error(&path, source))?;
    files.push(path);

    Ok(HsdsSummary {
        files,
        organizations: partners.len(),
    })
}

fn io_error(path: &Path, source: std::io::Error) -> HsdsError {
    HsdsError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// The official resources of [`TABLES`], in the descriptor's order.
fn official_resources(official: &Value) -> Result<Vec<Value>, HsdsError> {
    let all = official
        .get("resources")
        .and_then(Value::as_array)
        .ok_or_else(|| HsdsError::Csv("embedded HSDS descriptor has no resources".into()))?;
    let picked: Vec<Value> = all
        .iter()
        .filter(|r| {
            r.get("name")
                .and_then(Value::as_str)
                .is_some_and(|name| TABLES.contains(&name))
        })
        .cloned()
        .collect();
    if picked.len() != TABLES.len() {
        return Err(HsdsError::Csv(
            "embedded HSDS descriptor lacks a table this export writes".into(),
        ));
    }
    Ok(picked)
}

/// The official descriptor with only the resources written.
fn package_descriptor(official: &Value, resources: &[Value]) -> Value {
    let mut descriptor = official.clone();
    if let Some(object) = descriptor.as_object_mut() {
        object.insert("resources".into(), Value::Array(resources.to_vec()));
    }
    descriptor
}

/// One HSDS table: its descriptor fields, in order, and rows of cells in that order.
struct Table {
    name: String,
    path: String,
    fields: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    fn from_resource(resource: &Value) -> Result<Self, HsdsError> {
        let text = |key: &str| {
            resource
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| HsdsError::Csv(format!("HSDS resource without {key}")))
        };
        let name = text("name")?;
        let path = text("path")?;
        if path.contains(['/', '\\']) || path.starts_with('.') {
            return Err(HsdsError::Csv(format!(
                "unexpected HSDS resource path {path}"
            )));
        }
        let fields = resource
            .pointer("/schema/fields")
            .and_then(Value::as_array)
            .ok_or_else(|| HsdsError::Csv(format!("HSDS resource {name} has no fields")))?
            .iter()
            .map(|f| {
                f.get("name")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .ok_or_else(|| HsdsError::Csv(format!("HSDS resource {name}: unnamed field")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            name,
            path,
            fields,
            rows: Vec::new(),
        })
    }

    /// Adds a row; fields not named are left empty.
    fn push(&mut self, cells: &[(&str, &str)]) -> Result<(), HsdsError> {
        let mut row = vec![String::new(); self.fields.len()];
        for &(field, value) in cells {
            let index = self.fields.iter().position(|f| f == field).ok_or_else(|| {
                HsdsError::Csv(format!("HSDS table {} has no field {field}", self.name))
            })?;
            row[index] = value.trim().to_owned();
        }
        self.rows.push(row);
        Ok(())
    }

    fn to_csv(&self) -> Result<Vec<u8>, HsdsError> {
        let error = |e: csv::Error| HsdsError::Csv(format!("{}: {e}", self.path));
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        writer.write_record(&self.fields).map_err(error)?;
        for row in &self.rows {
            writer.write_record(row).map_err(error)?;
        }
        writer
            .into_inner()
            .map_err(|e| HsdsError::Csv(format!("{}: {e}", self.path)))
    }
}

struct Package {
    tables: Vec<Table>,
}

impl Package {
    fn new(resources: &[Value]) -> Result<Self, HsdsError> {
        let tables = resources
            .iter()
            .map(Table::from_resource)
            .collect::<Result<_, _>>()?;
        Ok(Self { tables })
    }

    fn push(&mut self, table: &str, cells: &[(&str, &str)]) -> Result<(), HsdsError> {
        self.tables
            .iter_mut()
            .find(|t| t.name == table)
            .ok_or_else(|| HsdsError::Csv(format!("HSDS table {table} is not exported")))?
            .push(cells)
    }

    /// The SafeHarbor taxonomy that attributes point at.
    fn add_taxonomy(&mut self) -> Result<(), HsdsError> {
        let taxonomy_id = taxonomy_id();
        self.push(
            "taxonomy",
            &[
                ("id", &taxonomy_id),
                ("name", TAXONOMY_NAME),
                (
                    "description",
                    "Terms SafeHarbor uses to describe partner agencies: their category, \
                     a memorandum of understanding with the district, confidentiality and \
                     who last verified the record.",
                ),
                ("version", "1"),
            ],
        )?;
        let mut term = |code: &str, parent: &str, name: &str, description: &str| {
            self.push(
                "taxonomy_term",
                &[
                    ("id", &term_id(code)),
                    ("code", code),
                    ("name", name),
                    ("description", description),
                    ("parent_id", parent),
                    ("taxonomy", TAXONOMY_NAME),
                    ("language", "en"),
                    ("taxonomy_id", &taxonomy_id),
                ],
            )
        };
        term(
            "category",
            "",
            "Partner category",
            "The kind of agency, as SafeHarbor uses it to suggest partners.",
        )?;
        let parent = term_id("category");
        for category in PartnerCategory::ALL {
            let code = category_code(*category);
            let name = category_name(category.as_str());
            term(
                &code,
                &parent,
                &name,
                &format!("Partner category: {}.", name.to_lowercase()),
            )?;
        }
        term(
            "mou",
            "",
            "Memorandum of understanding",
            "The school district has a memorandum of understanding (MOU) with this partner. \
             The attribute's value is the date it was signed (YYYY-MM-DD) when known.",
        )?;
        term(
            "confidential_location",
            "",
            "Confidential location",
            "The partner's location is confidential (for example a shelter): reach it by \
             phone or text. Its address is deliberately not published.",
        )?;
        term(
            "last_verified_by",
            "",
            "Last verified by",
            "Who last checked this record (the attribute's value). The date is the \
             service's assured_date.",
        )
    }

    fn add_partner(&mut self, p: &Partner) -> Result<(), HsdsError> {
        let scrub = Scrubber::new(p);
        let org_id = id(p, "organization", 0);
        let service_id = id(p, "service", 0);
        let name = scrub.text(first_non_empty(&[&p.name, &p.id]));
        let description = scrub.text(first_non_empty(&[&p.description, &p.name, &p.id]));
        let email = valid_email(&p.email, p);
        let url = valid_url(&p.url, p);

        self.push(
            "organization",
            &[
                ("id", &org_id),
                ("name", &name),
                ("description", &description),
                ("email", &email),
                ("website", &url),
            ],
        )?;

        let assured_date = p.last_verified_on.map(date).unwrap_or_default();
        let assurer_email = if is_email(p.last_verified_by.trim()) {
            p.last_verified_by.trim()
        } else {
            ""
        };
        self.push(
            "service",
            &[
                ("id", &service_id),
                ("organization_id", &org_id),
                ("name", &name),
                ("description", &description),
                ("url", &url),
                ("email", &email),
                ("status", "active"),
                ("assured_date", &assured_date),
                ("assurer_email", assurer_email),
            ],
        )?;

        if !p.confidential && !p.address.trim().is_empty() {
            self.add_location(p, &org_id, &service_id, &name)?;
        }
        self.add_phones(p, &service_id, &scrub)?;
        self.add_service_areas(p, &service_id, &scrub)?;
        self.add_languages(p, &service_id)?;
        self.add_schedule(p, &service_id, &scrub)?;
        self.add_attributes(p, &service_id, &scrub)
    }

    /// Only for partners that are not confidential.
    fn add_location(
        &mut self,
        p: &Partner,
        org_id: &str,
        service_id: &str,
        name: &str,
    ) -> Result<(), HsdsError> {
        let location_id = id(p, "location", 0);
        let complete = [&p.address, &p.city, &p.state, &p.postal_code]
            .iter()
            .all(|s| !s.trim().is_empty());
        // An address row needs street, city, state and postal code; an incomplete one
        // is kept as the location's free-text description instead.
        let partial = if complete {
            String::new()
        } else {
            [&p.address, &p.city, &p.state, &p.postal_code]
                .iter()
                .map(|s| s.trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(", ")
        };
        self.push(
            "location",
            &[
                ("id", &location_id),
                ("location_type", "physical"),
                ("organization_id", org_id),
                ("name", name),
                ("description", &partial),
            ],
        )?;
        if complete {
            self.push(
                "address",
                &[
                    ("id", &id(p, "address", 0)),
                    ("location_id", &location_id),
                    ("address_1", &p.address),
                    ("city", &p.city),
                    ("state_province", &p.state),
                    ("postal_code", &p.postal_code),
                    ("country", COUNTRY),
                    ("address_type", "physical"),
                ],
            )?;
        }
        self.push(
            "service_at_location",
            &[
                ("id", &id(p, "service_at_location", 0)),
                ("service_id", service_id),
                ("location_id", &location_id),
            ],
        )
    }

    fn add_phones(
        &mut self,
        p: &Partner,
        service_id: &str,
        scrub: &Scrubber,
    ) -> Result<(), HsdsError> {
        for (index, raw) in p.phones.iter().enumerate() {
            let Some(phone) = parse_phone(raw) else {
                continue;
            };
            self.push(
                "phone",
                &[
                    ("id", &id(p, "phone", index)),
                    ("service_id", service_id),
                    ("number", &phone.number),
                    ("extension", &phone.extension),
                    ("type", phone.kind),
                    ("description", &scrub.text(&phone.description)),
                ],
            )?;
        }
        let text = p.text.trim();
        if !text.is_empty() {
            self.push(
                "phone",
                &[
                    ("id", &id(p, "phone/text", 0)),
                    ("service_id", service_id),
                    ("number", text),
                    ("type", "text"),
                    ("description", "Text (SMS) line"),
                ],
            )?;
        }
        Ok(())
    }

    fn add_service_areas(
        &mut self,
        p: &Partner,
        service_id: &str,
        scrub: &Scrubber,
    ) -> Result<(), HsdsError> {
        for (index, area) in p.service_area.iter().enumerate() {
            let area = area.trim();
            // A confidential partner's own ZIP code would point at its location.
            if area.is_empty() || scrub.reveals(area) {
                continue;
            }
            self.push(
                "service_area",
                &[
                    ("id", &id(p, "service_area", index)),
                    ("service_id", service_id),
                    ("name", area),
                    ("description", area_kind(area)),
                ],
            )?;
        }
        Ok(())
    }

    fn add_languages(&mut self, p: &Partner, service_id: &str) -> Result<(), HsdsError> {
        let mut seen = HashSet::new();
        for (index, language) in p.languages.iter().enumerate() {
            let language = language.trim();
            let primary = language.split(['-', '_']).next().unwrap_or(language);
            let is_code = (2..=3).contains(&primary.len())
                && primary.chars().all(|c| c.is_ascii_alphabetic());
            let (code, name) = if is_code {
                let code = primary.to_ascii_lowercase();
                let name = language_name(&code).unwrap_or_default().to_owned();
                (code, name)
            } else {
                (String::new(), language.to_owned())
            };
            // `en`, `EN` and `en-US` are one language.
            let key = if is_code {
                code.clone()
            } else {
                name.to_lowercase()
            };
            if language.is_empty() || !seen.insert(key) {
                continue;
            }
            self.push(
                "language",
                &[
                    ("id", &id(p, "language", index)),
                    ("service_id", service_id),
                    ("name", &name),
                    ("code", &code),
                ],
            )?;
        }
        Ok(())
    }

    fn add_schedule(
        &mut self,
        p: &Partner,
        service_id: &str,
        scrub: &Scrubber,
    ) -> Result<(), HsdsError> {
        let hours = scrub.text(&p.hours);
        let schedule_id = id(p, "schedule", 0);
        if p.open_24_7 {
            let description = if hours.trim().is_empty() {
                "Open 24 hours a day, 7 days a week."
            } else {
                hours.as_str()
            };
            // HSDS: opens_at 00:00 and closes_at 23:59 signal a service open around
            // the clock (frictionless' `time` needs seconds).
            self.push(
                "schedule",
                &[
                    ("id", &schedule_id),
                    ("service_id", service_id),
                    ("freq", "WEEKLY"),
                    ("byday", "MO,TU,WE,TH,FR,SA,SU"),
                    ("description", description),
                    ("opens_at", "00:00:00"),
                    ("closes_at", "23:59:00"),
                ],
            )
        } else if !hours.trim().is_empty() {
            self.push(
                "schedule",
                &[
                    ("id", &schedule_id),
                    ("service_id", service_id),
                    ("description", &hours),
                ],
            )
        } else {
            Ok(())
        }
    }

    fn add_attributes(
        &mut self,
        p: &Partner,
        service_id: &str,
        scrub: &Scrubber,
    ) -> Result<(), HsdsError> {
        let mut attribute = |kind: &str, code: &str, value: &str| {
            self.push(
                "attribute",
                &[
                    ("id", &id(p, &format!("attribute/{kind}"), 0)),
                    ("link_id", service_id),
                    ("taxonomy_term_id", &term_id(code)),
                    ("link_entity", "service"),
                    ("value", value),
                ],
            )
        };
        attribute("category", &category_code(p.category), "")?;
        if p.mou {
            attribute("mou", "mou", &p.mou_date.map(date).unwrap_or_default())?;
        }
        if p.confidential {
            attribute("confidential", "confidential_location", "")?;
        }
        let verified_by = scrub.text(&p.last_verified_by);
        if !verified_by.trim().is_empty() {
            attribute("last_verified_by", "last_verified_by", &verified_by)?;
        }
        Ok(())
    }
}

/// Keeps a confidential partner's street address and postal code out of free text.
struct Scrubber {
    secrets: Vec<String>,
}

impl Scrubber {
    fn new(p: &Partner) -> Self {
        let secrets = if p.confidential {
            [&p.address, &p.postal_code]
                .iter()
                .map(|s| s.trim().to_owned())
                .filter(|s| !s.is_empty())
                .collect()
        } else {
            Vec::new()
        };
        Self { secrets }
    }

    fn text(&self, text: &str) -> String {
        let mut text = text.trim().to_owned();
        for secret in &self.secrets {
            text = replace_ignore_ascii_case(&text, secret, WITHHELD);
        }
        text
    }

    fn reveals(&self, text: &str) -> bool {
        let lower = text.to_ascii_lowercase();
        self.secrets
            .iter()
            .any(|s| lower.contains(&s.to_ascii_lowercase()))
    }
}

fn replace_ignore_ascii_case(text: &str, needle: &str, with: &str) -> String {
    let lower_text = text.to_ascii_lowercase();
    let lower_needle = needle.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    // ASCII lowercasing keeps byte offsets, so matches map back onto `text`.
    while let Some(found) = lower_text[rest..].find(&lower_needle) {
        let start = rest + found;
        out.push_str(&text[rest..start]);
        out.push_str(with);
        rest = start + lower_needle.len();
    }
    out.push_str(&text[rest..]);
    out
}

/// A stable id for row `index` of `table` for partner `p`.
fn id(p: &Partner, table: &str, index: usize) -> String {
    // The length prefix keeps `a/b` + `c` and `a` + `b/c` apart.
    let name = format!("partner/{}/{}/{table}/{index}", p.id.len(), p.id);
    Uuid::new_v5(&NAMESPACE, name.as_bytes()).to_string()
}

fn taxonomy_id() -> String {
    Uuid::new_v5(&NAMESPACE, b"taxonomy/safeharbor").to_string()
}

fn term_id(code: &str) -> String {
    Uuid::new_v5(&NAMESPACE, format!("taxonomy_term/{code}").as_bytes()).to_string()
}

fn category_code(category: PartnerCategory) -> String {
    format!("category:{}", category.as_str())
}

fn category_name(code: &str) -> String {
    let name = match code {
        "hotline" => "Hotline",
        "trafficking_services" => "Human trafficking services",
        "child_welfare" => "Child welfare",
        "law_enforcement" => "Law enforcement",
        "runaway_homeless" => "Runaway and homeless youth",
        "sexual_assault_dv" => "Sexual assault and domestic violence",
        "child_advocacy_center" => "Child advocacy center",
        "mental_health" => "Mental health",
        "health" => "Health",
        "housing_shelter" => "Housing and shelter",
        "legal_advocacy" => "Legal advocacy",
        "labor" => "Labor",
        "other" => "Other",
        other => {
            let words = other.replace('_', " ");
            let mut chars = words.chars();
            return match chars.next() {
                Some(first) => first.to_uppercase().chain(chars).collect(),
                None => String::new(),
            };
        }
    };
    name.to_owned()
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn first_non_empty<'a>(candidates: &[&'a String]) -> &'a str {
    candidates
        .iter()
        .map(|s| s.trim())
        .find(|s| !s.is_empty())
        .unwrap_or_default()
}

/// A phone string split into HSDS phone fields.
struct Phone {
    number: String,
    extension: String,
    kind: &'static str,
    description: String,
}

/// `"602-555-0100 x12 (crisis)"` → number `602-555-0100`, extension `12`, type `voice`,
/// description `crisis`. A label naming an RFC 6350 type (fax, text, tty, …) sets the type.
fn parse_phone(raw: &str) -> Option<Phone> {
    let mut rest = raw.trim();
    let mut label = "";
    if rest.ends_with(')')
        && let Some(open) = rest.rfind('(')
    {
        label = rest[open + 1..rest.len() - 1].trim();
        rest = rest[..open].trim_end();
    }
    let (number, extension) = split_extension(rest);
    if !number.contains(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let kind = match label.to_ascii_lowercase().as_str() {
        "text" | "sms" => Some("text"),
        "voice" => Some("voice"),
        "fax" => Some("fax"),
        "cell" | "mobile" => Some("cell"),
        "video" | "videophone" => Some("video"),
        "pager" => Some("pager"),
        "tty" | "tdd" | "textphone" => Some("textphone"),
        _ => None,
    };
    Some(Phone {
        number: number.to_owned(),
        extension: extension.to_owned(),
        kind: kind.unwrap_or("voice"),
        description: if kind.is_some() {
            String::new()
        } else {
            label.to_owned()
        },
    })
}

/// Splits `"555-0100 ext. 12"` / `"555-0100 x12"` into number and extension digits.
fn split_extension(phone: &str) -> (&str, &str) {
    let digits_start = phone
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i);
    let Some(digits_start) = digits_start else {
        return (phone, "");
    };
    let before = phone[..digits_start].trim_end();
    let lower = before.to_ascii_lowercase();
    for marker in ["extension", "ext.", "ext", "x"] {
        if let Some(stem) = lower.strip_suffix(marker)
            && stem.ends_with([' ', ','])
        {
            let number = before[..stem.len()].trim_end_matches([' ', ',']);
            if !number.is_empty() {
                return (number, &phone[digits_start..]);
            }
        }
    }
    (phone, "")
}

fn area_kind(area: &str) -> &'static str {
    let digits = |s: &str, n: usize| s.len() == n && s.chars().all(|c| c.is_ascii_digit());
    let lower = area.to_ascii_lowercase();
    if lower == "national" {
        "Nationwide (United States)"
    } else if digits(area, 5)
        || area
            .split_once('-')
            .is_some_and(|(zip, plus4)| digits(zip, 5) && digits(plus4, 4))
    {
        "ZIP code"
    } else if lower.ends_with(" county") {
        "County"
    } else {
        ""
    }
}

/// English names of the ISO 639-1 codes most common in US school districts.
fn language_name(code: &str) -> Option<&'static str> {
    Some(match code {
        "en" => "English",
        "es" => "Spanish",
        "fr" => "French",
        "ht" => "Haitian Creole",
        "pt" => "Portuguese",
        "zh" => "Chinese",
        "vi" => "Vietnamese",
        "ko" => "Korean",
        "ja" => "Japanese",
        "tl" => "Tagalog",
        "ar" => "Arabic",
        "ru" => "Russian",
        "uk" => "Ukrainian",
        "so" => "Somali",
        "sw" => "Swahili",
        "am" => "Amharic",
        "fa" => "Persian",
        "ps" => "Pashto",
        "hi" => "Hindi",
        "ur" => "Urdu",
        "bn" => "Bengali",
        "ne" => "Nepali",
        "my" => "Burmese",
        "km" => "Khmer",
        "lo" => "Lao",
        "hmn" => "Hmong",
        "de" => "German",
        "it" => "Italian",
        "pl" => "Polish",
        "nv" => "Navajo",
        "asl" | "ase" => "American Sign Language",
        _ => return None,
    })
}

/// True for addresses `frictionless` accepts as format `email` (a conservative subset).
fn is_email(s: &str) -> bool {
    let Some((local, domain)) = s.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

fn valid_email(email: &str, p: &Partner) -> String {
    let email = email.trim();
    if email.is_empty() {
        return String::new();
    }
    if is_email(email) {
        email.to_owned()
    } else {
        tracing::warn!(partner = %p.id, "HSDS export: e-mail address left out, not valid");
        String::new()
    }
}

/// An absolute URI (`frictionless` format `uri`); `www.example.org` gets `https://`.
fn valid_url(url: &str, p: &Partner) -> String {
    let url = url.trim();
    if url.is_empty() {
        return String::new();
    }
    let has_scheme =
        url.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }) && (url.contains("://") || url.starts_with("mailto:") || url.starts_with("tel:"));
    let url = if has_scheme {
        url.to_owned()
    } else {
        format!("https://{url}")
    };
    let chars_ok = url
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c));
    if chars_ok {
        url
    } else {
        tracing::warn!(partner = %p.id, "HSDS export: URL left out, not a valid URI");
        String::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Partner, PartnerCategory};

    const SHELTER_STREET: &str = "4417 W Hidden Palm Rd";
    const SHELTER_ZIP: &str = "85339";
    const CLINIC_STREET: &str = "1001 N Central Ave";

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    fn samples() -> Vec<Partner> {
        let blank = Partner {
            id: String::new(),
            name: String::new(),
            category: PartnerCategory::Other,
            description: String::new(),
            phones: Vec::new(),
            text: String::new(),
            email: String::new(),
            url: String::new(),
            address: String::new(),
            city: String::new(),
            state: String::new(),
            postal_code: String::new(),
            service_area: Vec::new(),
            hours: String::new(),
            open_24_7: false,
            languages: Vec::new(),
            mou: false,
            mou_date: None,
            confidential: false,
            last_verified_on: None,
            last_verified_by: String::new(),
        };
        vec![
            Partner {
                id: "nhth".into(),
                name: "National Human Trafficking Hotline".into(),
                category: PartnerCategory::Hotline,
                description: "Round-the-clock hotline to report suspected trafficking or get help."
                    .into(),
                phones: vec!["1-888-373-7888".into()],
                text: "233733".into(),
                url: "https://humantraffickinghotline.org".into(),
                service_area: vec!["national".into()],
                hours: "24/7".into(),
                open_24_7: true,
                languages: vec!["en".into(), "es".into()],
                last_verified_on: day(2026, 11, 22),
                last_verified_by: "SafeHarbor maintainers".into(),
                ..blank.clone()
            },
            Partner {
                id: "valley-youth-clinic".into(),
                name: "Valley Youth Clinic".into(),
                category: PartnerCategory::MentalHealth,
                description: "Counseling for young people, walk-ins welcome.".into(),
                phones: vec![
                    "602-555-0100 (crisis)".into(),
                    "602-555-0101 ext. 12".into(),
                    "602-555-0199 (fax)".into(),
                ],
                email: "intake@valleyyouth.example.org".into(),
                url: "www.valleyyouth.example.org".into(),
                address: CLINIC_STREET.into(),
                city: "Phoenix".into(),
                state: "AZ".into(),
                postal_code: "85004".into(),
                service_area: vec!["Maricopa County".into(), "85004".into()],
                hours: "Mon-Fri 8am-6pm".into(),
                languages: vec!["en".into(), "es".into(), "vi".into()],
                mou: true,
                mou_date: day(2025, 8, 1),
                last_verified_on: day(2026, 10, 1),
                last_verified_by: "counselor@district.example.org".into(),
                ..blank.clone()
            },
            Partner {
                id: "safe-house".into(),
                name: "Desert Safe House".into(),
                category: PartnerCategory::HousingShelter,
                description: format!(
                    "Confidential shelter for youth escaping trafficking (intake at {SHELTER_STREET})."
                ),
                phones: vec!["480-555-0142 (24h intake)".into()],
                text: "480-555-0143".into(),
                address: SHELTER_STREET.into(),
                city: "Avondale".into(),
                state: "AZ".into(),
                postal_code: SHELTER_ZIP.into(),
                service_area: vec!["Maricopa County".into(), SHELTER_ZIP.into()],
                open_24_7: true,
                languages: vec!["en".into()],
                mou: true,
                confidential: true,
                last_verified_on: day(2026, 9, 15),
                last_verified_by: "Coordinator R. Diaz".into(),
                ..blank
            },
        ]
    }

    fn read_all(dir: &Path) -> String {
        let mut all = String::new();
        for entry in std::fs::read_dir(dir).unwrap() {
            all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
        }
        all
    }

    fn csv_rows(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
        let mut reader = csv::Reader::from_path(path).unwrap();
        let header = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        let rows = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        (header, rows)
    }

    #[test]
    fn confidential_address_never_exported() {
        let dir = tempfile::tempdir().unwrap();
        let summary = export(&samples(), dir.path()).unwrap();
        assert_eq!(summary.organizations, 3);
        let all = read_all(dir.path());
        assert!(
            !all.contains(SHELTER_STREET),
            "confidential street address exported"
        );
        assert!(
            !all.contains(SHELTER_ZIP),
            "confidential postal code exported"
        );
        assert!(all.contains(CLINIC_STREET), "public address missing");
        assert!(
            all.contains("Desert Safe House"),
            "confidential partner missing"
        );
        assert!(
            all.contains("480-555-0142"),
            "confidential contact line missing"
        );

        // The shelter has no location, hence no address and no service_at_location.
        let (_, locations) = csv_rows(&dir.path().join("locations.csv"));
        assert_eq!(locations.len(), 1);
        let (_, addresses) = csv_rows(&dir.path().join("addresses.csv"));
        assert_eq!(addresses.len(), 1);
    }

    #[test]
    fn ids_are_stable_uuids() {
        let first = tempfile::tempdir().unwrap();
        let second = tempfile::tempdir().unwrap();
        let a = export(&samples(), first.path()).unwrap();
        let b = export(&samples(), second.path()).unwrap();
        assert_eq!(a.files.len(), b.files.len());
        let mut ids = HashSet::new();
        for (x, y) in a.files.iter().zip(&b.files) {
            assert_eq!(x.file_name(), y.file_name());
            assert_eq!(
                std::fs::read(x).unwrap(),
                std::fs::read(y).unwrap(),
                "{x:?} differs"
            );
            if x.extension().is_some_and(|e| e == "csv") {
                let (header, rows) = csv_rows(x);
                for row in rows {
                    for (field, cell) in header.iter().zip(&row) {
                        if field == "id" || (field.ends_with("_id") && !cell.is_empty()) {
                            Uuid::parse_str(cell)
                                .unwrap_or_else(|e| panic!("{x:?} {field}={cell}: {e}"));
                        }
                        if field == "id" {
                            assert!(ids.insert(cell.clone()), "duplicate id {cell}");
                        }
                    }
                }
            }
        }
        assert!(ids.len() > 20);
    }

    #[test]
    fn headers_match_descriptor() {
        let dir = tempfile::tempdir().unwrap();
        let summary = export(&samples(), dir.path()).unwrap();
        let official: Value = serde_json::from_str(OFFICIAL_DESCRIPTOR).unwrap();
        let written: Value = serde_json::from_str(
            &std::fs::read_to_string(dir.path().join("datapackage.json")).unwrap(),
        )
        .unwrap();
        let written = written["resources"].as_array().unwrap();
        let csvs: Vec<_> = summary
            .files
            .iter()
            .filter(|f| f.extension().is_some_and(|e| e == "csv"))
            .collect();
        assert_eq!(csvs.len(), written.len());
        assert_eq!(csvs.len(), TABLES.len());
        let names: Vec<&str> = written
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        for resource in written {
            let name = resource["name"].as_str().unwrap();
            let path = dir.path().join(resource["path"].as_str().unwrap());
            let original = official["resources"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == name)
                .unwrap();
            assert_eq!(
                resource, original,
                "{name} differs from the official resource"
            );
            let expected: Vec<&str> = original["schema"]["fields"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["name"].as_str().unwrap())
                .collect();
            let (header, _) = csv_rows(&path);
            assert_eq!(header, expected, "header of {path:?}");
            for fk in resource["schema"]["foreignKeys"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let target = fk["reference"]["resource"].as_str().unwrap();
                assert!(
                    names.contains(&target),
                    "{name} points at {target}, not written"
                );
            }
        }
    }

    #[test]
    fn phones_are_split_into_hsds_fields() {
        let p = parse_phone("602-555-0100 (crisis)").unwrap();
        assert_eq!(
            (p.number.as_str(), p.kind, p.description.as_str()),
            ("602-555-0100", "voice", "crisis")
        );
        let p = parse_phone("602-555-0101 ext. 12").unwrap();
        assert_eq!(
            (p.number.as_str(), p.extension.as_str()),
            ("602-555-0101", "12")
        );
        let p = parse_phone("1-800-555-0102 x7 (TTY)").unwrap();
        assert_eq!(
            (p.number.as_str(), p.extension.as_str(), p.kind),
            ("1-800-555-0102", "7", "textphone")
        );
        assert_eq!(parse_phone("988").unwrap().number, "988");
        assert!(parse_phone("  ").is_none());
        assert!(parse_phone("(crisis)").is_none());
    }

    #[test]
    #[ignore = "needs frictionless on PATH (pip install frictionless)"]
    fn passes_frictionless_validate() {
        let dir = tempfile::tempdir().unwrap();
        export(&samples(), dir.path()).unwrap();
        let output = std::process::Command::new("frictionless")
            .arg("validate")
            .arg(dir.path().join("datapackage.json"))
            .output()
            .expect("run frictionless");
        assert!(
            output.status.success(),
            "frictionless validate failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
