//! The processing of uploads in the background: workers take queued jobs, image work is admitted
//! against a memory budget, and every job counts its attempts so that one that keeps failing (or
//! that was running each time its process died) ends `failed` instead of running again.

use super::{
    JobStatus, StoredUpload, UploadService, Variant,
    process::{ImageLimits, memory_needed, process_image},
};
use crate::{CoreResult, DomainEvent, JobId};
use std::{sync::Arc, time::Duration};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Why a job did not complete.
#[derive(Debug)]
enum JobError {
    /// The file itself cannot be processed: trying again cannot help.
    Refused(String),
    /// Storage failed: a later attempt may succeed.
    Passing(String),
}

/// Memory that image processing may hold at once. A job holds its estimate while it runs; jobs
/// that do not fit wait for room, in order.
#[derive(Clone, Debug)]
pub(super) struct MemoryBudget {
    room: Arc<Semaphore>,
    /// The whole budget, in KiB (the unit of the semaphore's permits).
    total_kib: u32,
}

impl MemoryBudget {
    pub(super) fn new(bytes: u64) -> Self {
        let total_kib = u32::try_from(bytes / 1024).unwrap_or(u32::MAX).min(Semaphore::MAX_PERMITS as u32);
        Self { room: Arc::new(Semaphore::new(total_kib as usize)), total_kib }
    }

    /// Waits until `bytes` fit, and holds them until the permit is dropped.
    async fn admit(&self, bytes: u64) -> Result<OwnedSemaphorePermit, JobError> {
        let kib = u32::try_from(bytes.div_ceil(1024)).unwrap_or(u32::MAX);
        if kib > self.total_kib {
            return Err(JobError::Refused(format!(
                "image too large to process: it needs about {} MB, and at most {} MB are available",
                bytes / 1_000_000,
                u64::from(self.total_kib) * 1024 / 1_000_000
            )));
        }
        // The semaphore is never closed.
        self.room.clone().acquire_many_owned(kib).await.map_err(|e| JobError::Passing(e.to_string()))
    }
}

impl UploadService {
    /// Runs `workers` tasks that process jobs, and one that every so often takes back the jobs
    /// of dead processes (at once on start: those this instance's last run left behind), until
    /// the returned handles are aborted. With no workers, jobs wait for an instance that has some.
    pub fn run_workers(&self, workers: usize) -> Vec<tokio::task::JoinHandle<()>> {
        if workers == 0 {
            return Vec::new();
        }
        self.working.store(true, std::sync::atomic::Ordering::Relaxed);
        let recovery = {
            let service = self.clone();
            let every = (self.config.stale_after / 2).max(Duration::from_secs(1));
            tokio::spawn(async move {
                loop {
                    if let Err(e) = service.recover().await {
                        tracing::warn!(error = %e, "could not recover upload jobs");
                    }
                    tokio::time::sleep(every).await;
                }
            })
        };
        let workers = (0..workers).map(|_| {
            let service = self.clone();
            tokio::spawn(async move {
                loop {
                    let Some(id) = service.pending.lock().await.recv().await else { return };
                    if let Err(e) = service.process(id).await {
                        tracing::error!(error = %e, job = %id, "upload job");
                    }
                }
            })
        });
        std::iter::once(recovery).chain(workers).collect()
    }

    /// Queues every pending job; jobs stale in processing go back to pending, or fail once they
    /// have been started as often as allowed.
    async fn recover(&self) -> CoreResult<()> {
        let attempts = self.config.max_attempts;
        let reason = format!(
            "processing was interrupted {attempts} times (the server stopped while processing it); it is not tried again"
        );
        let stale_before =
            crate::time::now() - chrono::Duration::from_std(self.config.stale_after).unwrap_or(chrono::Duration::MAX);
        let (failed, pending) = self.store.recover_jobs(stale_before, attempts, &reason).await?;
        for job in failed {
            tracing::warn!(job = %job.id, attempts = job.attempts, "upload job failed: its process died each time");
            self.events.publish(DomainEvent::JobUpdated(self.view_job(job, None)));
        }
        for id in pending {
            // The receiver lives as long as the service.
            let _ = self.queue.send(id);
        }
        Ok(())
    }

    /// Runs one job if no one else has taken it.
    #[tracing::instrument(level = "debug", name = "uploads.process", skip(self))]
    async fn process(&self, id: JobId) -> CoreResult<()> {
        let Some(job) = self.store.claim_job(id, crate::time::now()).await? else { return Ok(()) };
        let mut upload = self.store.upload(job.upload_id).await?.ok_or(crate::CoreError::NotFound("upload"))?;
        self.events.publish(DomainEvent::JobUpdated(self.view_job(job.clone(), Some(&upload))));
        let (status, result, error) = match self.process_upload(&mut upload).await {
            Ok(result) => (JobStatus::Completed, Some(result), None),
            Err(JobError::Refused(reason)) => (JobStatus::Failed, None, Some(reason)),
            Err(JobError::Passing(reason)) if job.attempts < self.config.max_attempts => {
                tracing::warn!(job = %id, attempt = job.attempts, %reason, "upload job will be retried");
                let retry_in = Duration::from_secs(u64::from(job.attempts));
                let queue = self.queue.clone();
                tokio::spawn(async move {
                    tokio::time::sleep(retry_in).await;
                    let _ = queue.send(id);
                });
                (JobStatus::Pending, None, Some(reason))
            }
            Err(JobError::Passing(reason)) => {
                (JobStatus::Failed, None, Some(format!("processing failed {} times: {reason}", job.attempts)))
            }
        };
        let job = self.store.finish_job(id, status, result, error, crate::time::now()).await?;
        self.events.publish(DomainEvent::JobUpdated(self.view_job(job, Some(&upload))));
        Ok(())
    }

    /// Validates (and for images measures, thumbnails and strips) one upload.
    async fn process_upload(&self, upload: &mut StoredUpload) -> Result<serde_json::Value, JobError> {
        if !upload.is_image() {
            return Ok(serde_json::json!({ "contentType": upload.content_type, "size": upload.size }));
        }
        let passing = |e: crate::CoreError| JobError::Passing(e.to_string());
        let bytes = self.files.get(&Variant::Original.key(upload.id)).await.map_err(passing)?;
        let limits = ImageLimits {
            max_side: self.config.max_image_side,
            max_alloc: self.config.max_image_alloc,
            thumbnail_side: self.config.thumbnail_side,
        };
        let _room = self.budget.admit(memory_needed(&bytes, limits).map_err(JobError::Refused)?).await?;
        let processed = tokio::task::spawn_blocking(move || process_image(&bytes, limits))
            .await
            .map_err(|e| JobError::Refused(format!("processing crashed: {e}")))?
            .map_err(JobError::Refused)?;
        if let Some(original) = processed.original {
            upload.size = i64::try_from(original.len()).unwrap_or(i64::MAX);
            self.files.put(&Variant::Original.key(upload.id), original.into()).await.map_err(passing)?;
        }
        self.files.put(&Variant::Thumbnail.key(upload.id), processed.thumbnail.into()).await.map_err(passing)?;
        upload.width = i32::try_from(processed.width).ok();
        upload.height = i32::try_from(processed.height).ok();
        upload.has_thumbnail = true;
        self.store.update_upload(upload).await.map_err(passing)?;
        Ok(serde_json::json!({ "width": processed.width, "height": processed.height }))
    }
}
