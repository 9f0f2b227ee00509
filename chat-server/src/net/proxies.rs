//! Who the client is behind reverse proxies.
//!
//! A proxy appends the address it received a request from to `X-Forwarded-For`, so the header
//! reads `client-written…, hop1, hop2` with the last entry written by the proxy in front of us.
//! Everything left of the first hop we do not trust was written by someone we do not trust. The
//! client is therefore the rightmost entry that is not one of our proxies, and only when the
//! peer itself is one of them (the scheme of nginx's `real_ip_recursive` and of Rails' trusted
//! proxies).

use axum::http::HeaderMap;
use ipnet::IpNet;
use std::net::IpAddr;

/// The reverse proxies whose `X-Forwarded-For` is believed (`CHAT_TRUSTED_PROXIES`).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses a comma-separated list of addresses and CIDR networks (`10.0.0.0/8, ::1`).
    pub fn parse(list: &str) -> Result<Self, String> {
        list.split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("CHAT_TRUSTED_PROXIES: {entry:?} is neither an address nor a CIDR network"))
            })
            .collect::<Result<_, _>>()
            .map(Self)
    }

    /// Whether `ip` is one of our proxies.
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: `peer` itself, or, when `peer` is a trusted proxy, the rightmost
    /// `X-Forwarded-For` entry that is not. An entry that is not an address ends the walk at
    /// the last trusted hop: what lies left of it cannot be told apart from a forgery.
    pub fn client_ip(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        let mut client = canonical(peer);
        if !self.contains(client) {
            return client;
        }
        // Several headers are one list, in order.
        let hops = headers.get_all("x-forwarded-for").iter().flat_map(|value| value.to_str().unwrap_or("").split(','));
        for hop in hops.collect::<Vec<_>>().into_iter().rev() {
            match hop.trim().parse::<IpAddr>() {
                Ok(ip) => client = canonical(ip),
                Err(_) => return client,
            }
            if !self.contains(client) {
                return client;
            }
        }
        client
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The key a per-address limit counts under: the address for IPv4, its /64 network for IPv6
/// (one subscriber line holds a whole /64, so counting single IPv6 addresses limits no one).
pub fn address_key(ip: IpAddr) -> IpAddr {
    match canonical(ip) {
        IpAddr::V6(v6) => IpAddr::V6((u128::from(v6) & !u128::from(u64::MAX)).into()),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for v in values {
            map.append("x-forwarded-for", HeaderValue::from_str(v).unwrap());
        }
        map
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn a_forged_leftmost_entry_is_ignored_and_the_hop_our_proxy_saw_is_the_client() {
        let proxies = TrustedProxies::parse("127.0.0.1, 10.0.0.0/8").unwrap();
        let forged = headers(&["6.6.6.6, 203.0.113.9"]);
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &forged), ip("203.0.113.9"));
        // Through two of our proxies: the rightmost untrusted entry.
        let chain = headers(&["6.6.6.6, 203.0.113.9, 10.1.2.3"]);
        assert_eq!(proxies.client_ip(ip("10.0.0.5"), &chain), ip("203.0.113.9"));
        // Several headers read as one list.
        let split = headers(&["6.6.6.6", "203.0.113.9"]);
        assert_eq!(proxies.client_ip(ip("::ffff:127.0.0.1"), &split), ip("203.0.113.9"));
    }

    #[test]
    fn the_header_of_a_peer_that_is_not_our_proxy_is_not_read() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(proxies.client_ip(ip("198.51.100.7"), &headers(&["10.0.0.1"])), ip("198.51.100.7"));
        let none = TrustedProxies::default();
        assert_eq!(none.client_ip(ip("127.0.0.1"), &headers(&["1.2.3.4"])), ip("127.0.0.1"));
    }

    #[test]
    fn garbage_or_a_missing_header_leaves_the_last_trusted_hop() {
        let proxies = TrustedProxies::parse("127.0.0.1,10.0.0.0/8").unwrap();
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &headers(&["1.2.3.4, nonsense, 10.0.0.9"])), ip("10.0.0.9"));
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &HeaderMap::new()), ip("127.0.0.1"));
        assert_eq!(proxies.client_ip(ip("127.0.0.1"), &headers(&["10.0.0.1, 10.0.0.2"])), ip("10.0.0.1"));
    }

    #[test]
    fn bad_entries_in_the_setting_are_refused_with_their_text() {
        assert!(TrustedProxies::parse("").unwrap().0.is_empty());
        let err = TrustedProxies::parse("10.0.0.0/8, proxy.local").unwrap_err();
        assert!(err.contains("proxy.local"), "{err}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn ipv6_addresses_of_one_slash_64_share_a_key_and_mapped_ipv4_is_ipv4() {
        assert_eq!(address_key(ip("2001:db8:1:2:aaaa::1")), address_key(ip("2001:db8:1:2:bbbb::9")));
        assert_ne!(address_key(ip("2001:db8:1:2::1")), address_key(ip("2001:db8:1:3::1")));
        assert_eq!(address_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }
}
