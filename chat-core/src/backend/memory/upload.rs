use super::MemoryBackend;
use crate::{
    CoreError, CoreResult, JobId, UploadId,
    upload::{Job, JobStatus, StoredUpload, UploadStore},
};
use chrono::{DateTime, Utc};

#[async_trait::async_trait]
impl UploadStore for MemoryBackend {
    async fn insert_upload(&self, upload: StoredUpload, job: Job) -> CoreResult<()> {
        let mut state = self.state();
        state.jobs.insert(job.id, job);
        state.uploads.insert(upload.id, upload);
        Ok(())
    }

    async fn upload(&self, id: UploadId) -> CoreResult<Option<StoredUpload>> {
        Ok(self.state().uploads.get(&id).cloned())
    }

    async fn update_upload(&self, upload: &StoredUpload) -> CoreResult<()> {
        let mut state = self.state();
        let stored = state.uploads.get_mut(&upload.id).ok_or(CoreError::NotFound("upload"))?;
        *stored = upload.clone();
        Ok(())
    }

    async fn job(&self, id: JobId) -> CoreResult<Option<Job>> {
        Ok(self.state().jobs.get(&id).cloned())
    }

    async fn claim_job(&self, id: JobId, at: DateTime<Utc>) -> CoreResult<Option<Job>> {
        let mut state = self.state();
        Ok(state.jobs.get_mut(&id).filter(|j| j.status == JobStatus::Pending).map(|job| {
            job.status = JobStatus::Processing;
            job.updated_at = at;
            job.attempts += 1;
            job.clone()
        }))
    }

    async fn finish_job(
        &self,
        id: JobId,
        status: JobStatus,
        result: Option<serde_json::Value>,
        error: Option<String>,
        at: DateTime<Utc>,
    ) -> CoreResult<Job> {
        let mut state = self.state();
        let job = state.jobs.get_mut(&id).ok_or(CoreError::NotFound("job"))?;
        job.status = status;
        job.result = result;
        job.error = error;
        job.updated_at = at;
        Ok(job.clone())
    }

    async fn recover_jobs(
        &self,
        stale_before: DateTime<Utc>,
        max_attempts: u32,
        reason: &str,
    ) -> CoreResult<(Vec<Job>, Vec<JobId>)> {
        let now = crate::time::now();
        let mut state = self.state();
        let (mut failed, mut pending) = (Vec::new(), Vec::new());
        for job in state.jobs.values_mut() {
            if job.status == JobStatus::Processing && job.updated_at < stale_before {
                if job.attempts >= max_attempts {
                    job.status = JobStatus::Failed;
                    job.error = Some(reason.to_owned());
                    job.updated_at = now;
                    failed.push(job.clone());
                } else {
                    job.status = JobStatus::Pending;
                }
            }
            if job.status == JobStatus::Pending {
                pending.push(job.id);
            }
        }
        Ok((failed, pending))
    }
}
