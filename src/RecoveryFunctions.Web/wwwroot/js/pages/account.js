// The account space, "gérer vos coordonnées" (contract §2.2). Without a live session, back to sign-in.
// A password change closes every session, this one included: the holder signs in again. Recovery codes: a new set
// is shown once (recovery-codes.js), the line above the form says how many are left.
import { api } from '../api.js';
import { goToFranceConnect } from '../franceconnect-purpose.js';
import { t, onLanguageChange, sayFromScript } from '../i18n.js';
import { session } from '../session.js';
import { layout, handleForm, livePasswordRules, matchesConfirmation, renderSummary, flowTimer, formatDate } from '../ui.js';
import { fillQuestions } from '../questions.js';
import { showRecoveryCodes, recoveryCodesStatus } from '../recovery-codes.js';
import { createPasskey, passkeysSupported } from '../passkeys.js';
import { renderPasskeys } from '../passkey-list.js';

// Set by the sign-out before its request: a request still in flight then answers 401, and the page must say
// « Vous êtes déconnecté », not that the session ended.
let signingOut = false;
const signInAgain = (reason) => {
  const why = signingOut ? 'signed-out' : reason;
  session.clear();
  location.replace(`/connexion/${why ? `?message=${why}` : ''}`);
};

const current = session.current();
if (!current) signInAgain('session-ended');
const token = current?.sessionToken;

layout();
const status = document.getElementById('account-status');
const summary = document.getElementById('summary');
let holder;
const codesStatus = document.getElementById('codes-status');
const refresh = async () => {
  holder = await api.account(token);
  renderSummary(summary, holder, token);
  codesStatus.textContent = recoveryCodesStatus(await api.recoveryCodes(token));
  await refreshPasskeys();
  await refreshFranceConnect();
};
const onProblem = (problem) => {
  if (problem.code !== 'session-invalid') return false;
  signInAgain('session-ended');
  return true;
};
const fieldFor = { 'password-incorrect': 'currentPassword', 'email-taken': 'newEmail', 'email-unchanged': 'newEmail' };
const done = async (form, message) => {
  form?.reset();
  status.hidden = false;
  status.textContent = t(message);
  await refresh();
  status.focus();
};
status.tabIndex = -1;

// ---- Standards profile Asvs (docs/security/standards-profile.md): no security question to change, none mentioned ----
api.profile().then((profile) => {
  if (profile.securityQuestion) return;
  document.getElementById('question-form').closest('section').remove();
  sayFromScript(document.getElementById('codes-intro'), 'account.codes.intro.asvs');
}, () => {});

// ---- Passkeys (docs/security/passkeys.md) ----
const refreshPasskeys = async () => renderPasskeys(document.getElementById('passkeys-list'), document.getElementById('passkeys-none'),
  await api.passkeys(token), token, { changed: (message) => done(null, message), onProblem });

// ---- FranceConnect (docs/security/franceconnect.md): bound yes/no, the form for the other state. ----
const refreshFranceConnect = async () => {
  const state = await api.franceConnectStatus(token);
  document.getElementById('fc-status').textContent = state.bound ? t('account.fc.bound', { date: formatDate(state.boundAt) }) : t('account.fc.notBound');
  document.getElementById('fc-bind-form').hidden = state.bound;
  document.getElementById('fc-unbind-form').hidden = !state.bound;
};

if (token) {
  refresh().then(() => {
    // Back from FranceConnect (the API's callback, then FranceConnect's logout): say so once, then drop the marker.
    if (new URLSearchParams(location.search).get('franceconnect') === 'bound') {
      history.replaceState(null, '', location.pathname);
      status.hidden = false;
      status.textContent = t('account.fc.boundDone');
      status.focus();
    }
  }, onProblem);
  flowTimer(document.getElementById('timer'), current.expiresAt, {
    text: 'timer.session',
    onExpired: () => signInAgain('session-ended'),
    extend: async () => {
      const extended = await api.extendSession(token);
      session.save({ sessionToken: token, expiresAt: extended.expiresAt, passkey: current.passkey });
      return extended;
    },
  });
  const questions = document.getElementById('q-securityQuestionId');
  fillQuestions(questions);
  onLanguageChange(() => { fillQuestions(questions); refresh(); });
  livePasswordRules(document.getElementById('pw-newPassword'), document.getElementById('pw-rules'));

  // Signed in with a passkey: the current password may stay blank (the API allows it for a few minutes after).
  if (current.passkey) {
    const currentPasswordField = document.getElementById('pw-currentPassword');
    currentPasswordField.required = false;
    currentPasswordField.setAttribute('aria-describedby', 'pw-passkey-hint');
    document.getElementById('pw-passkey-hint').hidden = false;
  }
  handleForm(document.getElementById('password-form'), async ({ currentPassword, newPassword }) => {
    await api.changePassword(token, current.passkey && !currentPassword ? null : currentPassword, newPassword);
    signInAgain('password-changed');
  }, { onProblem, fieldFor, validate: (f) => matchesConfirmation(f, 'newPassword', 'newPasswordConfirmation') });
  const questionForm = document.getElementById('question-form');
  handleForm(questionForm, async ({ currentPassword, securityQuestionId, securityAnswer }) => {
    await api.changeQuestion(token, currentPassword, Number(securityQuestionId), securityAnswer);
    await done(questionForm, 'account.questionChanged');
  }, { onProblem, fieldFor });
  const phoneForm = document.getElementById('phone-form');
  handleForm(phoneForm, async ({ currentPassword, phone }) => {
    await api.changePhone(token, currentPassword, phone.trim() || null);
    await done(phoneForm, phone.trim() ? 'account.phoneChanged' : 'account.phoneRemoved');
  }, { onProblem, fieldFor });
  const emailForm = document.getElementById('email-form');
  handleForm(emailForm, async ({ currentPassword, newEmail }) => {
    await api.changeEmail(token, currentPassword, newEmail);
    await done(emailForm, 'account.emailRequested');
  }, { onProblem, fieldFor });
  const codesForm = document.getElementById('codes-form');
  handleForm(codesForm, async ({ currentPassword }) => {
    const set = await api.generateRecoveryCodes(token, currentPassword);
    codesForm.reset();
    status.hidden = false;
    status.textContent = t('account.codes.created');
    await refresh();
    showRecoveryCodes(document.getElementById('codes-result'), set, holder.email);
  }, { onProblem, fieldFor });
  // ---- Passkeys ----
  const passkeyForm = document.getElementById('passkey-form');
  if (passkeysSupported()) {
    handleForm(passkeyForm, async ({ currentPassword, name }) => {
      await createPasskey(token, currentPassword, name);
      await done(passkeyForm, 'account.passkeys.created');
    }, { onProblem, fieldFor });
  } else {
    passkeyForm.hidden = true;
    document.getElementById('passkeys-unsupported').hidden = false;
  }
  // ---- FranceConnect ----
  handleForm(document.getElementById('fc-bind-form'), async ({ currentPassword }) => {
    const { authorizationUrl } = await api.bindFranceConnect(token, currentPassword);
    goToFranceConnect('bind', authorizationUrl);
  }, { onProblem, fieldFor });
  const unbindForm = document.getElementById('fc-unbind-form');
  handleForm(unbindForm, async () => {
    await api.unbindFranceConnect(token);
    await done(null, 'account.fc.unbound');
  }, { onProblem });
  handleForm(document.getElementById('sign-out-form'), async () => {
    signingOut = true;
    await api.signOut(token).catch(() => undefined);
    signInAgain('signed-out');
  });
}
