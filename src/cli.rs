//! The command line: `serve`, `console`, `migrate`, `partners`, `roster`, `checkin`,
//! `check-config`, `rekey`.
use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand, ValueEnum};
use tracing::{info, warn};

use crate::clock::{SharedClock, SystemClock};
use crate::config::{self, Config};
use crate::crypto::DataKey;
use crate::domain::Person;
use crate::store;

#[derive(Debug, Parser)]
#[command(
    name = "safeharbor",
    version,
    about = "SafeHarbor: the school child-trafficking response protocol in chat (Slack, Teams, Discord). Not an emergency service: in danger, call 911."
)]
pub struct Cli {
    /// Path of safeharbor.toml (default: ./safeharbor.toml; without one, the demo district)
    #[arg(long, global = true, env = "SAFEHARBOR_CONFIG")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP server (applies migrations first)
    Serve {
        /// Address to listen on [env: SAFEHARBOR_LISTEN] [default: 127.0.0.1:8080]
        #[arg(long)]
        listen: Option<SocketAddr>,
        /// Development mode: without a data key, create safeharbor-dev.key (mode 0600) here
        #[arg(long)]
        dev: bool,
    },
    /// Chat with the bot in the terminal, against the same database
    Console {
        /// Who you are: an email, a role (teacher, counselor, coordinator…) or part of a name
        #[arg(long = "as", value_name = "ROLE_OR_USER")]
        as_: Option<String>,
    },
    /// Apply database migrations
    Migrate,
    /// The partner directory
    Partners {
        #[command(subcommand)]
        action: PartnersAction,
    },
    /// Staff, roles and platform ids
    Roster {
        #[command(subcommand)]
        action: RosterAction,
    },
    /// Schools' closed days (on top of the holidays in safeharbor.toml)
    Holidays {
        #[command(subcommand)]
        action: HolidaysAction,
    },
    /// Check-in plans
    Checkin {
        #[command(subcommand)]
        action: CheckinAction,
    },
    /// Validate the configuration and report problems in plain words
    CheckConfig,
    /// Print a platform's registration generated from commands/ (Slack app manifest, …)
    Manifest {
        #[arg(value_enum)]
        platform: ManifestPlatform,
        /// Public base URL of this server, e.g. https://safeharbor.district.example (default: SAFEHARBOR_PUBLIC_URL, else
        /// `[server] public_url` in safeharbor.toml, else http:// and the listen address)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Discord: register the slash commands
    Discord {
        #[command(subcommand)]
        action: DiscordAction,
    },
    /// Re-encrypt everything sealed under the data key (SAFEHARBOR_DATA_KEY or
    /// SAFEHARBOR_DATA_KEY_FILE) with a new key, all or nothing. Stop `serve` and every
    /// console first: it refuses while one is running
    Rekey {
        /// The new key: a file holding 32 random bytes in base64, as SAFEHARBOR_DATA_KEY_FILE
        #[arg(long, value_name = "FILE")]
        new_key_file: PathBuf,
        /// First write a fresh random key to --new-key-file (mode 0600; an existing file is
        /// never overwritten)
        #[arg(long)]
        generate: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManifestPlatform {
    Slack,
    Discord,
    Teams,
}

#[derive(Debug, Subcommand)]
pub enum DiscordAction {
    /// PUT the command registration (as `manifest discord` prints it) to Discord, replacing
    /// the application's commands; needs DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID
    Register {
        /// Register in this guild only (updates at once; for testing) instead of globally
        #[arg(long, value_name = "ID")]
        guild: Option<u64>,
    },
}

#[derive(Debug, Subcommand)]
pub enum PartnersAction {
    /// Import partners from a CSV file (all rows or none; re-import updates by id)
    Import {
        /// The CSV file, with the columns `partners export` writes
        file: PathBuf,
    },
    /// Export partners (CSV to stdout, or --format hsds --out DIR)
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Csv)]
        format: ExportFormat,
        /// File (csv) or directory (hsds) to write; csv defaults to stdout
        #[arg(long, value_name = "PATH")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum HolidaysAction {
    /// Import closed days from a CSV file `school_id,date,name` (all rows or none); each
    /// school in the file gets exactly the file's dates, other schools keep theirs
    Import {
        /// The CSV file: columns `school_id,date,name` (a header row), dates as YYYY-MM-DD
        file: PathBuf,
    },
    /// Export the imported closed days as CSV
    Export {
        /// File to write (default: stdout)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Csv,
    Hsds,
}

#[derive(Debug, Subcommand)]
pub enum CheckinAction {
    /// Print a plan's check-ins as an iCalendar (.ics) file (case number and plan id only)
    Export {
        /// The plan's number, as /checkin list shows it
        id: i64,
        /// File to write (default: stdout)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Language of the titles, e.g. es [default: en-US]
        #[arg(long)]
        locale: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum RosterAction {
    /// Import the roster from a CSV file (all rows or none; re-import updates by email)
    Import {
        /// The CSV file, with the columns `roster export` writes (see the README)
        file: PathBuf,
    },
    /// Export the roster as CSV (webhook URLs left out unless --include-secrets)
    Export {
        /// File to write, readable by its owner only (default: stdout)
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Include the Teams webhook URLs (needs the data key they were sealed with)
        #[arg(long)]
        include_secrets: bool,
    },
    /// Take people who have left off the roster: no roles, no platform, no messages; their
    /// name stays in case histories, and importing them again restores them
    Remove {
        /// Their emails, as in the roster
        #[arg(required = true, value_name = "EMAIL")]
        emails: Vec<String>,
    },
}

/// Run a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let quiet = matches!(cli.command, Command::Console { .. });
    crate::telemetry::init(if quiet { "warn" } else { "info" });
    let clock: SharedClock = Arc::new(SystemClock);
    if let Command::CheckConfig = cli.command {
        return check_config(cli.config.as_deref()).await;
    }
    let mut config = config::load(cli.config.as_deref())?;
    for key in &config.unknown_keys {
        warn!(key = %key, "safeharbor.toml has a key SafeHarbor does not know, so ignores (a typo?); check-config lists them");
    }
    match cli.command {
        Command::Serve { listen, dev } => {
            if let Some(l) = listen {
                config.listen_on(l);
            }
            serve(config, clock, dev).await
        }
        Command::Console { as_ } => console(config, clock, as_.as_deref()).await,
        Command::Migrate => {
            // With the key, migrating also seals the webhook URLs an earlier version
            // stored in plain text.
            let key = webhook_key(&config)?;
            let s = store::open_and_migrate(&config.database_url, key).await?;
            s.close().await;
            println!(
                "migrations applied to {}",
                store::redact_url(&config.database_url)
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Partners { action } => partners(config, clock, action).await,
        Command::Roster { action } => roster(config, clock, action).await,
        Command::Holidays { action } => holidays(config, clock, action).await,
        Command::Checkin { action } => checkin(config, clock, action).await,
        Command::CheckConfig => unreachable!("handled above"),
        Command::Manifest { platform, base_url } => {
            let from = if base_url.is_some() {
                "--base-url"
            } else {
                "SAFEHARBOR_PUBLIC_URL"
            };
            let base = base_url.unwrap_or_else(|| config.public_url.clone());
            if !(base.starts_with("https://") || base.starts_with("http://")) {
                bail!("{from} \"{base}\" must start with https:// (or http:// for a local test)");
            }
            if base.starts_with("http://") && platform != ManifestPlatform::Discord {
                // Printed anyway (a local look, a mock), but the platform will refuse it.
                eprintln!(
                    "warning: {platform:?} accepts only https:// URLs, and these come from {from} \"{base}\": \
                     set SAFEHARBOR_PUBLIC_URL or --base-url to the server's https:// address before registering them"
                );
            }
            let commands = crate::spec::Commands::load()?;
            let i18n = crate::i18n::I18n::load()?;
            let out = match platform {
                ManifestPlatform::Slack => crate::adapters::slack::manifest::manifest(
                    &commands,
                    &i18n,
                    &base,
                    "SafeHarbor",
                ),
                ManifestPlatform::Discord => {
                    crate::adapters::discord::commands::registration(&commands, &i18n)
                }
                ManifestPlatform::Teams => {
                    crate::adapters::teams::manifest(&commands, &i18n, &base, "SafeHarbor")
                }
            };
            let mut text = serde_json::to_string_pretty(&out)?;
            text.push('\n');
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(ExitCode::SUCCESS)
        }
        Command::Discord {
            action: DiscordAction::Register { guild },
        } => discord_register(&config, guild).await,
        Command::Rekey {
            new_key_file,
            generate,
        } => rekey(&config, &new_key_file, generate).await,
    }
}

/// `safeharbor rekey --new-key-file FILE [--generate]`: seal everything again under the
/// key in FILE (see `Store::rekey`). Exit 2, having changed nothing, when a key is missing
/// or the same, or a stored value does not open with the current key.
async fn rekey(config: &Config, new_key_file: &Path, generate: bool) -> anyhow::Result<ExitCode> {
    let old = match configured_key(config, false, Path::new(".")) {
        Ok((key, _)) => key,
        Err(crate::crypto::KeyError::Missing) => {
            eprintln!(
                "no data key: set SAFEHARBOR_DATA_KEY or SAFEHARBOR_DATA_KEY_FILE to the key the \
                 database is sealed with now; nothing was changed"
            );
            return Ok(ExitCode::from(2));
        }
        Err(e) => {
            eprintln!("{e}; nothing was changed");
            return Ok(ExitCode::from(2));
        }
    };
    let new = if generate {
        let key = DataKey::generate_file(new_key_file)?;
        eprintln!(
            "wrote a new random key to {} (mode 0600)",
            new_key_file.display()
        );
        key
    } else {
        match DataKey::load(None, Some(new_key_file), false, Path::new(".")) {
            Ok((key, _)) => key,
            Err(e) => {
                eprintln!("--new-key-file: {e}; nothing was changed");
                return Ok(ExitCode::from(2));
            }
        }
    };
    if new.same_as(&old) {
        eprintln!(
            "{} holds the data key in use now: give a new key; nothing was changed",
            new_key_file.display()
        );
        return Ok(ExitCode::from(2));
    }
    let done = rekey_to(config, &old, &new, new_key_file).await;
    if generate && !matches!(done, Ok((_, true))) {
        // Never used: a second try with --generate would find it in the way.
        if std::fs::remove_file(new_key_file).is_ok() {
            eprintln!(
                "removed the new key file {}, unused",
                new_key_file.display()
            );
        }
    }
    Ok(done?.0)
}

/// [`rekey`] once both keys are known: the exit code, and whether the data is now sealed
/// under `new`.
async fn rekey_to(
    config: &Config,
    old: &DataKey,
    new: &DataKey,
    new_key_file: &Path,
) -> anyhow::Result<(ExitCode, bool)> {
    let url = store::redact_url(&config.database_url);
    eprintln!(
        "re-keying {url}: `safeharbor serve` and every console on this database must be stopped \
         (one still running would go on sealing new data under the old key, so one heard from \
         lately stops the re-keying)"
    );
    let refused = |e: store::StoreError| {
        eprintln!("{e}. Nothing was changed.");
        Ok((ExitCode::from(2), false))
    };
    // Opened without a key: `rekey` checks the current key against every sealed value
    // itself (naming the first that does not open) before it writes anything.
    let s = store::open_and_migrate(&config.database_url, None).await?;
    let running = crate::presence::others_running(s.as_ref()).await?;
    if !running.is_empty() {
        for r in &running {
            eprintln!("{r} is using this database.");
        }
        eprintln!(
            "Stop it first (a process that was killed without stopping is forgotten {} s after \
             it was last heard from). Nothing was changed.",
            crate::presence::FRESH.as_secs()
        );
        return Ok((ExitCode::from(2), false));
    }
    let progress = |phase: store::RekeyPhase, column: &str, done: u64, total: u64| {
        let doing = match phase {
            store::RekeyPhase::Checking => "checked",
            store::RekeyPhase::Resealing => "re-sealed",
        };
        eprintln!("{column}: {doing} {done} of {total}");
    };
    let report = match s.rekey(old, new, &progress).await {
        Ok(r) => r,
        Err(e @ store::StoreError::WrongKey { .. }) => return refused(e),
        Err(e) => {
            eprintln!("the re-keying failed, and nothing was changed: {e}");
            return Ok((ExitCode::FAILURE, false));
        }
    };
    let total: u64 = report.columns.iter().map(|(_, n)| n).sum();
    println!("re-sealed {total} values under the new key, in one transaction:");
    for (column, n) in &report.columns {
        println!("  {column}: {n}");
    }
    println!(
        "Now configure the new key everywhere this database is used (SAFEHARBOR_DATA_KEY_FILE={} \
         or its contents in SAFEHARBOR_DATA_KEY) before starting `serve` again: under the old key \
         it refuses to start.",
        new_key_file.display()
    );
    println!(
        "Teams button links and calendar feed links handed out before were signed with keys \
         derived from the old key: they no longer work (ask /checkin calendar again for a new \
         feed link)."
    );
    println!(
        "Backups made before this are still sealed under the old key: restoring one needs the \
         old key (and whoever holds the old key can read them), so make a new backup now and \
         retire the old ones as your retention rules allow."
    );
    match s.backend() {
        store::Backend::Sqlite if !report.scrubbed => println!(
            "The database file could not be rebuilt, so old sealed copies may remain in its free \
             space: with every SafeHarbor process stopped, run `sqlite3 FILE 'VACUUM'`."
        ),
        store::Backend::Sqlite => {}
        store::Backend::Postgres => println!(
            "PostgreSQL keeps the replaced row versions (sealed under the old key) in the table \
             files until VACUUM reuses their space: run `VACUUM FULL concerns, concern_events, \
             outbox, checkin_changes, checkin_outcomes, people;` to rewrite them now."
        ),
    }
    Ok((ExitCode::SUCCESS, true))
}

/// `safeharbor discord register [--guild ID]`: PUT the generated commands to Discord.
async fn discord_register(config: &Config, guild: Option<u64>) -> anyhow::Result<ExitCode> {
    let Some(api) = crate::adapters::discord::DiscordApi::from_config(config) else {
        bail!(
            "set DISCORD_BOT_TOKEN and DISCORD_APPLICATION_ID (a number) to register the Discord commands"
        );
    };
    let commands = crate::spec::Commands::load()?;
    let i18n = crate::i18n::I18n::load()?;
    let json = crate::adapters::discord::commands::registration(&commands, &i18n);
    match api.register(&json, guild).await {
        Ok(n) => {
            match guild {
                Some(g) => println!("registered {n} Discord commands in guild {g}"),
                None => println!(
                    "registered {n} Discord commands globally (they may take a while to appear)"
                ),
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e) => {
            eprintln!("Discord command registration failed: {e}");
            Ok(ExitCode::FAILURE)
        }
    }
}

async fn serve(config: Config, clock: SharedClock, dev: bool) -> anyhow::Result<ExitCode> {
    let (key, created) = configured_key(&config, dev, &std::env::current_dir()?)?;
    if let Some(path) = created {
        warn!(path = %path.display(), "development mode: using a throwaway data key file; never use --dev with real data");
    }
    for p in config.platforms() {
        if p.enabled() {
            info!(platform = p.name, "platform on");
        } else if p.commands_only() {
            // Signed commands can be answered with the verifying secret alone.
            warn!(platform = p.name, missing = %p.missing.join(", "), "platform on for commands only: private messages need the missing variables");
        } else {
            info!(platform = p.name, missing = %p.missing.join(", "), "platform off: variables missing");
        }
    }
    if config.demo {
        warn!("no safeharbor.toml found: running the demo district");
    }
    let listen = config.listen;
    let engine = crate::app::build_engine(Arc::new(config), clock, key).await?;
    let app = crate::app::Application::build(engine, listen).await?;
    app.run_until_stopped(crate::app::shutdown_signal()).await?;
    Ok(ExitCode::SUCCESS)
}

async fn console(
    config: Config,
    clock: SharedClock,
    as_: Option<&str>,
) -> anyhow::Result<ExitCode> {
    // The console works on a fresh machine: without a configured key it uses (or creates)
    // the same development key file as `serve --dev`, and says so.
    let (key, dev_file) = configured_key(&config, true, &std::env::current_dir()?)?;
    if let Some(path) = dev_file {
        warn!(path = %path.display(), "no data key set: the console seals concerns with the development key file; set SAFEHARBOR_DATA_KEY for real data");
    }
    let engine = crate::app::build_engine(Arc::new(config), clock, key).await?;
    let person = crate::adapters::console::resolve_person(&engine, as_).await?;
    let interactive = std::io::stdin().is_terminal();
    let input = tokio::io::BufReader::new(tokio::io::stdin());
    let mut out = std::io::stdout();
    // The scheduler (escalations) and the dispatcher (platform messages) run here too.
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let wake = Arc::new(tokio::sync::Notify::new());
    let background = crate::app::spawn_background(&engine, wake, stop_rx, true, "console").await;
    let key_changed = background.key_changed();
    let result: anyhow::Result<()> = tokio::select! {
        r = crate::adapters::console::run(&engine, &person, input, &mut out, interactive) => r.map_err(Into::into),
        _ = key_changed => Err(crate::app::KeyChanged.into()),
    };
    let _ = stop_tx.send(true);
    background.join().await;
    engine.store.close().await;
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The configured data key (`SAFEHARBOR_DATA_KEY` or `SAFEHARBOR_DATA_KEY_FILE`); with
/// `dev`, else the development key file in `dir`, created if there is none (see
/// [`DataKey::load`]): the path when it was used.
fn configured_key(
    config: &Config,
    dev: bool,
    dir: &Path,
) -> Result<(DataKey, Option<PathBuf>), crate::crypto::KeyError> {
    DataKey::load(
        config.secrets.data_key.as_ref(),
        config.secrets.data_key_file.as_deref(),
        dev,
        dir,
    )
}

/// The data key, for commands that need it only for the roster's Teams webhook URLs
/// (which the store seals with it): the configured key; else the development key file that
/// `serve --dev` and the console use, if there is one here (it is never created); else
/// none.
fn webhook_key(config: &Config) -> anyhow::Result<Option<DataKey>> {
    match configured_key(config, false, Path::new(".")) {
        Ok((key, _)) => Ok(Some(key)),
        Err(crate::crypto::KeyError::Missing) => {
            let dev = std::env::current_dir()?.join(crate::crypto::DEV_KEY_FILE);
            if !dev.exists() {
                return Ok(None);
            }
            let (key, _) = DataKey::load(None, Some(&dev), false, Path::new("."))?;
            eprintln!(
                "no data key set: using the development key file {} (the key of `serve --dev` and the console)",
                dev.display()
            );
            Ok(Some(key))
        }
        Err(e) => Err(e.into()),
    }
}

fn read_input(file: &Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))
}

fn output(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    Ok(match out {
        Some(p) => Box::new(
            std::fs::File::create(p).with_context(|| format!("cannot create {}", p.display()))?,
        ),
        None => Box::new(std::io::stdout()),
    })
}

/// [`output`] for personal data (the roster, and its webhook URLs with
/// `--include-secrets`): a file is readable by its owner only (mode 0600), also when it
/// existed before with a wider mode.
fn private_output(out: Option<&Path>) -> anyhow::Result<Box<dyn Write>> {
    let Some(p) = out else {
        return output(None);
    };
    let cannot = || format!("cannot create {}", p.display());
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(p).with_context(cannot)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .with_context(cannot)?;
        Ok(Box::new(file))
    }
    #[cfg(not(unix))]
    Ok(Box::new(options.open(p).with_context(cannot)?))
}

async fn partners(
    config: Config,
    clock: SharedClock,
    action: PartnersAction,
) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config, &clock, None).await?;
    match action {
        PartnersAction::Import { file } => {
            let bytes = read_input(&file)?;
            eprintln!("checking {} …", file.display());
            let today = clock.now().date_naive();
            let partners = match crate::csvio::parse_partners_on(&bytes, Some(today)) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    return Ok(ExitCode::from(2));
                }
            };
            eprintln!("{} rows valid; writing …", partners.len());
            let s = store.import_partners(&partners).await?;
            println!(
                "partners imported: {} added, {} updated",
                s.added, s.updated
            );
        }
        PartnersAction::Export { format, out } => {
            let partners = store.partners().await?;
            match format {
                ExportFormat::Csv => {
                    crate::csvio::write_partners(output(out.as_deref())?, &partners)?;
                    if out.is_some() {
                        eprintln!("{} partners exported", partners.len());
                    }
                }
                ExportFormat::Hsds => {
                    let Some(dir) = out else {
                        bail!(
                            "--format hsds writes several files: give a directory with --out DIR"
                        );
                    };
                    let s = crate::hsds::export(&partners, &dir)?;
                    eprintln!(
                        "HSDS package with {} organizations written to {} ({} files)",
                        s.organizations,
                        dir.display(),
                        s.files.len()
                    );
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn roster(
    config: Config,
    clock: SharedClock,
    action: RosterAction,
) -> anyhow::Result<ExitCode> {
    let now_ms = clock.now().timestamp_millis();
    // Webhook URLs are stored sealed under the data key (see `store::webhook`): importing
    // them, or exporting them with --include-secrets, needs it; the rest does not.
    let key = webhook_key(&config)?;
    let store = crate::app::open_store(&config, &clock, key.as_ref()).await?;
    match action {
        RosterAction::Import { file } => {
            let bytes = read_input(&file)?;
            eprintln!("checking {} …", file.display());
            let people = match crate::csvio::parse_roster(&bytes, &config) {
                Ok(p) => p,
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    return Ok(ExitCode::from(2));
                }
            };
            if key.is_none() && people.iter().any(|p| p.teams_webhook_url.is_some()) {
                bail!(
                    "{}: the roster has Teams webhook URLs. {}. Nothing was imported.",
                    file.display(),
                    store::StoreError::NoDataKey
                );
            }
            eprintln!("{} rows valid; writing …", people.len());
            let before = store.people().await.ok();
            let (removed, s) = store.import_roster(&people, now_ms).await?;
            if removed > 0 {
                eprintln!("removed {removed} demo people");
            }
            println!("roster imported: {} added, {} updated", s.added, s.updated);
            // A counselor's place is their row in the last file that had them, so a file
            // with only new people can change who gets concerns first: say so.
            if let (Some(before), Ok(after)) = (before, store.people().await) {
                say_after_roster_change(&config, &*store, &before, &after).await?;
            }
        }
        RosterAction::Remove { emails } => {
            return roster_remove(&config, &*store, &emails, now_ms).await;
        }
        RosterAction::Export {
            out,
            include_secrets,
        } => {
            if include_secrets && key.is_none() {
                bail!(
                    "--include-secrets exports the Teams webhook URLs, which are stored sealed: \
                     set SAFEHARBOR_DATA_KEY or SAFEHARBOR_DATA_KEY_FILE to the key the roster was imported with"
                );
            }
            let people = store.people().await?;
            crate::csvio::write_roster(private_output(out.as_deref())?, &people, include_secrets)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// After a roster change: say which schools' primary counselor changed, or which school
/// has none left (a counselor's place is their row in the last file that had them).
fn say_primary_changes(config: &Config, before: &[Person], after: &[Person]) {
    for school in &config.schools {
        let was = crate::domain::primary_counselor(before, &school.id);
        let now = crate::domain::primary_counselor(after, &school.id);
        let who = |p: &Person| format!("{} <{}>", p.name, p.email);
        match (was, now) {
            (Some(a), Some(b)) if a.id != b.id && !a.demo => println!(
                "{}: the primary counselor (new concerns go to them first) is now {}, before {}; \
                 to keep {}, list them above the other counselors and import again",
                school.id,
                who(b),
                who(a),
                a.name
            ),
            // Not on a first import (no real people before): a school counted as getting
            // its counselor back only when it had real people and lost them.
            (None, Some(b)) if before.iter().any(|p| !p.demo) => println!(
                "{}: has a counselor again: new concerns go to {} first",
                school.id,
                who(b)
            ),
            (Some(a), None) if !a.demo => println!(
                "{}: has no counselor now (before: {}): new concerns go to backup counselors, \
                 else coordinators, else admins",
                school.id,
                who(a)
            ),
            _ => {}
        }
    }
}

/// `safeharbor roster remove EMAIL…`: everyone named or nobody. Each keeps their row (and so
/// their name in case histories and audit logs) with no roles and no platform: no access
/// beyond what anyone has, no messages, no courses, no routing. What they still hold (open
/// cases, check-in plans) is named so someone takes it over.
async fn roster_remove(
    config: &Config,
    store: &dyn store::Store,
    emails: &[String],
    now_ms: i64,
) -> anyhow::Result<ExitCode> {
    let before = store.people().await?;
    let mut leaving: Vec<&Person> = vec![];
    let mut unknown: Vec<&str> = vec![];
    for email in emails {
        match before
            .iter()
            .find(|p| p.email.eq_ignore_ascii_case(email.trim()))
        {
            Some(p) if !leaving.iter().any(|l| l.id == p.id) => leaving.push(p),
            Some(_) => {}
            None => unknown.push(email),
        }
    }
    if !unknown.is_empty() {
        eprintln!(
            "not on the roster: {}; nobody was removed",
            unknown.join(", ")
        );
        return Ok(ExitCode::from(2));
    }
    let rows: Vec<crate::domain::NewPerson> = leaving
        .iter()
        .map(|p| crate::domain::NewPerson {
            school_id: p.school_id.clone(),
            name: p.name.clone(),
            email: p.email.clone(),
            roles: vec![],
            locale: p.locale.clone(),
            slack_user_id: None,
            discord_user_id: None,
            teams_user_id: None,
            teams_webhook_url: None,
            position: p.position,
            demo: p.demo,
        })
        .collect();
    store.import_people(&rows, now_ms).await?;
    for p in &leaving {
        println!(
            "removed {} <{}>: no roles and no platform now; their name stays in case histories (import them again to restore them)",
            p.name, p.email
        );
    }
    let after = store.people().await.context(
        "they were removed, but the roster could not be read back to say what they hold",
    )?;
    say_after_roster_change(config, store, &before, &after).await?;
    Ok(ExitCode::SUCCESS)
}

/// After a roster change (import or remove), in this order: which schools' primary
/// counselor changed, then what people whose roles changed still hold.
async fn say_after_roster_change(
    config: &Config,
    store: &dyn store::Store,
    before: &[Person],
    after: &[Person],
) -> anyhow::Result<()> {
    say_primary_changes(config, before, after);
    say_left_behind(store, before, after).await.context(
        "the roster was changed, but the open cases and check-in plans could not be read to \
         say what people whose roles changed still hold (see /concern list and /checkin list)",
    )
}

/// After a roster change: for each person whose roles or school changed, the open cases
/// still assigned to them and the live check-in plans they are still on that they may no
/// longer handle, so someone takes each over.
async fn say_left_behind(
    store: &dyn store::Store,
    before: &[Person],
    after: &[Person],
) -> anyhow::Result<()> {
    let changed: Vec<&Person> = after
        .iter()
        .filter(|p| {
            before
                .iter()
                .any(|b| b.id == p.id && (b.roles != p.roles || b.school_id != p.school_id))
        })
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    let open = store.concerns(None, false, i64::MAX).await?;
    let plans = store.checkin_plans(None).await?;
    for p in changed {
        let cases: Vec<String> = open
            .iter()
            .filter(|c| c.assigned_to == Some(p.id) && !p.may_handle_school(&c.school_id))
            .map(|c| crate::domain::CaseRef(c.id).to_string())
            .collect();
        let held: Vec<String> = plans
            .iter()
            .filter(|pl| {
                pl.state != "cancelled"
                    && pl.assignees.contains(&p.id)
                    && !p.may_handle_school(&pl.school_id)
            })
            .map(|pl| pl.id.to_string())
            .collect();
        if cases.is_empty() && held.is_empty() {
            continue;
        }
        if p.has_left() {
            println!("{} <{}> still holds:", p.name, p.email);
        } else {
            println!(
                "{} <{}> may no longer handle what they hold (roles now: {}):",
                p.name,
                p.email,
                p.roles_joined()
            );
        }
        if !cases.is_empty() {
            println!(
                "  still assigned to open case(s) {}: a counselor should take each over with /concern reassign CASE EMAIL",
                cases.join(", ")
            );
        }
        if !held.is_empty() {
            println!(
                "  assigned to check-in plan(s) {}: give each to someone else with /checkin change PLAN with EMAIL",
                held.join(", ")
            );
        }
    }
    Ok(())
}

async fn holidays(
    config: Config,
    clock: SharedClock,
    action: HolidaysAction,
) -> anyhow::Result<ExitCode> {
    let store = crate::app::open_store(&config, &clock, None).await?;
    match action {
        HolidaysAction::Import { file } => {
            let bytes = read_input(&file)?;
            eprintln!("checking {} …", file.display());
            let holidays = match crate::csvio::parse_holidays(&bytes, &config) {
                Ok(h) => h,
                Err(e) => {
                    eprintln!("{}: {e}", file.display());
                    return Ok(ExitCode::from(2));
                }
            };
            eprintln!("{} rows valid; writing …", holidays.len());
            let s = store
                .import_holidays(&holidays, clock.now().timestamp_millis())
                .await?;
            println!("holidays imported: {} added, {} kept", s.added, s.updated);
        }
        HolidaysAction::Export { out } => {
            let holidays = store.holidays().await?;
            crate::csvio::write_holidays(output(out.as_deref())?, &holidays)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn checkin(
    config: Config,
    clock: SharedClock,
    action: CheckinAction,
) -> anyhow::Result<ExitCode> {
    match action {
        CheckinAction::Export { id, out, locale } => {
            // An export neither seals nor signs anything: without a configured data key a
            // throwaway one will do for the engine (and no key file is created). The store
            // never gets a throwaway key: it would seal webhook URLs with it.
            if let Some(code) = locale.as_deref()
                && !crate::i18n::I18n::is_supported(code)
            {
                eprintln!(
                    "--locale {code}: not a language SafeHarbor speaks; use one of {}",
                    crate::domain::SUPPORTED_LOCALES.join(", ")
                );
                return Ok(ExitCode::from(2));
            }
            let locale = crate::i18n::I18n::negotiate_or_default(locale.as_deref());
            let engine = match configured_key(&config, false, Path::new(".")) {
                Ok((key, _)) => crate::app::build_engine(Arc::new(config), clock, key).await?,
                Err(crate::crypto::KeyError::Missing) => {
                    let store = crate::app::open_store(&config, &clock, None).await?;
                    let key = DataKey::from_base64(&DataKey::generate_base64(), "generated")?;
                    crate::app::engine_on(Arc::new(config), store, clock, key)?
                }
                Err(e) => return Err(e.into()),
            };
            let Some(plan) = engine.checkin_plan(id).await? else {
                bail!("there is no check-in plan {id} (/checkin list shows the plan numbers)");
            };
            let Some(ics) = engine.plan_calendar(&plan, locale).await? else {
                bail!(
                    "check-in plan {id} cannot be read as a schedule (is its school still in safeharbor.toml?)"
                );
            };
            let events = ics.matches("BEGIN:VEVENT").count();
            let mut w = output(out.as_deref())?;
            let written = w.write_all(ics.as_bytes()).and_then(|()| w.flush());
            match written {
                // A closed pipe (`| head`) is not an error worth reporting.
                Err(e) if out.is_none() && e.kind() == std::io::ErrorKind::BrokenPipe => {}
                other => other.with_context(|| match &out {
                    Some(p) => format!("cannot write {}", p.display()),
                    None => "cannot write to stdout".into(),
                })?,
            }
            if let Some(p) = out {
                eprintln!(
                    "check-in plan {id}: {events} check-ins written to {}",
                    p.display()
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Report every problem in plain words; exit 1 if any.
async fn check_config(path: Option<&Path>) -> anyhow::Result<ExitCode> {
    let config = match config::load(path) {
        Ok(c) => c,
        Err(e) => {
            println!("✗ {e}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let mut problems = 0;
    match &config.source {
        Some(p) => println!("✓ configuration read from {}", p.display()),
        None => println!("• no safeharbor.toml: the demo district is used"),
    }
    for key in &config.unknown_keys {
        problems += 1;
        println!(
            "✗ {}: `{key}` is not a setting SafeHarbor knows, so it is ignored (a typo? see the README's configuration)",
            config
                .source
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_default()
        );
    }
    println!(
        "✓ {} school(s): {}",
        config.schools.len(),
        config
            .schools
            .iter()
            .map(|s| s.id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    for p in config.platforms() {
        if p.enabled() {
            println!("✓ {} is on", p.name);
        } else if p.commands_only() {
            println!(
                "• {} answers commands, but cannot send private messages (handoffs, reminders) until these are set: {}",
                p.name,
                p.missing.join(", ")
            );
        } else {
            println!("• {} is off (missing {})", p.name, p.missing.join(", "));
        }
    }
    let key = configured_key(&config, false, Path::new("."));
    let key = match key {
        Ok((key, _)) => {
            println!("✓ data key is valid");
            Some(key)
        }
        Err(e) => {
            problems += 1;
            println!("✗ {e}");
            None
        }
    };
    let url = store::redact_url(&config.database_url);
    let key_for_check = key.clone();
    match store::open(&config.database_url, key).await {
        Ok(s) => {
            println!("✓ database reachable: {url}");
            let pending = match s.pending_migrations().await {
                Ok(0) => 0,
                Ok(n) => {
                    println!(
                        "• the database has {n} migration(s) of this version to apply: `safeharbor migrate` (or `serve`, the console, an import) applies them"
                    );
                    n
                }
                Err(e) => {
                    problems += 1;
                    println!("✗ {e}");
                    0
                }
            };
            // A database re-keyed before names its key (see `store::rekey`).
            let check = s.meta(store::rekey::KEY_CHECK).await;
            if let (Some(key), Ok(Some(check))) = (key_for_check.as_ref(), &check)
                && let Err(e) = store::rekey::verify_key_check(key, check)
            {
                problems += 1;
                println!("✗ {e}");
            }
            let people = match s.people().await {
                // A new database (no tables yet) has nobody on its roster.
                Err(_) if pending > 0 => Ok(vec![]),
                Err(e) => {
                    problems += 1;
                    match &e {
                        store::StoreError::WrongKey { .. } => println!("✗ {e}"),
                        _ => println!("✗ cannot read the roster: {e}"),
                    }
                    Err(e)
                }
                ok => ok,
            };
            if let Ok(people) = people {
                let unreachable: Vec<&str> = people
                    .iter()
                    .filter(|p| !p.demo && !p.has_left() && p.private_channel().is_none())
                    .map(|p| p.email.as_str())
                    .collect();
                if !unreachable.is_empty() {
                    println!(
                        "• {} on the roster with no Slack id, Discord id or Teams webhook URL: private messages reach them only in a console; after 24 hours the admins are told (e.g. {})",
                        unreachable.len(),
                        unreachable
                            .iter()
                            .take(5)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    );
                }
                let known = |id: &str| config.schools.iter().any(|sc| sc.id == id);
                let mut elsewhere: Vec<&str> = people
                    .iter()
                    .filter(|p| !p.has_left() && !known(&p.school_id))
                    .map(|p| p.school_id.as_str())
                    .collect();
                elsewhere.sort_unstable();
                elsewhere.dedup();
                if !elsewhere.is_empty() {
                    println!(
                        "• people on the roster at school(s) safeharbor.toml does not have: {} (import the roster again, or add the school back)",
                        elsewhere.join(", ")
                    );
                }
                // A plan of a school the config no longer has sends nothing (no zone,
                // no working days): say which, so none is silently forgotten.
                if let Ok(plans) = s.checkin_plans(None).await {
                    let orphans: Vec<String> = plans
                        .iter()
                        .filter(|pl| pl.state != "cancelled" && !known(&pl.school_id))
                        .map(|pl| format!("{} ({})", pl.id, pl.school_id))
                        .collect();
                    if !orphans.is_empty() {
                        problems += 1;
                        println!(
                            "✗ check-in plan(s) {} belong to a school safeharbor.toml does not have: no reminders and no missed notices go out for them (add the school back, or cancel them with /checkin cancel PLAN)",
                            orphans.join(", ")
                        );
                    }
                }
                for school in &config.schools {
                    let has = crate::domain::primary_counselor(&people, &school.id).is_some();
                    if !has && !config.demo {
                        problems += 1;
                        println!(
                            "✗ school \"{}\" has no counselor on the roster: concerns would have nobody to go to",
                            school.id
                        );
                    }
                }
            }
        }
        Err(e) => {
            problems += 1;
            println!("✗ {e}");
        }
    }
    if problems == 0 {
        println!("configuration OK");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{problems} problem(s) found");
        Ok(ExitCode::FAILURE)
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::Cli;

    /// `--help` explains every command, argument and option (bar clap's own `--help` and
    /// `--version`), so an operator never meets a bare `<FILE>`.
    #[test]
    fn every_command_argument_and_option_has_help() {
        let mut cli = Cli::command();
        cli.build();
        let mut missing = vec![];
        fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in cmd.get_arguments() {
                let id = arg.get_id().as_str();
                if matches!(id, "help" | "version") {
                    continue;
                }
                if arg.get_help().is_none() && !arg.get_possible_values().iter().any(|_| true) {
                    missing.push(format!("{path} {id}"));
                }
            }
            for sub in cmd.get_subcommands() {
                if sub.get_name() == "help" {
                    continue;
                }
                let here = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(here.clone());
                }
                walk(sub, &here, missing);
            }
        }
        walk(&cli, "safeharbor", &mut missing);
        assert!(missing.is_empty(), "no help for: {missing:?}");
        cli.debug_assert();
    }
}
