//! Builds the web client into `web/dist` when it is missing, so `cargo run -p chat-server` on a
//! fresh clone serves a working UI at `/`. Needs Node.js and npm; without them, or when their
//! build fails, it only warns: the server still builds and `/` explains how to build the client.
//!
//! It re-runs only when `web/dist/index.html` changes (or is missing), not on every build; after
//! editing the client, rebuild it with `npm --prefix web run build`. Release builds embed
//! `web/dist` (see `src/web.rs`), so build the server after the client; debug builds read it from
//! disk, so no Rust rebuild is needed there.

use std::{
    path::{Path, PathBuf},
    process::Command,
};

fn main() {
    println!("cargo:rerun-if-changed=../web/dist/index.html");
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR").map(PathBuf::from).unwrap_or_default();
    let web = manifest.join("../web");
    if web.join("dist/index.html").is_file() || !web.join("package.json").is_file() {
        return;
    }
    let npm = if cfg!(windows) { "npm.cmd" } else { "npm" };
    if Command::new(npm).arg("--version").output().is_err() {
        println!("cargo:warning=npm is not on PATH: the web client (web/dist) is not built; `/` will say so.");
        println!("cargo:warning=Install Node.js 20+ and run `npm --prefix web ci && npm --prefix web run build`.");
        return;
    }
    for args in [&["ci", "--no-audit", "--no-fund", "--loglevel=error"][..], &["run", "build"][..]] {
        if !run(npm, args, &web) {
            return;
        }
    }
    println!("cargo:warning=built the web client into web/dist (npm ci && npm run build)");
}

/// Runs `npm <args>` in `dir`; on failure prints its last lines as warnings and answers false.
fn run(npm: &str, args: &[&str], dir: &Path) -> bool {
    let command = format!("npm {}", args.join(" "));
    match Command::new(npm).args(args).current_dir(dir).output() {
        Ok(output) if output.status.success() => true,
        Ok(output) => {
            println!("cargo:warning=`{command}` in web/ failed ({}); the web client is not built.", output.status);
            let text =
                format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
            let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
            for line in &lines[lines.len().saturating_sub(15)..] {
                println!("cargo:warning=  {line}");
            }
            false
        }
        Err(e) => {
            println!("cargo:warning=could not run `{command}`: {e}; the web client is not built.");
            false
        }
    }
}
