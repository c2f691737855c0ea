// Sign-in: the session token goes to sessionStorage (this tab only), then to the account space.
import { api } from '../api.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { layout, handleForm } from '../ui.js';
import { signInWithPasskey, passkeysSupported } from '../passkeys.js';

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
  session.save(await api.signIn(email, password));
  location.assign(next);
});

// ---- Passkeys (docs/security/passkeys.md): shown only where the browser can use one ----
const passkeySection = document.getElementById('passkey-sign-in');
if (passkeysSupported()) {
  handleForm(document.getElementById('passkey-sign-in-form'), async () => {
    session.save({ ...await signInWithPasskey(), passkey: true });
    location.assign(next);
  });
} else {
  passkeySection.hidden = true;
}
