// Build step of the static site (run by azd before packaging, see azure.yaml): copies the browser files installed by
// `npm ci` (MSAL.js for the console, the ALTCHA widget for proof-of-work captchas, jsPDF for the recovery codes' PDF) into wwwroot, and writes
// wwwroot/config.json and the CSP's API origin when the deployment names them (API_BASE_URL, ENTRA_CLIENT_ID,
// ENTRA_AUTHORITY, ENTRA_API_SCOPE; HELPDESK_PHONE, the number every captcha offers as a way out; RECOVERY_SERVICE_*, the
// service's name, brand and address). `node build.mjs --local` copies only what the local site needs (the widget and jsPDF,
// from the repository's own node_modules; the console signs in with the development issuer there).
// Every run first stamps the shared parts of the pages (partials/*.html) into each page; `node build.mjs --stamp`
// does only that, after a partial was edited (PartialStampTests fails until it is done and committed).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const root = new URL('./wwwroot/', import.meta.url);
const local = process.argv.includes('--local');

/**
 * The skip link and header, the no-script notice and the footer are in each page's HTML (issue 25 item 11: a page
 * whose scripts fail is still whole), from one file each: between `<!-- stamp:NAME … -->` and `<!-- /stamp:NAME -->`
 * this writes partials/NAME.html, indented as the marker is. The pages are committed stamped, so the local site
 * (which serves wwwroot from source) and a deployment serve the same bytes.
 */
/**
 * A deployment's helpdesk phone (HELPDESK_PHONE) in the no-script notice: without scripts config.json is never read,
 * so the phone the captchas offer must be in the HTML to reach that person. The committed pages keep the bare
 * placeholder (the product has no number of its own); only a deployment's build fills it.
 */
function withHelpdeskPhone(partial) {
  const phone = local ? '' : (process.env.HELPDESK_PHONE ?? '').trim();
  if (!phone) return partial;
  const text = phone.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`).replace(/ /g, '&nbsp;');
  return partial.replace('<!-- helpdesk-phone -->', ` ou appelez-la au <a href="tel:${phone.replace(/[^+\d]/g, '')}">${text}</a>`);
}

function stampPages(folder = root) {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = new URL(entry.name + (entry.isDirectory() ? '/' : ''), folder);
    if (entry.isDirectory() && entry.name !== 'vendor') stampPages(path);
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const page = readFileSync(path, 'utf8');
    const stamped = page.replace(/^( *)(<!-- stamp:([\w-]+)\b.*-->\n)[\s\S]*?^\1(<!-- \/stamp:\3 -->)$/gm, (_, indent, open, name, close) => {
      const partial = withHelpdeskPhone(readFileSync(new URL(`./partials/${name}.html`, import.meta.url), 'utf8'));
      return indent + open + partial.replace(/^(?=.)/gm, indent) + indent + close;
    });
    if (stamped !== page) writeFileSync(path, stamped);
  }
}
stampPages();
if (process.argv.includes('--stamp')) process.exit(0);

/** A package's folder as Node resolves it: this folder's node_modules, then each parent's. */
function packageFolder(name) {
  for (let folder = new URL('./', import.meta.url); ; folder = new URL('../', folder)) {
    const candidate = new URL(`node_modules/${name}/`, folder);
    if (existsSync(new URL('package.json', candidate))) return candidate;
    if (folder.pathname === '/') throw new Error(`${name} is not installed: run npm ci`);
  }
}

function copy(name, files) {
  const folder = packageFolder(name);
  for (const [from, to] of Object.entries(files)) {
    const target = new URL(to, root);
    mkdirSync(dirname(target.pathname), { recursive: true });
    copyFileSync(new URL(from, folder), target);
  }
}

// The widget's build without bundled workers or styles: the page loads its CSS, and the SHA-256 worker is a
// same-origin file, so the strict CSP (script-src 'self', no blob:, no unsafe-*) covers both.
copy('altcha', {
  'dist/external/altcha.min.js': 'vendor/altcha/altcha.min.js',
  'dist/external/altcha.css': 'vendor/altcha/altcha.css',
  'dist/workers/sha.js': 'vendor/altcha/sha.js',
  'LICENSE.txt': 'vendor/altcha/LICENSE.txt',
});
// jsPDF for the recovery codes' "Télécharger": the PDF is built in the browser, so the codes never go back to a server.
copy('jspdf', {
  'dist/jspdf.umd.min.js': 'vendor/jspdf/jspdf.umd.min.js',
  'LICENSE': 'vendor/jspdf/LICENSE',
});
if (!local) copy('@azure/msal-browser', { 'lib/msal-browser.min.js': 'assistance/vendor/msal-browser.min.js' });

const { API_BASE_URL, ENTRA_CLIENT_ID, ENTRA_AUTHORITY, ENTRA_API_SCOPE, HELPDESK_PHONE } = process.env;
// The service's name, brand and address: the same Bicep parameters as the function app's Service__* settings.
const { RECOVERY_SERVICE_NAME, RECOVERY_SERVICE_ENGLISH_NAME, RECOVERY_SERVICE_BRAND, RECOVERY_SERVICE_ADDRESS } = process.env;
if (API_BASE_URL && !local) {
  const api = new URL(API_BASE_URL).origin;
  const config = { apiBaseUrl: api };
  if (RECOVERY_SERVICE_NAME) {
    config.service = { name: RECOVERY_SERVICE_NAME, englishName: RECOVERY_SERVICE_ENGLISH_NAME, brand: RECOVERY_SERVICE_BRAND, address: RECOVERY_SERVICE_ADDRESS };
  }
  if (HELPDESK_PHONE) config.helpdeskPhone = HELPDESK_PHONE;
  if (ENTRA_CLIENT_ID) config.entra = { clientId: ENTRA_CLIENT_ID, authority: ENTRA_AUTHORITY, apiScope: ENTRA_API_SCOPE };
  writeFileSync(new URL('config.json', root), `${JSON.stringify(config, null, 2)}\n`);
  // The committed policy names the local API (http://localhost:7071); a deployment names its own.
  const file = new URL('staticwebapp.config.json', root);
  writeFileSync(file, readFileSync(file, 'utf8').replaceAll('http://localhost:7071', api));
}
