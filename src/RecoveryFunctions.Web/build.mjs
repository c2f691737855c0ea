// Build step of the static site (run by azd before packaging, see azure.yaml): copies the MSAL.js browser
// bundle installed by `npm ci` into wwwroot/assistance/vendor, and writes wwwroot/config.json and the CSP's
// API origin when the deployment names them (API_BASE_URL, ENTRA_CLIENT_ID, ENTRA_AUTHORITY, ENTRA_API_SCOPE).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('./wwwroot/', import.meta.url);
mkdirSync(new URL('assistance/vendor/', root), { recursive: true });
copyFileSync(new URL('./node_modules/@azure/msal-browser/lib/msal-browser.min.js', import.meta.url), new URL('assistance/vendor/msal-browser.min.js', root));

const { API_BASE_URL, ENTRA_CLIENT_ID, ENTRA_AUTHORITY, ENTRA_API_SCOPE } = process.env;
if (API_BASE_URL) {
  const api = new URL(API_BASE_URL).origin;
  const config = { apiBaseUrl: api };
  if (ENTRA_CLIENT_ID) config.entra = { clientId: ENTRA_CLIENT_ID, authority: ENTRA_AUTHORITY, apiScope: ENTRA_API_SCOPE };
  writeFileSync(new URL('config.json', root), `${JSON.stringify(config, null, 2)}\n`);
  // The committed policy names the local API (http://localhost:7071); a deployment names its own.
  const file = new URL('staticwebapp.config.json', root);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('http://localhost:7071', api));
}
