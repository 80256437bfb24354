//! A server under test as a child process (binary `bench-server`): its own runtime and its
//! own `/proc/<pid>`, so the load generator neither shares its threads nor pollutes its memory
//! and CPU figures. The child prints its bound address on stdout's first line, and (with
//! `--watch-stdin`) exits when its stdin closes, so it never outlives the driver; a `phases` line
//! on its stdin makes a timed stub print its phase totals ([`ServerProcess::phases`]). It runs at
//! a lower scheduling priority than the generator ([`SERVER_NICE`]).

use std::net::SocketAddr;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};

use crate::breakdown::Snapshot;
use crate::procfs::{self, Rss};

/// The servers' nice value (the generator keeps 0). The generator and the server share the
/// cores; were they equals, the scheduler could leave the generator waiting for a whole tick
/// (4 ms here) behind a server thread, and the figures would measure that wait. With priority
/// the generator runs the moment it has work, as it would on cores of its own; both servers get
/// the same treatment.
pub const SERVER_NICE: i32 = 5;

/// How long a server may take to print its address (a debug build loads fixtures slowly).
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running server child; killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    name: String,
    child: Child,
    pid: u32,
    addr: SocketAddr,
    // Held open: the child exits when it closes. Commands go there.
    stdin: Option<ChildStdin>,
    // Its answers to commands, a line each.
    stdout: Lines<BufReader<ChildStdout>>,
}

impl ServerProcess {
    /// Starts `bin args… --watch-stdin` and waits for the address on its first stdout line.
    /// `name` is for messages.
    pub async fn spawn(name: &str, bin: &Path, args: &[String]) -> Result<ServerProcess, String> {
        let mut child = Command::new(bin)
            .args(args)
            .arg("--watch-stdin")
            .arg("--nice")
            .arg(SERVER_NICE.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| format!("cannot start the {name} server ({}): {e}", bin.display()))?;
        let pid = child.id().ok_or_else(|| format!("the {name} server exited at once"))?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take().ok_or_else(|| format!("the {name} server has no stdout"))?;
        let mut stdout = BufReader::new(stdout).lines();
        let read = tokio::time::timeout(START_TIMEOUT, stdout.next_line()).await;
        let addr = match read {
            Ok(Ok(Some(first))) => first
                .trim()
                .parse::<SocketAddr>()
                .map_err(|e| format!("the {name} server printed {:?} instead of its address: {e}", first.trim()))?,
            Ok(Ok(None)) | Ok(Err(_)) => {
                let status = child.wait().await.map(|s| s.to_string()).unwrap_or_else(|e| e.to_string());
                return Err(format!("the {name} server exited before listening ({status}); see its stderr above"));
            }
            Err(_) => return Err(format!("the {name} server printed no address within {START_TIMEOUT:?}")),
        };
        Ok(ServerProcess { name: name.to_string(), child, pid, addr, stdin, stdout })
    }

    /// Its name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Where it listens.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Its resident memory now.
    pub fn rss(&self) -> Result<Rss, String> {
        procfs::read(self.pid).map_err(|e| format!("cannot read the {} server's memory: {e}", self.name))
    }

    /// CPU time it has used so far, in seconds.
    pub fn cpu_secs(&self) -> Result<f64, String> {
        procfs::cpu_secs(self.pid).map_err(|e| format!("cannot read the {} server's CPU time: {e}", self.name))
    }

    /// A timed stub's phase totals so far (`bench-server --phases`).
    pub async fn phases(&mut self) -> Result<Snapshot, String> {
        let name = &self.name;
        let stdin = self.stdin.as_mut().ok_or_else(|| format!("the {name} server has no stdin"))?;
        stdin.write_all(b"phases\n").await.map_err(|e| format!("asking the {name} server for its phases: {e}"))?;
        stdin.flush().await.map_err(|e| format!("asking the {name} server for its phases: {e}"))?;
        let line = tokio::time::timeout(START_TIMEOUT, self.stdout.next_line()).await;
        match line {
            Ok(Ok(Some(l))) => serde_json::from_str(&l).map_err(|e| format!("the {name} server's phases {l:?}: {e}")),
            Ok(Ok(None)) | Ok(Err(_)) => Err(format!("the {name} server closed its stdout")),
            Err(_) => Err(format!("the {name} server gave no phases within {START_TIMEOUT:?}")),
        }
    }

    /// An error when it has exited (it should serve until stopped).
    pub fn check_alive(&mut self) -> Result<(), String> {
        match self.child.try_wait() {
            Ok(None) => Ok(()),
            Ok(Some(status)) => Err(format!("the {} server exited during the run ({status})", self.name)),
            Err(e) => Err(format!("cannot check the {} server: {e}", self.name)),
        }
    }

    /// Kills it and waits for it to go.
    pub async fn stop(mut self) {
        let _ = self.child.kill().await;
    }
}

/// `bench-server` arguments for the stub.
pub fn stub_args() -> Vec<String> {
    ["--kind", "stub", "--port", "0"].map(String::from).to_vec()
}

/// `bench-server` arguments for the stub with its phases timed.
pub fn timed_stub_args() -> Vec<String> {
    ["--kind", "stub", "--port", "0", "--phases"].map(String::from).to_vec()
}

/// `bench-server` arguments for the bare server answering `status`, `headers` and the body in
/// file `body`.
pub fn bare_args(status: u16, headers: &[(String, String)], body: &Path) -> Vec<String> {
    let mut args: Vec<String> = ["--kind", "bare", "--port", "0", "--status"].map(String::from).to_vec();
    args.push(status.to_string());
    for (k, v) in headers {
        args.push("--header".into());
        args.push(format!("{k}: {v}"));
    }
    args.push("--body".into());
    args.push(body.display().to_string());
    args
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_arguments_carry_status_headers_and_body() {
        let args = bare_args(202, &[("content-type".into(), "application/json".into())], Path::new("/tmp/b.json"));
        assert_eq!(
            args,
            [
                "--kind",
                "bare",
                "--port",
                "0",
                "--status",
                "202",
                "--header",
                "content-type: application/json",
                "--body",
                "/tmp/b.json"
            ]
        );
    }

    #[tokio::test]
    async fn a_child_that_prints_no_address_is_an_error() {
        // `true` exits at once without printing: the driver must say so, not hang.
        let err = ServerProcess::spawn("test", Path::new("true"), &[]).await.expect_err("no address");
        assert!(err.contains("exited before listening"), "{err}");
    }
}
