// Forgotten password (contract §2.3): identify → prove the mailbox (code typed here, or the emailed link) →
// security question → new password → récapitulatif. "J'ai un code de secours" (contract §2.9): the same first step
// with a saved recovery code, which stands in for the mailbox and the question → new password → récapitulatif. The link's token is taken from the fragment and
// removed from the address bar at once; it is spent only when the person presses "Continuer".
import { api } from '../api.js';
import { t } from '../i18n.js';
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

const verified = (flow) => {
  flowId = flow.flowId;
  flowTimer(timer, flow.expiresAt, { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
  if (flow.securityQuestion) {
    document.getElementById('question-text').textContent = flow.securityQuestion.text;
    const attempts = document.getElementById('attempts');
    attempts.hidden = false;
    attempts.textContent = t('fp.attemptsLeft', { count: flow.attemptsLeft });
    showStep(step('question'), { number: 3, total: TOTAL });
  } else {
    // A helpdesk link: the agent checked identity, so the question is skipped.
    showStep(step('password'), { number: 4, total: TOTAL });
  }
};

const token = takeFragmentToken();
const identify = form('identify-form');
if (token) {
  showStep(step('link'), { number: 2, total: TOTAL, focus: false });
} else {
  const challenge = captcha(identify, 'password-recovery');
  showStep(step('identify'), { number: 1, total: TOTAL, focus: false });
  const codeField = document.getElementById('recoveryCode-field');
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
handleForm(answerForm, async ({ answer }) => {
  const next = await api.answer(flowId, answer);
  flowTimer(timer, next.expiresAt, { onExpired: () => fail({ code: 'flow-expired' }), extend: () => api.extendRecovery(flowId) });
  showStep(step('password'), { number: 4, total: TOTAL });
}, {
  onProblem: (problem) => {
    if (problem.code !== 'answer-incorrect') return fail(problem);
    const count = Number(problem.errors.attemptsLeft?.[0] ?? 0);
    // The count is in the field's message now: the notice under the form would say it a third time.
    document.getElementById('attempts').hidden = true;
    showErrors(answerForm, [{ input: answerForm.elements.namedItem('answer'), message: t('fp.wrongAnswer', { count }) }]);
    return true;
  },
});

const passwordForm = form('password-form');
livePasswordRules(passwordForm.elements.namedItem('newPassword'), document.getElementById('newPassword-rules'));
handleForm(passwordForm, async ({ newPassword, newPasswordConfirmation }) => {
  const summary = await api.resetPassword(flowId, newPassword, newPasswordConfirmation);
  timer.hidden = true;
  clearInterval(timer.timer);
  renderSummary(document.getElementById('summary'), summary);
  showStep(step('done'));
}, {
  validate: (f) => matchesConfirmation(f, 'newPassword', 'newPasswordConfirmation'),
  onProblem: fail,
});
