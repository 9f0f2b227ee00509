//! Email over SMTP (lettre): the password reset and email verification links of
//! [`chat_core::auth`].

use anyhow::Context as _;
use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor, message::Mailbox, message::header::ContentType,
};

/// Sends emails through the SMTP server of `CHAT_SMTP_URL`.
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may carry a password: only the sender is shown.
        f.debug_struct("Mailer").field("from", &self.from.to_string()).finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `url` (see `CHAT_SMTP_URL`) sending as `from`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Self> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url).context("CHAT_SMTP_URL")?.build();
        Ok(Self { transport, from: from.parse().context("CHAT_SMTP_FROM")? })
    }

    /// Sends a plain-text email.
    pub async fn send(&self, to: &str, subject: &str, body: String) -> anyhow::Result<()> {
        let message = Message::builder()
            .from(self.from.clone())
            .to(to.parse().context("recipient address")?)
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)?;
        self.transport.send(message).await.context("sending through SMTP")?;
        Ok(())
    }
}

/// "within a minute", "within 30 minutes", "within 24 hours": how long a link works, in words.
pub fn within(ttl: std::time::Duration) -> String {
    match ttl.as_secs().div_ceil(60) {
        1 => "a minute".to_owned(),
        minutes if minutes >= 120 && minutes % 60 == 0 => format!("{} hours", minutes / 60),
        minutes => format!("{minutes} minutes"),
    }
}

/// An email carrying a single-use link: to whom, about what, and its text (the link in it).
#[derive(Debug)]
pub struct LinkEmail {
    /// The address.
    pub to: String,
    /// The subject.
    pub subject: &'static str,
    /// The text, with the link.
    pub body: String,
}

/// Makes the link with `start` (`None`: nothing to send) and sends it, in the background, so that
/// the caller answers at once and alike whatever happens; failures are logged as `what`.
pub fn spawn_link_email<F>(mailer: std::sync::Arc<Mailer>, what: &'static str, start: F)
where
    F: std::future::Future<Output = chat_core::CoreResult<Option<LinkEmail>>> + Send + 'static,
{
    tokio::spawn(async move {
        let email = match start.await {
            Ok(Some(email)) => email,
            Ok(None) => return,
            Err(e) => return tracing::error!(error = %e, "{what} not started"),
        };
        if let Err(e) = mailer.send(&email.to, email.subject, email.body).await {
            tracing::error!(error = %e, "{what} email not sent");
        }
    });
}
