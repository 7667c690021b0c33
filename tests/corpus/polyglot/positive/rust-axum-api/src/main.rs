mod auth;
mod config;
mod handlers;
mod legacy_token;

use axum::{routing::{get, post}, Router};

#[tokio::main]
async fn main() {
    let config = config::Config::from_env();
    let app = Router::new()
        .route("/refresh", post(handlers::refresh))
        .route("/me", get(handlers::me));
    let listener = tokio::net::TcpListener::bind(("0.0.0.0", config.port))
        .await
        .expect("port is free");
    println!("{}", handlers::HELP);
    axum::serve(listener, app).await.expect("server runs");
}
