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
use crate::i18n::{DEFAULT_LOCALE, I18n};

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

/// The browser's preferred language, from `Accept-Language`.
fn browser_locale(headers: &HeaderMap) -> &'static str {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| tag.split(';').next().unwrap_or(tag))
        .map(I18n::negotiate)
        .unwrap_or(DEFAULT_LOCALE)
}

/// Escape text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title>\
         <style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;\
         padding:0 1rem;line-height:1.5}}</style></head>\
         <body><main><h1>{title}</h1><p>{text}</p></main></body></html>\n",
        lang = esc(locale),
        title = esc(&title),
        text = esc(&text),
    );
    (
        status(e),
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'",
            ),
        ],
        html,
    )
        .into_response()
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
