//! Integration tests over real HTTP and the real binary.
mod cli;
mod discord;
mod helpers;
mod http;
mod mock_discord;
mod mock_slack;
mod slack;
