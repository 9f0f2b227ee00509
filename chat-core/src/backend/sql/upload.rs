//! [`UploadStore`] on SQL.

use super::{
    SqlBackend, db_err,
    entities::{jobs, uploads},
    ts,
};
use crate::{
    CoreError, CoreResult, JobId, UploadId, UserId,
    upload::{Job, JobStatus, StoredUpload, UploadStore},
};
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, ExprTrait, QueryFilter, TransactionTrait, sea_query::Expr};

pub(super) fn to_upload(row: uploads::Model) -> StoredUpload {
    StoredUpload {
        id: UploadId(row.id),
        owner: UserId(row.owner_id),
        file_name: row.file_name,
        content_type: row.content_type,
        size: row.size,
        width: row.width,
        height: row.height,
        has_thumbnail: row.has_thumbnail,
        job_id: JobId(row.job_id),
        created_at: row.created_at,
    }
}

fn to_job(row: jobs::Model) -> CoreResult<Job> {
    Ok(Job {
        id: JobId(row.id),
        kind: row.kind,
        status: JobStatus::parse(&row.status)
            .ok_or_else(|| CoreError::internal(format!("stored job status {:?}", row.status)))?,
        result: row.result.as_deref().map(serde_json::from_str).transpose().map_err(CoreError::internal)?,
        error: row.error,
        created_at: row.created_at,
        updated_at: row.updated_at,
        attempts: u32::try_from(row.attempts).unwrap_or(0),
        owner: UserId(row.owner_id),
        upload_id: UploadId(row.upload_id),
    })
}

#[async_trait::async_trait]
impl UploadStore for SqlBackend {
    async fn insert_upload(&self, upload: StoredUpload, job: Job) -> CoreResult<()> {
        let txn = self.write.begin().await.map_err(db_err)?;
        uploads::Entity::insert(uploads::ActiveModel {
            id: Set(upload.id.0),
            owner_id: Set(upload.owner.0),
            file_name: Set(upload.file_name),
            content_type: Set(upload.content_type),
            size: Set(upload.size),
            width: Set(upload.width),
            height: Set(upload.height),
            has_thumbnail: Set(upload.has_thumbnail),
            job_id: Set(upload.job_id.0),
            created_at: Set(ts(upload.created_at)),
        })
        .exec(&txn)
        .await
        .map_err(db_err)?;
        jobs::Entity::insert(jobs::ActiveModel {
            id: Set(job.id.0),
            kind: Set(job.kind),
            owner_id: Set(job.owner.0),
            upload_id: Set(job.upload_id.0),
            status: Set(job.status.as_str().to_owned()),
            result: Set(job.result.map(|r| r.to_string())),
            error: Set(job.error),
            created_at: Set(ts(job.created_at)),
            updated_at: Set(ts(job.updated_at)),
            attempts: Set(i32::try_from(job.attempts).unwrap_or(i32::MAX)),
        })
        .exec(&txn)
        .await
        .map_err(db_err)?;
        txn.commit().await.map_err(db_err)
    }

    async fn upload(&self, id: UploadId) -> CoreResult<Option<StoredUpload>> {
        Ok(uploads::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?.map(to_upload))
    }

    async fn update_upload(&self, upload: &StoredUpload) -> CoreResult<()> {
        uploads::Entity::update_many()
            .col_expr(uploads::Column::Size, Expr::value(upload.size))
            .col_expr(uploads::Column::Width, Expr::value(upload.width))
            .col_expr(uploads::Column::Height, Expr::value(upload.height))
            .col_expr(uploads::Column::HasThumbnail, Expr::value(upload.has_thumbnail))
            .filter(uploads::Column::Id.eq(upload.id.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn job(&self, id: JobId) -> CoreResult<Option<Job>> {
        jobs::Entity::find_by_id(id.0).one(&self.point).await.map_err(db_err)?.map(to_job).transpose()
    }

    async fn claim_job(&self, id: JobId, at: DateTime<Utc>) -> CoreResult<Option<Job>> {
        // The status condition makes the claim atomic: of concurrent claimers only one updates the row.
        let claimed = jobs::Entity::update_many()
            .col_expr(jobs::Column::Status, Expr::value(JobStatus::Processing.as_str()))
            .col_expr(jobs::Column::UpdatedAt, Expr::value(ts(at)))
            .col_expr(jobs::Column::Attempts, Expr::col(jobs::Column::Attempts).add(1))
            .filter(jobs::Column::Id.eq(id.0))
            .filter(jobs::Column::Status.eq(JobStatus::Pending.as_str()))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        if claimed.rows_affected == 0 {
            return Ok(None);
        }
        self.job(id).await
    }

    async fn finish_job(
        &self,
        id: JobId,
        status: JobStatus,
        result: Option<serde_json::Value>,
        error: Option<String>,
        at: DateTime<Utc>,
    ) -> CoreResult<Job> {
        jobs::Entity::update_many()
            .col_expr(jobs::Column::Status, Expr::value(status.as_str()))
            .col_expr(jobs::Column::Result, Expr::value(result.map(|r| r.to_string())))
            .col_expr(jobs::Column::Error, Expr::value(error))
            .col_expr(jobs::Column::UpdatedAt, Expr::value(ts(at)))
            .filter(jobs::Column::Id.eq(id.0))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        self.job(id).await?.ok_or(CoreError::NotFound("job"))
    }

    async fn recover_jobs(
        &self,
        stale_before: DateTime<Utc>,
        max_attempts: u32,
        reason: &str,
    ) -> CoreResult<(Vec<Job>, Vec<JobId>)> {
        let stale = || {
            jobs::Entity::update_many()
                .filter(jobs::Column::Status.eq(JobStatus::Processing.as_str()))
                .filter(jobs::Column::UpdatedAt.lt(ts(stale_before)))
        };
        let exhausted = jobs::Column::Attempts.gte(i32::try_from(max_attempts).unwrap_or(i32::MAX));
        let failed = stale()
            .col_expr(jobs::Column::Status, Expr::value(JobStatus::Failed.as_str()))
            .col_expr(jobs::Column::Error, Expr::value(reason))
            .col_expr(jobs::Column::UpdatedAt, Expr::value(ts(crate::time::now())))
            .filter(exhausted)
            .exec_with_returning(&self.write)
            .await
            .map_err(db_err)?;
        stale()
            .col_expr(jobs::Column::Status, Expr::value(JobStatus::Pending.as_str()))
            .exec(&self.write)
            .await
            .map_err(db_err)?;
        let pending = jobs::Entity::find()
            .filter(jobs::Column::Status.eq(JobStatus::Pending.as_str()))
            .all(&self.point)
            .await
            .map_err(db_err)?;
        let failed = failed.into_iter().map(to_job).collect::<CoreResult<_>>()?;
        Ok((failed, pending.into_iter().map(|j| JobId(j.id)).collect()))
    }
}
