// Registration (contract §2.1): the same answer whether or not the address has an account; activation by email.
// « S’identifier avec FranceConnect » first (docs/security/franceconnect.md): back from FranceConnect's logout with the
// form's ticket and the email claim in the fragment (#franceconnect=ticket&expiresAt=…&email=…), which browsers never
// send to a server; the ticket goes with the registration, and activating the account binds the identity.
import { api } from '../api.js';
import { goToFranceConnect } from '../franceconnect-purpose.js';
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
const back = new URLSearchParams(location.hash.slice(1));
if (back.has('franceconnect')) history.replaceState(null, '', location.pathname);
const franceConnectTicket = back.get('franceconnect');
if (franceConnectTicket) {
  document.getElementById('fc-register').remove();
  form.elements.namedItem('email').value = back.get('email') ?? '';
  const verified = document.getElementById('fc-verified');
  verified.hidden = false;
  verified.focus();
} else {
  handleForm(document.getElementById('fc-form'), async () => goToFranceConnect('register', (await api.startFranceConnectRegistration()).authorizationUrl));
}
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
    ...(franceConnectTicket ? { franceConnectTicket } : {}),
  });
  document.getElementById('sent-message').textContent = sent.message;
  showStep(document.querySelector('section[data-step="sent"]'));
}, {
  validate: (f) => matchesConfirmation(f, 'password', 'passwordConfirmation'),
  captcha: challenge,
});
