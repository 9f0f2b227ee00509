//! Lingering close for refused request bodies, as nginx does it: when the server answers before
//! it has read a body (an upload too large, of a refused type, or malformed), the rest of the body
//! is read and dropped in the background, up to a bound and for a few seconds. A client that
//! writes its whole body before it reads (browsers, Node's `fetch`) then reads the answer instead
//! of failing on a connection closed under it.

use axum::body::{Body, Bytes, HttpBody};
use futures::StreamExt as _;
use http_body::{Frame, SizeHint};
use std::{
    pin::Pin,
    task::{Context, Poll},
    time::Duration,
};

/// How long the rest of a refused body is read for at most.
const LINGER: Duration = Duration::from_secs(10);

/// Reads and drops at most `bound` more bytes of `body`, in the background.
pub fn drain(body: Body, bound: usize) {
    tokio::spawn(async move {
        let mut stream = body.into_data_stream();
        let mut read = 0;
        let rest = async {
            while let Some(Ok(chunk)) = stream.next().await {
                read += chunk.len();
                if read > bound {
                    break;
                }
            }
        };
        let _ = tokio::time::timeout(LINGER, rest).await;
    });
}

/// A request body that, dropped before its end, [`drain`]s what remains (at most `bound` bytes).
pub struct Lingering {
    inner: Option<Body>,
    bound: usize,
    ended: bool,
}

impl Lingering {
    /// Wraps `body`.
    pub fn new(body: Body, bound: usize) -> Self {
        Self { inner: Some(body), bound, ended: false }
    }
}

impl HttpBody for Lingering {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let Some(inner) = self.inner.as_mut() else { return Poll::Ready(None) };
        let polled = Pin::new(inner).poll_frame(cx);
        if matches!(polled, Poll::Ready(None | Some(Err(_)))) {
            self.ended = true;
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.as_ref().is_none_or(HttpBody::is_end_stream)
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.as_ref().map_or_else(|| SizeHint::with_exact(0), HttpBody::size_hint)
    }
}

impl Drop for Lingering {
    fn drop(&mut self) {
        if let Some(body) = self.inner.take().filter(|b| !self.ended && !b.is_end_stream()) {
            drain(body, self.bound);
        }
    }
}
