// Landing pages of emailed links (activation, email-change confirmation): the token is taken from the
// fragment and removed from the address bar at once, and spent only when the person presses the button,
// so a mail scanner that opens the link spends nothing.
import { api } from '../api.js';
import { layout, showStep, handleForm, takeFragmentToken, renderSummary, linkProblem } from '../ui.js';

const actions = { activate: api.activate, confirmEmail: api.confirmEmail };

layout();
const main = document.querySelector('main');
const step = (name) => main.querySelector(`section[data-step="${name}"]`);
const token = takeFragmentToken();
if (!token) {
  // No token at all: the link was cut on its way (a mail program wrapping it), not a wrong one.
  linkProblem(step('problem'), { code: 'link-incomplete' });
} else {
  showStep(step('confirm'), { focus: false });
  handleForm(main.querySelector('form'), async () => {
    renderSummary(document.getElementById('summary'), await actions[main.dataset.action](token));
    showStep(step('done'));
  }, { onProblem: (problem) => linkProblem(step('problem'), problem) });
}
