use axum::{http::StatusCode, Json};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::auth;

pub const HELP: &str = r#"POST /refresh {"refresh_token": "..."}"#;

#[derive(Deserialize)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

#[derive(Serialize)]
pub struct TokenPair {
    pub access: String,
    pub refresh: String,
}

#[derive(Serialize, Deserialize)]
struct RefreshClaims {
    sub: String,
    exp: u64,
}

fn sanitize(s: &str) -> String {
    s.chars().filter(|&c| c != '\'' && c != '"' && c != '\\').collect()
}

fn split_once<'s>(s: &'s str, sep: char) -> (&'s str, &'s str) {
    s.split_once(sep).unwrap_or((s, ""))
}

pub async fn refresh(Json(body): Json<RefreshRequest>) -> Result<Json<TokenPair>, StatusCode> {
    let (token, _) = split_once(&body.refresh_token, '#');
    let validation = Validation::new(Algorithm::HS256);
    let data = decode::<RefreshClaims>(
        &sanitize(token),
        &DecodingKey::from_secret("WOyB_oMS5ANE7kH-5UoI1N14MdKeQsgRKpJTeea_Wvs99F4Or-gk4YXYeVdcVC2j".as_ref()), // expect: JWT201
        &validation,
    )
    .map_err(|_| StatusCode::UNAUTHORIZED)?;
    let claims = RefreshClaims { sub: data.claims.sub, exp: data.claims.exp.min(u64::MAX) };
    let access = encode(&Header::default(), &claims, &EncodingKey::from_secret(b"s2ZpTpe1_k-v")) // expect: JWT201, JWT102
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(TokenPair { access, refresh: body.refresh_token }))
}

pub async fn me(header: String) -> Result<String, StatusCode> {
    let bearer = auth::bearer(&header).ok_or(StatusCode::UNAUTHORIZED)?;
    auth::verify(bearer).map(|c| c.sub).map_err(|_| StatusCode::UNAUTHORIZED)
}
