//! The architecture as `docs/architecture.md` states it: the crate edges listed there are
//! exactly the dependencies in the manifests (`cargo metadata`), and no library crate has a
//! cycle among its top-level modules (every `crate::module` path counts).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `crate → its workspace dependencies (normal and build; not dev)` from `cargo metadata`.
fn manifest_edges() -> BTreeMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ])
        .current_dir(root())
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    #[derive(serde::Deserialize)]
    struct Metadata {
        packages: Vec<Package>,
    }
    #[derive(serde::Deserialize)]
    struct Package {
        name: String,
        dependencies: Vec<Dependency>,
    }
    #[derive(serde::Deserialize)]
    struct Dependency {
        name: String,
        kind: Option<String>,
    }
    let m: Metadata = serde_json::from_slice(&out.stdout).expect("metadata JSON");
    let members: BTreeSet<String> = m.packages.iter().map(|p| p.name.clone()).collect();
    m.packages
        .iter()
        .map(|p| {
            let deps = p
                .dependencies
                .iter()
                // welfare-hack only unifies third-party features (docs/architecture.md)
                .filter(|d| {
                    members.contains(&d.name)
                        && d.kind.as_deref() != Some("dev")
                        && d.name != "welfare-hack"
                })
                .map(|d| d.name.clone())
                .collect();
            (p.name.clone(), deps)
        })
        .filter(|(name, _)| name != "welfare-hack")
        .collect()
}

/// The list between the `crate edges` markers of docs/architecture.md.
fn documented_edges() -> BTreeMap<String, BTreeSet<String>> {
    let doc = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let start = doc
        .find("<!-- crate edges: begin -->")
        .expect("begin marker");
    let end = doc.find("<!-- crate edges: end -->").expect("end marker");
    doc[start..end]
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(|l| {
            let (from, to) = l.split_once(" → ").expect("`a` → `b`, `c`");
            let deps = to
                .split(", ")
                .map(|d| d.trim().trim_matches('`').to_owned())
                .filter(|d| d != "none")
                .collect();
            (from.trim_matches('`').to_owned(), deps)
        })
        .collect()
}

#[test]
fn crate_graph_is_the_documented_one() {
    let code = manifest_edges();
    let doc = documented_edges();
    assert_eq!(
        code, doc,
        "docs/architecture.md lists other crate edges than the manifests"
    );
    // and the rules behind it: prototypes never depend on each other
    let prototypes = [
        "daycare-allocation",
        "debt-triage",
        "easy-language",
        "fall-detection",
    ];
    for p in prototypes {
        for d in &code[p] {
            assert!(
                !prototypes.contains(&d.as_str()),
                "{p} depends on the prototype {d}"
            );
        }
    }
    for shared in [
        "welfare-data",
        "welfare-report",
        "welfare-ensemble",
        "fairness-audit",
    ] {
        for d in &code[shared] {
            assert!(
                d == "welfare-data" || d == "welfare-report",
                "shared crate {shared} depends on {d}"
            );
        }
    }
}

/// Top-level module of every `.rs` file under `src/` → the modules its `crate::` paths name
/// (test modules after `#[cfg(test)]` excluded).
fn module_edges(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, files);
            } else if p.extension().is_some_and(|x| x == "rs") {
                files.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = first.trim_end_matches(".rs").to_owned();
        if top == "lib" || top == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&f).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap_or("");
        let deps = edges.entry(top.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            // skip `welfare_data::crate::` and the like: only paths that start here
            if text[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let name: String = text[i + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != top {
                deps.insert(name);
            }
        }
    }
    let modules: BTreeSet<String> = edges.keys().cloned().collect();
    for deps in edges.values_mut() {
        deps.retain(|d| modules.contains(d));
    }
    edges
}

/// A cycle in the graph, if there is one (as the list of modules on it).
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        v: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(v.to_owned(), 1);
        path.push(v.to_owned());
        for w in &edges[v] {
            match state.get(w.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = path.iter().position(|p| p == w).unwrap();
                    let mut cycle = path[at..].to_vec();
                    cycle.push(w.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(w, edges, state, path) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        path.pop();
        state.insert(v.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for v in edges.keys() {
        if state.get(v.as_str()).copied().unwrap_or(0) == 0
            && let Some(c) = visit(v, edges, &mut state, &mut Vec::new())
        {
            return Some(c);
        }
    }
    None
}

#[test]
fn no_library_has_a_module_cycle() {
    for krate in [
        "welfare-data",
        "fairness-audit",
        "daycare-allocation",
        "debt-triage",
        "easy-language",
        "fall-detection",
        "welfare-server",
        "welfare-cli",
    ] {
        let edges = module_edges(&root().join("crates").join(krate).join("src"));
        assert!(edges.len() > 2, "{krate}: modules found");
        if let Some(cycle) = find_cycle(&edges) {
            panic!("{krate}: module cycle {}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.insert("a".into(), ["b".to_owned()].into());
    g.insert("b".into(), ["c".to_owned()].into());
    g.insert("c".into(), BTreeSet::new());
    assert_eq!(find_cycle(&g), None);
    g.get_mut("c").unwrap().insert("a".into());
    assert_eq!(
        find_cycle(&g),
        Some(vec!["a".into(), "b".into(), "c".into(), "a".into()])
    );
}
