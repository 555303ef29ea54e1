//! Bench: speed measurements that run a reference implementation in the same run and
//! print the ratio: `newsdesk bench cluster` (online clustering against all-pairs
//! agglomerative clustering) and `newsdesk bench extract` (article extraction against
//! trafilatura and readability-lxml); `newsdesk bench analyze` (the whole analysis, with
//! the tagger's share of it); `newsdesk bench serve` (the web server under wrk, against
//! the same page served from memory).

pub mod analyze;
pub mod cluster;
pub mod extract;
pub mod serve;

use std::time::{Duration, Instant};

/// Resident memory now and at its peak, from `/proc/self/status` (Linux only).
pub(crate) fn memory() -> (Option<u64>, Option<u64>) {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return (None, None);
    };
    let field = |name: &str| {
        status
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kb| kb.parse::<u64>().ok())
            .map(|kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets the peak resident memory, so that loading the corpus does not count.
pub(crate) fn reset_peak_memory() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// CPU time this thread has run, from `/proc/thread-self/schedstat` (Linux only): unlike
/// wall time it leaves out the time a busy machine gives to others.
pub(crate) fn thread_cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos: u64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// Wall and CPU time spent on the timed parts of a run.
pub(crate) struct Stopwatch {
    pub wall: Duration,
    /// `None` once the system could not tell.
    pub cpu: Option<Duration>,
}

impl Stopwatch {
    pub fn new() -> Stopwatch {
        Stopwatch {
            wall: Duration::ZERO,
            cpu: Some(Duration::ZERO),
        }
    }

    /// Runs `work`, adds its time, and returns its result and its wall time.
    pub fn time<T>(&mut self, work: impl FnOnce() -> T) -> (T, Duration) {
        let (wall_before, cpu_before) = (Instant::now(), thread_cpu_time());
        let result = work();
        let wall = wall_before.elapsed();
        let cpu = thread_cpu_time()
            .zip(cpu_before)
            .map(|(after, before)| after - before);
        self.wall += wall;
        self.cpu = self.cpu.zip(cpu).map(|(total, spent)| total + spent);
        (result, wall)
    }
}
