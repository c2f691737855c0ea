// Sign-in: the session token goes to sessionStorage (this tab only), then to the account space.
import { api, ApiProblem } from '../api.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { layout, handleForm, showProblem } from '../ui.js';
import { signInWithPasskey, signInWithPasskeyAutofill, passkeysSupported } from '../passkeys.js';

layout();
// Why the holder is here again (a password change, a sign-out, an ended session): a known word, never free text.
const reason = new URLSearchParams(location.search).get('message');
if (['password-changed', 'signed-out', 'session-ended'].includes(reason)) {
  const notice = document.getElementById('sign-in-notice');
  notice.hidden = false;
  notice.textContent = t(`signIn.${reason}`);
}
// From the recovery confirmation's « créez une clé d’accès »: the account space, at its passkeys (a known word only).
const next = new URLSearchParams(location.search).get('suite') === 'cles-d-acces' ? '/compte/#passkeys' : '/compte/';
handleForm(document.getElementById('sign-in-form'), async ({ email, password }) => {
  await stopAutofill();
  session.save(await api.signIn(email, password));
  location.assign(next);
});

// ---- Passkeys (docs/security/passkeys.md): shown only where the browser can use one. The autofill request
// (conditional mediation) is pending from load; the button or the form aborts it first (a browser runs one WebAuthn
// request at a time), and it is not started again: the person chose another way.
let autofill = null;
async function stopAutofill() {
  const current = autofill;
  autofill = null;
  current?.controller.abort();
  await current?.done;
}

const passkeySection = document.getElementById('passkey-sign-in');
if (passkeysSupported()) {
  handleForm(document.getElementById('passkey-sign-in-form'), async () => {
    await stopAutofill();
    session.save({ ...await signInWithPasskey(), passkey: true });
    location.assign(next);
  });
  const controller = new AbortController();
  const done = signInWithPasskeyAutofill(controller.signal).then((signedIn) => {
    if (!signedIn) return;
    session.save({ ...signedIn, passkey: true });
    location.assign(next);
  }, (problem) => {
    if (problem instanceof ApiProblem) showProblem(document.getElementById('passkey-sign-in-form'), problem);
  });
  autofill = { controller, done };
} else {
  passkeySection.hidden = true;
}
