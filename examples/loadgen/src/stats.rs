//! What a run counts, and the report it prints.

use std::collections::HashMap;

/// Counts of one connection, merged into the totals at the end.
#[derive(Debug, Default)]
pub struct Stats {
    pub ack_micros: Vec<u32>,
    pub delivery_micros: Vec<u32>,
    pub deliveries: u64,
    /// Deliveries the acknowledged sends should make (one per member, the sender included).
    pub expected_deliveries: u64,
    /// `userStatus` frames received.
    pub statuses: u64,
    pub out_of_order: u64,
    pub unanswered: u64,
    pub send_errors: u64,
    pub closed: u64,
    /// Error acks by code.
    pub errors: HashMap<String, u64>,
    /// Acknowledged seqs per conversation index.
    pub seqs: HashMap<usize, Vec<i64>>,
}

/// Everything, all connections together.
pub type Totals = Stats;

impl Stats {
    pub fn merge(&mut self, other: Stats) {
        self.ack_micros.extend(other.ack_micros);
        self.delivery_micros.extend(other.delivery_micros);
        self.deliveries += other.deliveries;
        self.expected_deliveries += other.expected_deliveries;
        self.statuses += other.statuses;
        self.out_of_order += other.out_of_order;
        self.unanswered += other.unanswered;
        self.send_errors += other.send_errors;
        self.closed += other.closed;
        for (code, n) in other.errors {
            *self.errors.entry(code).or_default() += n;
        }
        for (conversation, seqs) in other.seqs {
            self.seqs.entry(conversation).or_default().extend(seqs);
        }
    }

    /// Prints the report and says whether the run was clean (no seq gap or duplicate, no
    /// delivery out of order, no send left unanswered). Gaps: seqs missing below the highest acknowledged one of a conversation
    /// (every send of a run is acknowledged or refused, and a refused one takes no seq).
    pub fn report(
        &mut self,
        secs: f64,
        offered: u64,
        not_offered: u64,
        cpu_secs: Option<f64>,
        pid: Option<u32>,
    ) -> bool {
        let acked = self.ack_micros.len() as u64;
        let (mut gaps, mut duplicates) = (0i64, 0i64);
        for seqs in self.seqs.values() {
            let mut sorted = seqs.clone();
            sorted.sort_unstable();
            let total = sorted.len() as i64;
            sorted.dedup();
            duplicates += total - sorted.len() as i64;
            gaps += sorted.last().copied().unwrap_or(0) - sorted.len() as i64;
        }
        println!(
            "offered            {offered} ({:.0}/s), not offered (generator queue full) {not_offered}",
            offered as f64 / secs
        );
        println!("acknowledged       {acked} ({:.0} msg/s)", acked as f64 / secs);
        println!("refused            {:?}", self.errors);
        println!("unanswered         {}, closed connections {}", self.unanswered, self.closed);
        println!(
            "deliveries         {} ({:.0}/s) of {} expected; userStatus frames {}",
            self.deliveries,
            self.deliveries as f64 / secs,
            self.expected_deliveries,
            self.statuses
        );
        println!("ack p50/p99        {}", percentiles(&mut self.ack_micros));
        println!("delivery p50/p99   {}", percentiles(&mut self.delivery_micros));
        println!("seq gaps {gaps}, duplicates {duplicates}, out-of-order deliveries {}", self.out_of_order);
        if let Some(cpu) = cpu_secs {
            println!(
                "server CPU         {:.2} s over {secs:.1} s ({:.0}% of a core), {:.1} µs per acknowledged message, {:.2} µs per delivery",
                cpu,
                100.0 * cpu / secs,
                per(cpu * 1e6, acked),
                per(cpu * 1e6, self.deliveries)
            );
        }
        if let Some(rss) = pid.and_then(rss_kib) {
            println!("server RSS         {:.1} MiB", rss as f64 / 1024.0);
        }
        gaps == 0
            && duplicates == 0
            && self.out_of_order == 0
            && self.unanswered == 0
            && self.deliveries == self.expected_deliveries
    }
}

/// `total / n`, or 0 when there is nothing to divide by.
pub fn per(total: f64, n: u64) -> f64 {
    if n == 0 { 0.0 } else { total / n as f64 }
}

fn percentiles(samples: &mut [u32]) -> String {
    if samples.is_empty() {
        return "-".into();
    }
    samples.sort_unstable();
    let at = |q: f64| f64::from(samples[((samples.len() - 1) as f64 * q) as usize]) / 1000.0;
    format!("{:.2} / {:.2} ms (max {:.1} ms)", at(0.5), at(0.99), at(1.0))
}

/// utime + stime of a process, in clock ticks.
pub fn cpu_ticks(pid: u32) -> Result<u64, String> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).map_err(|e| e.to_string())?;
    // The command name may hold spaces: fields are counted after its closing parenthesis.
    let after = stat.rsplit_once(')').map(|(_, rest)| rest).ok_or("malformed stat")?;
    let fields: Vec<&str> = after.split_whitespace().collect();
    let field = |i: usize| fields.get(i).and_then(|f| f.parse::<u64>().ok()).ok_or("malformed stat");
    Ok(field(11)? + field(12)?)
}

/// Clock ticks per second (`getconf CLK_TCK`, 100 on Linux).
pub fn ticks_per_second() -> f64 {
    100.0
}

pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}
