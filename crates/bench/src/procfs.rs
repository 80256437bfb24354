//! What Linux's `/proc` says about a server process: resident memory from `/proc/<pid>/status`
//! (`VmRSS` now, `VmHWM` its peak so far) and CPU time used from `/proc/<pid>/stat` (user +
//! system, all threads), which gives the server's CPU cost per request whatever else runs.

use serde::Serialize;

/// Resident memory of a process, in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rss {
    /// `VmRSS`: resident now.
    pub rss_bytes: u64,
    /// `VmHWM`: the peak resident size so far.
    pub hwm_bytes: u64,
}

/// The value of a `Name:   1234 kB` line of a status text, in bytes.
fn field(status: &str, name: &str) -> Option<u64> {
    status.lines().find_map(|line| {
        let rest = line.strip_prefix(name)?.strip_prefix(':')?;
        let mut words = rest.split_whitespace();
        let n: u64 = words.next()?.parse().ok()?;
        match words.next() {
            Some("kB") => n.checked_mul(1024),
            None => Some(n),
            Some(_) => None,
        }
    })
}

/// Parses the text of `/proc/<pid>/status`; `None` when `VmRSS` is missing or unreadable
/// (kernel threads and zombies have none).
pub fn parse(status: &str) -> Option<Rss> {
    let rss_bytes = field(status, "VmRSS")?;
    let hwm_bytes = field(status, "VmHWM").unwrap_or(rss_bytes);
    Some(Rss { rss_bytes, hwm_bytes })
}

/// Reads process `pid`'s resident memory.
pub fn read(pid: u32) -> std::io::Result<Rss> {
    let path = format!("/proc/{pid}/status");
    let text = std::fs::read_to_string(&path)?;
    parse(&text).ok_or_else(|| std::io::Error::other(format!("{path} has no VmRSS line")))
}

/// Clock ticks per second of `/proc/<pid>/stat` times (`USER_HZ`: 100 on every Linux ABI).
const USER_HZ: f64 = 100.0;

/// CPU time (user + system, all threads) from the text of `/proc/<pid>/stat`, in seconds.
pub fn parse_cpu_secs(stat: &str) -> Option<f64> {
    // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so count fields after
    // the last `)`; utime and stime are fields 14 and 15, i.e. the 12th and 13th after it.
    let rest = &stat[stat.rfind(')')? + 1..];
    let mut fields = rest.split_whitespace().skip(11);
    let utime: u64 = fields.next()?.parse().ok()?;
    let stime: u64 = fields.next()?.parse().ok()?;
    Some((utime + stime) as f64 / USER_HZ)
}

/// CPU time process `pid` has used so far, in seconds (10 ms resolution).
pub fn cpu_secs(pid: u32) -> std::io::Result<f64> {
    let path = format!("/proc/{pid}/stat");
    let text = std::fs::read_to_string(&path)?;
    parse_cpu_secs(&text).ok_or_else(|| std::io::Error::other(format!("{path} is not in the expected format")))
}

/// Bytes as MB (2^20 bytes, as `top` and `/proc` count them).
pub fn mb(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const STATUS: &str = "Name:\tbench-server\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t  612340 kB\n\
                          VmSize:\t  547804 kB\nVmHWM:\t    9876 kB\nVmRSS:\t    4012 kB\nRssAnon:\t    1200 kB\n\
                          Threads:\t3\n";

    #[test]
    fn reads_vmrss_and_vmhwm_in_bytes() {
        assert_eq!(parse(STATUS), Some(Rss { rss_bytes: 4012 * 1024, hwm_bytes: 9876 * 1024 }));
    }

    #[test]
    fn does_not_confuse_similar_names() {
        // `VmRSSx`-like prefixes and RssAnon must not be taken for VmRSS.
        let text = "RssAnon:\t 1 kB\nVmRSSish:\t 2 kB\nVmRSS:\t 3 kB\n";
        assert_eq!(parse(text).map(|r| r.rss_bytes), Some(3 * 1024));
    }

    #[test]
    fn missing_or_garbled_is_none() {
        assert_eq!(parse("Name:\tkthreadd\nState:\tS\n"), None);
        assert_eq!(parse("VmRSS:\t lots kB\n"), None);
        assert_eq!(parse("VmRSS:\t 12 MB\n"), None);
    }

    #[test]
    fn hwm_defaults_to_rss() {
        assert_eq!(parse("VmRSS:\t 8 kB\n"), Some(Rss { rss_bytes: 8192, hwm_bytes: 8192 }));
    }

    #[test]
    fn reads_this_process() {
        let me = read(std::process::id()).expect("own /proc status");
        assert!(me.rss_bytes > 0 && me.hwm_bytes >= me.rss_bytes);
    }

    #[test]
    fn cpu_time_is_utime_plus_stime() {
        // A comm with spaces and a parenthesis must not shift the fields.
        let stat = "4242 (bench (srv) x) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 130 0 0 20 0 3 0 100 0 0";
        assert_eq!(parse_cpu_secs(stat), Some(3.8));
        assert_eq!(parse_cpu_secs("4242 (x) S 1 2"), None);
        assert_eq!(parse_cpu_secs("no parenthesis"), None);
    }

    #[test]
    fn this_process_has_used_some_cpu() {
        let spin = std::time::Instant::now();
        while spin.elapsed() < std::time::Duration::from_millis(30) {
            std::hint::black_box(spin.elapsed());
        }
        assert!(cpu_secs(std::process::id()).expect("own /proc stat") > 0.0);
    }

    #[test]
    fn megabytes() {
        assert_eq!(mb(50 * 1024 * 1024), 50.0);
    }
}
