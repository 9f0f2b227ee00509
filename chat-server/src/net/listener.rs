//! The TCP listener: a cap on concurrent connections per client address, applied at accept time
//! before a byte of the connection is read.
//!
//! The count follows the connection's socket, so it covers HTTP keep-alive connections, long
//! polls and upgraded WebSockets alike, and is given back when the socket closes. Addresses are
//! counted as [`address_key`] groups them (an IPv6 /64 is one address). Connections from a trusted
//! proxy are not counted: a proxy carries many clients, and limits per client belong there.

use super::proxies::{TrustedProxies, address_key};
use std::{
    collections::HashMap,
    io,
    net::{IpAddr, SocketAddr},
    pin::Pin,
    sync::{Arc, Mutex, PoisonError},
    task::{Context, Poll},
};
use tokio::{
    io::{AsyncRead, AsyncWrite, ReadBuf},
    net::{TcpListener, TcpStream},
};

/// A [`TcpListener`] that refuses a connection when its address already holds `max` of them.
#[derive(Debug)]
pub struct CappedListener {
    inner: TcpListener,
    counts: Arc<Counts>,
    proxies: TrustedProxies,
}

#[derive(Debug)]
struct Counts {
    max: usize,
    open: Mutex<HashMap<IpAddr, usize>>,
}

impl CappedListener {
    /// Caps `inner` at `max` concurrent connections per address; 0 means no cap.
    pub fn new(inner: TcpListener, max: usize, proxies: TrustedProxies) -> Self {
        Self { inner, counts: Arc::new(Counts { max, open: Mutex::default() }), proxies }
    }

    /// Counts one more connection from `peer` (`None`: not counted), or refuses it.
    fn admit(&self, peer: SocketAddr) -> Result<Option<Admitted>, ()> {
        if self.counts.max == 0 || self.proxies.contains(peer.ip()) {
            return Ok(None);
        }
        let key = address_key(peer.ip());
        let mut open = self.counts.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(key).or_default();
        if *count >= self.counts.max {
            return Err(());
        }
        *count += 1;
        Ok(Some(Admitted { counts: self.counts.clone(), key }))
    }
}

impl axum::serve::Listener for CappedListener {
    type Io = Connection;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let (stream, peer) = axum::serve::Listener::accept(&mut self.inner).await;
            match self.admit(peer) {
                Ok(admitted) => return (Connection { stream, _admitted: admitted }, peer),
                Err(()) => {
                    metrics::counter!("chat_connections_refused_total").increment(1);
                    tracing::debug!(%peer, "refused: too many connections from this address");
                    drop(stream);
                }
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A slot of an address's count, given back when the connection is dropped.
#[derive(Debug)]
struct Admitted {
    counts: Arc<Counts>,
    key: IpAddr,
}

impl Drop for Admitted {
    fn drop(&mut self) {
        let mut open = self.counts.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.key) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.key);
            }
        }
    }
}

/// An accepted TCP connection holding its address's slot.
#[derive(Debug)]
pub struct Connection {
    /// The socket.
    pub stream: TcpStream,
    _admitted: Option<Admitted>,
}

impl AsyncRead for Connection {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Connection {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}
