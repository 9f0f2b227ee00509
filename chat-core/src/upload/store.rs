use super::{Job, JobStatus, StoredUpload};
use crate::{CoreResult, JobId, UploadId};
use chrono::{DateTime, Utc};

/// Storage of uploads and their processing jobs (in the database, so jobs survive a restart).
#[async_trait::async_trait]
pub trait UploadStore: Send + Sync {
    /// Stores an upload with its pending job.
    async fn insert_upload(&self, upload: StoredUpload, job: Job) -> CoreResult<()>;
    /// An upload by id.
    async fn upload(&self, id: UploadId) -> CoreResult<Option<StoredUpload>>;
    /// Records what processing learned (size after re-encoding, dimensions, thumbnail).
    async fn update_upload(&self, upload: &StoredUpload) -> CoreResult<()>;
    /// A job by id.
    async fn job(&self, id: JobId) -> CoreResult<Option<Job>>;
    /// Moves a pending job to processing and counts the attempt; the job when this caller got it
    /// (exactly one of several concurrent callers, on any instance, does).
    async fn claim_job(&self, id: JobId, at: DateTime<Utc>) -> CoreResult<Option<Job>>;
    /// Ends a job.
    async fn finish_job(
        &self,
        id: JobId,
        status: JobStatus,
        result: Option<serde_json::Value>,
        error: Option<String>,
        at: DateTime<Utc>,
    ) -> CoreResult<Job>;
    /// Jobs left processing since before `stale_before` (their worker died with its process):
    /// those already started `max_attempts` times end failed with `reason`, the others go back to
    /// pending. Returns the jobs it failed and the ids of every pending job.
    async fn recover_jobs(
        &self,
        stale_before: DateTime<Utc>,
        max_attempts: u32,
        reason: &str,
    ) -> CoreResult<(Vec<Job>, Vec<JobId>)>;
}
