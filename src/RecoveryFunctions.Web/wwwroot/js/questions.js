// The security question list, from the API in the page's language, into a <select> (keeping the choice).
import { api } from './api.js';
import { el } from './ui.js';

export async function fillQuestions(select) {
  const chosen = select.value;
  const questions = await api.securityQuestions();
  select.replaceChildren(select.options[0], ...questions.map((q) => el('option', { value: q.id }, q.text)));
  select.value = chosen;
}
