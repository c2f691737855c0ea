// Forgotten username (contract §2.4): subscriber number + captcha; the address is emailed, never shown.
import { api } from '../api.js';
import { layout, handleForm, captcha, showStep } from '../ui.js';

layout();
const form = document.getElementById('username-form');
const challenge = captcha(form, 'username-recovery');
handleForm(form, async ({ subscriberNumber }) => {
  const sent = await api.recoverUsername(subscriberNumber.replace(/\s/g, ''), await challenge.answer());
  document.getElementById('sent-message').textContent = sent.message;
  showStep(document.querySelector('section[data-step="sent"]'));
}, { captcha: challenge, fieldFor: { 'subscriber-number-invalid': 'subscriberNumber' } });
