// A real OpenID Connect provider (panva's oidc-provider, certified by the OpenID Foundation) for
// the sign-in tests: started by chat-server/tests/web.rs with
//   OIDC_PORT          the port to listen on (the issuer is http://127.0.0.1:<port>)
//   OIDC_KEY_PEM       the RSA private key it signs ID tokens with (kid "test-key"), which the
//                      tests also use to forge tokens
//   OIDC_REDIRECT_URI  the chat server's callback
// Its built-in (development) sign-in pages accept any login and password; the login is the subject.
import Provider from "oidc-provider";
import { createPrivateKey } from "node:crypto";
import { readFileSync } from "node:fs";

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const key = createPrivateKey(readFileSync(process.env.OIDC_KEY_PEM, "utf8")).export({ format: "jwk" });

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: "chat-web",
      client_secret: "chat-web-secret",
      redirect_uris: [process.env.OIDC_REDIRECT_URI],
      response_types: ["code"],
      grant_types: ["authorization_code"],
      token_endpoint_auth_method: "client_secret_basic",
    },
  ],
  jwks: { keys: [{ ...key, kid: "test-key", alg: "RS256", use: "sig" }] },
  async findAccount(_ctx, sub) {
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        name: "Grace Hopper",
        preferred_username: "grace",
        email: `${sub}@example.org`,
        email_verified: true,
      }),
    };
  },
  claims: { openid: ["sub"], profile: ["name", "preferred_username"], email: ["email", "email_verified"] },
  // The profile claims go into the ID token (the chat server reads no userinfo endpoint).
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  pkce: { required: () => true },
  cookies: { keys: ["oidc-provider-test-cookie-key"] },
  ttl: { AuthorizationCode: 60, IdToken: 600, AccessToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
});
provider.on("server_error", (_ctx, err) => console.error("provider error:", err));
provider.listen(port, "127.0.0.1", () => console.log(`oidc-provider listening at ${issuer}`));
