//! Indicator search over the whole catalog, in English and Spanish, typos included.
//! Target (issue 9): ≤ 20 µs per query.
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use safeharbor::engine::indicators::Catalog;
use safeharbor::i18n::I18n;

const QUERIES: &[(&str, &str)] = &[
    ("en exact", "hotel"),
    ("en plural", "hotels"),
    ("en typo", "hotles"),
    ("en two words", "older boyfriend"),
    ("en no match", "zzz"),
    ("es exact", "deuda"),
    ("es accent", "adiccion"),
    ("es plural typo", "tatuajse"),
    ("es phrase", "trabajo sin pago"),
    (
        "long phrase",
        "new phone and cash, sleeps in class, works late at a restaurant",
    ),
];

fn search(c: &mut Criterion) {
    let i18n = I18n::load().expect("locales load");
    let catalog = Catalog::load(&i18n).expect("catalog loads");
    let mut group = c.benchmark_group("indicator_search");
    for (label, q) in QUERIES {
        group.bench_function(*label, |b| b.iter(|| catalog.search(black_box(q)).len()));
    }
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
