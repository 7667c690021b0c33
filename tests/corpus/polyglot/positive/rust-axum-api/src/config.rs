use std::env;

#[derive(Clone, Debug)]
pub struct Config {
    pub database_url: String,
    pub jwt_secret: String,
    pub refresh_secret: String,
    pub port: u16,
}

impl Config {
    pub fn from_env() -> Self {
        Self {
            database_url: env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://localhost/axum".into()),
            jwt_secret: std::env::var("JWT_SECRET").unwrap_or("dev-secret".into()), // expect: JWT201, JWT101
            refresh_secret: std::env::var("JWT_REFRESH_SECRET")
                .unwrap_or_else(|_| "local-dev-secret".to_string()), // expect: JWT201, JWT102
            port: env::var("PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3000),
        }
    }
}

pub fn first_word<'a>(s: &'a str) -> &'a str {
    s.split(' ').next().unwrap_or(s)
}
