//! What the server's integration tests share.

use std::sync::Arc;

use welfare_server::{AppState, ServerConfig};

/// Starts a server with `config` on 127.0.0.1:0; returns its base URL.
pub async fn start(config: ServerConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = welfare_server::router_with_state(Arc::new(AppState::new(config)));
    tokio::spawn(welfare_server::serve(listener, app, std::future::pending()));
    format!("http://{address}")
}
