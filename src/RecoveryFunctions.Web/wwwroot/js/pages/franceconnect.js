// The page a FranceConnect step ends on when it did not complete: the API's callback names the problem in ?erreur=.
// Only known codes have a text; anything else reads as the generic failure.
import { layout } from '../ui.js';
import { t, onLanguageChange } from '../i18n.js';

const known = ['no-match', 'franceconnect-failed', 'franceconnect-unavailable', 'franceconnect-already-bound', 'session-invalid'];
const code = new URLSearchParams(location.search).get('erreur');
// No match ends a recovery, signed out: the helpdesk is the way on, and the way back is the forgotten-password page,
// not an account space the person cannot enter. Set before layout() so the texts are translated as the page's own.
if (code === 'no-match') {
  const back = document.getElementById('fc-back');
  const help = document.getElementById('fc-help');
  back.href = '/mot-de-passe-oublie/';
  back.dataset.i18n = 'action.restart';
  back.textContent = 'Recommencer la démarche';
  back.classList.add('secondary');
  help.classList.remove('secondary');
  back.before(help, ' ');
}
layout();
const show = () => {
  document.getElementById('fc-outcome').textContent = t(`fc.outcome.${known.includes(code) ? code : 'franceconnect-failed'}`);
};
show();
onLanguageChange(show);
