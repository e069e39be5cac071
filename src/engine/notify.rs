//! Private messages: the core seals each one into an outbox row (in the transaction of the
//! change that causes it); the dispatcher opens it again to deliver it.
use serde::{Deserialize, Serialize};

use super::{Engine, Notification, Reply};
use crate::crypto::OpenError;
use crate::domain::{OutboxKind, Person, Platform};
use crate::store::NewOutbox;

/// What an outbox row's sealed payload holds.
#[derive(Serialize, Deserialize)]
pub struct Payload {
    /// Format version, so a dispatcher can refuse what it does not understand.
    pub v: u32,
    pub reply: Reply,
}

const PAYLOAD_VERSION: u32 = 1;

/// A message on its way to the outbox: the row to write and what the caller shows.
pub(super) struct Draft {
    pub row: NewOutbox,
    pub recipient_name: String,
    pub reply: Reply,
}

impl Draft {
    /// The notification, once the outbox row exists.
    fn into_notification(self, outbox_id: i64) -> Notification {
        Notification {
            recipient_id: self.row.recipient_id,
            recipient_name: self.recipient_name,
            key: self.row.key,
            platform: self.row.platform,
            outbox_id,
            reply: self.reply,
        }
    }
}

/// Pair drafts with the outbox ids the store returned; a draft whose key was already
/// queued (None) produced no new message and is left out.
pub(super) fn notifications(drafts: Vec<Draft>, ids: &[Option<i64>]) -> Vec<Notification> {
    drafts
        .into_iter()
        .zip(ids)
        .filter_map(|(d, id)| id.map(|id| d.into_notification(id)))
        .collect()
}

impl Engine {
    /// Seal a reply for one person into an outbox row. The platform is the first the
    /// roster gives them (Slack, Discord, Teams), or the console when they have none.
    pub(super) fn draft(
        &self,
        to: &Person,
        kind: OutboxKind,
        concern_id: Option<i64>,
        key: String,
        reply: Reply,
        now_ms: i64,
    ) -> Draft {
        let payload = Payload {
            v: PAYLOAD_VERSION,
            reply,
        };
        // Serializing plain strings and enums cannot fail.
        let json = serde_json::to_vec(&payload).expect("a reply serializes");
        Draft {
            row: NewOutbox {
                key,
                recipient_id: to.id,
                platform: to.private_channel().unwrap_or(Platform::Console),
                kind,
                concern_id,
                payload_sealed: self.key.seal(&json),
                created_ms: now_ms,
                next_attempt_ms: now_ms,
            },
            recipient_name: to.name.clone(),
            reply: payload.reply,
        }
    }

    /// Open an outbox row's payload (for the dispatcher).
    pub fn open_payload(&self, sealed: &[u8]) -> Result<Reply, OpenError> {
        let plain = self.key.open(sealed)?;
        let payload: Payload = serde_json::from_slice(&plain).map_err(|_| OpenError)?;
        if payload.v != PAYLOAD_VERSION {
            return Err(OpenError);
        }
        Ok(payload.reply)
    }
}
