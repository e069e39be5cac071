//! The demo district: when no `safeharbor.toml` exists and the database has nobody in it,
//! three clearly marked demo people are created so the console works on a fresh machine.
use crate::config::{Config, DEMO_SCHOOL_ID};
use crate::domain::{NewPerson, Role};
use crate::store::{Store, StoreError};

/// Demo emails use a reserved domain that can never receive mail.
pub const DEMO_DOMAIN: &str = "demo.safeharbor.invalid";

pub fn demo_people() -> Vec<NewPerson> {
    let person = |n: i64, name: &str, local: &str, roles: Vec<Role>| NewPerson {
        school_id: DEMO_SCHOOL_ID.into(),
        name: name.into(),
        email: format!("{local}@{DEMO_DOMAIN}"),
        roles,
        locale: None,
        slack_user_id: None,
        discord_user_id: None,
        teams_user_id: None,
        teams_webhook_url: None,
        position: n,
        demo: true,
    };
    vec![
        person(
            1,
            "Dana Demo (demo teacher)",
            "teacher",
            vec![Role::Teacher],
        ),
        person(
            2,
            "Casey Demo (demo counselor)",
            "counselor",
            vec![Role::Counselor],
        ),
        person(
            3,
            "Jordan Demo (demo coordinator)",
            "coordinator",
            vec![Role::Coordinator, Role::Admin],
        ),
    ]
}

/// Create the demo people if this is the demo district and nobody is on the roster.
/// Returns true when it created them.
pub async fn ensure(store: &dyn Store, config: &Config, now_ms: i64) -> Result<bool, StoreError> {
    if !config.demo || !store.people().await?.is_empty() {
        return Ok(false);
    }
    store.import_people(&demo_people(), now_ms).await?;
    store.set_meta("demo_data", "yes").await?;
    Ok(true)
}
