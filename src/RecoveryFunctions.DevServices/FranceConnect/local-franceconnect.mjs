// A local OpenID provider that behaves as FranceConnect v2 documents it for a service provider
// (docs/security/franceconnect.md lists the sources): its paths under /api/v2, ES256-signed ID tokens and userinfo
// (application/jwt), the pivot identity's claims, acr eidas1, and its strictness. Built on oidc-provider; started
// by LocalFranceConnectProcess with its configuration as JSON in FRANCECONNECT_LOCAL_CONFIG; prints one line
// "listening <issuer>" once it accepts requests.
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider, { errors } from 'oidc-provider';

const config = JSON.parse(process.env.FRANCECONNECT_LOCAL_CONFIG ?? '{}');
for (const name of ['clientId', 'clientSecret', 'redirectUris', 'postLogoutRedirectUris']) {
  if (!config[name]) {
    console.error(`FRANCECONNECT_LOCAL_CONFIG lacks ${name}`);
    process.exit(2);
  }
}

const identities = JSON.parse(readFileSync(new URL('./test-identities.json', import.meta.url), 'utf8'));
const prefix = '/api/v2';
const pivotClaims = ['given_name', 'family_name', 'birthdate', 'gender', 'birthplace', 'birthcountry'];
const claimScopes = [...pivotClaims, 'email', 'preferred_username'];

// FranceConnect gives each service provider its own sub for a person: 64 hex digits and a version suffix.
const subFor = (identity) => createHash('sha256').update(`${config.clientId}|${identity.login}`).digest('hex') + 'v1';
const bySub = new Map(identities.map((identity) => [subFor(identity), identity]));

const escape = (text) => String(text).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const page = (title, body) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} – FranceConnect (local)</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#161616}
fieldset{border:1px solid #666;padding:1rem}label{display:block;padding:.25rem 0}button{font:inherit;padding:.5rem 1rem;margin-top:1rem;background:#000091;color:#fff;border:0}
button:focus,input:focus{outline:3px solid #0a76f6;outline-offset:2px}</style></head>
<body><main>${body}</main></body></html>`;

// The refusals FranceConnect documents for /api/v2/authorize and oidc-provider does not make by itself.
function strictAuthorize(params) {
  for (const name of ['state', 'nonce']) {
    if (!params.get(name)) {
      throw new errors.InvalidRequest(`missing required parameter '${name}'`);
    }
  }

  if (params.get('acr_values') !== 'eidas1') {
    throw new errors.InvalidRequest("acr_values must be 'eidas1'");
  }
}

async function start() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, config.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address();
  const issuer = `http://${address}:${port}${prefix}`;
  const signingKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ format: 'jwk' });

  const provider = new Provider(issuer, {
    clients: [{
      client_id: config.clientId,
      client_secret: config.clientSecret,
      redirect_uris: config.redirectUris,
      post_logout_redirect_uris: config.postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_post',
      id_token_signed_response_alg: 'ES256',
      userinfo_signed_response_alg: 'ES256',
    }],
    jwks: { keys: [{ ...signingKey, kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'ES256' }] },
    routes: {
      authorization: '/authorize',
      token: '/token',
      userinfo: '/userinfo',
      end_session: '/session/end',
      jwks: '/jwks',
    },
    scopes: ['openid', ...claimScopes],
    claims: Object.fromEntries([['openid', ['sub']], ...claimScopes.map((claim) => [claim, [claim]])]),
    acrValues: ['eidas1'],
    responseTypes: ['code'],
    enabledJWA: { idTokenSigningAlgValues: ['ES256', 'RS256'], userinfoSigningAlgValues: ['ES256', 'RS256'] },
    pkce: { required: () => false },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    ttl: { AuthorizationCode: 60, AccessToken: 60, IdToken: 60, Interaction: 600, Session: 600, Grant: 600 },
    features: {
      devInteractions: { enabled: false },
      pushedAuthorizationRequests: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // FranceConnect ends its session without asking: the form submits itself.
        logoutSource: async (ctx, form) => {
          ctx.body = page('Déconnexion', `<h1>Déconnexion de FranceConnect</h1>${form.replace('</form>', '<input type="hidden" name="logout" value="yes"></form>')}
<button type="submit" form="op.logoutForm">Continuer</button><script>document.forms[0].submit()</script>`);
        },
        postLogoutSuccessSource: async (ctx) => {
          ctx.body = page('Déconnecté', '<h1>Vous êtes déconnecté de FranceConnect.</h1>');
        },
      },
    },
    // The identity chosen is the person's consent for this local provider; FranceConnect's own consent page is not mimicked.
    loadExistingGrant: async (ctx) => {
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
      grant.addOIDCScope(ctx.oidc.params.scope);
      await grant.save();
      return grant;
    },
    findAccount: async (ctx, sub) => {
      const identity = bySub.get(sub);
      if (!identity) {
        return undefined;
      }

      return {
        accountId: sub,
        claims: async () => {
          const { login, ...claims } = identity;
          return { sub, ...claims };
        },
      };
    },
    interactions: { url: async (ctx, interaction) => `${prefix}/interaction/${interaction.uid}` },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page('Erreur', `<h1>Erreur FranceConnect (local)</h1><p><strong>${escape(out.error)}</strong> : ${escape(out.error_description ?? '')}</p>`);
    },
  });

  provider.use(async (ctx, next) => {
    if (ctx.path === '/authorize') {
      if (ctx.method !== 'GET') {
        throw new errors.InvalidRequest('only GET is served at /api/v2/authorize');
      }

      strictAuthorize(new URLSearchParams(ctx.querystring));
    }

    await next();
  });

  const loginForm = (uid) => page('Connexion', `<h1>FranceConnect (local) : choisissez une identité de test</h1>
<form method="post" action="${prefix}/interaction/${escape(uid)}/login">
<fieldset><legend>Identité de test</legend>
${identities.map((identity, index) => `<label><input type="radio" name="login" value="${escape(identity.login)}"${index === 0 ? ' checked' : ''}> ${escape(identity.given_name)} ${escape(identity.family_name)}, né(e) le ${escape(identity.birthdate)}</label>`).join('\n')}
</fieldset>
<button type="submit">Se connecter</button>
</form>`);

  const readForm = (req) => new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => resolve(new URLSearchParams(body)));
    req.on('error', reject);
  });

  const interaction = new RegExp(`^${prefix}/interaction/([A-Za-z0-9_-]+)(/login)?$`);
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    try {
      const path = new URL(req.url, issuer).pathname;
      const match = interaction.exec(path);
      if (match) {
        const details = await provider.interactionDetails(req, res);
        if (match[2] && req.method === 'POST') {
          const login = (await readForm(req)).get('login');
          const identity = identities.find((candidate) => candidate.login === login);
          if (!identity) {
            res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Erreur', '<h1>Identité de test inconnue</h1>'));
            return;
          }

          await provider.interactionFinished(req, res, { login: { accountId: subFor(identity), acr: 'eidas1', amr: ['pwd'] } }, { mergeWithLastSubmission: false });
          return;
        }

        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(loginForm(details.uid));
        return;
      }

      if (!path.startsWith(prefix)) {
        res.writeHead(404).end();
        return;
      }

      req.originalUrl = req.url;
      req.url = req.url.slice(prefix.length) || '/';
      callback(req, res);
    } catch (error) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' }).end(page('Erreur', `<h1>Erreur</h1><p>${escape(error.message)}</p>`));
    }
  });

  console.log(`listening ${issuer}`);
}

start().catch((error) => {
  console.error(error);
  process.exit(1);
});
