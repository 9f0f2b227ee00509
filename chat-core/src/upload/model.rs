use crate::{JobId, UploadId, UserId};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// Where a background job stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum JobStatus {
    /// Waiting for a worker.
    Pending,
    /// A worker is on it.
    Processing,
    /// Done; see `result`.
    Completed,
    /// Gave up; see `error`.
    Failed,
}

impl JobStatus {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Processing => "processing",
            Self::Completed => "completed",
            Self::Failed => "failed",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "pending" => Some(Self::Pending),
            "processing" => Some(Self::Processing),
            "completed" => Some(Self::Completed),
            "failed" => Some(Self::Failed),
            _ => None,
        }
    }
}

/// A background job (the processing of an upload).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Job {
    /// Identifier.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: JobId,
    /// What it does (`upload`).
    pub kind: String,
    /// Where it stands.
    pub status: JobStatus,
    /// What it produced, once completed (see [`JobResult`]).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<JobResult>))]
    pub result: Option<serde_json::Value>,
    /// Why it failed.
    pub error: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When its status last changed.
    pub updated_at: DateTime<Utc>,
    /// How many times processing started (a job runs at most a configured number of times).
    pub attempts: u32,
    /// Whose it is.
    #[serde(skip)]
    pub owner: UserId,
    /// The upload it processes.
    #[serde(skip)]
    pub upload_id: UploadId,
}

/// The shape of [`Job::result`] (kept as JSON in the store; this type documents it): the upload's
/// id and signed link, and for an image its size in pixels and thumbnail, for another file its
/// type and size.
#[cfg(feature = "openapi")]
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct JobResult {
    /// The processed upload.
    pub upload_id: Option<String>,
    /// Its signed URL.
    pub url: Option<String>,
    /// An image's width in pixels.
    pub width: Option<u32>,
    /// An image's height in pixels.
    pub height: Option<u32>,
    /// An image's thumbnail, signed.
    pub thumbnail_url: Option<String>,
    /// Another file's MIME type, decided from its content.
    pub content_type: Option<String>,
    /// Another file's size in bytes.
    pub size: Option<i64>,
}

/// An upload as stored (no URLs: those are signed when it is shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredUpload {
    /// Identifier.
    pub id: UploadId,
    /// Uploader.
    pub owner: UserId,
    /// The original file name, sanitised.
    pub file_name: String,
    /// MIME type decided from the content.
    pub content_type: String,
    /// Size in bytes (of the stored file).
    pub size: i64,
    /// Image width in pixels, once processed.
    pub width: Option<i32>,
    /// Image height in pixels, once processed.
    pub height: Option<i32>,
    /// A thumbnail exists.
    pub has_thumbnail: bool,
    /// Its processing job.
    pub job_id: JobId,
    /// When it was uploaded.
    pub created_at: DateTime<Utc>,
}

impl StoredUpload {
    /// Whether the content is an image.
    pub fn is_image(&self) -> bool {
        self.content_type.starts_with("image/")
    }
}

/// An upload as its uploader sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Upload {
    /// Identifier, for `attachmentIds`.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: UploadId,
    /// Signed URL of the file (expires).
    pub url: String,
    /// MIME type decided from the content.
    #[cfg_attr(feature = "openapi", schema(example = "image/png"))]
    pub content_type: String,
    /// Size in bytes.
    pub size: i64,
    /// Image width, once processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub width: Option<i32>,
    /// Image height, once processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub height: Option<i32>,
    /// Signed URL of the thumbnail, once processed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub thumbnail_url: Option<String>,
    /// The processing job; `jobUpdated` events follow it.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub job_id: JobId,
    /// The original file name, sanitised.
    pub file_name: String,
}

/// Which file of an upload a URL points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Variant {
    /// The file itself.
    Original,
    /// The image thumbnail.
    Thumbnail,
}

impl Variant {
    /// The name in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Original => "original",
            Self::Thumbnail => "thumbnail",
        }
    }

    /// The storage key of this variant of an upload.
    pub fn key(self, id: UploadId) -> String {
        match self {
            Self::Original => format!("uploads/{id}"),
            Self::Thumbnail => format!("uploads/{id}.thumb"),
        }
    }
}
