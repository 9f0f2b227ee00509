//! Deciding a file's type from its bytes. The name and the declared type are never trusted.

/// Types accepted for upload.
const ALLOWED: &[&str] = &[
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "application/pdf",
    "application/zip",
    "text/plain",
    "audio/mpeg",
    "audio/ogg",
    "audio/x-wav",
    "audio/mp4",
    "audio/x-flac",
    "video/mp4",
    "video/webm",
    "video/quicktime",
];

/// The MIME type of `head` (the first bytes of a file) when it is one the server accepts.
///
/// Text is accepted as `text/plain` only when it is valid UTF-8 without NUL and does not look like
/// markup: HTML or SVG renamed `.txt` or `.png` would otherwise be served to browsers.
pub fn sniff(head: &[u8]) -> Option<&'static str> {
    if let Some(kind) = infer::get(head) {
        let mime = kind.mime_type();
        return ALLOWED.iter().copied().find(|allowed| *allowed == mime);
    }
    let text = match std::str::from_utf8(head) {
        Ok(text) => text,
        // The head may end inside a multi-byte character.
        Err(e) if e.error_len().is_none() => std::str::from_utf8(&head[..e.valid_up_to()]).ok()?,
        Err(_) => return None,
    };
    let lower = text.trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    let markup = lower.starts_with('<')
        || ["<html", "<script", "<svg", "<!doctype", "<?xml", "<body", "<iframe"].iter().any(|t| lower.contains(t));
    (!text.contains('\0') && !markup && !head.is_empty()).then_some("text/plain")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_content_decides_the_type() {
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some("image/png"));
        assert_eq!(sniff(b"\xff\xd8\xff\xe0\0\x10JFIF\0"), Some("image/jpeg"));
        assert_eq!(sniff(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff("plain words, café".as_bytes()), Some("text/plain"));
    }

    #[test]
    fn markup_executables_and_binary_junk_are_refused() {
        assert_eq!(sniff(b"<html><script>alert(1)</script></html>"), None);
        assert_eq!(sniff(b"  <!DOCTYPE html><p>hi"), None);
        assert_eq!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"), None);
        assert_eq!(sniff(b"hello <script>alert(1)</script>"), None);
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None, "a Windows executable");
        assert_eq!(sniff(b"\x7fELF\x02\x01\x01\0"), None, "an ELF executable");
        assert_eq!(sniff(b"\0\x01\x02\x03"), None);
        assert_eq!(sniff(b""), None);
    }
}
