//! Presence store scenarios.

use crate::backends::Backend;
use chat_core::{
    UserId,
    presence::{ConnectionChange, PresenceStore},
    time,
    user::Status,
};
use fred::prelude::KeysInterface;
use std::time::{Duration, Instant};

pub async fn a_user_stays_online_until_their_connections_on_both_instances_close(b: &Backend) {
    let (one, other) = (b.presence().await, b.presence().await);
    let (user, bystander) = (UserId::new(), UserId::new());

    assert_eq!(one.connect(user, "a").await.unwrap(), ConnectionChange::CameOnline(Status::Online));
    assert_eq!(other.connect(user, "b").await.unwrap(), ConnectionChange::Unchanged);
    assert_eq!(other.statuses(&[user, bystander]).await.unwrap(), vec![Status::Online, Status::Offline]);
    assert_eq!(one.statuses(&[]).await.unwrap(), vec![]);

    // A chosen status applies to every connection, whichever instance set it.
    assert!(other.set_status(user, Status::Away).await.unwrap());
    assert_eq!(one.statuses(&[user]).await.unwrap(), vec![Status::Away]);
    assert!(!one.set_status(bystander, Status::Busy).await.unwrap());
    assert_eq!(one.statuses(&[bystander]).await.unwrap(), vec![Status::Offline]);

    let at = time::now();
    assert_eq!(one.disconnect(user, "a", at).await.unwrap(), ConnectionChange::Unchanged);
    assert_eq!(one.disconnect(user, "a", at).await.unwrap(), ConnectionChange::Unchanged);
    assert_eq!(other.statuses(&[user]).await.unwrap(), vec![Status::Away]);
    assert_eq!(other.disconnect(user, "b", at).await.unwrap(), ConnectionChange::WentOffline(at));
    assert_eq!(one.statuses(&[user]).await.unwrap(), vec![Status::Offline]);
    assert!(!one.set_status(user, Status::Busy).await.unwrap());

    // The chosen status went with the last connection.
    assert_eq!(other.connect(user, "c").await.unwrap(), ConnectionChange::CameOnline(Status::Online));
    assert_eq!(one.statuses(&[user]).await.unwrap(), vec![Status::Online]);
    assert_eq!(other.disconnect(user, "c", at).await.unwrap(), ConnectionChange::WentOffline(at));
    // Nobody is connected and no live instance died: nothing to sweep.
    assert_eq!(one.sweep(time::now()).await.unwrap(), vec![]);
}

pub async fn a_dead_instances_users_are_swept_offline_once_by_the_live_ones(b: &Backend) {
    // Long enough that a live instance's beats (every third of it) are never late on a busy machine.
    let heartbeat = Duration::from_millis(3000);
    let dying = b.redis_presence(heartbeat).await;
    let (live, other_live) = (b.redis_presence(heartbeat).await, b.redis_presence(heartbeat).await);
    let (only_there, also_here) = (UserId::new(), UserId::new());
    dying.connect(only_there, "x").await.unwrap();
    dying.connect(also_here, "y").await.unwrap();
    live.connect(also_here, "z").await.unwrap();
    dying.set_status(only_there, Status::Busy).await.unwrap();

    // Alive instances are never swept, however often anyone sweeps.
    tokio::time::sleep(heartbeat + Duration::from_millis(200)).await;
    assert_eq!(live.sweep(time::now()).await.unwrap(), vec![]);

    // Dropping the store stops its heartbeat without closing anything, like SIGKILL.
    drop(dying);
    let died = Instant::now();
    let mut swept = Vec::new();
    while swept.is_empty() {
        assert!(died.elapsed() < heartbeat * 4, "the dead instance was never swept");
        tokio::time::sleep(Duration::from_millis(50)).await;
        let now = time::now();
        let (one, other) = tokio::join!(live.sweep(now), other_live.sweep(now));
        swept.extend(one.unwrap());
        swept.extend(other.unwrap());
    }
    eprintln!("dead instance swept {} ms after its heartbeat stopped", died.elapsed().as_millis());
    assert_eq!(swept.iter().map(|(user, _)| *user).collect::<Vec<_>>(), vec![only_there]);
    assert_eq!(live.sweep(time::now()).await.unwrap(), vec![]);
    assert_eq!(other_live.sweep(time::now()).await.unwrap(), vec![]);
    assert_eq!(live.statuses(&[only_there, also_here]).await.unwrap(), vec![Status::Offline, Status::Online]);
    // The swept user's chosen status went with their connections.
    assert_eq!(live.connect(only_there, "w").await.unwrap(), ConnectionChange::CameOnline(Status::Online));
    assert_eq!(other_live.statuses(&[only_there]).await.unwrap(), vec![Status::Online]);
}

pub async fn an_instance_swept_while_alive_puts_its_connections_back(b: &Backend) {
    let heartbeat = Duration::from_millis(600);
    let (stalled, sweeper) = (b.redis_presence(heartbeat).await, b.redis_presence(heartbeat).await);
    let user = UserId::new();
    stalled.connect(user, "s").await.unwrap();
    // As if its heartbeat had not reached Redis in time. Its heartbeat keeps running, so one may
    // land between the deletion and the checks and put everything back: then try again.
    let redis = b.redis.as_ref().unwrap();
    let key = format!("{}presence:instance:{}", redis.prefix(), stalled.instance_id());
    let mut attempts = 0;
    loop {
        let _: () = redis.client().del(&key).await.unwrap();
        let swept = sweeper.sweep(time::now()).await.unwrap();
        let status = sweeper.statuses(&[user]).await.unwrap();
        if !swept.is_empty() && status == vec![Status::Offline] {
            assert_eq!(swept.iter().map(|(u, _)| *u).collect::<Vec<_>>(), vec![user]);
            break;
        }
        attempts += 1;
        assert!(attempts < 5, "a deleted instance was never swept: {swept:?}, {status:?}");
    }

    // Its next heartbeat finds itself unregistered and records its live connections again.
    let started = Instant::now();
    while sweeper.statuses(&[user]).await.unwrap() != vec![Status::Online] {
        assert!(started.elapsed() < heartbeat * 3, "connections were not put back");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let at = time::now();
    assert_eq!(stalled.disconnect(user, "s", at).await.unwrap(), ConnectionChange::WentOffline(at));
}
