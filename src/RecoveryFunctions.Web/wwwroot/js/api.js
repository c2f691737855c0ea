// Every call the front ends make to the recovery API (contract §3), in one module: when a route or a body
// changes, this is the only file to edit. The API runs on its own origin, named by /config.json.
import { language } from './i18n.js';

let settings;
/** /config.json: the API's origin and, in Azure, the Entra ID registration of the helpdesk console. */
export const siteConfig = () => (settings ??= fetch('/config.json', { cache: 'no-store' }).then((r) => r.json()));
let profile;
const apiBase = async () => (await siteConfig()).apiBaseUrl.replace(/\/$/, '');

/** An RFC 9457 problem from the API (or a network failure, code "network-error"). */
export class ApiProblem extends Error {
  constructor(status, body) {
    super(body?.title ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? (status === 0 ? 'network-error' : 'unexpected');
    this.title = body?.title;
    this.detail = body?.detail;
    this.errors = body?.errors ?? {};
  }
}

async function call(method, path, { body, bearer, reason, accept = 'application/json' } = {}) {
  const headers = { Accept: accept, 'Accept-Language': language() };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  // Header values are ASCII: an accented reason travels as an RFC 8187 extended value.
  if (reason) headers['X-Assistance-Reason'] = /^[\x20-\x7e]*$/.test(reason) ? reason : `UTF-8''${encodeURIComponent(reason)}`;
  let response;
  try {
    response = await fetch(`${await apiBase()}${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
    });
  } catch {
    throw new ApiProblem(0, null);
  }
  if (response.ok && accept !== 'application/json') return response.blob();
  const data = response.status === 204 ? null : await response.json().catch(() => null);
  if (!response.ok) throw new ApiProblem(response.status, data);
  return data;
}

const post = (path, body, options) => call('POST', path, { body, ...options });
const put = (path, body, bearer) => call('PUT', path, { body, bearer });
const subscriber = (number) => `/api/assistance/accounts/${encodeURIComponent(number)}`;

export const api = {
  // The standards profile (Seed | Asvs): whether a security question exists and the password rules. Read once a page.
  profile: () => (profile ??= call('GET', '/api/profile')),
  securityQuestions: () => call('GET', '/api/security-questions'),
  // purpose: the step the challenge is bound to (registration, password-recovery, username-recovery).
  // Its answer, `captcha` below, is {captchaId, captchaText?, captchaProof?}: the parts the challenge had.
  newCaptcha: (purpose) => post('/api/captchas', { purpose }),
  // The challenge read aloud (WAV, in the page's language): audioUrl is the path the challenge named.
  captchaAudio: (audioUrl) => call('GET', audioUrl, { accept: 'audio/wav' }),
  // The 2× image's absolute URL, for `srcset`: the browser fetches it only on a screen (or zoom) that needs it.
  captchaImageUrl: async (path) => `${await apiBase()}${path}`,
  register: (body) => post('/api/accounts', body),
  activate: (token) => post('/api/accounts/activate', { token }),
  signIn: (email, password) => post('/api/sessions', { email, password }),
  signOut: (session) => call('DELETE', '/api/sessions/current', { bearer: session }),
  extendSession: (session) => post('/api/sessions/current/extend', undefined, { bearer: session }),
  account: (session) => call('GET', '/api/account', { bearer: session }),
  summaryPdf: (session) => call('GET', '/api/account/summary.pdf', { bearer: session, accept: 'application/pdf' }),
  changePassword: (session, currentPassword, newPassword) => put('/api/account/password', { currentPassword, newPassword }, session),
  changeQuestion: (session, currentPassword, securityQuestionId, securityAnswer) =>
    put('/api/account/security-question', { currentPassword, securityQuestionId, securityAnswer }, session),
  changePhone: (session, currentPassword, phone) => put('/api/account/phone', { currentPassword, phone }, session),
  changeEmail: (session, currentPassword, newEmail) => put('/api/account/email', { currentPassword, newEmail }, session),
  confirmEmail: (token) => post('/api/account/email/confirm', { token }),
  // Saved recovery codes: a new set (shown once, never stored by the site), and how many are left.
  generateRecoveryCodes: (session, currentPassword) => post('/api/account/recovery-codes', { currentPassword }, { bearer: session }),
  recoveryCodes: (session) => call('GET', '/api/account/recovery-codes', { bearer: session }),
  // Passkeys (docs/security/passkeys.md): creation asks the password again; credentials are the browser's toJSON().
  passkeyCreationOptions: (session, currentPassword) => post('/api/account/passkeys/options', { currentPassword }, { bearer: session }),
  createPasskey: (session, credential, name) => post('/api/account/passkeys', { credential, name }, { bearer: session }),
  passkeys: (session) => call('GET', '/api/account/passkeys', { bearer: session }),
  renamePasskey: (session, id, name) => call('PATCH', `/api/account/passkeys/${encodeURIComponent(id)}`, { body: { name }, bearer: session }),
  deletePasskey: (session, id) => call('DELETE', `/api/account/passkeys/${encodeURIComponent(id)}`, { bearer: session }),
  // FranceConnect (docs/security/franceconnect.md): binding asks the password again and answers where to send the browser.
  franceConnectStatus: (session) => call('GET', '/api/account/franceconnect', { bearer: session }),
  bindFranceConnect: (session, currentPassword) => post('/api/account/franceconnect', { currentPassword }, { bearer: session }),
  unbindFranceConnect: (session) => call('DELETE', '/api/account/franceconnect', { bearer: session }),
  passkeySignInOptions: () => post('/api/sessions/passkey/options'),
  signInWithPasskey: (ceremonyId, credential) => post('/api/sessions/passkey', { ceremonyId, credential }),
  startFranceConnectRecovery: () => post('/api/password-recovery/franceconnect'),
  startFranceConnectRegistration: () => post('/api/accounts/franceconnect'),
  recoverWithCode: (email, recoveryCode, captcha) => post('/api/password-recovery/recovery-code', { email, recoveryCode, ...captcha }),
  startRecovery: (email, captcha) => post('/api/password-recovery', { email, ...captcha }),
  verifyLink: (token) => post('/api/password-recovery/verify', { token }),
  verifyCode: (flowId, code) => post('/api/password-recovery/verify', { flowId, code }),
  extendRecovery: (flowId) => post('/api/password-recovery/extend', { flowId }),
  // Under Asvs, after the mailbox proof: one saved recovery code, the enrolled factor (contract §2.3).
  factor: (flowId, recoveryCode) => post('/api/password-recovery/factor', { flowId, recoveryCode }),
  answer: (flowId, answer) => post('/api/password-recovery/answer', { flowId, answer }),
  // newEmail: after FranceConnect only (docs/security/franceconnect.md); otherwise left out.
  resetPassword: (flowId, newPassword, newPasswordConfirmation, newEmail) =>
    post('/api/password-recovery/password', { flowId, newPassword, newPasswordConfirmation, ...(newEmail ? { newEmail } : {}) }),
  // body: {subscriberNumber?, email?, contactEmail?, contactPhone?, topic, message, language, ...captcha}.
  requestAssistance: (body) => post('/api/assistance-requests', body),
  recoverUsername: (subscriberNumber, captcha) => post('/api/username-recovery', { subscriberNumber, ...captcha }),
  agent: {
    lookUp: (token, reason, number) => call('GET', `/api/assistance/accounts?${new URLSearchParams({ subscriberNumber: number })}`, { bearer: token, reason }),
    // An address is personal data: it travels in a body, never in a URL.
    search: (token, reason, email) => post('/api/assistance/accounts/search', { email }, { bearer: token, reason }),
    sendLink: (token, reason, number) => post(`${subscriber(number)}/recovery-link`, undefined, { bearer: token, reason }),
    unlock: (token, reason, number) => post(`${subscriber(number)}/unlock`, undefined, { bearer: token, reason }),
    events: (token, reason, number) => call('GET', `${subscriber(number)}/events`, { bearer: token, reason }),
  },
  // The local host's development issuer (it exists only there, beside an API running in Development).
  devIssuer: {
    available: () => call('GET', '/dev-issuer/.well-known/openid-configuration').then(() => true, () => false),
    token: (name) => post('/dev-issuer/token', { name }),
  },
};
