//! One user's Engine.IO v4 connection over WebSocket, speaking the Socket.IO packets by hand:
//! `0` open, `40{auth}` connect, `2`/`3` ping/pong, `42<id>[event, data]` with an ack id, `43<id>[…]`
//! the ack, `42[event, data]` a server event.

use crate::{Args, Command, stats::Stats};
use futures::{SinkExt, StreamExt};
use serde_json::Value;
use std::{
    collections::HashMap,
    net::{Ipv4Addr, SocketAddr},
    time::Duration,
};
use tokio::{
    net::{TcpSocket, TcpStream},
    sync::mpsc,
    time::Instant,
};
use tokio_tungstenite::{WebSocketStream, tungstenite::Message};

pub type Ws = WebSocketStream<TcpStream>;

/// Where connections go, and the loopback addresses they come from.
#[derive(Debug, Clone)]
pub struct Target {
    url: String,
    addr: SocketAddr,
    sources: u8,
}

impl Target {
    pub async fn of(args: &Args) -> Result<Self, String> {
        let host = args.url.split_once("://").map_or(args.url.as_str(), |(_, rest)| rest);
        let addr = tokio::net::lookup_host(host)
            .await
            .map_err(|e| format!("resolving {host}: {e}"))?
            .next()
            .ok_or_else(|| format!("{host} has no address"))?;
        let url = format!("{}/socket.io/?EIO=4&transport=websocket", args.url.replacen("http", "ws", 1));
        Ok(Self { url, addr, sources: args.sources })
    }

    /// Opens connection number `n` from source address 127.0.0.(1 + n mod sources).
    pub async fn connect(&self, n: usize) -> Result<Ws, String> {
        let socket = TcpSocket::new_v4().map_err(|e| e.to_string())?;
        if self.sources > 1 {
            let last = 1 + u8::try_from(n % usize::from(self.sources)).unwrap_or(0);
            let source = SocketAddr::from((Ipv4Addr::new(127, 0, 0, last), 0));
            socket.bind(source).map_err(|e| format!("binding {source}: {e}"))?;
        }
        socket.set_nodelay(true).map_err(|e| e.to_string())?;
        let stream = socket.connect(self.addr).await.map_err(|e| format!("connect {}: {e}", self.addr))?;
        let (ws, _) = tokio_tungstenite::client_async(self.url.as_str(), stream)
            .await
            .map_err(|e| format!("WebSocket handshake: {e}"))?;
        Ok(ws)
    }
}

/// How long to wait for the acks of sends still in flight when sending stops.
const DRAIN: Duration = Duration::from_secs(10);
/// How long to keep reading deliveries once every ack is in.
const LINGER: Duration = Duration::from_millis(500);

pub struct Connection {
    ws: Ws,
    user: usize,
    start: Instant,
}

impl Connection {
    /// Opens the WebSocket and connects to the default namespace with `token`.
    pub async fn open(target: &Target, token: &str, user: usize, start: Instant) -> Result<Self, String> {
        let mut ws = target.connect(user).await?;
        handshake(&mut ws, token).await?;
        Ok(Self { ws, user, start })
    }

    /// Sends what the scheduler asks until it stops, answers pings, and counts everything.
    pub async fn run(self, mut commands: mpsc::Receiver<Command>, conversations: Vec<(String, Vec<usize>)>) -> Stats {
        let Self { ws, user, start } = self;
        let (mut sink, mut stream) = ws.split();
        let mut stats = Stats::default();
        let mut pending: HashMap<u64, (Instant, usize)> = HashMap::new();
        let mut last_seen: HashMap<String, i64> = HashMap::new();
        let mut next_id = 0u64;
        let mut stop_at: Option<Instant> = None;
        loop {
            let deadline = stop_at.unwrap_or_else(|| Instant::now() + DRAIN);
            tokio::select! {
                command = commands.recv(), if stop_at.is_none() => match command {
                    Some(conversation) => {
                        next_id += 1;
                        let sent = Instant::now();
                        let frame = format!(
                            "42{next_id}[\"sendMessage\",{{\"conversationId\":\"{}\",\"content\":\"{}\",\"clientMsgId\":\"u{user}-{next_id}\"}}]",
                            conversations[conversation].0,
                            sent.duration_since(start).as_micros()
                        );
                        if sink.send(Message::text(frame)).await.is_err() {
                            stats.send_errors += 1;
                            continue;
                        }
                        pending.insert(next_id, (sent, conversation));
                    }
                    None => stop_at = Some(Instant::now() + DRAIN),
                },
                frame = stream.next() => {
                    let Some(Ok(Message::Text(text))) = frame else {
                        if matches!(frame, None | Some(Err(_)) | Some(Ok(Message::Close(_)))) {
                            stats.closed += 1;
                            break;
                        }
                        continue;
                    };
                    let text = text.as_str();
                    if text == "2" {
                        let _ = sink.send(Message::text("3")).await;
                    } else if let Some(rest) = text.strip_prefix("43") {
                        on_ack(&mut stats, &mut pending, rest, &conversations);
                        if stop_at.is_some() && pending.is_empty() {
                            stop_at = Some(Instant::now() + LINGER);
                        }
                    } else if let Some(rest) = text.strip_prefix("42[\"receiveMessage\",") {
                        on_delivery(&mut stats, &mut last_seen, rest, start);
                    } else if text.starts_with("42[\"userStatus\"") {
                        stats.statuses += 1;
                    }
                }
                () = tokio::time::sleep_until(deadline), if stop_at.is_some() => break,
            }
        }
        stats.unanswered += pending.len() as u64;
        let _ = sink.send(Message::Close(None)).await;
        stats
    }
}

fn on_ack(
    stats: &mut Stats,
    pending: &mut HashMap<u64, (Instant, usize)>,
    rest: &str,
    conversations: &[(String, Vec<usize>)],
) {
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let Ok(id) = rest[..digits].parse::<u64>() else { return };
    let Some((sent, conversation)) = pending.remove(&id) else { return };
    let Ok(Value::Array(mut args)) = serde_json::from_str::<Value>(&rest[digits..]) else {
        stats.errors.entry("unparsable ack".into()).and_modify(|n| *n += 1).or_insert(1);
        return;
    };
    let answer = args.pop().unwrap_or(Value::Null);
    if answer["ok"] == Value::Bool(true) {
        stats.ack_micros.push(micros(sent.elapsed()));
        stats.expected_deliveries += conversations[conversation].1.len() as u64;
        if let Some(seq) = answer["message"]["seq"].as_i64() {
            stats.seqs.entry(conversation).or_default().push(seq);
        }
    } else {
        let code = answer["error"]["code"].as_str().unwrap_or("unknown").to_owned();
        stats.errors.entry(code).and_modify(|n| *n += 1).or_insert(1);
    }
}

fn on_delivery(stats: &mut Stats, last_seen: &mut HashMap<String, i64>, rest: &str, start: Instant) {
    let Some(payload) = rest.strip_suffix(']') else { return };
    let Ok(message) = serde_json::from_str::<Value>(payload) else { return };
    stats.deliveries += 1;
    if let Some(sent) = message["content"].as_str().and_then(|c| c.parse::<u64>().ok()) {
        let now = micros(start.elapsed()) as u64;
        stats.delivery_micros.push(now.saturating_sub(sent).min(u64::from(u32::MAX)) as u32);
    }
    let (Some(conversation), Some(seq)) = (message["conversationId"].as_str(), message["seq"].as_i64()) else { return };
    let last = last_seen.entry(conversation.to_owned()).or_insert(0);
    if seq <= *last {
        stats.out_of_order += 1;
    }
    *last = (*last).max(seq);
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

/// Engine.IO open, then a Socket.IO CONNECT to `/` with `token`, answering pings meanwhile.
pub async fn handshake(ws: &mut Ws, token: &str) -> Result<(), String> {
    let open = next_text(ws).await?;
    if !open.starts_with('0') {
        return Err(format!("expected an Engine.IO open packet, got {open}"));
    }
    let auth = serde_json::json!({ "token": token });
    ws.send(Message::text(format!("40{auth}"))).await.map_err(|e| e.to_string())?;
    loop {
        let packet = next_text(ws).await?;
        match packet.as_bytes() {
            [b'4', b'0', ..] => return Ok(()),
            [b'4', b'4', ..] => return Err(format!("connect refused: {packet}")),
            [b'2'] => ws.send(Message::text("3")).await.map_err(|e| e.to_string())?,
            _ => {}
        }
    }
}

async fn next_text(ws: &mut Ws) -> Result<String, String> {
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(text))) => return Ok(text.as_str().to_owned()),
            Some(Ok(_)) => {}
            Some(Err(e)) => return Err(e.to_string()),
            None => return Err("connection closed".into()),
        }
    }
}
