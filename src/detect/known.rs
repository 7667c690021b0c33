//! The known published JWT secrets (Wallarm's jwt-secrets list, MIT, plus
//! `extra-defaults.txt`), embedded as the hash table `build.rs` lays out.
//! A value in it is public knowledge: anyone can forge tokens with it.

use super::fnv::fnv1a;

static TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/known_secrets.bin"));

fn read_u32(at: usize) -> Option<u32> {
    let bytes = TABLE.get(at..at + 4)?;
    Some(u32::from_le_bytes(bytes.try_into().ok()?))
}

/// Whether `secret` is exactly a known published secret. Empty never is.
pub(crate) fn is_known(secret: &[u8]) -> bool {
    if secret.is_empty() {
        return false;
    }
    let Some(slots) = read_u32(0).map(|s| s as usize) else {
        return false;
    };
    if slots == 0 {
        return false;
    }
    let entries = 4 + slots * 4;
    let mut slot = (fnv1a(secret) as usize) & (slots - 1);
    for _ in 0..slots {
        let Some(value) = read_u32(4 + slot * 4) else {
            return false;
        };
        if value == 0 {
            return false;
        }
        let at = entries + value as usize - 1;
        let Some(len) = TABLE
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_le_bytes([b[0], b[1]])))
        else {
            return false;
        };
        if TABLE.get(at + 2..at + 2 + len) == Some(secret) {
            return true;
        }
        slot = (slot + 1) & (slots - 1);
    }
    false
}

/// Every known secret, in list order (the list is roughly by popularity).
pub(crate) fn all() -> impl Iterator<Item = &'static [u8]> {
    let slots = read_u32(0).map_or(0, |s| s as usize);
    let mut at = 4 + slots * 4;
    std::iter::from_fn(move || {
        let len = usize::from(u16::from_le_bytes(TABLE.get(at..at + 2)?.try_into().ok()?));
        let secret = TABLE.get(at + 2..at + 2 + len)?;
        at += 2 + len;
        Some(secret)
    })
}

/// How many secrets the table holds (for `jwtscan rules` and tests).
pub(crate) fn count() -> usize {
    let Some(slots) = read_u32(0).map(|s| s as usize) else {
        return 0;
    };
    (0..slots)
        .filter(|&s| read_u32(4 + s * 4).is_some_and(|v| v != 0))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_published_secrets() {
        for s in [
            "secret",
            "your-256-bit-secret",
            "changeme",
            "myHardcodedSecret123",
            "AllYourBase",
        ] {
            assert!(is_known(s.as_bytes()), "{s}");
        }
        for s in [
            "",
            "secret ",
            "Q2hhbmdlIHRoaXMgdG8gc29tZXRoaW5nIHJhbmRvbQ-x91",
        ] {
            assert!(!is_known(s.as_bytes()), "{s}");
        }
    }

    #[test]
    fn holds_every_list_entry() {
        // 103,979 lines, the first empty, a few duplicates, plus the extras.
        let n = count();
        assert!(n > 100_000 && n < 104_100, "{n}");
    }
}
