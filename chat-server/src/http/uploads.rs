//! `/api/uploads`, `/api/jobs/{id}` and the signed file links `/api/files/{id}`.

use super::{Anonymous, ApiPath, ApiQuery, AuthUser, linger};
use crate::{
    error::{ApiError, ApiResult, ErrorBody},
    state::AppState,
};
use axum::{
    Json,
    body::Body,
    extract::{
        DefaultBodyLimit, FromRequest, Multipart, Request, State,
        multipart::{MultipartError, MultipartRejection},
    },
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use bytes::BytesMut;
use chat_core::{
    CoreError, JobId, UploadId,
    upload::{Job, Upload, Variant},
};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};
use uuid::Uuid;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        // The upload handler enforces its own limit while streaming (and from Content-Length).
        .routes(routes!(upload))
        .layer(DefaultBodyLimit::disable())
        .merge(OpenApiRouter::new().routes(routes!(job)).routes(routes!(file)))
}

/// Multipart framing around the file (and other fields): the whole request body may be this much
/// over the file limit.
const MULTIPART_OVERHEAD: usize = 64 * 1024;

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)] // Documentation only: the handler streams the field.
pub struct UploadForm {
    /// The file (at most 10 MiB by default). Its type is decided from its content.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// Uploads a file (multipart field `file`); processing continues in a job.
///
/// The type comes from the bytes, never from the name or the header: images (JPEG, PNG, GIF,
/// WebP), PDF, plain text, ZIP, common audio and video are accepted, anything else is 415.
/// The uploader's sockets receive `jobUpdated` as the job moves on.
#[utoipa::path(post, path = "/api/uploads", tag = "uploads", security(("bearer" = [])),
    request_body(content_type = "multipart/form-data", content = UploadForm),
    responses(
        (status = 201, description = "Stored; processing is pending", body = Upload),
        (status = 413, description = "Larger than the limit", body = ErrorBody),
        (status = 415, description = "Type not accepted", body = ErrorBody),
    ))]
async fn upload(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    request: Request,
) -> ApiResult<(StatusCode, Json<Upload>)> {
    let max = state.settings.limits.upload_max_bytes;
    let bound = max.saturating_add(MULTIPART_OVERHEAD);
    let too_large = || CoreError::PayloadTooLarge(format!("a file may be at most {max} bytes"));
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    // A refused body is still read (and dropped), up to twice the allowed size, so that the
    // client reads the answer (see [`linger`]); bigger bodies are cut off.
    let lingering = bound.saturating_mul(2);
    if declared.is_some_and(|length| length > bound) {
        linger::drain(request.into_body(), lingering);
        return Err(too_large().into());
    }
    // The whole body is bounded, whatever fields it holds and however it is framed.
    let request = request
        .map(|body| Body::new(http_body_util::Limited::new(Body::new(linger::Lingering::new(body, lingering)), bound)));
    let mut multipart = Multipart::from_request(request, &state)
        .await
        .map_err(|e: MultipartRejection| CoreError::bad_request(e.body_text()))?;
    while let Some(mut field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() != Some("file") {
            // Read through (bounded with the rest of the body).
            while field.chunk().await.map_err(multipart_error)?.is_some() {}
            continue;
        }
        let name = field.file_name().unwrap_or("file").to_owned();
        let mut bytes = BytesMut::new();
        while let Some(chunk) = field.chunk().await.map_err(multipart_error)? {
            if bytes.len() + chunk.len() > max {
                return Err(too_large().into());
            }
            bytes.extend_from_slice(&chunk);
        }
        let upload = state.chat.uploads.upload(me.user_id, &name, bytes.freeze()).await?;
        return Ok((StatusCode::CREATED, Json(upload)));
    }
    Err(CoreError::invalid("file", "a multipart field named file is required").into())
}

fn multipart_error(e: MultipartError) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        CoreError::PayloadTooLarge(e.body_text()).into()
    } else {
        CoreError::bad_request(e.body_text()).into()
    }
}

/// A job of the caller's (the processing of an upload).
#[utoipa::path(get, path = "/api/jobs/{id}", tag = "uploads", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "Job id")),
    responses((status = 200, body = Job), (status = 404, body = ErrorBody)))]
async fn job(
    State(state): State<AppState>,
    AuthUser(me): AuthUser,
    ApiPath(id): ApiPath<Uuid>,
) -> ApiResult<Json<Job>> {
    Ok(Json(state.chat.uploads.job(me.user_id, JobId(id)).await?))
}

/// A signed file link.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FileQuery {
    /// `original` or `thumbnail`.
    #[param(inline)]
    variant: Option<Variant>,
    /// Expiry of the link (seconds since the epoch).
    expires: i64,
    /// Signature of the link.
    sig: String,
}

/// Reads a file through a signed link (as found in uploads and message attachments).
///
/// No bearer token: the link is the permission, and it expires. Supports `Range`. Images are
/// shown inline; anything else is a download. The stored type is sent with `nosniff`.
#[utoipa::path(get, path = "/api/files/{id}", tag = "uploads", params(("id" = Uuid, Path, description = "Upload id"), FileQuery),
    responses(
        (status = 200, description = "The file", content_type = "application/octet-stream"),
        (status = 206, description = "Part of the file"),
        (status = 403, description = "Bad signature", body = ErrorBody),
        (status = 410, description = "The link expired", body = ErrorBody),
        (status = 416, description = "Range not satisfiable"),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = ErrorBody),
    ))]
async fn file(
    State(state): State<AppState>,
    _: Anonymous,
    ApiPath(id): ApiPath<Uuid>,
    ApiQuery(q): ApiQuery<FileQuery>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let variant = q.variant.unwrap_or(Variant::Original);
    let uploads = &state.chat.uploads;
    let (upload, key) = uploads.open(UploadId(id), variant, q.expires, &q.sig).await?;
    let (content_type, inline) = match variant {
        Variant::Thumbnail => ("image/png".to_owned(), true),
        Variant::Original => (upload.content_type.clone(), upload.is_image()),
    };
    let whole = match variant {
        // Thumbnails are small and their size is not recorded: read them whole.
        Variant::Thumbnail => Some(uploads.files().get(&key).await?),
        Variant::Original => None,
    };
    let size = whole.as_ref().map_or(u64::try_from(upload.size).unwrap_or(0), |b| b.len() as u64);
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok()).map(|r| parse_range(r, size));
    let (status, body, content_range) = match range {
        Some(None) => {
            let mut response = StatusCode::RANGE_NOT_SATISFIABLE.into_response();
            if let Ok(value) = HeaderValue::from_str(&format!("bytes */{size}")) {
                response.headers_mut().insert(header::CONTENT_RANGE, value);
            }
            return Ok(response);
        }
        Some(Some((start, end))) => {
            let bytes = match &whole {
                Some(b) => b.slice(usize::try_from(start).unwrap_or(0)..usize::try_from(end + 1).unwrap_or(0)),
                None => uploads.files().get_range(&key, start..end + 1).await?,
            };
            (StatusCode::PARTIAL_CONTENT, bytes, Some(format!("bytes {start}-{end}/{size}")))
        }
        None => {
            let bytes = match whole {
                Some(b) => b,
                None => uploads.files().get(&key).await?,
            };
            (StatusCode::OK, bytes, None)
        }
    };
    let disposition = if inline {
        "inline".to_owned()
    } else {
        format!("attachment; filename*=UTF-8''{}", percent_encode(&upload.file_name))
    };
    let mut response = (status, Body::from(body)).into_response();
    let headers = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(name, value);
        }
    };
    set(header::CONTENT_TYPE, &content_type);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::CONTENT_DISPOSITION, &disposition);
    set(header::ACCEPT_RANGES, "bytes");
    set(header::CACHE_CONTROL, "private, max-age=3600");
    // Even if a browser were tricked into rendering a file, it could run nothing.
    set(header::CONTENT_SECURITY_POLICY, "default-src 'none'; img-src 'self'; media-src 'self'; sandbox");
    if let Some(range) = content_range {
        set(header::CONTENT_RANGE, &range);
    }
    Ok(response)
}

/// One `bytes=` range of a file of `size` bytes: `Some((start, end))` inclusive, `None` when
/// it cannot be satisfied. Several ranges are answered with the first.
fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.strip_prefix("bytes=")?.split(',').next()?.trim();
    let (start, end) = spec.split_once('-')?;
    let (start, end) = match (start.trim(), end.trim()) {
        ("", suffix) => {
            let suffix: u64 = suffix.parse().ok()?;
            (size.checked_sub(suffix.min(size))?, size.checked_sub(1)?)
        }
        (start, "") => (start.parse().ok()?, size.checked_sub(1)?),
        (start, end) => (start.parse().ok()?, end.parse::<u64>().ok()?.min(size.checked_sub(1)?)),
    };
    (start <= end && end < size).then_some((start, end))
}

fn percent_encode(name: &str) -> String {
    name.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges_are_clamped_and_unsatisfiable_ones_refused() {
        assert_eq!(parse_range("bytes=0-9", 100), Some((0, 9)));
        assert_eq!(parse_range("bytes=90-", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=-10", 100), Some((90, 99)));
        assert_eq!(parse_range("bytes=50-500", 100), Some((50, 99)));
        assert_eq!(parse_range("bytes=100-", 100), None);
        assert_eq!(parse_range("bytes=9-2", 100), None);
        assert_eq!(parse_range("items=0-1", 100), None);
        assert_eq!(parse_range("bytes=0-0", 0), None);
    }
}
