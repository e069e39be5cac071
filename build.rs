// `sqlx::migrate!` embeds migrations/ at compile time; without this, a new migration
// file alone would not rebuild the crate (the sqlx documentation's build script).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
