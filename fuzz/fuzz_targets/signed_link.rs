//! Signed links (`/teams/act/{token}`): any token is refused with a 4xx and never acts; a
//! real token altered anywhere is refused; a real token over chosen claims shows a page
//! that carries them only HTML-escaped.
#![no_main]
use std::sync::atomic::{AtomicU64, Ordering};

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use safeharbor::adapters::teams::links::Claims;
use safeharbor_fuzz::harness;

#[derive(Arbitrary, Debug)]
enum Input {
    Raw {
        token: Vec<u8>,
        post: bool,
        form: Vec<u8>,
    },
    Altered {
        flips: Vec<(u16, u8)>,
    },
    Chosen {
        action: String,
        value: String,
        ttl_minutes: u16,
        who: u8,
        post: bool,
        form: Vec<u8>,
    },
}

fn person_id(email: &str) -> i64 {
    let h = safeharbor_fuzz::harness();
    h.block_on(h.engine.store.person_by_email(email))
        .expect("the store")
        .expect("on the roster")
        .id
}

fuzz_target!(|input: Input| {
    let h = safeharbor_fuzz::harness();
    let signer = &h.state.teams.as_ref().expect("teams is on").links;
    let now = h.now();
    match input {
        Input::Raw { token, post, form } => {
            let text = String::from_utf8_lossy(&token);
            assert!(
                !safeharbor::fuzzing::signed_link(signer, &text, now),
                "a made-up token was accepted"
            );
            let a = h.link(post, &token, &form);
            a.check("link");
            assert!((400..500).contains(&a.status), "status {}", a.status);
        }
        Input::Altered { flips } => {
            let claims = Claims {
                person_id: person_id(harness::TEACHER),
                action: "concern.ack".into(),
                value: "C-1001".into(),
                expires: now + 3600,
                nonce: "fuzz-altered".into(),
            };
            let good = signer.token(&claims);
            let mut bytes = good.clone().into_bytes();
            for (at, x) in flips {
                let i = usize::from(at) % bytes.len();
                bytes[i] ^= x;
            }
            if let Ok(altered) = String::from_utf8(bytes)
                && altered != good
            {
                assert!(
                    !safeharbor::fuzzing::signed_link(signer, &altered, now),
                    "an altered token was accepted: {altered}"
                );
            }
        }
        Input::Chosen {
            action,
            value,
            ttl_minutes,
            who,
            post,
            form,
        } => {
            static NONCE: AtomicU64 = AtomicU64::new(0);
            let email =
                [harness::TEACHER, harness::COUNSELOR, harness::COORDINATOR][usize::from(who) % 3];
            let claims = Claims {
                person_id: person_id(email),
                action,
                // A tag in the case number must come back escaped, wherever it is shown.
                value: format!("{value}<svg/onload=alert(1)>"),
                expires: now + i64::from(ttl_minutes) * 60,
                nonce: format!("fuzz-{}", NONCE.fetch_add(1, Ordering::Relaxed)),
            };
            let token = signer.token(&claims);
            let a = h.link(post, token.as_bytes(), &form);
            a.check("chosen link");
            let page = String::from_utf8_lossy(&a.body);
            assert!(!page.contains("<svg"), "a claim shown unescaped");
        }
    }
});
