# Release image of chat-server: the binary and the built web client.

FROM node:20-bookworm-slim AS web
WORKDIR /src/web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM rust:1.95-bookworm AS server
WORKDIR /src
COPY . .
# The web client comes from the previous stage; build.rs sees it and does not run npm.
COPY --from=web /src/web/dist web/dist
RUN cargo build --release -p chat-server --locked

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --home /app chat
WORKDIR /app
COPY --from=server /src/target/release/chat-server /usr/local/bin/chat-server
COPY --from=web /src/web/dist /app/web
ENV CHAT_BIND=0.0.0.0:3000 \
    CHAT_WEB_DIR=/app/web \
    CHAT_DATA_DIR=/app/data \
    CHAT_LOG_JSON=true
RUN mkdir -p /app/data && chown chat /app/data
USER chat
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:3000/ready || exit 1
CMD ["chat-server"]
