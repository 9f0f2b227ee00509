use crate::server::{SECRET, Session, TestServer, assert_error};
use chat_server::Settings;
use hmac::{Hmac, Mac};
use image::{ImageFormat, RgbImage};
use reqwest::{StatusCode, multipart};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::{io::Cursor, time::Duration};

pub fn one_mib_uploads(s: &mut Settings) {
    s.limits.upload_max_bytes = 1024 * 1024;
}

pub fn image_bytes(width: u32, height: u32, format: ImageFormat) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
    let mut out = Cursor::new(Vec::new());
    image.write_to(&mut out, format).unwrap();
    out.into_inner()
}

pub async fn upload(s: &TestServer, who: &Session, name: &str, mime: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
    let part = multipart::Part::bytes(bytes).file_name(name.to_owned()).mime_str(mime).unwrap();
    let response = s
        .raw()
        .post(s.url("/api/uploads"))
        .bearer_auth(&who.token)
        .multipart(multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Polls the job until it ends.
pub async fn finished_job(s: &TestServer, who: &Session, job: &str) -> Value {
    for _ in 0..200 {
        let (status, job) = s.get(&format!("/api/jobs/{job}"), &who.token).await;
        assert_eq!(status, StatusCode::OK, "{job}");
        if job["status"] == "completed" || job["status"] == "failed" {
            return job;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("job {job} never finished");
}

async fn fetch(s: &TestServer, url: &str) -> reqwest::Response {
    s.raw().get(s.url(url)).send().await.unwrap()
}

pub async fn a_png_and_a_jpeg_become_dimensions_and_a_thumbnail(s: &TestServer) {
    let ada = s.register("ada").await;
    for (format, mime, (w, h), (tw, th)) in [
        (ImageFormat::Png, "image/png", (640, 480), (320, 240)),
        (ImageFormat::Jpeg, "image/jpeg", (400, 800), (160, 320)),
    ] {
        let (status, uploaded) = upload(s, &ada, "photo", mime, image_bytes(w, h, format)).await;
        assert_eq!(status, StatusCode::CREATED, "{uploaded}");
        assert_eq!(uploaded["contentType"], mime);
        let job = finished_job(s, &ada, uploaded["jobId"].as_str().unwrap()).await;
        assert_eq!(job["status"], "completed", "{job}");
        assert_eq!(
            (job["result"]["width"].as_u64(), job["result"]["height"].as_u64()),
            (Some(w.into()), Some(h.into()))
        );
        let thumbnail = fetch(s, job["result"]["thumbnailUrl"].as_str().unwrap()).await;
        assert_eq!(thumbnail.status(), StatusCode::OK);
        assert_eq!(thumbnail.headers()["content-type"], "image/png");
        let thumb = image::load_from_memory(&thumbnail.bytes().await.unwrap()).unwrap();
        assert_eq!((thumb.width(), thumb.height()), (tw, th));
        let original = fetch(s, uploaded["url"].as_str().unwrap()).await;
        assert_eq!(original.headers()["content-type"], mime);
        let decoded = image::load_from_memory(&original.bytes().await.unwrap()).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (w, h), "the re-encoded original keeps its size");
    }
}

pub async fn html_renamed_png_is_refused_with_415_and_text_is_accepted_as_text(s: &TestServer) {
    let ada = s.register("ada").await;
    let html = b"<!DOCTYPE html><html><script>alert(document.cookie)</script></html>".to_vec();
    let (status, body) = upload(s, &ada, "cat.png", "image/png", html).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert_eq!(body["error"]["code"], "unsupported_media_type");
    let (status, _) =
        upload(s, &ada, "setup.exe", "application/octet-stream", b"MZ\x90\x00\x03\x00\x00\x00".to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let (status, text) = upload(s, &ada, "notes.png", "image/png", b"just some notes".to_vec()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(text["contentType"], "text/plain", "the content decides, not the name or header");
}

pub async fn uploads_are_limited_at_the_edge_and_refused_before_the_body_is_read(s: &TestServer) {
    let ada = s.register("ada").await;
    let max = 1024 * 1024;
    let (status, _) = upload(s, &ada, "at-limit.txt", "text/plain", vec![b'a'; max]).await;
    assert_eq!(status, StatusCode::CREATED, "exactly the limit is accepted");
    let (status, body) = upload(s, &ada, "over.txt", "text/plain", vec![b'a'; max + 1]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "payload_too_large");

    // Announce 50 MiB, send a few bytes: the answer comes without the server waiting for the rest.
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /api/uploads HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {}\r\n\r\n--xyz\r\n",
        ada.token,
        50 * 1024 * 1024
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = vec![0u8; 1024];
    let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut answer)).await.unwrap().unwrap();
    let answer = String::from_utf8_lossy(&answer[..n]);
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");

    // A client that writes its whole body before reading (as Node's fetch and browsers do) can
    // write it all and then read the 413: the server reads and drops it.
    let body = vec![b'x'; max + max / 2];
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /api/uploads HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=xyz\r\nContent-Length: {}\r\n\r\n",
        ada.token,
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let written = tokio::time::timeout(Duration::from_secs(10), stream.write_all(&body)).await;
    assert!(matches!(written, Ok(Ok(()))), "the body could not be written: {written:?}");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(answer.starts_with(b"HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer));

    // Chunked, with no Content-Length, and the bulk in a field other than `file`: still bounded.
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    let head = format!(
        "POST /api/uploads HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {}\r\n\
         Content-Type: multipart/form-data; boundary=xyz\r\nTransfer-Encoding: chunked\r\n\r\n",
        ada.token
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    let chunk = |data: &[u8]| {
        let mut framed = format!("{:x}\r\n", data.len()).into_bytes();
        framed.extend_from_slice(data);
        framed.extend_from_slice(b"\r\n");
        framed
    };
    let opening = chunk(b"--xyz\r\nContent-Disposition: form-data; name=\"padding\"\r\n\r\n");
    stream.write_all(&opening).await.unwrap();
    let filler = chunk(&[b'p'; 32 * 1024]);
    let mut sent = 0;
    let mut answer = vec![0u8; 1024];
    let (mut reader, mut writer) = stream.split();
    let read = loop {
        assert!(sent <= 20 * max, "20 MiB of a non-file field were taken without a 413");
        tokio::select! {
            n = reader.read(&mut answer) => break n.unwrap(),
            w = writer.write_all(&filler) => if w.is_err() { break reader.read(&mut answer).await.unwrap_or(0) },
        }
        sent += filler.len();
    };
    let answer = String::from_utf8_lossy(&answer[..read]);
    assert!(answer.starts_with("HTTP/1.1 413"), "after {sent} bytes: {answer}");

    // The same refused in mid-stream, from a client that writes everything before it reads: the
    // server reads on past its refusal, so the whole body goes out and the 413 is there to read.
    let mut stream = tokio::net::TcpStream::connect(s.addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(&opening).await.unwrap();
    let written = tokio::time::timeout(Duration::from_secs(10), async {
        for _ in 0..(max + max / 2) / (32 * 1024) {
            stream.write_all(&filler).await?;
        }
        stream.write_all(b"0\r\n\r\n").await
    })
    .await;
    assert!(matches!(written, Ok(Ok(()))), "the body could not be written: {written:?}");
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer)).await;
    assert!(answer.starts_with(b"HTTP/1.1 413"), "{}", String::from_utf8_lossy(&answer));
}

/// A valid PNG header claiming 50000×50000 pixels, with a tiny body.
fn pixel_bomb() -> Vec<u8> {
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut crc_input = kind.to_vec();
        crc_input.extend_from_slice(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc32(&crc_input).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&50_000u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(&mut png, b"IEND", &[]);
    png
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

pub async fn an_image_claiming_50000_by_50000_pixels_fails_its_job_cleanly(s: &TestServer) {
    let ada = s.register("ada").await;
    let (status, uploaded) = upload(s, &ada, "bomb.png", "image/png", pixel_bomb()).await;
    assert_eq!(status, StatusCode::CREATED, "the bytes are a PNG: accepted, then refused by processing");
    let job = finished_job(s, &ada, uploaded["jobId"].as_str().unwrap()).await;
    assert_eq!(job["status"], "failed");
    assert!(job["error"].as_str().unwrap().contains("too large"), "{job}");
    assert_eq!(s.raw().get(s.url("/health")).send().await.unwrap().status(), StatusCode::OK);
    let bob = s.register("bob").await;
    let conv = s.direct(&ada, &bob).await;
    let attach = s
        .post(&format!("/api/conversations/{conv}/messages"), &ada.token, json!({ "attachmentIds": [uploaded["id"]] }))
        .await;
    assert_error(&attach, StatusCode::UNPROCESSABLE_ENTITY, "bad_request");
}

/// A link to `url`'s file with another expiry, signed with the server's key (derived as the server does).
/// The JSON body of the answer to `request`.
async fn json_of(request: reqwest::RequestBuilder) -> Value {
    request.send().await.unwrap().json().await.unwrap()
}

/// Sends `request()` until it succeeds, at most `tries` times, `pause` apart; whether it did.
async fn until_success(tries: usize, pause: Duration, request: impl Fn() -> reqwest::RequestBuilder) -> bool {
    for _ in 0..tries {
        if request().send().await.is_ok_and(|r| r.status().is_success()) {
            return true;
        }
        tokio::time::sleep(pause).await;
    }
    false
}

fn resign(url: &str, expires: i64) -> String {
    let (path, query) = url.split_once('?').unwrap();
    let id = path.rsplit('/').next().unwrap();
    let variant = query.split('&').find_map(|p| p.strip_prefix("variant=")).unwrap();
    let key = Sha256::digest([b"file-urls:".as_slice(), SECRET.as_bytes()].concat());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}:{variant}:{expires}").as_bytes());
    let sig: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    format!("{path}?variant={variant}&expires={expires}&sig={sig}")
}

pub async fn an_attachment_reaches_the_other_member_and_no_one_else_can_read_it(s: &TestServer) {
    let ada = s.register("ada").await;
    let bob = s.register("bob").await;
    let eve = s.register("eve").await;
    let conv = s.direct(&ada, &bob).await;
    let (_, photo) = upload(s, &ada, "beach.png", "image/png", image_bytes(64, 48, ImageFormat::Png)).await;
    finished_job(s, &ada, photo["jobId"].as_str().unwrap()).await;
    let (_, pdf) = upload(s, &ada, "report ä.pdf", "application/pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n".to_vec()).await;
    finished_job(s, &ada, pdf["jobId"].as_str().unwrap()).await;

    let (_, evil) = upload(s, &eve, "mine.png", "image/png", image_bytes(8, 8, ImageFormat::Png)).await;
    finished_job(s, &eve, evil["jobId"].as_str().unwrap()).await;
    let stolen = s
        .post(&format!("/api/conversations/{conv}/messages"), &ada.token, json!({ "attachmentIds": [evil["id"]] }))
        .await;
    assert_error(&stolen, StatusCode::FORBIDDEN, "forbidden");

    let (status, message) = s
        .post(&format!("/api/conversations/{conv}/messages"), &ada.token, json!({ "attachmentIds": [photo["id"]] }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{message}");
    assert_eq!(message["type"], "image");
    assert_eq!(message["content"], "");
    let (_, with_pdf) = s
        .post(
            &format!("/api/conversations/{conv}/messages"),
            &ada.token,
            json!({ "content": "the report", "attachmentIds": [pdf["id"]] }),
        )
        .await;
    assert_eq!(with_pdf["type"], "file");

    let (_, history) = s.get(&format!("/api/conversations/{conv}/messages"), &bob.token).await;
    let attachment = &history["items"][0]["attachments"][0];
    assert_eq!((attachment["width"].as_i64(), attachment["height"].as_i64()), (Some(64), Some(48)));
    assert_eq!(attachment["fileName"], "beach.png");
    let url = attachment["url"].as_str().unwrap();
    let response = fetch(s, url).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["content-disposition"], "inline");
    assert!(image::load_from_memory(&response.bytes().await.unwrap()).is_ok());
    assert_eq!(fetch(s, attachment["thumbnailUrl"].as_str().unwrap()).await.status(), StatusCode::OK);
    let ranged = s.raw().get(s.url(url)).header("range", "bytes=0-7").send().await.unwrap();
    assert_eq!(ranged.status(), StatusCode::PARTIAL_CONTENT);
    assert!(ranged.headers()["content-range"].to_str().unwrap().starts_with("bytes 0-7/"));
    assert_eq!(&ranged.bytes().await.unwrap()[..], b"\x89PNG\r\n\x1a\n");

    let pdf_url = history["items"][1]["attachments"][0]["url"].as_str().unwrap();
    let pdf_response = fetch(s, pdf_url).await;
    assert_eq!(pdf_response.headers()["content-type"], "application/pdf");
    assert_eq!(pdf_response.headers()["content-disposition"], "attachment; filename*=UTF-8''report%20%C3%A4.pdf");

    // No link, a forged link, an expired link: nothing.
    let bare = url.split('?').next().unwrap();
    assert_eq!(fetch(s, bare).await.status(), StatusCode::BAD_REQUEST);
    // Change the signature's last hex digit to a different one.
    let flipped = if url.ends_with('0') { '1' } else { '0' };
    let forged = format!("{}{flipped}", &url[..url.len() - 1]);
    assert_eq!(fetch(s, &forged).await.status(), StatusCode::FORBIDDEN);
    let expired = resign(url, chrono::Utc::now().timestamp() - 60);
    assert_eq!(fetch(s, &expired).await.status(), StatusCode::GONE);
    assert_eq!(fetch(s, &resign(url, chrono::Utc::now().timestamp() + 600)).await.status(), StatusCode::OK);
    // Eve is in no conversation with the file, so she is never given a link.
    let (_, eve_history) = s.get(&format!("/api/conversations/{conv}/messages"), &eve.token).await;
    assert!(!eve_history.to_string().contains(photo["id"].as_str().unwrap()));
    assert_error(
        &s.get(&format!("/api/jobs/{}", photo["jobId"].as_str().unwrap()), &eve.token).await,
        StatusCode::NOT_FOUND,
        "not_found",
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_pending_at_shutdown_completes_after_a_restart() {
    let dir = std::env::temp_dir().join(format!("chat-restart-{}", uuid::Uuid::new_v4().simple()));
    let same_data = |workers: usize| {
        let dir = dir.clone();
        move |s: &mut Settings| {
            s.data_dir.clone_from(&dir);
            s.upload_workers = workers;
        }
    };
    // First run: no workers, so the job is still pending when the server stops.
    let first = TestServer::sqlite(same_data(0)).await.unwrap();
    let ada = first.register("ada").await;
    let (_, uploaded) = upload(&first, &ada, "later.png", "image/png", image_bytes(100, 50, ImageFormat::Png)).await;
    let job_id = uploaded["jobId"].as_str().unwrap().to_owned();
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(first.get(&format!("/api/jobs/{job_id}"), &ada.token).await.1["status"], "pending");
    first.stop().await;

    let second = TestServer::sqlite(same_data(2)).await.unwrap();
    let job = finished_job(&second, &ada, &job_id).await;
    assert_eq!(job["status"], "completed", "{job}");
    assert_eq!(job["result"]["width"], 100);
    second.stop().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A local S3-compatible server (moto, from PyPI) on a free port, killed on drop.
struct LocalS3(std::process::Child, u16);

impl Drop for LocalS3 {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_can_live_in_an_s3_compatible_bucket() {
    let Ok(binary) = which_moto() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but moto_server (pip install 'moto[server]') is missing"
        );
        eprintln!("moto_server not installed: S3 test skipped");
        return;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let s3 = LocalS3(
        std::process::Command::new(binary)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap(),
        port,
    );
    let endpoint = format!("http://127.0.0.1:{}", s3.1);
    let client = reqwest::Client::new();
    let bucket = format!("{endpoint}/chat-files");
    let created = until_success(100, Duration::from_millis(100), || client.put(&bucket)).await;
    assert!(created, "the local S3 server did not start");
    // A real server process, so the AWS_* variables that object_store reads are its own.
    let http_port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let data = std::env::temp_dir().join(format!("chat-s3-{}", uuid::Uuid::new_v4().simple()));
    let mut server = std::process::Command::new(env!("CARGO_BIN_EXE_chat-server"))
        .env("CHAT_BIND", format!("127.0.0.1:{http_port}"))
        .env("DATABASE_URL", "memory")
        .env("CHAT_DATA_DIR", &data)
        .env("CHAT_JWT_SECRET", SECRET)
        .env("CHAT_UPLOAD_STORAGE", "s3")
        .env("CHAT_S3_BUCKET", "chat-files")
        .env("CHAT_S3_ENDPOINT", &endpoint)
        .env("AWS_ACCESS_KEY_ID", "test")
        .env("AWS_SECRET_ACCESS_KEY", "test")
        .env("AWS_REGION", "us-east-1")
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{http_port}");
    let ready_url = format!("{base}/ready");
    let ready = until_success(200, Duration::from_millis(50), || client.get(&ready_url)).await;
    let (client2, base2, endpoint2, data2) = (client.clone(), base.clone(), endpoint.clone(), data.clone());
    let outcome = async move {
        let (client, base, endpoint, data) = (client2, base2, endpoint2, data2);
        assert!(ready, "the server did not start");
        let registered = json_of(
            client
                .post(format!("{base}/api/auth/register"))
                .json(&json!({ "username": "ada", "password": "password123" })),
        )
        .await;
        let token = registered["accessToken"].as_str().unwrap().to_owned();
        let part = multipart::Part::bytes(image_bytes(50, 40, ImageFormat::Png)).file_name("cloud.png");
        let form = multipart::Form::new().part("file", part);
        let uploaded = json_of(client.post(format!("{base}/api/uploads")).bearer_auth(&token).multipart(form)).await;
        let job_url = format!("{base}/api/jobs/{}", uploaded["jobId"].as_str().unwrap());
        let mut job = Value::Null;
        for _ in 0..200 {
            job = json_of(client.get(&job_url).bearer_auth(&token)).await;
            if job["status"] == "completed" || job["status"] == "failed" {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(job["status"], "completed", "{job}");
        let id = uploaded["id"].as_str().unwrap();
        // moto lists what it stores; the bucket itself needs signed requests.
        let inventory =
            client.get(format!("{endpoint}/moto-api/data.json")).send().await.unwrap().text().await.unwrap();
        assert!(inventory.contains(&format!("uploads/{id}")), "the file is in the bucket");
        assert!(inventory.contains(&format!("uploads/{id}.thumb")), "so is its thumbnail");
        assert!(!data.join("uploads").exists(), "nothing went to the local folder");
        let served = client.get(format!("{base}{}", uploaded["url"].as_str().unwrap())).send().await.unwrap();
        assert_eq!(image::load_from_memory(&served.bytes().await.unwrap()).unwrap().width(), 50);
    };
    let result = tokio::spawn(outcome).await;
    let _ = server.kill();
    let _ = server.wait();
    let _ = std::fs::remove_dir_all(&data);
    drop(s3);
    if let Err(panic) = result {
        std::panic::resume_unwind(panic.into_panic());
    }
}

fn which_moto() -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").ok_or(())?;
    std::env::split_paths(&path).map(|dir| dir.join("moto_server")).find(|p| p.is_file()).ok_or(())
}
