//! Load generator for chat-server. It registers its own users over REST, opens one Engine.IO v4
//! WebSocket per user (no Socket.IO client library: one core must be able to offer tens of
//! thousands of messages a second), sends `sendMessage` at a fixed total rate whatever the answers
//! (senders never wait), and prints acknowledged msg/s, deliveries/s, ack and delivery latency
//! percentiles, seq gaps and duplicates, and the server's CPU per message read from `/proc`.
//!
//! Layout: `main.rs` arguments and the run; `setup.rs` users and conversations over REST;
//! `conn.rs` one Engine.IO connection; `stats.rs` what is counted and printed.
//!
//! ```text
//! chat-loadgen --url http://127.0.0.1:3000 --scenario groups --groups 20 --members 10 \
//!     --rate 6000 --secs 20 --pid $(pgrep -f target/release/chat-server)
//! chat-loadgen --scenario pairs --conversations 1000 --users 200 --rate 15000
//! chat-loadgen --scenario fanout --members 1000 --rate 40 --secs 20
//! chat-loadgen --scenario idle --users 10000 --members 10 --sources 4 --secs 5
//! ```
//!
//! `fanout` is one group of `--members`; `idle` opens `--connections` (default: one per user)
//! authenticated WebSockets over `--users` users in groups of `--members`, from `--sources`
//! loopback addresses (127.0.0.1, .2, …; one address has about 28,000 ephemeral ports), holds them
//! `--secs` and prints the server's RSS per connection and CPU per connect.

mod conn;
mod idle;
mod setup;
mod stats;

use std::time::Duration;
use tokio::{sync::mpsc, time::Instant};

/// Command-line settings; every one has a default.
#[derive(Debug, Clone)]
pub struct Args {
    url: String,
    scenario: String,
    groups: usize,
    members: usize,
    conversations: usize,
    users: usize,
    rate: u64,
    secs: u64,
    pid: Option<u32>,
    password: String,
    connections: usize,
    sources: u8,
}

impl Args {
    fn parse() -> Result<Self, String> {
        let mut args = Self {
            url: "http://127.0.0.1:3000".into(),
            scenario: "groups".into(),
            groups: 20,
            members: 10,
            conversations: 1000,
            users: 200,
            rate: 1000,
            secs: 10,
            pid: None,
            password: "loadgen-password".into(),
            connections: 0,
            sources: 1,
        };
        let mut it = std::env::args().skip(1);
        while let Some(flag) = it.next() {
            let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
            let number = || value.parse::<u64>().map_err(|_| format!("{flag}: not a number: {value}"));
            match flag.as_str() {
                "--url" => args.url = value.trim_end_matches('/').to_owned(),
                "--scenario" => args.scenario = value.clone(),
                "--groups" => args.groups = number()? as usize,
                "--members" => args.members = number()? as usize,
                "--conversations" => args.conversations = number()? as usize,
                "--users" => args.users = number()? as usize,
                "--rate" => args.rate = number()?,
                "--secs" => args.secs = number()?,
                "--pid" => args.pid = Some(u32::try_from(number()?).map_err(|e| e.to_string())?),
                "--connections" => args.connections = number()? as usize,
                "--sources" => args.sources = u8::try_from(number()?).map_err(|e| e.to_string())?.max(1),
                _ => return Err(format!("unknown flag {flag}")),
            }
        }
        match args.scenario.as_str() {
            "groups" | "pairs" => {}
            "fanout" => args.groups = 1,
            "idle" => args.groups = args.users.div_ceil(args.members.max(1)),
            other => return Err(format!("unknown scenario {other} (groups, pairs, fanout, idle)")),
        }
        if args.connections == 0 {
            args.connections = args.users;
        }
        Ok(args)
    }
}

/// One send the scheduler hands to a connection: to which conversation.
pub type Command = usize;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let args = match Args::parse() {
        Ok(args) => args,
        Err(e) => {
            eprintln!("chat-loadgen: {e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(args).await {
        eprintln!("chat-loadgen: {e}");
        std::process::exit(1);
    }
}

async fn run(args: Args) -> Result<(), String> {
    let world = setup::World::build(&args).await?;
    if args.scenario == "idle" {
        return idle::run(&args, &world).await;
    }
    println!(
        "scenario {}: {} users, {} conversations, offered {} msg/s for {} s",
        args.scenario,
        world.tokens.len(),
        world.conversations.len(),
        args.rate,
        args.secs
    );
    let start = Instant::now();
    let target = conn::Target::of(&args).await?;
    let mut senders = Vec::with_capacity(world.tokens.len());
    let mut tasks = Vec::with_capacity(world.tokens.len());
    for (user, token) in world.tokens.iter().enumerate() {
        let (tx, rx) = mpsc::channel::<Command>(4096);
        let connection = conn::Connection::open(&target, token, user, start).await?;
        senders.push(tx);
        tasks.push(tokio::spawn(connection.run(rx, world.conversations.clone())));
    }
    println!("{} connections open", senders.len());

    let cpu_before = args.pid.map(stats::cpu_ticks);
    let began = Instant::now();
    let plan = world.send_plan();
    let mut not_offered = 0u64;
    let mut offered = 0u64;
    let mut tick = tokio::time::interval(Duration::from_millis(1));
    let mut next = 0usize;
    while began.elapsed() < Duration::from_secs(args.secs) {
        tick.tick().await;
        let due = (began.elapsed().as_micros() as u64 * args.rate / 1_000_000).saturating_sub(offered);
        for _ in 0..due {
            let (user, conversation) = plan[next % plan.len()];
            next += 1;
            offered += 1;
            if senders[user].try_send(conversation).is_err() {
                not_offered += 1;
            }
        }
    }
    let send_secs = began.elapsed().as_secs_f64();
    let cpu_after = args.pid.map(stats::cpu_ticks);
    drop(senders);
    let mut totals = stats::Totals::default();
    for task in tasks {
        totals.merge(task.await.map_err(|e| e.to_string())?);
    }
    let cpu_secs = match (cpu_before, cpu_after) {
        (Some(Ok(a)), Some(Ok(b))) => Some((b - a) as f64 / stats::ticks_per_second()),
        _ => None,
    };
    if totals.report(send_secs, offered, not_offered, cpu_secs, args.pid) {
        Ok(())
    } else {
        Err("seq gaps, duplicates, deliveries out of order or missing, or unanswered sends (see above)".into())
    }
}
