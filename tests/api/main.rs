//! Integration tests over real HTTP and the real binary.
mod abuse;
mod checkin_form;
mod cli;
mod crash;
mod delivery;
mod discord;
mod faults;
mod helpers;
mod http;
mod ical;
mod logs;
mod mock_discord;
mod mock_slack;
mod mock_teams;
mod outage;
mod slack;
mod teams;
