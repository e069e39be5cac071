//! The small HTML pages SafeHarbor serves itself: the Teams action links' forms and
//! results, and a refused calendar feed. One look, one set of headers, one escaping.
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::i18n::{DEFAULT_LOCALE, I18n};

/// The browser's preferred language, from `Accept-Language`.
pub(crate) fn browser_locale(headers: &HeaderMap) -> &'static str {
    headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .map(|tag| tag.split(';').next().unwrap_or(tag))
        .map(I18n::negotiate)
        .unwrap_or(DEFAULT_LOCALE)
}

/// Escape text for HTML content and attribute values.
pub(crate) fn esc(s: &str) -> String {
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

const STYLE: &str = "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:36rem;\
margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1b1b1b}h1{font-size:1.4rem}\
.warn{background:#fdecea;border-left:4px solid #b3261e;padding:.5rem .75rem}\
.fine{color:#555;font-size:.9rem}label{display:block;font-weight:600;margin:.75rem 0 .25rem}\
textarea,input[type=text]{width:100%;box-sizing:border-box;font:inherit;padding:.4rem}\
button{font:inherit;padding:.5rem 1.25rem;margin-top:1rem;background:#1d4e89;color:#fff;\
border:0;border-radius:4px;cursor:pointer}";

/// A complete page around `body` (HTML, escaped by the caller), with headers that keep
/// it out of caches, frames and referrers. Forms may post only to this server.
pub(crate) fn page(status: StatusCode, locale: &str, title: &str, body: &str) -> Response {
    let html = format!(
        "<!doctype html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title><style>{STYLE}</style>\
         </head><body><main>{body}</main></body></html>\n",
        lang = esc(locale),
        title = esc(title),
    );
    (
        status,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::X_FRAME_OPTIONS, "DENY"),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; \
                 frame-ancestors 'none'; base-uri 'none'",
            ),
        ],
        html,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_cannot_break_out_of_the_markup() {
        assert_eq!(
            esc(r#"<a href="x">Tom & 'Jo'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jo&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn the_first_language_the_browser_names_is_used() {
        let mut h = HeaderMap::new();
        assert_eq!(browser_locale(&h), DEFAULT_LOCALE);
        h.insert(
            header::ACCEPT_LANGUAGE,
            "es-MX,es;q=0.9,en;q=0.8".parse().unwrap(),
        );
        assert_eq!(browser_locale(&h), "es");
    }
}
