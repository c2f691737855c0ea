// The online assistance request (contract §2.7): who (subscriber number and/or sign-in address), how to reply
// (contact address and/or phone), topic, message, captcha → always the same 202 with a reference.
import { api } from '../api.js';
import { language, t, onLanguageChange } from '../i18n.js';
import { layout, handleForm, captcha, showStep } from '../ui.js';
import { hasForbiddenCharacter } from '../text.js';

const MAX_MESSAGE = 2000;

layout();
const form = document.getElementById('request-form');
const field = (name) => form.elements.namedItem(name);
const challenge = captcha(form, 'assistance-request');

// The counter is shown at once; screen readers hear it once typing pauses, not at every key.
const message = field('message');
const count = document.getElementById('message-count');
const spoken = document.getElementById('message-count-status');
let pause;
const counted = () => {
  const left = MAX_MESSAGE - message.value.length;
  const number = (n) => new Intl.NumberFormat(language() === 'en' ? 'en-GB' : 'fr-FR').format(n);
  return left >= 0 ? t('request.charactersLeft', { count: number(left) }) : t('request.charactersOver', { count: number(-left) });
};
const renderCount = () => {
  count.textContent = counted();
  count.classList.toggle('over', message.value.length > MAX_MESSAGE);
  clearTimeout(pause);
  pause = setTimeout(() => { spoken.textContent = counted(); }, 1000);
};
message.addEventListener('input', renderCount);
onLanguageChange(() => { count.textContent = counted(); });
count.textContent = counted();

const blank = (name) => !field(name).value.trim();
const validate = () => [
  ...(blank('subscriberNumber') && blank('email') ? [{ input: field('subscriberNumber'), message: t('error.identifier-required') }] : []),
  ...(blank('contactEmail') && blank('contactPhone') ? [{ input: field('contactEmail'), message: t('error.contact-required') }] : []),
  ...(message.value.trim().length > MAX_MESSAGE ? [{ input: message, message: t('error.message-too-long') }] : []),
  ...(hasForbiddenCharacter(message.value, { multiline: true }) ? [{ input: message, message: t('error.text-invalid-character') }] : []),
];

const optional = (value) => value.trim() || undefined;
handleForm(form, async (values) => {
  const sent = await api.requestAssistance({
    subscriberNumber: optional(values.subscriberNumber.replace(/\s/g, '')),
    email: optional(values.email),
    contactEmail: optional(values.contactEmail),
    contactPhone: optional(values.contactPhone),
    topic: values.topic,
    message: values.message,
    language: language(),
    ...await challenge.answer(),
  });
  document.getElementById('sent-message').textContent = sent.message;
  document.getElementById('reference').textContent = sent.reference;
  showStep(document.querySelector('section[data-step="sent"]'));
}, {
  validate,
  captcha: challenge,
});
