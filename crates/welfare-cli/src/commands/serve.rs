//! `welfare serve`: the web app and JSON API (welfare-server) on one local port.

use std::io::Write;
use std::time::Duration;

use anyhow::Context;

use crate::cli::ServeArgs;

pub fn run(args: ServeArgs) -> anyhow::Result<()> {
    let token = args.token.filter(|t| !t.is_empty());
    if let Some(t) = &token
        && t.chars().count() < 16
    {
        anyhow::bail!("--token: use at least 16 characters (a random string)");
    }
    if token.is_none() && !welfare_server::is_loopback(&args.bind) {
        anyhow::bail!(
            "--bind {}: a server reachable from other machines needs --token (or WELFARE_TOKEN); \
             without one, bind to 127.0.0.1",
            args.bind
        );
    }
    let season_store = match (args.season_dir, args.db) {
        (Some(dir), _) => {
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("--season-dir {}: cannot create it", dir.display()))?;
            welfare_server::season::SeasonStore::Dir(dir)
        }
        (None, Some(url)) => welfare_server::season::SeasonStore::Postgres(url),
        (None, None) => welfare_server::season::SeasonStore::None,
    };
    let config = welfare_server::ServerConfig {
        season_store,
        token,
        max_upload_bytes: (args.max_upload_mb as usize) << 20,
        lt_profile: args.lt_profile,
        ..welfare_server::ServerConfig::default()
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's threads")?;
    runtime.block_on(async move {
        let host = args.bind.trim_matches(['[', ']']).to_owned();
        let listener = tokio::net::TcpListener::bind((host.as_str(), args.port))
            .await
            .with_context(|| format!("cannot listen on {}:{}", args.bind, args.port))?;
        let address = listener.local_addr()?;
        let shown = if address.is_ipv6() {
            format!("[{}]:{}", address.ip(), address.port())
        } else {
            address.to_string()
        };
        // the one ready line on stdout (FORMATS.md)
        let mut out = std::io::stdout().lock();
        writeln!(out, "listening on http://{shown}")?;
        out.flush()?;
        drop(out);
        welfare_server::serve(listener, welfare_server::router(config), shutdown()).await?;
        anyhow::Ok(())
    })?;
    runtime.shutdown_timeout(Duration::from_secs(5));
    Ok(())
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown() {
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
}
