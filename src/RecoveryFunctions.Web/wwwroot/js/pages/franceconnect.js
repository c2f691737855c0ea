// The page a FranceConnect step ends on when it did not complete: the API's callback names the problem in ?erreur=.
// Only known codes have a text; anything else reads as the generic failure.
import { layout } from '../ui.js';
import { t, onLanguageChange } from '../i18n.js';
import { startedFor } from '../franceconnect-purpose.js';

const known = ['no-match', 'franceconnect-failed', 'franceconnect-unavailable', 'franceconnect-already-bound', 'session-invalid'];
const code = new URLSearchParams(location.search).get('erreur');
// Where to go on depends on what this tab went to FranceConnect for (franceconnect-purpose.js); no match only ends a
// recovery. A recovery, signed out, goes on with the helpdesk first and the forgotten-password page, not an account
// space the person cannot enter; a registration goes back to the registration page; a bind (and a tab that did not
// start here) keeps the page's own « Revenir à mon espace ». Set before layout() so the texts are translated as the page's own.
const purpose = code === 'no-match' ? 'recover' : startedFor();
const ways = {
  recover: { href: '/mot-de-passe-oublie/', key: 'action.restart', text: 'Recommencer la démarche' },
  register: { href: '/inscription/', key: 'fc.register.restart', text: 'Recommencer l’inscription' },
};
if (ways[purpose]) {
  const back = document.getElementById('fc-back');
  const help = document.getElementById('fc-help');
  Object.assign(back, { href: ways[purpose].href, textContent: ways[purpose].text });
  back.dataset.i18n = ways[purpose].key;
  if (purpose === 'recover') {
    back.classList.add('secondary');
    help.classList.remove('secondary');
    back.before(help, ' ');
  }
}
layout();
const show = () => {
  document.getElementById('fc-outcome').textContent = t(`fc.outcome.${known.includes(code) ? code : 'franceconnect-failed'}`);
};
show();
onLanguageChange(show);
