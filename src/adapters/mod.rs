//! Adapters: each verifies, parses and renders for one platform. No business logic here.
pub mod console;
