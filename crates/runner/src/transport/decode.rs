//! `Content-Encoding` decoding: gzip, deflate (zlib-wrapped, or raw as some servers send it),
//! br and zstd, before any check sees the body. The decoded body is capped like any other, so
//! a small compressed answer cannot grow without bound.

use std::io::Read;

use crate::wire::BODY_CAP;

/// Why a body could not be decoded.
#[derive(Debug)]
pub(crate) enum DecodeError {
    /// Decoded, it is longer than [`BODY_CAP`].
    TooLarge,
    /// The bytes are not in that encoding, or the encoding is unknown.
    Bad(String),
}

fn capped(mut r: impl Read, encoding: &str) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    let limit = u64::try_from(BODY_CAP).unwrap_or(u64::MAX) + 1;
    r.by_ref()
        .take(limit)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Bad(format!("the body is not valid {encoding}: {e}")))?;
    if out.len() > BODY_CAP { Err(DecodeError::TooLarge) } else { Ok(out) }
}

/// `body` decoded from `encoding` (one coding; `identity` is none).
pub(crate) fn decode(encoding: &str, body: &[u8]) -> Result<Vec<u8>, DecodeError> {
    match encoding.trim().to_ascii_lowercase().as_str() {
        "" | "identity" => Ok(body.to_vec()),
        "gzip" | "x-gzip" => capped(flate2::read::MultiGzDecoder::new(body), "gzip"),
        "deflate" => match capped(flate2::read::ZlibDecoder::new(body), "deflate") {
            Err(DecodeError::Bad(_)) => capped(flate2::read::DeflateDecoder::new(body), "deflate"),
            other => other,
        },
        "br" => capped(brotli_decompressor::Decompressor::new(body, 4096), "br"),
        "zstd" => {
            let d = ruzstd::decoding::StreamingDecoder::new(body)
                .map_err(|e| DecodeError::Bad(format!("the body is not valid zstd: {e}")))?;
            capped(d, "zstd")
        }
        other => Err(DecodeError::Bad(format!("unknown Content-Encoding {other:?}"))),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use std::io::Write;

    use super::*;

    #[test]
    fn gzip_and_deflate_decode_and_the_cap_holds_after_decoding() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"{\"a\":1}").unwrap();
        assert_eq!(decode("gzip", &gz.finish().unwrap()).unwrap(), b"{\"a\":1}");
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(b"hello").unwrap();
        assert_eq!(decode("deflate", &z.finish().unwrap()).unwrap(), b"hello");
        let mut bomb = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        bomb.write_all(&vec![b' '; BODY_CAP + 10]).unwrap();
        assert!(matches!(decode("gzip", &bomb.finish().unwrap()), Err(DecodeError::TooLarge)));
        assert!(matches!(decode("gzip", b"plain"), Err(DecodeError::Bad(_))));
        assert!(matches!(decode("compress", b"x"), Err(DecodeError::Bad(m)) if m.contains("unknown")));
    }

    #[test]
    fn zstd_decodes() {
        let z = ruzstd::encoding::compress_to_vec(&b"{\"z\":true}"[..], ruzstd::encoding::CompressionLevel::Fastest);
        assert_eq!(decode("zstd", &z).unwrap(), b"{\"z\":true}");
        assert!(matches!(decode("br", b"not brotli at all"), Err(DecodeError::Bad(_))));
    }
}
