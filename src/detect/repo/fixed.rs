//! Flags about a library flaw its later releases fixed (`fixed_in:` in the
//! rules, such as jsonwebtoken 9 choosing the algorithms from the key when
//! `verify` is given none): dropped where the nearest `package.json` above
//! the file that declares the package asks for the fixed major or later.
//! Where no manifest declares it, nothing is known and the finding stays.

use super::Inventory;
use crate::finding::Finding;

/// Drops the findings the declared versions have fixed; returns how many.
pub(crate) fn apply(inventory: &Inventory, findings: &mut Vec<Finding>) -> usize {
    if inventory.packages.is_empty() {
        return 0;
    }
    let before = findings.len();
    findings.retain(|f| {
        let Some((package, fixed)) = &f.fixed_in else {
            return true;
        };
        let root = inventory.repository_of(&f.path);
        let mut dir = f.path.rsplit_once('/').map_or("", |(d, _)| d);
        loop {
            let manifest = if dir.is_empty() {
                "package.json".to_string()
            } else {
                format!("{dir}/package.json")
            };
            let declared = inventory
                .packages
                .iter()
                .find(|(p, _)| *p == manifest)
                .and_then(|(_, list)| list.iter().find(|(n, _)| n == package));
            if let Some((_, major)) = declared {
                return major < fixed;
            }
            if dir.is_empty() || dir == root {
                return true;
            }
            dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
        }
    });
    before - findings.len()
}
