// Passkeys in the site (docs/security/passkeys.md): the browser's WebAuthn JSON helpers turn the API's options into
// a ceremony and its answer back into JSON (PublicKeyCredential.parse…FromJSON, credential.toJSON()). A device
// prompt the person closes, or a browser without them, becomes a problem the page shows like the API's own.
import { api, ApiProblem } from './api.js';
import { t } from './i18n.js';

/** True when this browser can create and use passkeys with the JSON helpers the pages rely on. */
export const passkeysSupported = () => typeof globalThis.PublicKeyCredential?.parseCreationOptionsFromJSON === 'function'
  && typeof globalThis.PublicKeyCredential?.parseRequestOptionsFromJSON === 'function';

// The device's answer, or the problem "passkey-cancelled" (closed prompt, timeout, no usable key: the browser
// reports them all as NotAllowedError and tells the page nothing more, on purpose).
async function askDevice(ceremony) {
  if (!passkeysSupported()) throw new ApiProblem(0, { code: 'passkey-unsupported', title: t('passkey.unsupported') });
  try {
    return (await ceremony()).toJSON();
  } catch (error) {
    if (error instanceof ApiProblem) throw error;
    throw new ApiProblem(0, { code: 'passkey-cancelled', title: t('passkey.cancelled') });
  }
}

/** Asks the password again, lets the device make a key for this account, saves it under <paramref name="name"/>. */
export async function createPasskey(session, currentPassword, name) {
  const options = await api.passkeyCreationOptions(session, currentPassword);
  const credential = await askDevice(() => navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(options) }));
  return api.createPasskey(session, credential, name.trim() || null);
}

/** Signs in with any passkey of the site the device holds: the new session ({sessionToken, expiresAt}). */
export async function signInWithPasskey() {
  const { ceremonyId, options } = await api.passkeySignInOptions();
  const credential = await askDevice(() => navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) }));
  return api.signInWithPasskey(ceremonyId, credential);
}

/**
 * Passkey autofill (conditional mediation): a ceremony begun at load and a request that stays pending until the
 * person picks a passkey among the address field's suggestions (autocomplete="username webauthn"). Resolves with the
 * new session, or null when the browser has no autofill, when the ceremony could not be had (e.g. the client's
 * sign-in allowance is spent: the button and the form remain), or when <paramref name="signal"/> aborted it because the
 * person used the button or the form (one WebAuthn request at a time). The API's refusal of the answer is thrown.
 */
export async function signInWithPasskeyAutofill(signal) {
  if (!passkeysSupported() || !(await globalThis.PublicKeyCredential.isConditionalMediationAvailable?.())) return null;
  let ceremony;
  try {
    ceremony = await api.passkeySignInOptions();
  } catch {
    return null;
  }
  if (signal.aborted) return null;
  let credential;
  try {
    credential = await navigator.credentials.get({ mediation: 'conditional', signal, publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(ceremony.options) });
  } catch {
    return null;
  }
  return api.signInWithPasskey(ceremony.ceremonyId, credential.toJSON());
}
