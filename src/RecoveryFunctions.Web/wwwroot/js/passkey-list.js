// The account space's list of passkeys: name, created, last used (in the person's language, Paris time, like the
// page's other dates), "Renommer" (a small form in place) and "Supprimer" (asks to confirm in place). Each change is
// said in the page's status message, which takes focus; the list is drawn again from the API.
import { api } from './api.js';
import { t } from './i18n.js';
import { el, formatDate, handleForm } from './ui.js';

/** Draws <paramref name="views"/> in the list; <paramref name="changed"/>(messageKey) after a rename or a delete. */
export function renderPasskeys(list, none, views, token, { changed, onProblem }) {
  none.hidden = views.length > 0;
  list.hidden = views.length === 0;
  list.replaceChildren(...views.map((view, index) => {
    const nameId = `passkey-${index}-name`;
    const item = el('li', { class: 'passkey' },
      el('p', { class: 'passkey-name', id: nameId }, view.name),
      el('p', { class: 'hint' }, t('account.passkeys.dates', {
        created: formatDate(view.createdAt),
        used: view.lastUsedAt ? formatDate(view.lastUsedAt) : t('account.passkeys.neverUsed'),
      })));
    const actions = el('div', { class: 'actions' },
      el('button', { type: 'button', class: 'secondary', 'aria-describedby': nameId }, t('account.passkeys.rename')),
      el('button', { type: 'button', class: 'secondary', 'aria-describedby': nameId }, t('account.passkeys.delete')));
    const [rename, remove] = actions.children;
    item.append(actions);
    const inPlace = (form, focus) => {
      actions.hidden = true;
      item.append(form);
      form.querySelector('.cancel').addEventListener('click', () => { form.remove(); actions.hidden = false; rename.focus(); });
      focus.focus();
    };
    rename.addEventListener('click', () => {
      const input = el('input', { id: `passkey-${index}-newName`, name: 'name', type: 'text', maxlength: '64', autocomplete: 'off', required: true });
      input.value = view.name;
      const form = el('form', { class: 'passkey-rename' },
        el('div', { class: 'field' }, el('label', { for: input.id }, t('account.passkeys.newName')), input),
        el('div', { class: 'actions' }, el('button', { type: 'submit' }, t('account.passkeys.save')), el('button', { type: 'button', class: 'secondary cancel' }, t('account.passkeys.cancel'))));
      handleForm(form, async ({ name }) => {
        await api.renamePasskey(token, view.id, name);
        await changed('account.passkeys.renamed');
      }, { onProblem });
      inPlace(form, input);
    });
    remove.addEventListener('click', () => {
      const question = el('p', { id: `passkey-${index}-confirm` }, t('account.passkeys.confirmDelete', { name: view.name }));
      const confirm = el('button', { type: 'submit', 'aria-describedby': question.id }, t('account.passkeys.confirm'));
      const form = el('form', { class: 'passkey-delete' }, question,
        el('div', { class: 'actions' }, confirm, el('button', { type: 'button', class: 'secondary cancel' }, t('account.passkeys.cancel'))));
      handleForm(form, async () => {
        await api.deletePasskey(token, view.id);
        await changed('account.passkeys.deleted');
      }, { onProblem });
      inPlace(form, confirm);
    });
    return item;
  }));
}
