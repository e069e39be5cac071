//! `GET /ical/{token}.ics`: a check-in plan's calendar feed (see
//! `engine::checkin::feed`). Reading it changes nothing. A token that is malformed,
//! altered, expired or no longer its person's gets a 4xx page that says nothing about the
//! plan or the case; the token is never logged.
use axum::Router;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::engine::Engine;
use crate::engine::checkin::FeedError;
use crate::http::AppState;
use crate::http::page::{browser_locale, esc, page};

pub fn routes() -> Router<AppState> {
    Router::new().route("/ical/{file}", get(feed))
}

fn status(e: FeedError) -> StatusCode {
    match e {
        FeedError::Malformed => StatusCode::NOT_FOUND,
        FeedError::Altered | FeedError::Revoked => StatusCode::FORBIDDEN,
        FeedError::Expired => StatusCode::GONE,
        FeedError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

/// The one page every refused feed gets (whatever the reason, only the status differs).
fn refused(engine: &Engine, locale: &str, e: FeedError) -> Response {
    let title = engine.t(locale, "ical-refused-title");
    let text = if e == FeedError::Unavailable {
        engine.t(locale, "ical-unavailable")
    } else {
        engine.ta(
            locale,
            "ical-refused",
            &[("command", engine.slash("checkin").into())],
        )
    };
    let body = format!("<h1>{}</h1><p>{}</p>", esc(&title), esc(&text));
    page(status(e), locale, &title, &body)
}

/// `GET /ical/{token}.ics`.
async fn feed(
    State(app): State<AppState>,
    file: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
) -> Response {
    let engine = &app.engine;
    let locale = browser_locale(&headers);
    let token = file
        .ok()
        .and_then(|Path(f)| f.strip_suffix(".ics").map(str::to_string));
    let result = match token {
        Some(t) => engine.calendar_feed(&t).await,
        None => Err(FeedError::Malformed),
    };
    match result {
        Ok(feed) => {
            let disposition = format!("inline; filename=\"checkin-plan-{}.ics\"", feed.plan_id);
            let mut r = (
                StatusCode::OK,
                [
                    (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                    (header::CACHE_CONTROL, "private, no-cache"),
                    (header::REFERRER_POLICY, "no-referrer"),
                    (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
                ],
                feed.ics,
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        Err(e) => {
            metrics::counter!("safeharbor_rejected_requests_total", "platform" => "ical", "reason" => e.to_string()).increment(1);
            refused(engine, locale, e)
        }
    }
}
