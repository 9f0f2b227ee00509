//! The `idle` scenario: many authenticated connections that send nothing. Prints the server's RSS
//! per connection and CPU per connect, read from `/proc/<pid>` before and after the connections
//! open, and what the connections received while held (pings are answered, `userStatus` counted).

use crate::{Args, conn, setup::World, stats};
use futures::{SinkExt, StreamExt, stream};
use std::time::Duration;
use tokio::{sync::watch, time::Instant};
use tokio_tungstenite::tungstenite::Message;

/// Connections being opened at once.
const OPENING: usize = 64;
/// How long the server is left to settle (presence, allocator) before its RSS is read.
const SETTLE: Duration = Duration::from_secs(2);

/// What one held connection saw.
#[derive(Default)]
struct Held {
    statuses: u64,
    closed: bool,
}

pub async fn run(args: &Args, world: &World) -> Result<(), String> {
    let target = conn::Target::of(args).await?;
    let pid = args.pid.ok_or("the idle scenario needs --pid")?;
    println!(
        "scenario idle: {} connections over {} users in {} groups, from {} source addresses",
        args.connections,
        world.tokens.len(),
        world.conversations.len(),
        args.sources
    );
    let rss = || stats::rss_kib(pid).ok_or("cannot read the server's RSS");
    tokio::time::sleep(SETTLE).await;
    let rss_before = rss()?;
    let cpu_before = stats::cpu_ticks(pid)?;
    let began = Instant::now();
    let (stop, stopped) = watch::channel(false);
    // Two halves: the second shows the cost of a connection once the allocator has reused what
    // the setup (registrations) freed, which the first half partly hides.
    let half = args.connections / 2;
    let mut opened = open(&target, world, 0..half, &stopped).await;
    let cpu_half = stats::cpu_ticks(pid)?;
    let connect_half = began.elapsed().as_secs_f64();
    tokio::time::sleep(SETTLE).await;
    let rss_half = rss()?;
    let resumed = Instant::now();
    let cpu_resumed = stats::cpu_ticks(pid)?;
    opened.extend(open(&target, world, half..args.connections, &stopped).await);
    let connect_secs = connect_half + resumed.elapsed().as_secs_f64();
    let cpu_connect = (cpu_half - cpu_before + stats::cpu_ticks(pid)? - cpu_resumed) as f64 / stats::ticks_per_second();
    let (held, failed): (Vec<_>, Vec<_>) = opened.into_iter().partition(Result::is_ok);
    let n = held.len() as u64;
    tokio::time::sleep(SETTLE).await;
    let rss_after = rss()?;
    tokio::time::sleep(Duration::from_secs(args.secs)).await;
    let rss_held = rss()?;
    let _ = stop.send(true);
    let (mut statuses, mut closed) = (0, 0);
    for task in held.into_iter().flatten() {
        let seen = task.await.map_err(|e| e.to_string())?;
        statuses += seen.statuses;
        closed += u64::from(seen.closed);
    }
    let mut reasons: Vec<String> = failed.into_iter().filter_map(Result::err).collect();
    reasons.sort();
    reasons.dedup();
    println!("open               {n} in {connect_secs:.1} s, failed {}: {reasons:?}", args.connections as u64 - n);
    println!(
        "server CPU         {cpu_connect:.2} s while connecting, {:.0} µs per connect",
        stats::per(cpu_connect * 1e6, n)
    );
    let mib = |kib: u64| kib as f64 / 1024.0;
    println!(
        "server RSS         {:.1} → {:.1} (half) → {:.1} MiB ({:.1} MiB after {} s held)",
        mib(rss_before),
        mib(rss_half),
        mib(rss_after),
        mib(rss_held),
        args.secs,
    );
    println!(
        "per connection     {:.2} KiB overall, {:.2} KiB in the second half",
        stats::per(rss_after.saturating_sub(rss_before) as f64, n),
        stats::per(rss_after.saturating_sub(rss_half) as f64, n - n / 2),
    );
    println!("received           {statuses} userStatus frames; {closed} connections closed by the server");
    if n as usize == args.connections && closed == 0 {
        Ok(())
    } else {
        Err("connections failed or were closed (see above)".into())
    }
}

/// Opens connections `range` (connection `n` as user `n mod users`), 64 at a time.
async fn open(
    target: &conn::Target,
    world: &World,
    range: std::ops::Range<usize>,
    stopped: &watch::Receiver<bool>,
) -> Vec<Result<tokio::task::JoinHandle<Held>, String>> {
    stream::iter(range)
        .map(|n| {
            let stopped = stopped.clone();
            let token = &world.tokens[n % world.tokens.len()];
            async move {
                let mut ws = target.connect(n).await?;
                conn::handshake(&mut ws, token).await?;
                Ok(tokio::spawn(hold(ws, stopped)))
            }
        })
        .buffer_unordered(OPENING)
        .collect()
        .await
}

/// Holds one connection until `stopped`: answers pings, counts `userStatus`, then closes.
async fn hold(ws: conn::Ws, mut stopped: watch::Receiver<bool>) -> Held {
    let (mut sink, mut stream) = ws.split();
    let mut held = Held::default();
    loop {
        tokio::select! {
            frame = stream.next() => match frame {
                Some(Ok(Message::Text(text))) if text.as_str() == "2" => {
                    let _ = sink.send(Message::text("3")).await;
                }
                Some(Ok(Message::Text(text))) if text.as_str().starts_with("42[\"userStatus\"") => held.statuses += 1,
                Some(Ok(Message::Close(_)) | Err(_)) | None => {
                    held.closed = true;
                    return held;
                }
                Some(Ok(_)) => {}
            },
            _ = stopped.changed() => break,
        }
    }
    let _ = sink.send(Message::Close(None)).await;
    held
}
