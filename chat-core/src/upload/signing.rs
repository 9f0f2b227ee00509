//! Signed file URLs: `/api/files/{id}?variant=…&expires=…&sig=…`, an HMAC-SHA256 over the upload,
//! the variant and the expiry. Whoever holds such a URL may read that file until it expires; only
//! the uploader and members of conversations where the file was sent are ever given one. A link
//! names no reader (a broadcast carries the same links to every member), so leaving a conversation
//! cannot revoke the links already given: they are short-lived instead (10 to 15 minutes by
//! default), and clients fetch a message again when its links stop loading.

use super::Variant;
use crate::{CoreError, CoreResult, UploadId};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;

/// Signs and checks file URLs.
#[derive(Clone)]
pub struct UrlSigner {
    key: Vec<u8>,
    ttl: Duration,
}

impl std::fmt::Debug for UrlSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlSigner").field("ttl", &self.ttl).finish_non_exhaustive()
    }
}

/// URLs expire on five-minute boundaries, so the same file gets the same URL for five minutes
/// (browsers cache it).
const ROUND_SECS: i64 = 300;

impl UrlSigner {
    /// A signer whose URLs live at least `ttl` (and at most `ttl` + five minutes).
    pub fn new(key: impl Into<Vec<u8>>, ttl: Duration) -> Self {
        Self { key: key.into(), ttl }
    }

    fn mac(&self, id: UploadId, variant: Variant, expires: i64) -> Hmac<Sha256> {
        // HMAC accepts keys of any length.
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.key).unwrap_or_else(|_| unreachable!("any key length"));
        mac.update(format!("{id}:{}:{expires}", variant.as_str()).as_bytes());
        mac
    }

    /// A URL to `variant` of an upload.
    pub fn url(&self, id: UploadId, variant: Variant) -> String {
        let now = crate::time::now().timestamp();
        let ttl = i64::try_from(self.ttl.as_secs()).unwrap_or(i64::MAX / 2);
        let expires = (now / ROUND_SECS + 1) * ROUND_SECS + ttl;
        let sig: String =
            self.mac(id, variant, expires).finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
        format!("/api/files/{id}?variant={}&expires={expires}&sig={sig}", variant.as_str())
    }

    /// Checks a URL's signature and expiry.
    pub fn verify(&self, id: UploadId, variant: Variant, expires: i64, sig: &str) -> CoreResult<()> {
        let bytes: Option<Vec<u8>> =
            (0..sig.len()).step_by(2).map(|i| sig.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect();
        let valid = bytes.is_some_and(|b| self.mac(id, variant, expires).verify_slice(&b).is_ok());
        if !valid {
            return Err(CoreError::Forbidden("invalid file signature".into()));
        }
        if expires < crate::time::now().timestamp() {
            return Err(CoreError::Gone("file link"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(url: &str) -> (i64, String) {
        let query = url.split_once('?').unwrap().1;
        let get = |k: &str| query.split('&').find_map(|p| p.strip_prefix(&format!("{k}="))).unwrap().to_owned();
        (get("expires").parse().unwrap(), get("sig"))
    }

    #[test]
    fn a_signed_url_verifies_and_any_change_breaks_it() {
        let signer = UrlSigner::new("key", Duration::from_secs(60));
        let id = UploadId::new();
        let (expires, sig) = parts(&signer.url(id, Variant::Original));
        assert!(signer.verify(id, Variant::Original, expires, &sig).is_ok());
        assert!(signer.verify(id, Variant::Thumbnail, expires, &sig).is_err(), "other variant");
        assert!(signer.verify(UploadId::new(), Variant::Original, expires, &sig).is_err(), "other file");
        assert!(signer.verify(id, Variant::Original, expires + 1, &sig).is_err(), "longer life");
        assert!(UrlSigner::new("other", Duration::from_secs(60)).verify(id, Variant::Original, expires, &sig).is_err());
        assert!(signer.verify(id, Variant::Original, expires, "zz").is_err());
    }

    #[test]
    fn a_link_lives_its_ttl_and_at_most_five_minutes_more() {
        let signer = UrlSigner::new("key", Duration::from_secs(600));
        let now = crate::time::now().timestamp();
        let (expires, _) = parts(&signer.url(UploadId::new(), Variant::Original));
        assert!(expires - now > 600 && expires - now <= 900, "lives {} s", expires - now);
        assert_eq!(expires % 300, 0, "on a five-minute boundary, so the URL stays the same for a while");
    }

    #[test]
    fn an_expired_url_is_gone() {
        let signer = UrlSigner::new("key", Duration::from_secs(60));
        let id = UploadId::new();
        let past = crate::time::now().timestamp() - 10;
        let sig: String = signer
            .mac(id, Variant::Original, past)
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(signer.verify(id, Variant::Original, past, &sig).unwrap_err().code(), "gone");
    }
}
