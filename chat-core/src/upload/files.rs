//! Where file bytes live: a local folder or an S3-compatible bucket, both through `object_store`.

use crate::{CoreError, CoreResult};
use bytes::Bytes;
use object_store::{ObjectStore, PutPayload, path::Path};
use std::{ops::Range, sync::Arc};

/// Storage of file contents by key.
#[async_trait::async_trait]
pub trait FileStore: Send + Sync {
    /// Stores (or replaces) a file.
    async fn put(&self, key: &str, bytes: Bytes) -> CoreResult<()>;
    /// The whole file.
    async fn get(&self, key: &str) -> CoreResult<Bytes>;
    /// A byte range of the file.
    async fn get_range(&self, key: &str, range: Range<u64>) -> CoreResult<Bytes>;
    /// Removes a file (absent files are not an error).
    async fn delete(&self, key: &str) -> CoreResult<()>;
}

/// A [`FileStore`] over any `object_store` backend.
#[derive(Clone)]
pub struct ObjectFiles(pub Arc<dyn ObjectStore>);

impl std::fmt::Debug for ObjectFiles {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ObjectFiles({})", self.0)
    }
}

impl ObjectFiles {
    /// Files under a local folder (created if missing).
    pub fn local(root: &std::path::Path) -> CoreResult<Self> {
        std::fs::create_dir_all(root).map_err(CoreError::internal)?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(root).map_err(CoreError::internal)?;
        Ok(Self(Arc::new(store)))
    }

    /// Files in an S3-compatible bucket. `endpoint` is for non-AWS services (MinIO, …); the
    /// credentials and region come from the usual `AWS_*` environment variables.
    pub fn s3(bucket: &str, endpoint: Option<&str>) -> CoreResult<Self> {
        let mut builder = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket);
        if let Some(endpoint) = endpoint {
            builder = builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
        }
        Ok(Self(Arc::new(builder.build().map_err(CoreError::internal)?)))
    }
}

fn not_found_or_internal(e: object_store::Error) -> CoreError {
    match e {
        object_store::Error::NotFound { .. } => CoreError::NotFound("file"),
        other => CoreError::internal(other),
    }
}

#[async_trait::async_trait]
impl FileStore for ObjectFiles {
    async fn put(&self, key: &str, bytes: Bytes) -> CoreResult<()> {
        self.0.put(&Path::from(key), PutPayload::from_bytes(bytes)).await.map(|_| ()).map_err(CoreError::internal)
    }

    async fn get(&self, key: &str) -> CoreResult<Bytes> {
        let result = self.0.get(&Path::from(key)).await.map_err(not_found_or_internal)?;
        result.bytes().await.map_err(CoreError::internal)
    }

    async fn get_range(&self, key: &str, range: Range<u64>) -> CoreResult<Bytes> {
        self.0.get_range(&Path::from(key), range).await.map_err(not_found_or_internal)
    }

    async fn delete(&self, key: &str) -> CoreResult<()> {
        match self.0.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(CoreError::internal(e)),
        }
    }
}
