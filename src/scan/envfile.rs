//! `.env`-style files: which paths are ones, and which a directory holds.

use crate::detect;

/// `.env`, `.env.local`, `.env.production`, `app.env`: files of real values.
/// Templates (`.env.example`, `.sample`, `.template`, `.dist`) are not.
pub(crate) fn is_env_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let env_like = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    env_like && !detect::is_template_file(name)
}

/// `docker-compose.yml`, `compose.prod.yaml` and the like.
pub(crate) fn is_compose_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// The env files directly in directory `path` (relative path `dir`, `""` for
/// the root), as relative paths.
pub(crate) fn env_files_in(dir: &str, path: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (is_env_file(&name) && entry.file_type().is_ok_and(|t| t.is_file())).then(|| {
                if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                }
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        for p in [
            ".env",
            "api/.env.local",
            ".env.production",
            "config/app.env",
        ] {
            assert!(is_env_file(p), "{p}");
        }
        for p in [
            ".env.example",
            "a/.env.sample",
            "env.js",
            ".envrc",
            "environment.ts",
        ] {
            assert!(!is_env_file(p), "{p}");
        }
    }
}
