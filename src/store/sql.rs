//! The query code shared by both backends. `$1`-style placeholders work in SQLite too
//! (as numbered parameters), so each method is written once and compiled per backend.
use chrono::NaiveDate;

use crate::domain::{PartnerCategory, Role};

use super::StoreError;

/// The `people` columns, as a literal for `concat!`.
macro_rules! person_columns {
    () => {
        "id, school_id, name, email, roles, locale, slack_user_id, discord_user_id, teams_user_id, teams_webhook_url, position, added_at_ms, demo"
    };
}
/// The `partners` columns, as a literal for `concat!`.
macro_rules! partner_columns {
    () => {
        "id, name, category, description, phones, text_line, email, url, address, city, state, postal_code, service_area, hours, open_24_7, languages, mou, mou_date, confidential, last_verified_on, last_verified_by"
    };
}
pub(super) use {partner_columns, person_columns};

pub(super) fn parse_roles(s: &str) -> Result<Vec<Role>, StoreError> {
    s.split(';')
        .filter(|r| !r.is_empty())
        .map(|r| {
            r.parse()
                .map_err(|_| StoreError::Corrupt(format!("unknown role {r:?} in people.roles")))
        })
        .collect()
}

pub(super) fn parse_category(s: &str) -> Result<PartnerCategory, StoreError> {
    s.parse()
        .map_err(|_| StoreError::Corrupt(format!("unknown partner category {s:?}")))
}

pub(super) fn parse_date(s: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    s.filter(|d| !d.is_empty())
        .map(|d| {
            NaiveDate::parse_from_str(&d, "%Y-%m-%d")
                .map_err(|_| StoreError::Corrupt(format!("bad date {d:?}")))
        })
        .transpose()
}

pub(super) fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// Implements [`super::Store`] for a struct with a `pool: sqlx::Pool<$db>` field and
/// module-level `BACKEND` and `MIGRATOR` items.
macro_rules! sql_store {
    ($ty:ident, $db:ty) => {
        use async_trait::async_trait;
        use sqlx::Row;

        use crate::domain::{NewPerson, Partner, Person, Platform};
        use crate::store::sql::{
            parse_category, parse_date, parse_roles, partner_columns, person_columns, split_list,
        };
        use crate::store::{ImportSummary, Store};

        type DbRow = <$db as sqlx::Database>::Row;

        fn person_from(row: &DbRow) -> Result<Person, StoreError> {
            Ok(Person {
                id: row.try_get("id")?,
                school_id: row.try_get("school_id")?,
                name: row.try_get("name")?,
                email: row.try_get("email")?,
                roles: parse_roles(&row.try_get::<String, _>("roles")?)?,
                locale: row.try_get("locale")?,
                slack_user_id: row.try_get("slack_user_id")?,
                discord_user_id: row.try_get("discord_user_id")?,
                teams_user_id: row.try_get("teams_user_id")?,
                teams_webhook_url: row.try_get("teams_webhook_url")?,
                position: row.try_get("position")?,
                added_at_ms: row.try_get("added_at_ms")?,
                demo: row.try_get("demo")?,
            })
        }

        fn partner_from(row: &DbRow) -> Result<Partner, StoreError> {
            Ok(Partner {
                id: row.try_get("id")?,
                name: row.try_get("name")?,
                category: parse_category(&row.try_get::<String, _>("category")?)?,
                description: row.try_get("description")?,
                phones: split_list(&row.try_get::<String, _>("phones")?),
                text: row.try_get("text_line")?,
                email: row.try_get("email")?,
                url: row.try_get("url")?,
                address: row.try_get("address")?,
                city: row.try_get("city")?,
                state: row.try_get("state")?,
                postal_code: row.try_get("postal_code")?,
                service_area: split_list(&row.try_get::<String, _>("service_area")?),
                hours: row.try_get("hours")?,
                open_24_7: row.try_get("open_24_7")?,
                languages: split_list(&row.try_get::<String, _>("languages")?),
                mou: row.try_get("mou")?,
                mou_date: parse_date(row.try_get("mou_date")?)?,
                confidential: row.try_get("confidential")?,
                last_verified_on: parse_date(row.try_get("last_verified_on")?)?,
                last_verified_by: row.try_get("last_verified_by")?,
            })
        }

        async fn write_partner<'c>(
            tx: &mut sqlx::Transaction<'c, $db>,
            p: &Partner,
            shipped: bool,
            overwrite: bool,
        ) -> Result<u64, StoreError> {
            macro_rules! insert_partner {
                ($conflict:literal) => {
                    concat!(
                        "INSERT INTO partners (", partner_columns!(), ", shipped) VALUES \
                         ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22) ",
                        $conflict
                    )
                };
            }
            let sql = if overwrite {
                insert_partner!("ON CONFLICT (id) DO UPDATE SET name = excluded.name, category = excluded.category, \
                 description = excluded.description, phones = excluded.phones, text_line = excluded.text_line, \
                 email = excluded.email, url = excluded.url, address = excluded.address, city = excluded.city, \
                 state = excluded.state, postal_code = excluded.postal_code, service_area = excluded.service_area, \
                 hours = excluded.hours, open_24_7 = excluded.open_24_7, languages = excluded.languages, \
                 mou = excluded.mou, mou_date = excluded.mou_date, confidential = excluded.confidential, \
                 last_verified_on = excluded.last_verified_on, last_verified_by = excluded.last_verified_by, \
                 shipped = excluded.shipped")
            } else {
                insert_partner!("ON CONFLICT (id) DO NOTHING")
            };
            let r = sqlx::query(sql)
                .bind(&p.id)
                .bind(&p.name)
                .bind(p.category.as_str())
                .bind(&p.description)
                .bind(p.phones.join(";"))
                .bind(&p.text)
                .bind(&p.email)
                .bind(&p.url)
                .bind(&p.address)
                .bind(&p.city)
                .bind(&p.state)
                .bind(&p.postal_code)
                .bind(p.service_area.join(";"))
                .bind(&p.hours)
                .bind(p.open_24_7)
                .bind(p.languages.join(";"))
                .bind(p.mou)
                .bind(p.mou_date.map(|d| d.format("%Y-%m-%d").to_string()))
                .bind(p.confidential)
                .bind(p.last_verified_on.map(|d| d.format("%Y-%m-%d").to_string()))
                .bind(&p.last_verified_by)
                .bind(shipped)
                .execute(&mut **tx)
                .await?;
            Ok(r.rows_affected())
        }

        #[async_trait]
        impl Store for $ty {
            fn backend(&self) -> Backend {
                BACKEND
            }

            async fn migrate(&self) -> Result<(), StoreError> {
                MIGRATOR
                    .run(&self.pool)
                    .await
                    .map_err(|e| StoreError::Migrate(e.to_string()))
            }

            async fn ping(&self) -> Result<(), StoreError> {
                sqlx::query("SELECT 1").execute(&self.pool).await?;
                Ok(())
            }

            async fn import_people(
                &self,
                people: &[NewPerson],
                now_ms: i64,
            ) -> Result<ImportSummary, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut summary = ImportSummary::default();
                for p in people {
                    let email = p.email.to_lowercase();
                    let existing: Option<i64> =
                        sqlx::query_scalar("SELECT id FROM people WHERE email = $1")
                            .bind(&email)
                            .fetch_optional(&mut *tx)
                            .await?;
                    let roles = p.roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join(";");
                    match existing {
                        Some(id) => {
                            sqlx::query(
                                "UPDATE people SET school_id = $1, name = $2, roles = $3, locale = $4, \
                                 slack_user_id = $5, discord_user_id = $6, teams_user_id = $7, \
                                 teams_webhook_url = $8, position = $9, demo = $10 WHERE id = $11",
                            )
                            .bind(&p.school_id)
                            .bind(&p.name)
                            .bind(&roles)
                            .bind(&p.locale)
                            .bind(&p.slack_user_id)
                            .bind(&p.discord_user_id)
                            .bind(&p.teams_user_id)
                            .bind(&p.teams_webhook_url)
                            .bind(p.position)
                            .bind(p.demo)
                            .bind(id)
                            .execute(&mut *tx)
                            .await?;
                            summary.updated += 1;
                        }
                        None => {
                            sqlx::query(
                                "INSERT INTO people (school_id, name, email, roles, locale, slack_user_id, \
                                 discord_user_id, teams_user_id, teams_webhook_url, position, added_at_ms, demo) \
                                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                            )
                            .bind(&p.school_id)
                            .bind(&p.name)
                            .bind(&email)
                            .bind(&roles)
                            .bind(&p.locale)
                            .bind(&p.slack_user_id)
                            .bind(&p.discord_user_id)
                            .bind(&p.teams_user_id)
                            .bind(&p.teams_webhook_url)
                            .bind(p.position)
                            .bind(now_ms)
                            .bind(p.demo)
                            .execute(&mut *tx)
                            .await?;
                            summary.added += 1;
                        }
                    }
                }
                tx.commit().await?;
                Ok(summary)
            }

            async fn people(&self) -> Result<Vec<Person>, StoreError> {
                let sql = concat!("SELECT ", person_columns!(), " FROM people ORDER BY position, id");
                let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
                rows.iter().map(person_from).collect()
            }

            async fn person_by_email(&self, email: &str) -> Result<Option<Person>, StoreError> {
                let sql = concat!("SELECT ", person_columns!(), " FROM people WHERE email = $1");
                let row = sqlx::query(sql)
                    .bind(email.trim().to_lowercase())
                    .fetch_optional(&self.pool)
                    .await?;
                row.as_ref().map(person_from).transpose()
            }

            async fn person_by_platform(
                &self,
                platform: Platform,
                user_id: &str,
            ) -> Result<Option<Person>, StoreError> {
                macro_rules! by {
                    ($column:literal) => {
                        concat!(
                            "SELECT ", person_columns!(), " FROM people WHERE ", $column,
                            " = $1 ORDER BY position, id LIMIT 1"
                        )
                    };
                }
                let sql = match platform {
                    Platform::Slack => by!("slack_user_id"),
                    Platform::Discord => by!("discord_user_id"),
                    Platform::Teams => by!("teams_user_id"),
                    Platform::Console => by!("email"),
                };
                let key = if platform == Platform::Console {
                    user_id.trim().to_lowercase()
                } else {
                    user_id.to_string()
                };
                let row = sqlx::query(sql).bind(key).fetch_optional(&self.pool).await?;
                row.as_ref().map(person_from).transpose()
            }

            async fn set_locale(&self, person_id: i64, locale: Option<&str>) -> Result<(), StoreError> {
                sqlx::query("UPDATE people SET locale = $1 WHERE id = $2")
                    .bind(locale)
                    .bind(person_id)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }

            async fn delete_demo_people(&self) -> Result<u64, StoreError> {
                let r = sqlx::query("DELETE FROM people WHERE demo = $1")
                    .bind(true)
                    .execute(&self.pool)
                    .await?;
                Ok(r.rows_affected())
            }

            async fn import_partners(&self, partners: &[Partner]) -> Result<ImportSummary, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut summary = ImportSummary::default();
                for p in partners {
                    let exists: Option<String> =
                        sqlx::query_scalar("SELECT id FROM partners WHERE id = $1")
                            .bind(&p.id)
                            .fetch_optional(&mut *tx)
                            .await?;
                    write_partner(&mut tx, p, false, true).await?;
                    if exists.is_some() {
                        summary.updated += 1;
                    } else {
                        summary.added += 1;
                    }
                }
                tx.commit().await?;
                Ok(summary)
            }

            async fn seed_partners(&self, partners: &[Partner]) -> Result<u64, StoreError> {
                let mut tx = self.pool.begin().await?;
                let mut added = 0;
                for p in partners {
                    added += write_partner(&mut tx, p, true, false).await?;
                }
                tx.commit().await?;
                Ok(added)
            }

            async fn partners(&self) -> Result<Vec<Partner>, StoreError> {
                let sql = concat!("SELECT ", partner_columns!(), " FROM partners ORDER BY name, id");
                let rows = sqlx::query(sql).fetch_all(&self.pool).await?;
                rows.iter().map(partner_from).collect()
            }

            async fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
                Ok(sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&self.pool)
                    .await?)
            }

            async fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
                sqlx::query(
                    "INSERT INTO meta (key, value) VALUES ($1, $2) \
                     ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                )
                .bind(key)
                .bind(value)
                .execute(&self.pool)
                .await?;
                Ok(())
            }
        }
    };
}

pub(super) use sql_store;
