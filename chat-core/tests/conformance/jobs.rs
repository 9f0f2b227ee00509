//! Upload processing jobs: attempts are counted across processes, and image work is admitted
//! against the memory budget.

use crate::world::World;
use chat_core::{
    JobId, Limits,
    upload::{Job, JobStatus},
};
use std::time::Duration;

fn png(width: u32, height: u32) -> bytes::Bytes {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([200, 40, 90]));
    let mut out = std::io::Cursor::new(Vec::new());
    image.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner().into()
}

/// The job once no worker holds it any more (completed or failed), within ten seconds.
async fn settled(w: &World, me: chat_core::UserId, id: JobId) -> Job {
    for _ in 0..200 {
        let job = w.chat.uploads.job(me, id).await.unwrap();
        if matches!(job.status, JobStatus::Completed | JobStatus::Failed) {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {id} did not settle");
}

pub async fn a_job_whose_process_died_runs_again_once_and_after_a_second_death_ends_failed(w: World) {
    // Jobs left processing are stale at once, so that a "dead" worker's job is taken back now.
    let w = World::with_limits(
        w.stores.clone(),
        Limits { upload_job_stale_secs: 0, upload_job_attempts: 2, ..Limits::default() },
    );
    let me = w.user("uploader").await;
    let once = w.chat.uploads.upload(me, "once.png", png(40, 30)).await.unwrap().job_id;
    let twice = w.chat.uploads.upload(me, "twice.png", png(40, 30)).await.unwrap().job_id;
    let before = w.stores.uploads.job(once).await.unwrap().unwrap().updated_at;
    // A worker claims `twice` and dies with its process (nothing finishes the job); another
    // instance's recovery takes it back, and that worker dies too. `once` dies once.
    let died_at = before - chrono::Duration::seconds(1);
    assert_eq!(w.stores.uploads.claim_job(twice, died_at).await.unwrap().unwrap().attempts, 1);
    let (failed, pending) = w.stores.uploads.recover_jobs(chat_core::time::now(), 2, "unused").await.unwrap();
    assert!(failed.is_empty(), "below the limit nothing fails");
    assert!(pending.contains(&twice), "it went back to pending");
    assert_eq!(w.stores.uploads.claim_job(twice, died_at).await.unwrap().unwrap().attempts, 2);
    assert_eq!(w.stores.uploads.claim_job(once, died_at).await.unwrap().unwrap().attempts, 1);

    // The next start ends `twice` and runs `once` a second time.
    w.events.take();
    let workers = w.chat.uploads.run_workers(1);
    let failed = settled(&w, me, twice).await;
    assert_eq!(failed.status, JobStatus::Failed);
    assert_eq!(failed.attempts, 2);
    let reason = failed.error.unwrap();
    assert!(reason.contains("interrupted 2 times"), "{reason}");
    let resumed = settled(&w, me, once).await;
    assert_eq!(resumed.status, JobStatus::Completed, "{:?}", resumed.error);
    assert_eq!(resumed.attempts, 2, "the resumed run is the second attempt");
    let announced: Vec<_> = w
        .events
        .take()
        .into_iter()
        .filter_map(|e| match e {
            chat_core::DomainEvent::JobUpdated(job) if job.status == JobStatus::Failed => Some(job.id),
            _ => None,
        })
        .collect();
    assert_eq!(announced, vec![twice], "the owner is told");
    workers.into_iter().for_each(|h| h.abort());
}

pub async fn an_image_fits_the_memory_budget_or_fails_saying_it_is_too_large_to_process(w: World) {
    // 1 MiB: a 256×256 RGB image needs 2 × 192 KiB; a 600×600 one 2 × 1,055 KiB.
    let w = World::with_limits(w.stores.clone(), Limits { upload_memory_budget_mb: 1, ..Limits::default() });
    let me = w.user("budgeted").await;
    let workers = w.chat.uploads.run_workers(2);
    let fits = w.chat.uploads.upload(me, "fits.png", png(256, 256)).await.unwrap().job_id;
    let too_large = w.chat.uploads.upload(me, "large.png", png(600, 600)).await.unwrap().job_id;
    let done = settled(&w, me, fits).await;
    assert_eq!(done.status, JobStatus::Completed, "{:?}", done.error);
    let refused = settled(&w, me, too_large).await;
    assert_eq!(refused.status, JobStatus::Failed);
    assert_eq!(refused.attempts, 1, "a refusal is final: it is not tried again");
    let reason = refused.error.unwrap();
    assert!(reason.contains("too large to process") && reason.contains("about 2 MB"), "{reason}");
    workers.into_iter().for_each(|h| h.abort());
}
