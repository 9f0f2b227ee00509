//! Logins as devices: listed with where they were made, ended one by one, and ended all but one
//! by a password change.

use crate::world::World;
use chat_core::CoreError;

pub async fn a_password_change_ends_every_other_login_and_the_device_list_shows_and_ends_logins(w: World) {
    use chat_core::auth::{ClientInfo, Registration};
    let auth = &w.chat.auth;
    let phone = ClientInfo::new(Some("Phone/1.0"), Some("10.0.0.1".into()));
    let registration =
        Registration { username: "ada".into(), password: "password123".into(), email: None, display_name: None };
    let first = auth.register_from(registration, &phone).await.unwrap();
    let laptop = ClientInfo::new(Some("Laptop/2.0\u{7}"), Some("10.0.0.2".into()));
    let second = auth.login_from("ada", "password123".into(), &laptop).await.unwrap();
    let me = auth.authenticate(&first.access_token).await.unwrap();

    let devices = auth.sessions(&me).await.unwrap();
    assert_eq!(devices.len(), 2);
    assert_eq!((devices[0].user_agent.as_deref(), devices[0].current), (Some("Phone/1.0"), true));
    assert_eq!(devices[1].user_agent.as_deref(), Some("Laptop/2.0"), "control characters are dropped");
    assert_eq!(devices[1].address.as_deref(), Some("10.0.0.2"));
    assert!(devices[1].last_used_at.is_none());
    let elsewhere = ClientInfo::new(Some("Laptop/2.1"), Some("10.0.0.3".into()));
    let second = auth.refresh_from(&second.refresh_token, &elsewhere).await.unwrap();
    let devices = auth.sessions(&me).await.unwrap();
    assert!(devices[1].last_used_at.is_some(), "a refresh is a use");
    assert_eq!(devices[1].address.as_deref(), Some("10.0.0.3"));

    // Someone else's login, or none, cannot be ended.
    let eve = w.register("eve").await;
    let eve_login = auth.authenticate(&eve.access_token).await.unwrap().session_id.unwrap();
    assert!(matches!(auth.end_session(&me, eve_login).await, Err(CoreError::NotFound(_))));
    assert!(auth.authenticate(&eve.access_token).await.is_ok());

    let wrong = auth.change_password(&me, "not-it".into(), "a-new-password".into()).await;
    assert!(matches!(&wrong, Err(CoreError::BadRequest { field: Some("currentPassword"), .. })), "{wrong:?}");
    let short = auth.change_password(&me, "password123".into(), "short".into()).await;
    assert!(matches!(&short, Err(CoreError::BadRequest { field: Some("newPassword"), .. })), "{short:?}");
    w.events.take();
    auth.change_password(&me, "password123".into(), "a-new-password".into()).await.unwrap();
    assert!(auth.authenticate(&second.access_token).await.is_err(), "the other login's token is refused");
    assert!(auth.refresh(&second.refresh_token).await.is_err(), "and its refresh token");
    assert!(w.events.take().iter().any(|e| matches!(e, chat_core::DomainEvent::SessionRevoked { .. })));
    auth.authenticate(&first.access_token).await.expect("the login that changed it goes on");
    assert!(auth.login("ada", "password123".into()).await.is_err(), "the old password is refused");
    let third = auth.login("ada", "a-new-password".into()).await.unwrap();

    let third_login = auth.authenticate(&third.access_token).await.unwrap().session_id.unwrap();
    auth.end_session(&me, third_login).await.unwrap();
    assert!(auth.authenticate(&third.access_token).await.is_err());
    assert!(matches!(auth.end_session(&me, third_login).await, Err(CoreError::NotFound(_))), "ended already");
    assert_eq!(auth.sessions(&me).await.unwrap().len(), 1);
}
