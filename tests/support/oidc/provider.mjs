// A real OpenID provider for gladshare's sign-in tests (panva/oidc-provider 8.x).
//
// Configured by the environment, so the pytest fixture decides everything:
//   OIDC_PORT            loopback port to listen on
//   OIDC_CLIENT_ID       the one confidential client's id
//   OIDC_CLIENT_SECRET   ... and its secret
//   OIDC_REDIRECT_URIS   comma-separated redirect URIs registered for it
//   OIDC_ACCOUNTS        JSON: {"<login>": {"name": …, "email": …, "email_verified": …, "groups": […]}}
// Sign-in uses the provider's development interactions (a login form that accepts
// any password, then a consent form); the account id is the login typed in.
import Provider from 'oidc-provider';

const port = Number(process.env.OIDC_PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS ?? '{}');

const configuration = {
  clients: [
    {
      client_id: process.env.OIDC_CLIENT_ID,
      client_secret: process.env.OIDC_CLIENT_SECRET,
      redirect_uris: (process.env.OIDC_REDIRECT_URIS ?? '').split(',').filter(Boolean),
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  claims: {
    email: ['email', 'email_verified'],
    profile: ['name'],
    groups: ['groups'],
  },
  // Refuse any authorization request without a PKCE S256 challenge.
  pkce: { methods: ['S256'], required: () => true },
  cookies: { keys: ['gladshare-test-cookie-key-not-secret'] },
  features: { devInteractions: { enabled: true } },
  async findAccount(ctx, id) {
    const account = accounts[id];
    if (!account) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, ...account }) };
  },
};

const provider = new Provider(issuer, configuration);
provider.listen(port, '127.0.0.1', () => {
  process.stdout.write(`oidc-provider listening on ${issuer}\n`);
});
