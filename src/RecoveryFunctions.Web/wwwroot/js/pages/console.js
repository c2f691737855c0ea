// The helpdesk console (contract §2.5): an agent signs in (Entra ID in Azure, the development issuer locally),
// looks an account up with the reason for the case, then sends the 12-hour link, clears locks and reads the
// audit trail. The reason is typed once per case and sent with each call; the agent's token stays in memory.
import { api, siteConfig } from '../api.js';
import { t } from '../i18n.js';
import { layout, showStep, handleForm, formatDate, el } from '../ui.js';
import { entraClient } from '../entra.js';
import { hasForbiddenCharacter, visibleLength } from '../text.js';

layout();
const step = (name) => document.querySelector(`section[data-step="${name}"]`);
const status = document.getElementById('console-status');
let agent = null; // { token: () => Promise<string>, signOut }
let current = null; // { number, reason } of the open case

const signedIn = (name, session) => {
  agent = session;
  document.getElementById('agent-name').textContent = name;
  showStep(step('work'));
};
const signedOut = () => {
  agent = null;
  current = null;
  document.getElementById('case').hidden = true;
  showStep(step('sign-in'));
};
const onProblem = (problem) => {
  if (problem.code !== 'agent-unauthenticated') return false;
  signedOut();
  return true;
};
const say = (message) => {
  status.hidden = false;
  status.textContent = message;
  status.focus();
};

const config = await siteConfig();
const entra = config.entra?.clientId ? await entraClient(config.entra) : null;
const development = await api.devIssuer.available();
document.getElementById('entra-form').hidden = !entra;
document.getElementById('dev-form').hidden = !development;
document.getElementById('no-sign-in').hidden = Boolean(entra || development);
if (entra?.account) signedIn(entra.account.name ?? entra.account.username, { token: entra.token, signOut: entra.signOut });

if (entra) handleForm(document.getElementById('entra-form'), () => entra.signIn());
handleForm(document.getElementById('dev-form'), async ({ agentName }) => {
  const issued = await api.devIssuer.token(agentName.trim());
  signedIn(agentName.trim(), { token: async () => issued.accessToken, signOut: async () => undefined });
});
handleForm(document.getElementById('sign-out-form'), async () => {
  const session = agent;
  signedOut();
  await session?.signOut();
});

const row = (key, value) => [el('dt', {}, t(key)), el('dd', {}, value ?? '—')];
const render = async () => {
  const token = await agent.token();
  const view = await api.agent.lookUp(token, current.reason, current.number);
  document.getElementById('agent-view').replaceChildren(
    ...row('summary.subscriberNumber', view.subscriberNumber),
    ...row('summary.email', view.email),
    ...row('summary.question', view.securityQuestion?.text ?? t('console.noQuestion')),
    ...row('summary.phone', view.phone ?? t('summary.noPhone')),
    ...row('summary.status', view.status),
    ...row('summary.registeredAt', formatDate(view.registeredAt)),
    ...row('summary.passwordChangedAt', formatDate(view.passwordChangedAt)),
    ...row('console.recoveryLockedUntil', view.recoveryLockedUntil ? formatDate(view.recoveryLockedUntil) : t('console.notLocked')),
    ...row('console.signInLockedUntil', view.signInLockedUntil ? formatDate(view.signInLockedUntil) : t('console.notLocked')),
    // FranceConnect (docs/security/franceconnect.md): bound or not, never the identity.
    ...row('console.franceConnectBound', t(view.franceConnectBound ? 'console.yes' : 'console.no')));
  const events = await api.agent.events(token, current.reason, current.number);
  document.getElementById('events').replaceChildren(...events.map((e) => el('tr', {},
    el('td', {}, formatDate(e.at)), el('td', {}, e.type), el('td', {}, e.actor), el('td', {}, e.detail ?? ''))));
};

const lookUp = document.getElementById('look-up-form');
handleForm(lookUp, async ({ query, reason }) => {
  const value = query.trim();
  const token = await agent.token();
  const view = value.includes('@')
    ? await api.agent.search(token, reason.trim(), value)
    : await api.agent.lookUp(token, reason.trim(), value.replace(/\s/g, ''));
  current = { number: view.subscriberNumber, reason: reason.trim() };
  status.hidden = true;
  await render();
  document.getElementById('case').hidden = false;
  document.getElementById('case-title').focus();
}, {
  onProblem,
  fieldFor: { 'account-not-found': 'query', 'subscriber-number-invalid': 'query', 'reason-required': 'reason', 'reason-characters-forbidden': 'reason' },
  // The API's rules for a reason, in its order: the characters first (on the raw text: trim() would drop an edge
  // U+FEFF the API refuses), then 10 to 500 visible characters.
  validate: (form) => {
    const reason = form.elements.namedItem('reason');
    if (hasForbiddenCharacter(reason.value)) return [{ input: reason, message: t('error.reason-characters-forbidden') }];
    const length = visibleLength(reason.value.trim());
    return length && (length < 10 || length > 500) ? [{ input: reason, message: t('console.reasonLength') }] : [];
  },
});
handleForm(document.getElementById('link-form'), async () => {
  const sent = await api.agent.sendLink(await agent.token(), current.reason, current.number);
  await render();
  say(sent.message);
}, { onProblem });
handleForm(document.getElementById('unlock-form'), async () => {
  await api.agent.unlock(await agent.token(), current.reason, current.number);
  await render();
  say(t('console.unlocked'));
}, { onProblem });
