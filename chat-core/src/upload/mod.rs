//! Uploaded files: validated by content, stored behind [`FileStore`], processed by background
//! jobs (image dimensions, thumbnail, metadata stripped by re-encoding), and served through
//! signed, expiring URLs so that `<img src>` works without exposing files to anyone else.

mod files;
mod jobs;
mod model;
mod process;
mod service;
mod signing;
mod sniff;
mod store;

pub use files::{FileStore, ObjectFiles};
#[cfg(feature = "openapi")]
pub use model::JobResult;
pub use model::{Job, JobStatus, StoredUpload, Upload, Variant};
pub use service::{UploadConfig, UploadService};
pub use signing::UrlSigner;
pub use sniff::sniff;
pub use store::UploadStore;
