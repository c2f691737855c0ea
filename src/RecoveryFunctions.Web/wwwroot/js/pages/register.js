// Registration (contract §2.1): the same answer whether or not the address has an account; activation by email.
import { api } from '../api.js';
import { language, onLanguageChange } from '../i18n.js';
import { layout, handleForm, captcha, showStep, livePasswordRules, matchesConfirmation } from '../ui.js';
import { fillQuestions } from '../questions.js';

layout();
const form = document.getElementById('register-form');
const challenge = captcha(form, 'registration');
livePasswordRules(form.elements.namedItem('password'), document.getElementById('password-rules'));
const select = form.elements.namedItem('securityQuestionId');
fillQuestions(select);
onLanguageChange(() => fillQuestions(select));
// Under Asvs there is no security question (ASVS 6.4.2): its fields leave the form, so nothing asks or sends one.
let asksQuestion = true;
api.profile().then((profile) => {
  asksQuestion = profile.securityQuestion;
  if (!asksQuestion) select.closest('fieldset').remove();
}, () => {});

handleForm(form, async ({ email, password, securityQuestionId, securityAnswer, phone }) => {
  const question = asksQuestion ? { securityQuestionId: Number(securityQuestionId), securityAnswer } : {};
  const sent = await api.register({
    email, password, ...question,
    phone: phone.trim() || null, language: language(), ...await challenge.answer(),
  });
  document.getElementById('sent-message').textContent = sent.message;
  showStep(document.querySelector('section[data-step="sent"]'));
}, {
  validate: (f) => matchesConfirmation(f, 'password', 'passwordConfirmation'),
  captcha: challenge,
});
