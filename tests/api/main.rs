//! Integration tests over real HTTP and the real binary.
mod cli;
mod helpers;
mod http;
mod mock_slack;
mod slack;
