//! Wiring: configuration → store → engine, and the HTTP server's life cycle.
use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context as _;
use tokio::net::TcpListener;
use tracing::{info, warn};

use crate::clock::SharedClock;
use crate::config::Config;
use crate::crypto::DataKey;
use crate::engine::Engine;
use crate::i18n::I18n;
use crate::spec::Commands;
use crate::store::{self, SharedStore};

/// Open and migrate the database, seed the shipped partners and, for the demo district,
/// the demo people. Imports and exports need no more than this. The data key is needed
/// only for the roster's Teams webhook URLs, which the store seals and opens with it (see
/// `store::open`); opened with it, the store also seals the URLs an earlier version left
/// in plain text.
pub async fn open_store(
    config: &Config,
    clock: &SharedClock,
    key: Option<&DataKey>,
) -> anyhow::Result<SharedStore> {
    let store: SharedStore = store::open_and_migrate(&config.database_url, key.cloned()).await?;
    let added = store
        .seed_partners(&crate::csvio::shipped_partners())
        .await?;
    if added > 0 {
        info!(
            added,
            "added the national hotlines that ship with SafeHarbor"
        );
    }
    if crate::demo::ensure(store.as_ref(), config, clock.now().timestamp_millis()).await? {
        info!("empty database: created the demo district's people (demo data)");
    }
    Ok(store)
}

/// Open the store (as [`open_store`] does) and build the engine around it. The data key
/// seals concern content, private messages and webhook URLs at rest.
pub async fn build_engine(
    config: Arc<Config>,
    clock: SharedClock,
    key: DataKey,
) -> anyhow::Result<Engine> {
    let store = open_store(&config, &clock, Some(&key)).await?;
    engine_on(config, store, clock, key)
}

/// Build the engine around a store already open (see [`open_store`]).
pub fn engine_on(
    config: Arc<Config>,
    store: SharedStore,
    clock: SharedClock,
    key: DataKey,
) -> anyhow::Result<Engine> {
    let i18n = I18n::load()?;
    let commands = Arc::new(Commands::load()?);
    Ok(Engine::new(config, store, i18n, commands, clock, key)?)
}

/// A running HTTP server, with the outbox dispatcher and the scheduler beside it.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    engine: Engine,
    state: crate::http::AppState,
    scheduler: bool,
}

impl Application {
    /// Bind the listen address (port 0 picks a free port, for tests).
    pub async fn build(engine: Engine, listen: SocketAddr) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let state = crate::http::AppState::new(engine.clone());
        let router = crate::http::router_with(state.clone());
        Ok(Self {
            listener,
            router,
            engine,
            state,
            scheduler: true,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .expect("a bound listener has an address")
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Leave due work (escalations, retention) to the caller, who runs
    /// [`Engine::run_due`] on a controlled clock; for tests.
    pub fn without_scheduler(mut self) -> Self {
        self.scheduler = false;
        self
    }

    /// The wake-up the routes ring after queuing private messages.
    pub fn outbox_wake(&self) -> Arc<tokio::sync::Notify> {
        self.state.outbox_wake.clone()
    }

    /// Serve until `shutdown` resolves, then finish the requests in flight. The dispatcher
    /// and the scheduler run meanwhile and stop with the server.
    pub async fn run_until_stopped(
        self,
        shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        // Before the first request is taken: the running note is written in it.
        let background = spawn_background(
            &self.engine,
            self.state.outbox_wake.clone(),
            stop_rx,
            self.scheduler,
            "serve",
        )
        .await;
        info!(addr = %self.local_addr(), "listening");
        let key_changed = background.key_changed();
        let result = axum::serve(self.listener, self.router)
            .with_graceful_shutdown(async move {
                tokio::select! {
                    _ = shutdown => {},
                    _ = key_changed => {},
                }
            })
            .await
            .context("the HTTP server failed");
        let _ = stop_tx.send(true);
        let changed = background.join().await;
        self.engine.store.close().await;
        result?;
        if changed {
            return Err(KeyChanged.into());
        }
        Ok(())
    }
}

/// Why a server or console stopped by itself: the database was re-keyed under it (see
/// [`crate::presence`]).
#[derive(Debug, thiserror::Error)]
#[error(
    "the data key was changed (`safeharbor rekey`) while this process ran, so it stopped; \
     start it again with the new key"
)]
pub struct KeyChanged;

/// The dispatcher's settings; the lease comes from the config
/// (`SAFEHARBOR_OUTBOX_LEASE_SECS`).
fn dispatch_settings(
    config: &crate::config::Config,
) -> crate::outbox::dispatcher::DispatchSettings {
    crate::outbox::dispatcher::DispatchSettings {
        lease: config.outbox_lease,
        ..Default::default()
    }
}

/// The background tasks of a server or console (see [`spawn_background`]).
pub struct Background {
    tasks: Vec<tokio::task::JoinHandle<()>>,
    key_changed: tokio::sync::watch::Receiver<bool>,
}

impl Background {
    /// Resolves when the database was re-keyed under this process (never otherwise).
    pub fn key_changed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut rx = self.key_changed.clone();
        async move {
            if rx.wait_for(|c| *c).await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }

    /// Wait for the tasks to end (after `stop`): whether the key was changed meanwhile.
    pub async fn join(self) -> bool {
        for task in self.tasks {
            let _ = task.await;
        }
        *self.key_changed.borrow()
    }
}

/// Note this process as running ([`crate::presence::note`]: `what` is `serve` or
/// `console`), then start the outbox dispatcher, the scheduler and the running note's
/// beat; they stop when `stop` turns true.
pub async fn spawn_background(
    engine: &Engine,
    wake: Arc<tokio::sync::Notify>,
    stop: tokio::sync::watch::Receiver<bool>,
    scheduler: bool,
    what: &'static str,
) -> Background {
    if let Err(e) = crate::presence::note(engine.store.as_ref(), what).await {
        warn!(error = %e, what, "could not note this process as running in the database (rekey looks there)");
    }
    let stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
        let _ = rx.wait_for(|s| *s).await;
    };
    let dispatcher = crate::outbox::dispatcher::Dispatcher::new(
        engine.clone(),
        crate::outbox::messengers(&engine.config),
        dispatch_settings(&engine.config),
    );
    let (changed_tx, key_changed) = tokio::sync::watch::channel(false);
    let mut tasks = vec![
        tokio::spawn(dispatcher.run(wake, stopped(stop.clone()))),
        tokio::spawn(crate::presence::run(
            engine.store.clone(),
            engine.key.clone(),
            what,
            engine.config.heartbeat,
            stopped(stop.clone()),
            changed_tx,
        )),
    ];
    if scheduler {
        tasks.push(tokio::spawn(crate::scheduler::run(
            engine.clone(),
            stopped(stop),
        )));
    }
    Background { tasks, key_changed }
}

/// Resolves on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    info!("shutting down: finishing requests in flight");
}
