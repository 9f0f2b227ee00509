//! Users and conversations for a run, made over the REST API with fresh names.

use crate::Args;
use futures::{StreamExt, stream};
use serde_json::{Value, json};

/// Registrations in flight at once (the server hashes each password with Argon2id).
const REGISTER_CONCURRENCY: usize = 8;

/// What a run works with.
pub struct World {
    /// One access token per user, index = user number.
    pub tokens: Vec<String>,
    /// Conversation ids, and for each the user numbers of its members.
    pub conversations: Vec<(String, Vec<usize>)>,
}

impl World {
    pub async fn build(args: &Args) -> Result<Self, String> {
        let http = reqwest::Client::new();
        let run = uuid::Uuid::new_v4().simple().to_string();
        let users = match args.scenario.as_str() {
            "groups" | "fanout" => args.groups * args.members,
            _ => args.users,
        };
        let registered: Vec<Result<(String, String), String>> = stream::iter(0..users)
            .map(|i| register(&http, args, format!("lg{}u{i}", &run[..8])))
            .buffered(REGISTER_CONCURRENCY)
            .collect()
            .await;
        let (tokens, ids): (Vec<String>, Vec<String>) =
            registered.into_iter().collect::<Result<Vec<_>, _>>()?.into_iter().unzip();

        let memberships: Vec<Vec<usize>> = match args.scenario.as_str() {
            "groups" | "fanout" => {
                (0..args.groups).map(|g| (g * args.members..(g + 1) * args.members).collect()).collect()
            }
            "idle" => (0..users).collect::<Vec<_>>().chunks(args.members.max(2)).map(<[usize]>::to_vec).collect(),
            _ => pairs(args.conversations, users)?,
        };
        let mut conversations = Vec::with_capacity(memberships.len());
        for members in memberships {
            let (owner, others) = members.split_first().ok_or("empty conversation")?;
            if others.is_empty() {
                continue;
            }
            let body = if members.len() == 2 {
                json!({ "kind": "direct", "memberIds": [ids[others[0]]] })
            } else {
                json!({ "kind": "group", "name": "load", "memberIds": others.iter().map(|o| &ids[*o]).collect::<Vec<_>>() })
            };
            let created = post(&http, &format!("{}/api/conversations", args.url), Some(&tokens[*owner]), &body).await?;
            let id = created["id"].as_str().ok_or("conversation without id")?.to_owned();
            conversations.push((id, members));
        }
        Ok(Self { tokens, conversations })
    }

    /// Who sends to what, in turn: every member of every conversation.
    pub fn send_plan(&self) -> Vec<(usize, usize)> {
        let longest = self.conversations.iter().map(|(_, m)| m.len()).max().unwrap_or(0);
        let mut plan = Vec::new();
        for turn in 0..longest {
            for (c, (_, members)) in self.conversations.iter().enumerate() {
                if let Some(user) = members.get(turn) {
                    plan.push((*user, c));
                }
            }
        }
        plan
    }
}

/// `count` distinct pairs over `users` users: user `a` with `a + k` for k = 1, 2, …
fn pairs(count: usize, users: usize) -> Result<Vec<Vec<usize>>, String> {
    if users < 2 || count > users * ((users - 1) / 2) {
        return Err(format!("{users} users cannot form {count} distinct pairs"));
    }
    Ok((0..count).map(|i| vec![i % users, (i % users + 1 + i / users) % users]).collect())
}

async fn register(http: &reqwest::Client, args: &Args, username: String) -> Result<(String, String), String> {
    let body = json!({ "username": username, "password": args.password });
    let answer = post(http, &format!("{}/api/auth/register", args.url), None, &body).await?;
    let token = answer["accessToken"].as_str().ok_or("no accessToken")?.to_owned();
    let id = answer["user"]["id"].as_str().ok_or("no user id")?.to_owned();
    Ok((token, id))
}

async fn post(http: &reqwest::Client, url: &str, token: Option<&str>, body: &Value) -> Result<Value, String> {
    let mut request = http.post(url).json(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.map_err(|e| format!("POST {url}: {e}"))?;
    let status = response.status();
    let value: Value = response.json().await.map_err(|e| format!("POST {url}: {e}"))?;
    if !status.is_success() {
        return Err(format!("POST {url}: {status} {value}"));
    }
    Ok(value)
}
