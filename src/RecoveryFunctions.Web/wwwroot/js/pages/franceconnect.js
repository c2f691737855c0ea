// The page a FranceConnect step ends on when it did not complete: the API's callback names the problem in ?erreur=.
// Only known codes have a text; anything else reads as the generic failure.
import { layout } from '../ui.js';
import { t, onLanguageChange } from '../i18n.js';

layout();
const known = ['no-match', 'franceconnect-failed', 'franceconnect-unavailable', 'franceconnect-already-bound', 'session-invalid'];
const code = new URLSearchParams(location.search).get('erreur');
const show = () => {
  document.getElementById('fc-outcome').textContent = t(`fc.outcome.${known.includes(code) ? code : 'franceconnect-failed'}`);
};
show();
onLanguageChange(show);
