//! `.env`-style files: which a directory holds, and which files are
//! docker-compose files (the env-file names are rule data: `words:`).

use crate::rules::Words;

/// `docker-compose.yml`, `compose.prod.yaml` and the like.
pub(crate) fn is_compose_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    (name.starts_with("docker-compose") || name.starts_with("compose."))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// The env files directly in directory `path` (relative path `dir`, `""` for
/// the root), as relative paths.
pub(crate) fn env_files_in(words: &Words, dir: &str, path: &std::path::Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(path) else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            (words.is_env_file(&name) && entry.file_type().is_ok_and(|t| t.is_file())).then(|| {
                if dir.is_empty() {
                    name
                } else {
                    format!("{dir}/{name}")
                }
            })
        })
        .collect()
}
