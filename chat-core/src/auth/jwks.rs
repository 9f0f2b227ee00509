//! An identity provider's signing keys, from its JSON Web Key Set: fetched when first needed,
//! kept, and fetched again when a token names a key not held (the provider rotated its keys) or
//! when they are older than `max_age`, never more often than once per `min_interval`, so that
//! tokens naming made-up keys cannot make this server hammer the provider.
//!
//! Only asymmetric signing keys are taken (RSA, RSA-PSS, ECDSA, EdDSA): a key set is public, so a
//! symmetric key in it would let anyone sign.

use crate::{CoreError, CoreResult};
use jsonwebtoken::{
    Algorithm, DecodingKey,
    jwk::{AlgorithmParameters, EllipticCurve, Jwk, JwkSet, KeyAlgorithm, PublicKeyUse},
};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
    time::{Duration, Instant},
};

/// Where a key set comes from (the transport fetches it over HTTPS).
#[async_trait::async_trait]
pub trait KeySource: Send + Sync + std::fmt::Debug {
    /// The provider's current key set.
    async fn fetch(&self) -> CoreResult<JwkSet>;
}

/// Keys of one provider, by key id (`kid`).
#[derive(Debug)]
pub struct KeySet {
    source: Arc<dyn KeySource>,
    min_interval: Duration,
    max_age: Duration,
    held: RwLock<Held>,
    /// One fetch at a time; the others wait for it and use what it brought.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Held {
    keys: HashMap<Option<String>, (DecodingKey, Algorithm)>,
    /// When the keys held were fetched.
    fetched_at: Option<Instant>,
    /// When a fetch was last tried, whether it succeeded or not.
    tried_at: Option<Instant>,
}

impl std::fmt::Debug for Held {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Held").field("kids", &self.keys.keys().collect::<Vec<_>>()).finish()
    }
}

impl KeySet {
    /// Keys from `source`, fetched again on an unknown key id at most once per `min_interval`,
    /// and when older than `max_age`.
    pub fn new(source: Arc<dyn KeySource>, min_interval: Duration, max_age: Duration) -> Self {
        Self { source, min_interval, max_age, held: RwLock::default(), fetching: tokio::sync::Mutex::new(()) }
    }

    /// The key a token's header names (`kid`; without one, the only key of the set).
    pub async fn key(&self, kid: Option<&str>) -> CoreResult<(DecodingKey, Algorithm)> {
        let now = Instant::now();
        if let Some(found) = self.held(kid, |at| now.duration_since(at) < self.max_age) {
            return Ok(found);
        }
        // A fetch tried lately, failed or not, is not tried again: the keys held (even old ones)
        // serve, and a token naming another key is refused without waiting for the provider.
        if self.tried_lately(now) {
            return self.held_any(kid);
        }
        let _one = self.fetching.lock().await;
        // Another caller may have fetched while this one waited.
        let now = Instant::now();
        if self.tried_lately(now) {
            return self.held_any(kid);
        }
        // Callers arriving meanwhile queue on the lock above and use what this fetch brings.
        match self.source.fetch().await {
            Ok(set) => {
                let keys = usable_keys(&set);
                tracing::info!(keys = keys.len(), "identity provider keys fetched");
                *self.held.write().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Held { keys, fetched_at: Some(now), tried_at: Some(now) };
            }
            // The keys held go on serving until the provider answers again.
            Err(e) => {
                tracing::warn!(error = %e, "fetching the identity provider's keys failed");
                self.held.write().unwrap_or_else(std::sync::PoisonError::into_inner).tried_at = Some(now);
            }
        }
        self.held_any(kid)
    }

    fn tried_lately(&self, now: Instant) -> bool {
        self.read().tried_at.is_some_and(|at| now.duration_since(at) < self.min_interval)
    }

    fn held_any(&self, kid: Option<&str>) -> CoreResult<(DecodingKey, Algorithm)> {
        self.held(kid, |_| true).ok_or_else(|| CoreError::Unauthorized("token signed with an unknown key".into()))
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Held> {
        self.held.read().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The key held for `kid`, if the set was fetched at a time `fresh` accepts.
    fn held(&self, kid: Option<&str>, fresh: impl Fn(Instant) -> bool) -> Option<(DecodingKey, Algorithm)> {
        let held = self.read();
        if !held.fetched_at.is_some_and(fresh) {
            return None;
        }
        match kid {
            Some(kid) => held.keys.get(&Some(kid.to_owned())).cloned(),
            None if held.keys.len() == 1 => held.keys.values().next().cloned(),
            None => None,
        }
    }
}

/// The signing keys of a set that this server can check, by key id.
fn usable_keys(set: &JwkSet) -> HashMap<Option<String>, (DecodingKey, Algorithm)> {
    set.keys
        .iter()
        .filter(|jwk| matches!(jwk.common.public_key_use, None | Some(PublicKeyUse::Signature)))
        .filter_map(|jwk| {
            let algorithm = algorithm_of(jwk)?;
            let key = DecodingKey::from_jwk(jwk).ok()?;
            Some((jwk.common.key_id.clone(), (key, algorithm)))
        })
        .collect()
}

/// The algorithm a key signs with: its `alg`, else the usual one for its type; `None` for
/// symmetric keys and anything this server cannot check.
fn algorithm_of(jwk: &Jwk) -> Option<Algorithm> {
    let algorithm = match (jwk.common.key_algorithm, &jwk.algorithm) {
        (Some(KeyAlgorithm::UNKNOWN_ALGORITHM) | None, AlgorithmParameters::RSA(_)) => Algorithm::RS256,
        (Some(KeyAlgorithm::UNKNOWN_ALGORITHM) | None, AlgorithmParameters::EllipticCurve(ec)) => match ec.curve {
            EllipticCurve::P256 => Algorithm::ES256,
            EllipticCurve::P384 => Algorithm::ES384,
            _ => return None,
        },
        (Some(KeyAlgorithm::UNKNOWN_ALGORITHM) | None, AlgorithmParameters::OctetKeyPair(_)) => Algorithm::EdDSA,
        (Some(alg), _) => alg.to_string().parse().ok()?,
        _ => return None,
    };
    let asymmetric = !matches!(algorithm, Algorithm::HS256 | Algorithm::HS384 | Algorithm::HS512);
    asymmetric.then_some(algorithm)
}
