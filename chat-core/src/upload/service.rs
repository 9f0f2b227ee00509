use super::{
    FileStore, Job, JobStatus, StoredUpload, Upload, UploadStore, UrlSigner, Variant, jobs::MemoryBudget, sniff,
};
use crate::{
    CoreError, CoreResult, DomainEvent, EventSink, JobId, UploadId, UserId,
    message::{Attachment, Message},
};
use bytes::Bytes;
use std::sync::Arc;
use tokio::sync::{Mutex, mpsc};

/// Upload limits and processing bounds.
#[derive(Clone, Debug)]
pub struct UploadConfig {
    /// Largest file, in bytes.
    pub max_bytes: usize,
    /// Largest image side accepted for decoding, in pixels.
    pub max_image_side: u32,
    /// Most memory one image decode may allocate, in bytes.
    pub max_image_alloc: u64,
    /// Longest side of thumbnails, in pixels.
    pub thumbnail_side: u32,
    /// Most attachments on one message.
    pub max_attachments: usize,
    /// Memory image processing may hold at once, in bytes.
    pub memory_budget_bytes: u64,
    /// Times a job is started at most.
    pub max_attempts: u32,
    /// A job left processing this long belongs to a process that died.
    pub stale_after: std::time::Duration,
}

impl Default for UploadConfig {
    fn default() -> Self {
        Self {
            max_bytes: 10 * 1024 * 1024,
            max_image_side: 10_000,
            max_image_alloc: 512 * 1024 * 1024,
            thumbnail_side: 320,
            max_attachments: 10,
            memory_budget_bytes: 1024 * 1024 * 1024,
            max_attempts: 2,
            stale_after: std::time::Duration::from_secs(120),
        }
    }
}

/// Accepts uploads, runs their processing jobs, and signs the URLs of files.
#[derive(Clone)]
pub struct UploadService {
    pub(super) store: Arc<dyn UploadStore>,
    pub(super) files: Arc<dyn FileStore>,
    signer: UrlSigner,
    pub(super) events: Arc<dyn EventSink>,
    pub(super) config: UploadConfig,
    pub(super) queue: mpsc::UnboundedSender<JobId>,
    pub(super) pending: Arc<Mutex<mpsc::UnboundedReceiver<JobId>>>,
    pub(super) budget: MemoryBudget,
    /// Whether this instance runs workers (without, its queue would only grow).
    pub(super) working: Arc<std::sync::atomic::AtomicBool>,
}

impl std::fmt::Debug for UploadService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UploadService").field("config", &self.config).finish_non_exhaustive()
    }
}

impl UploadService {
    /// Builds the service; jobs run once [`UploadService::run_workers`] is called.
    pub fn new(
        store: Arc<dyn UploadStore>,
        files: Arc<dyn FileStore>,
        signer: UrlSigner,
        events: Arc<dyn EventSink>,
        config: UploadConfig,
    ) -> Self {
        let (queue, pending) = mpsc::unbounded_channel();
        let budget = MemoryBudget::new(config.memory_budget_bytes);
        Self {
            store,
            files,
            signer,
            events,
            config,
            queue,
            pending: Arc::new(Mutex::new(pending)),
            budget,
            working: Arc::default(),
        }
    }

    /// Stores a file the caller sent and queues its processing. The type comes from the bytes;
    /// `file_name` is kept (sanitised) only to be shown.
    pub async fn upload(&self, me: UserId, file_name: &str, bytes: Bytes) -> CoreResult<Upload> {
        if bytes.len() > self.config.max_bytes {
            return Err(CoreError::PayloadTooLarge(format!("a file may be at most {} bytes", self.config.max_bytes)));
        }
        let head = &bytes[..bytes.len().min(8192)];
        let content_type = sniff(head).ok_or_else(|| {
            CoreError::UnsupportedMediaType(
                "this type of file is not accepted (images, PDF, plain text, ZIP, audio and video are)".into(),
            )
        })?;
        let now = crate::time::now();
        let upload = StoredUpload {
            id: UploadId::new(),
            owner: me,
            file_name: sanitize_file_name(file_name),
            content_type: content_type.to_owned(),
            size: i64::try_from(bytes.len()).map_err(CoreError::internal)?,
            width: None,
            height: None,
            has_thumbnail: false,
            job_id: JobId::new(),
            created_at: now,
        };
        let job = Job {
            id: upload.job_id,
            kind: "upload".into(),
            status: JobStatus::Pending,
            result: None,
            error: None,
            created_at: now,
            updated_at: now,
            attempts: 0,
            owner: me,
            upload_id: upload.id,
        };
        self.files.put(&Variant::Original.key(upload.id), bytes).await?;
        self.store.insert_upload(upload.clone(), job.clone()).await?;
        self.events.publish(DomainEvent::JobUpdated(self.view_job(job, Some(&upload))));
        if self.working.load(std::sync::atomic::Ordering::Relaxed) {
            // The receiver lives as long as the service: a send only fails while shutting down.
            let _ = self.queue.send(upload.job_id);
        }
        Ok(self.view(&upload))
    }

    /// Deletes the stored files of `uploads`, thumbnails included; files already gone are fine.
    pub async fn delete_files(&self, uploads: &[StoredUpload]) -> CoreResult<()> {
        for upload in uploads {
            for variant in [Variant::Original, Variant::Thumbnail] {
                self.files.delete(&variant.key(upload.id)).await?;
            }
        }
        Ok(())
    }

    /// A job of the caller's.
    pub async fn job(&self, me: UserId, id: JobId) -> CoreResult<Job> {
        let job = self.store.job(id).await?.filter(|j| j.owner == me).ok_or(CoreError::NotFound("job"))?;
        let upload = self.store.upload(job.upload_id).await?;
        Ok(self.view_job(job, upload.as_ref()))
    }

    /// The attachments for `ids`: only the caller's own uploads whose processing completed.
    pub async fn attachments(&self, me: UserId, ids: &[String]) -> CoreResult<Vec<Attachment>> {
        if ids.len() > self.config.max_attachments {
            return Err(CoreError::invalid(
                "attachmentIds",
                format!("a message has at most {} attachments", self.config.max_attachments),
            ));
        }
        let mut attachments = Vec::with_capacity(ids.len());
        for raw in ids {
            let id: UploadId = raw.parse().map_err(|_| CoreError::invalid("attachmentIds", "malformed upload id"))?;
            let upload =
                self.store.upload(id).await?.ok_or_else(|| CoreError::invalid("attachmentIds", "unknown upload"))?;
            if upload.owner != me {
                return Err(CoreError::Forbidden("only your own uploads can be attached".into()));
            }
            let job = self.store.job(upload.job_id).await?;
            match job.map(|j| j.status) {
                Some(JobStatus::Completed) => {}
                Some(JobStatus::Failed) => {
                    return Err(CoreError::invalid("attachmentIds", "this upload failed processing"));
                }
                _ => return Err(CoreError::invalid("attachmentIds", "this upload is still being processed")),
            }
            attachments.push(Attachment {
                id: upload.id.to_string(),
                url: String::new(),
                content_type: upload.content_type,
                size: upload.size,
                width: upload.width,
                height: upload.height,
                thumbnail_url: upload.has_thumbnail.then(String::new),
                file_name: Some(upload.file_name),
            });
        }
        Ok(attachments)
    }

    /// Fills in fresh signed URLs for a message's attachments.
    pub fn sign(&self, mut message: Message) -> Message {
        for attachment in &mut message.attachments {
            if let Ok(id) = attachment.id.parse::<UploadId>() {
                attachment.url = self.signer.url(id, Variant::Original);
                if attachment.thumbnail_url.is_some() {
                    attachment.thumbnail_url = Some(self.signer.url(id, Variant::Thumbnail));
                }
            }
        }
        message
    }

    /// Checks a signed file URL and says what to serve: the upload and the storage key.
    pub async fn open(
        &self,
        id: UploadId,
        variant: Variant,
        expires: i64,
        sig: &str,
    ) -> CoreResult<(StoredUpload, String)> {
        self.signer.verify(id, variant, expires, sig)?;
        let upload = self.store.upload(id).await?.ok_or(CoreError::NotFound("file"))?;
        if variant == Variant::Thumbnail && !upload.has_thumbnail {
            return Err(CoreError::NotFound("thumbnail"));
        }
        Ok((upload, variant.key(id)))
    }

    /// The file storage.
    pub fn files(&self) -> &Arc<dyn FileStore> {
        &self.files
    }

    /// An upload with signed URLs.
    pub(super) fn view(&self, upload: &StoredUpload) -> Upload {
        Upload {
            id: upload.id,
            url: self.signer.url(upload.id, Variant::Original),
            content_type: upload.content_type.clone(),
            size: upload.size,
            width: upload.width,
            height: upload.height,
            thumbnail_url: upload.has_thumbnail.then(|| self.signer.url(upload.id, Variant::Thumbnail)),
            job_id: upload.job_id,
            file_name: upload.file_name.clone(),
        }
    }

    /// A job whose result carries the upload's signed URLs once they exist.
    pub(super) fn view_job(&self, mut job: Job, upload: Option<&StoredUpload>) -> Job {
        if let (Some(serde_json::Value::Object(result)), Some(upload)) = (&mut job.result, upload) {
            let view = self.view(upload);
            result.insert("uploadId".into(), serde_json::json!(view.id));
            result.insert("url".into(), serde_json::json!(view.url));
            if let Some(thumbnail) = view.thumbnail_url {
                result.insert("thumbnailUrl".into(), serde_json::json!(thumbnail));
            }
        }
        job
    }
}

/// Keeps a file name displayable and harmless: no path, no control characters, at most 200 characters.
fn sanitize_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c })
        .take(200)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() { "file".into() } else { clean }
}

#[cfg(test)]
mod tests {
    use super::sanitize_file_name;

    #[test]
    fn file_names_lose_paths_controls_and_dots() {
        assert_eq!(sanitize_file_name("../../etc/passwd"), "passwd");
        assert_eq!(sanitize_file_name("C:\\Users\\a\\photo.png"), "photo.png");
        assert_eq!(sanitize_file_name("re\u{0}port<1>.pdf"), "report_1_.pdf");
        assert_eq!(sanitize_file_name(".htaccess"), "htaccess");
        assert_eq!(sanitize_file_name(""), "file");
    }
}
