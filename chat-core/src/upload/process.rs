//! Image processing, on a blocking thread: read dimensions under decoding limits (a small file
//! must not claim gigabytes of pixels), make a thumbnail, and re-encode JPEG and PNG so that their
//! metadata (EXIF location, comments) is not served. [`memory_needed`] tells from the header
//! alone how much memory that will take, so that work is admitted against a budget first.

use image::{ColorType, DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};
use std::io::Cursor;

/// What processing an image produced.
#[derive(Debug)]
pub(super) struct Processed {
    pub width: u32,
    pub height: u32,
    /// The re-encoded original, when its format carries metadata worth stripping.
    pub original: Option<Vec<u8>>,
    /// PNG thumbnail.
    pub thumbnail: Vec<u8>,
}

/// Decoding bounds.
#[derive(Clone, Copy, Debug)]
pub(super) struct ImageLimits {
    pub max_side: u32,
    pub max_alloc: u64,
    pub thumbnail_side: u32,
}

/// A decoder's input: the bytes of one uploaded file.
type Reader<'a> = ImageReader<Cursor<&'a [u8]>>;

fn reader(bytes: &[u8], limits: ImageLimits) -> Result<(Reader<'_>, ImageFormat), String> {
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| format!("unreadable image: {e}"))?;
    let format = reader.format().ok_or("unknown image format")?;
    let mut bounds = Limits::default();
    bounds.max_image_width = Some(limits.max_side);
    bounds.max_image_height = Some(limits.max_side);
    bounds.max_alloc = Some(limits.max_alloc);
    reader.limits(bounds);
    Ok((reader, format))
}

fn too_large(limits: ImageLimits) -> String {
    format!("image too large: at most {0}×{0} pixels are accepted", limits.max_side)
}

fn decoding_error(error: image::ImageError, limits: ImageLimits) -> String {
    match error {
        image::ImageError::Limits(_) => too_large(limits),
        other => format!("invalid image: {other}"),
    }
}

/// The most memory [`process_image`] will hold for this image, in bytes, read from its header:
/// the decoded pixels, as much again for the decoder's own buffers (a progressive JPEG keeps
/// its coefficients) and the re-encoded copy, and an RGB copy where JPEG needs one.
pub(super) fn memory_needed(bytes: &[u8], limits: ImageLimits) -> Result<u64, String> {
    let (reader, format) = reader(bytes, limits)?;
    let decoder = reader.into_decoder().map_err(|e| decoding_error(e, limits))?;
    let (width, height) = decoder.dimensions();
    if width > limits.max_side || height > limits.max_side {
        return Err(too_large(limits));
    }
    let pixels = decoder.total_bytes();
    let rgb_copy = format == ImageFormat::Jpeg && !matches!(decoder.color_type(), ColorType::L8 | ColorType::Rgb8);
    let converted = if rgb_copy { u64::from(width) * u64::from(height) * 3 } else { 0 };
    Ok(pixels.saturating_mul(2).saturating_add(converted))
}

pub(super) fn process_image(bytes: &[u8], limits: ImageLimits) -> Result<Processed, String> {
    let (reader, format) = reader(bytes, limits)?;
    let image = reader.decode().map_err(|e| decoding_error(e, limits))?;
    let original = match format {
        // JPEG has no alpha: only such images need an RGB copy to be encoded.
        ImageFormat::Jpeg => Some(match image {
            DynamicImage::ImageLuma8(_) | DynamicImage::ImageRgb8(_) => encode(&image, ImageFormat::Jpeg)?,
            _ => encode(&image.to_rgb8().into(), ImageFormat::Jpeg)?,
        }),
        ImageFormat::Png => Some(encode(&image, ImageFormat::Png)?),
        // GIF keeps its animation; WebP is stored as sent (both are decoded above, so valid).
        _ => None,
    };
    let thumbnail = encode(&image.thumbnail(limits.thumbnail_side, limits.thumbnail_side), ImageFormat::Png)?;
    Ok(Processed { width: image.width(), height: image.height(), original, thumbnail })
}

fn encode(image: &DynamicImage, format: ImageFormat) -> Result<Vec<u8>, String> {
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).map_err(|e| format!("re-encoding failed: {e}"))?;
    Ok(out.into_inner())
}
