// Forgotten password (contract §2.3): identify → prove the mailbox (code typed here, or the emailed link) →
// what the API names next: the security question (Seed), one saved recovery code (Asvs, an account with codes), or
// straight on → new password → récapitulatif. "J'ai un code de secours" (contract §2.9): the same first step
// with a saved recovery code, which stands in for the mailbox and the question → new password → récapitulatif. The link's token is taken from the fragment and
// removed from the address bar at once; it is spent only when the person presses "Continuer".
import { api } from '../api.js';
import { goToFranceConnect } from '../franceconnect-purpose.js';
import { t, sayFromScript } from '../i18n.js';
import {
  layout, showStep, handleForm, captcha, livePasswordRules, matchesConfirmation, renderSummary, flowTimer,
  takeFragmentToken, showErrors, linkProblem,
} from '../ui.js';

layout();
const step = (name) => document.querySelector(`section[data-step="${name}"]`);
const form = (id) => document.getElementById(id);
const timer = document.getElementById('timer');
const TOTAL = 4;
let flowId;

const fail = (problem) => {
  if (!linkProblem(step('problem'), problem)) return false;
  timer.hidden = true;
  clearInterval(timer.timer);
  return true;
};

// Shown once, under the form, until a wrong try puts the count in the field's message.
const attemptsNotice = (id, count) => {
  const notice = document.getElementById(id);
  notice.hidden = false;
  notice.textContent = t('fp.attemptsLeft', { count });
};

const verified = (flow) => {
  flowId = flow.flowId;
  flowTimer(timer, flow.expiresAt, { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
  if (flow.next === 'answer') {
    document.getElementById('question-text').textContent = flow.securityQuestion.text;
    attemptsNotice('attempts', flow.attemptsLeft);
    showStep(step('question'), { number: 3, total: TOTAL });
  } else if (flow.next === 'factor') {
    // Asvs: the mailbox proof, then the factor the account enrolled (a saved recovery code).
    attemptsNotice('factor-attempts', flow.attemptsLeft);
    showStep(step('factor'), { number: 3, total: TOTAL });
  } else {
    // A helpdesk link (the agent checked identity), or Asvs with no factor enrolled: straight to the password.
    showStep(step('password'), { number: 4, total: TOTAL });
  }
};

/** A wrong answer or code: the field says it with the tries left (the notice under the form would say it twice). */
const wrongTry = (stepForm, field, noticeId, code, message) => (problem) => {
  if (problem.code !== code) return fail(problem);
  const count = Number(problem.errors.attemptsLeft?.[0] ?? 0);
  document.getElementById(noticeId).hidden = true;
  showErrors(stepForm, [{ input: stepForm.elements.namedItem(field), message: t(message, { count }) }]);
  return true;
};

const toPassword = (next) => {
  flowTimer(timer, next.expiresAt, { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
  showStep(step('password'), { number: 4, total: TOTAL });
};

// ---- FranceConnect (docs/security/franceconnect.md): back from FranceConnect's logout with a flow at the password
// stage in the fragment (#franceconnect=flowId&expiresAt=…), which browsers never send to a server. ----
const back = new URLSearchParams(location.hash.slice(1));
if (back.has('franceconnect')) history.replaceState(null, '', location.pathname);
const fcFlow = back.get('franceconnect');
handleForm(form('fc-form'), async () => goToFranceConnect('recover', (await api.startFranceConnectRecovery()).authorizationUrl), { onProblem: fail });
document.getElementById('fc-way').addEventListener('click', () => showStep(step('franceconnect'), { number: 1, total: 2 }));

const token = fcFlow ? null : takeFragmentToken();
const identify = form('identify-form');
if (fcFlow) {
  // Two steps in all: FranceConnect, then the new password (and, if the holder asks, a new login address).
  flowId = fcFlow;
  document.getElementById('newEmail-field').hidden = false;
  form('password-form').elements.namedItem('newEmail').disabled = false;
  flowTimer(timer, back.get('expiresAt'), { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
  showStep(step('password'), { number: 2, total: 2 });
} else if (token) {
  showStep(step('link'), { number: 2, total: TOTAL, focus: false });
} else {
  const challenge = captcha(identify, 'password-recovery');
  showStep(step('identify'), { number: 1, total: TOTAL, focus: false });
  const codeField = document.getElementById('recoveryCode-field');
  // Under Asvs a saved code comes after the mailbox, never instead of it: the choice leaves the form.
  api.profile().then((profile) => {
    // The HTML says the default lifetime (readable before any script); the service's own is said once known.
    sayFromScript(step('identify').querySelector('[data-i18n="fp.identify.intro"]'), 'fp.identify.introLifetime', { minutes: profile.recoveryLinkMinutes });
    if (profile.securityQuestion) return;
    identify.querySelector('fieldset.choice').remove();
    codeField.remove();
  }, () => {});
  const codeInput = identify.elements.namedItem('recoveryCode');
  for (const radio of identify.elements.namedItem('way')) {
    radio.addEventListener('change', () => {
      const withCode = identify.elements.namedItem('way').value === 'recovery-code';
      codeField.hidden = !withCode;
      codeInput.required = withCode;
    });
  }
  handleForm(identify, async ({ email, way, recoveryCode }) => {
    if (way === 'recovery-code') {
      // Two steps in all: this one, then the new password.
      const flow = await api.recoverWithCode(email, recoveryCode.trim(), await challenge.answer());
      flowId = flow.flowId;
      flowTimer(timer, flow.expiresAt, { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
      showStep(step('password'), { number: 2, total: 2 });
      return;
    }
    const started = await api.startRecovery(email, await challenge.answer());
    flowId = started.flowId;
    flowTimer(timer, started.expiresAt, { onExpired: () => fail({ code: 'link-expired' }) });
    showStep(step('mailbox'), { number: 2, total: TOTAL });
  }, { captcha: challenge, fieldFor: { 'recovery-code-invalid': 'recoveryCode', 'recovery-codes-locked': 'recoveryCode' } });
}

handleForm(form('link-form'), async () => verified(await api.verifyLink(token)), { onProblem: fail });
handleForm(form('code-form'), async ({ code }) => verified(await api.verifyCode(flowId, code.trim())), {
  fieldFor: { 'code-incorrect': 'code' },
  onProblem: fail,
});

const answerForm = form('answer-form');
handleForm(answerForm, async ({ answer }) => toPassword(await api.answer(flowId, answer)), {
  onProblem: wrongTry(answerForm, 'answer', 'attempts', 'answer-incorrect', 'fp.wrongAnswer'),
});
const factorForm = form('factor-form');
handleForm(factorForm, async ({ recoveryCode }) => toPassword(await api.factor(flowId, recoveryCode.trim())), {
  onProblem: wrongTry(factorForm, 'recoveryCode', 'factor-attempts', 'recovery-code-incorrect', 'fp.wrongCode'),
});

const passwordForm = form('password-form');
livePasswordRules(passwordForm.elements.namedItem('newPassword'), document.getElementById('newPassword-rules'));
handleForm(passwordForm, async ({ newPassword, newPasswordConfirmation, newEmail }) => {
  const summary = await api.resetPassword(flowId, newPassword, newPasswordConfirmation, newEmail?.trim());
  document.getElementById('newEmail-sent').hidden = !newEmail?.trim();
  timer.hidden = true;
  clearInterval(timer.timer);
  renderSummary(document.getElementById('summary'), summary);
  showStep(step('done'));
}, {
  validate: (f) => matchesConfirmation(f, 'newPassword', 'newPasswordConfirmation'),
  onProblem: fail,
});
