//! Newtype identifiers: a `UserId` cannot be passed where a `ConversationId` is expected.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new, time-ordered (UUID v7) identifier.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }

            /// The underlying UUID.
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = crate::CoreError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s)
                    .map(Self)
                    .map_err(|_| crate::CoreError::bad_request(concat!("malformed ", stringify!($name))))
            }
        }

        impl From<Uuid> for $name {
            fn from(id: Uuid) -> Self {
                Self(id)
            }
        }
    };
}

id_type!(
    /// Identifies a user.
    UserId
);
id_type!(
    /// Identifies a conversation (direct, group or flash).
    ConversationId
);
id_type!(
    /// Identifies a message.
    MessageId
);
id_type!(
    /// Identifies one login: the refresh-token family and every access token issued from it.
    SessionId
);
id_type!(
    /// Identifies an uploaded file.
    UploadId
);
id_type!(
    /// Identifies a background job.
    JobId
);
