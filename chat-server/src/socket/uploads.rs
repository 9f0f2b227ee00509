//! `uploadFile`: small files sent inside a socket message (base64), for clients that cannot do
//! multipart uploads. Same validation, storage and job as `POST /api/uploads`.

use super::{
    Realtime, answer,
    contract::{UploadAnswer, UploadPayload},
};
use base64::Engine as _;
use chat_core::{CoreError, CoreResult, auth::Principal};
use serde_json::Value;

pub async fn upload(rt: &Realtime, me: Principal, p: UploadPayload) -> CoreResult<Value> {
    let max = rt.app.settings.socket_upload_max_bytes;
    // Base64 is 4/3 of the bytes: refuse before decoding anything larger than allowed.
    if p.data.len() > max.div_ceil(3) * 4 + 4 {
        return Err(CoreError::PayloadTooLarge(format!("uploadFile carries at most {max} bytes")));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(p.data.trim())
        .map_err(|_| CoreError::invalid("data", "data must be base64"))?;
    if bytes.len() > max {
        return Err(CoreError::PayloadTooLarge(format!("uploadFile carries at most {max} bytes")));
    }
    let upload = rt.app.chat.uploads.upload(me.user_id, &p.file_name, bytes.into()).await?;
    answer(UploadAnswer { upload })
}
