//! Image processing, on a blocking thread: read dimensions under decoding limits (a small file
//! must not claim gigabytes of pixels), make a thumbnail, and re-encode JPEG and PNG so that their
//! metadata (EXIF location, comments) is not served.

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
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

pub(super) fn process_image(bytes: &[u8], limits: ImageLimits) -> Result<Processed, String> {
    let mut reader =
        ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| format!("unreadable image: {e}"))?;
    let format = reader.format().ok_or("unknown image format")?;
    let mut bounds = Limits::default();
    bounds.max_image_width = Some(limits.max_side);
    bounds.max_image_height = Some(limits.max_side);
    bounds.max_alloc = Some(limits.max_alloc);
    reader.limits(bounds);
    let image = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => {
            format!("image too large: at most {0}×{0} pixels are accepted", limits.max_side)
        }
        other => format!("invalid image: {other}"),
    })?;
    let original = match format {
        ImageFormat::Jpeg => Some(encode(&image.to_rgb8().into(), ImageFormat::Jpeg)?),
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
