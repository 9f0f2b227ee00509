//! External identities: the local account of an identity provider's subject, found by
//! `(iss, sub)` or provisioned on first sight, whether it comes with an access token of the
//! provider ([`AuthService::authenticate`]) or an ID token ([`AuthService::sign_in_with_id_token`]).

use super::{
    AuthService,
    service::{parse_email, token_hash},
    tokens::ExternalClaims,
};
use crate::{
    CoreError, CoreResult, UserId,
    user::{NewUser, User, Username},
};
use rand::RngCore;

impl AuthService {
    /// Finds or creates the local account of an external subject: one account per `(iss, sub)`,
    /// stored as `iss` and `sub` joined by a space (which neither may hold). An account
    /// provisioned before subjects were qualified by their issuer (by `sub` alone) is still found.
    pub(super) async fn provision(&self, claims: ExternalClaims) -> CoreResult<User> {
        if claims.sub.is_empty() || claims.sub.len() > 255 || claims.sub.contains(' ') || claims.iss.contains(' ') {
            return Err(CoreError::Unauthorized("invalid token subject".into()));
        }
        let external_id = format!("{} {}", claims.iss, claims.sub);
        let legacy = self.inner.config.external.as_ref().is_some_and(|e| e.issuer == claims.iss);
        for known in [Some(external_id.as_str()), legacy.then_some(claims.sub.as_str())].into_iter().flatten() {
            if let Some(user) = self.inner.users.user_by_external_id(known).await? {
                return Ok(user);
            }
        }
        let limits = &self.inner.limits;
        let base = claims.preferred_username.as_deref().or(claims.name.as_deref()).unwrap_or("user");
        let slug: String = base
            .to_lowercase()
            .chars()
            .filter(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == '_' || *c == '.')
            .collect();
        let slug = if slug.len() < limits.username_min { "user".to_owned() } else { slug };
        let display_name = claims
            .name
            .as_deref()
            .and_then(|n| crate::text::clean_name("displayName", n, limits.name_max_chars).ok())
            .unwrap_or_else(|| slug.clone());
        let avatar_url = claims.picture.filter(|p| crate::user::check_url("picture", p, limits).is_ok());
        // An address the provider has not verified could be anyone's: it is not taken.
        let email = claims.email.filter(|_| claims.email_verified == Some(true)).and_then(|e| parse_email(&e).ok());
        let new = NewUser {
            id: UserId::new(),
            username: Username::parse("user", limits)?,
            email: None,
            // Only an address the provider verified is taken (below).
            email_verified: true,
            display_name,
            avatar_url,
            password_hash: None,
            external_id: Some(external_id.clone()),
            created_at: crate::time::now(),
        };
        for username in external_usernames(&slug, &claims.sub, limits) {
            let Ok(username) = Username::parse(&username, limits) else { continue };
            let new = NewUser { username, ..new.clone() };
            // With the email first; should that conflict (a local account has it), without.
            for email in [email.clone(), None].into_iter().take(if email.is_some() { 2 } else { 1 }) {
                match self.inner.users.insert_user(NewUser { email, ..new.clone() }).await {
                    Err(CoreError::Taken(_)) => {
                        // A concurrent first request may have provisioned this subject.
                        if let Some(user) = self.inner.users.user_by_external_id(&external_id).await? {
                            return Ok(user);
                        }
                    }
                    other => return other,
                }
            }
        }
        Err(CoreError::Conflict("no free username for this identity".into()))
    }
}

/// Usernames for an external subject, tried in turn: the slug with 6, 10 and 16 hex characters of
/// a hash of the subject (the same person gets the same name on every instance), then two random
/// suffixes, which no one can have registered ahead to block the subject.
fn external_usernames(slug: &str, sub: &str, limits: &crate::Limits) -> Vec<String> {
    let hash = token_hash(sub);
    let mut random = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut random);
    let random: String = random.iter().map(|b| format!("{b:02x}")).collect();
    [&hash[..6], &hash[..10], &hash[..16], &random[..16], &random[16..]]
        .into_iter()
        .map(|suffix| {
            let room = limits.username_max.saturating_sub(suffix.len() + 1);
            format!("{}_{suffix}", slug.chars().take(room).collect::<String>())
        })
        .collect()
}
