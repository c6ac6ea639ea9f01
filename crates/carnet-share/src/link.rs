//! The link: `<relay>/s/<id>#<secret>`.

use secrecy::{ExposeSecret, SecretString};
use zeroize::Zeroizing;

use crate::{Error, Result};

/// A share's link, with its secret.
#[derive(Debug)]
pub struct ShareLink {
    /// The relay's normalised address (no trailing slash).
    pub relay: String,
    /// 32 lowercase hex digits, chosen by the relay.
    pub id: String,
    pub secret: SecretString,
}

impl ShareLink {
    /// The link to give the professional.
    pub fn url(&self) -> Zeroizing<String> {
        Zeroizing::new(format!(
            "{}/s/{}#{}",
            self.relay,
            self.id,
            self.secret.expose_secret()
        ))
    }

    /// Reads a link back.
    pub fn parse(url: &str) -> Result<Self> {
        let (before, secret) = url.trim().split_once('#').ok_or(Error::BadLink)?;
        let (relay, id) = before.rsplit_once("/s/").ok_or(Error::BadLink)?;
        if !is_share_id(id) || !secret.starts_with("AGE-SECRET-KEY-1") {
            return Err(Error::BadLink);
        }
        Ok(Self {
            relay: normalize_relay(relay)?,
            id: id.to_string(),
            secret: SecretString::from(secret.to_string()),
        })
    }
}

/// Whether `id` has the shape of a share id.
pub fn is_share_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Checks and normalises a relay address: `http(s)://host[:port][/path]`,
/// no query, no fragment, no credentials, no trailing slash.
pub fn normalize_relay(address: &str) -> Result<String> {
    let trimmed = address.trim().trim_end_matches('/');
    let (scheme, rest) = trimmed.split_once("://").ok_or(Error::InvalidAddress)?;
    let scheme = scheme.to_ascii_lowercase();
    let host = rest.split('/').next().unwrap_or_default();
    let valid_host = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if !matches!(scheme.as_str(), "http" | "https")
        || !valid_host
        || rest.contains(['?', '#', ' ', '\\'])
        || trimmed.len() > 500
    {
        return Err(Error::InvalidAddress);
    }
    Ok(format!("{scheme}://{rest}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str =
        "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";

    #[test]
    fn a_link_reads_back_as_written() {
        let link = ShareLink {
            relay: normalize_relay("HTTPS://relay.example:8443/").unwrap(),
            id: "0123456789abcdef0123456789abcdef".into(),
            secret: SecretString::from(SECRET.to_string()),
        };
        let url = link.url();
        assert_eq!(
            *url,
            format!("https://relay.example:8443/s/0123456789abcdef0123456789abcdef#{SECRET}")
        );
        let back = ShareLink::parse(&url).unwrap();
        assert_eq!(back.relay, "https://relay.example:8443");
        assert_eq!(back.id, link.id);
        assert_eq!(back.secret.expose_secret(), SECRET);
    }

    #[test]
    fn malformed_links_and_addresses_are_refused() {
        for bad in [
            "https://relay.example/s/0123#AGE-SECRET-KEY-1X",
            "https://relay.example/s/0123456789abcdef0123456789abcdef",
            "https://relay.example/x/0123456789abcdef0123456789abcdef#AGE-SECRET-KEY-1X",
            "https://relay.example/s/0123456789ABCDEF0123456789ABCDEF#AGE-SECRET-KEY-1X",
        ] {
            assert!(ShareLink::parse(bad).is_err(), "{bad}");
        }
        for bad in [
            "relay.example",
            "ftp://relay.example",
            "https://",
            "https://user:pw@relay.example",
            "https://relay.example/?a=b",
            "https://relay.example/#x",
            "https://relay example",
        ] {
            assert!(normalize_relay(bad).is_err(), "{bad}");
        }
        assert_eq!(
            normalize_relay(" http://127.0.0.1:8787/ ").unwrap(),
            "http://127.0.0.1:8787"
        );
    }
}
