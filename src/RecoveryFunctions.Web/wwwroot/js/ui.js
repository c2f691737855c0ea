// What every page shares: the header and footer, steps and focus, forms with their errors, the captcha,
// the live password rules, the flow timer and the récapitulatif. No inline style or script (strict CSP).
import { api, ApiProblem, siteConfig } from './api.js';
import { language, setLanguage, t, translate, onLanguageChange, serviceInfo, serviceName, setService, setTitleHeading } from './i18n.js';
import { messages } from './messages.js';
import { session } from './session.js';

const el = (tag, attributes = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children);
  return node;
};
export { el };

/**
 * Wires the page's own skip link, header and footer (in its HTML, stamped from partials/ by build.mjs: issue 25
 * item 11) — the language switch, the signed-in state, the service's name — then puts the page in the chosen language.
 */
export function layout() {
  const switcher = document.getElementById('language-switch');
  const renderSwitch = () => {
    const other = language() === 'fr' ? 'en' : 'fr';
    switcher.lang = other;
    switcher.textContent = other === 'en' ? 'English' : 'Français';
  };
  switcher.addEventListener('click', () => setLanguage(language() === 'fr' ? 'en' : 'fr'));
  // Hidden in the HTML: without a script it could not switch anything.
  switcher.parentElement.hidden = false;
  // The service's name, brand and address come from /config.json only (Service:* settings), never from the page.
  const siteName = document.getElementById('site-name');
  const siteBrand = document.getElementById('site-brand');
  const siteAddress = document.getElementById('site-address');
  const renderService = () => {
    const info = serviceInfo();
    siteName.textContent = serviceName();
    siteName.parentElement.hidden = !serviceName();
    siteBrand.textContent = info?.brand ?? '';
    siteAddress.textContent = info?.address ? info.address.replace(/^https?:\/\//, '').replace(/\/$/, '') : '';
    if (info?.address) siteAddress.href = info.address;
    siteAddress.parentElement.hidden = !info?.address;
  };
  onLanguageChange(renderService);
  onLanguageChange(renderSwitch);
  accountLinks();
  translate();
  renderSwitch();
  renderService();
  siteConfig().then((config) => { setService(config.service); renderService(); }, () => undefined);
}

/** The header's account links: "Se connecter", or, with a live session in this tab, its space and "Se déconnecter". */
function accountLinks() {
  const current = session.current();
  for (const item of document.querySelectorAll('.site-header [data-signed-out]')) item.hidden = Boolean(current);
  for (const item of document.querySelectorAll('.site-header [data-signed-in]')) item.hidden = !current;
  if (!current) return;
  document.getElementById('header-sign-out').addEventListener('click', async () => {
    await api.signOut(current.sessionToken).catch(() => undefined);
    session.clear();
    location.replace('/connexion/?message=signed-out');
  });
  if (location.pathname.startsWith('/compte/')) document.querySelector('.site-header a[href="/compte/"]').setAttribute('aria-current', 'page');
}

/** Shows one step of a multi-step page: indicator "Étape n sur N", title, focus on its heading. */
export function showStep(section, { number, total, focus = true } = {}) {
  for (const other of section.parentElement.querySelectorAll(':scope > section[data-step]')) other.hidden = other !== section;
  const indicator = document.getElementById('steps');
  if (indicator) {
    indicator.hidden = !number;
    indicator.dataset.number = number ?? '';
    indicator.dataset.total = total ?? '';
    indicator.textContent = number ? t('step', { number, total }) : '';
  }
  const heading = section.querySelector('h2, h1');
  setTitleHeading(heading);
  heading.tabIndex = -1;
  if (focus) heading.focus();
}

/** Problems that end a procedure (dead or spent link, expired flow, lock): their own page, pointing onwards. */
// Each has "error.<code>" and "error.<code>.detail" in messages.js (MessageKeyTests checks it).
const deadEnds = new Set(['link-incomplete', 'link-invalid', 'link-expired', 'link-used', 'flow-invalid', 'flow-expired', 'flow-step-invalid', 'recovery-locked']);

export function linkProblem(section, problem) {
  if (!deadEnds.has(problem.code)) return false;
  section.dataset.code = problem.code;
  const render = () => {
    section.querySelector('h2').textContent = problem.title ?? t(`error.${problem.code}`);
    section.querySelector('p').textContent = problem.detail ?? t(`error.${problem.code}.detail`);
  };
  render();
  // The API's text came in the page's language of the moment; the page's own follows a switch.
  if (!problem.title) onLanguageChange(() => section.dataset.code === problem.code && render());
  const assistance = section.querySelector('[id$="-assistance"]');
  if (assistance) assistance.hidden = problem.code !== 'recovery-locked';
  showStep(section);
  return true;
}
onLanguageChange(() => {
  const indicator = document.getElementById('steps');
  if (indicator?.dataset.number) indicator.textContent = t('step', { number: indicator.dataset.number, total: indicator.dataset.total });
});

/** Message for a field error code; the API's own detail (already in the right language) otherwise. */
const messageFor = (code, problem) => t(`error.${code}`, {}, null) ?? problem?.detail ?? t('error.unexpected');

function clearErrors(form) {
  form.querySelector('.error-summary')?.remove();
  for (const input of form.querySelectorAll('[aria-invalid]')) {
    input.removeAttribute('aria-invalid');
    const error = document.getElementById(`${input.id}-error`);
    error?.remove();
    input.setAttribute('aria-describedby', (input.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => id && id !== `${input.id}-error`).join(' '));
    if (!input.getAttribute('aria-describedby')) input.removeAttribute('aria-describedby');
  }
}

/** Ties a message to its field (aria-invalid, aria-describedby) and lists every one in a summary that takes focus. */
export function showErrors(form, items, heading = t('error.summary')) {
  clearErrors(form);
  const list = el('ul');
  for (const { input, message } of items) {
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      const error = el('p', { class: 'field-error', id: `${input.id}-error` }, message);
      (input.closest('.field') ?? input.parentElement).append(error);
      input.setAttribute('aria-describedby', `${input.getAttribute('aria-describedby') ?? ''} ${error.id}`.trim());
      list.append(el('li', {}, el('a', { href: `#${input.id}` }, message)));
    } else {
      list.append(el('li', {}, message));
    }
  }
  const summary = el('div', { class: 'error-summary', role: 'alert', tabindex: '-1' }, el('h3', {}, heading), list);
  form.prepend(summary);
  summary.focus();
}

/** Fields the API named in a problem, or the problem itself when it concerns the whole form. */
export function showProblem(form, problem, fieldFor = {}) {
  const items = [];
  for (const [field, codes] of Object.entries(problem.errors ?? {})) {
    const input = form.elements.namedItem(field);
    if (field === 'attemptsLeft') continue;
    for (const code of codes) items.push({ input: input instanceof HTMLElement ? input : null, message: messageFor(code, problem) });
  }
  if (items.length === 0) {
    const input = fieldFor[problem.code] ? form.elements.namedItem(fieldFor[problem.code]) : null;
    items.push({ input, message: problem.code === 'network-error' ? t('error.network-error') : (problem.detail ?? messageFor(problem.code, problem)) });
  }
  // Errors said once: a message that belongs to a field is under it and linked from the summary, whose heading
  // stays generic (the problem's title would say it a third time); a problem of the whole form keeps its title.
  showErrors(form, items, items.some((item) => item.input) ? t('error.summary') : (problem.title ?? t('error.summary')));
}

/** Browser-side checks before the call: every required field filled, addresses shaped like one. */
function missing(form) {
  const label = (input) => form.querySelector(`label[for="${input.id}"]`)?.firstChild?.textContent.trim() ?? input.name;
  // The widget's own controls are its business: its state is checked through the captcha (problems()).
  return [...form.querySelectorAll('input, select, textarea')].filter((input) => !input.closest('altcha-widget')).flatMap((input) => {
    if (input.required && !input.value.trim()) return [{ input, message: t('error.field-required-named', { field: label(input) }) }];
    if (input.type === 'email' && input.value.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.value.trim())) return [{ input, message: t('error.email-invalid') }];
    return [];
  });
}

/**
 * Submits a form through <paramref name="action"/>: required fields checked first, the button disabled
 * while the call runs, and an API problem shown on the fields it names. <paramref name="onProblem"/> may
 * take over a problem (return true) — e.g. a lock that replaces the whole step. With <paramref name="captcha"/>, an
 * unsolved proof of work is listed with the other errors, a captcha refusal is shown on the captcha, and every
 * refusal renews the challenge (the API spends it on the first check, right or wrong).
 */
export function handleForm(form, action, { onProblem, fieldFor, validate, captcha: challenge } = {}) {
  form.noValidate = true;
  // Submit buttons ship disabled: before this script runs, a native submit would put the fields in a URL.
  for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = false;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // The summary lists the errors in the order of the fields.
    const errors = [...missing(form), ...(challenge?.problems() ?? []), ...(validate?.(form) ?? [])]
      .sort((a, b) => (!a.input || !b.input || a.input === b.input ? 0 : (a.input.compareDocumentPosition(b.input) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1)));
    if (errors.length) {
      showErrors(form, errors);
      return;
    }
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    try {
      clearErrors(form);
      await action(Object.fromEntries(new FormData(form)));
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      challenge?.renew();
      if (onProblem?.(error)) return;
      if (challenge && error.code === 'captcha-invalid') showErrors(form, [{ input: challenge.field(), message: challenge.invalidMessage() }], challenge.field() ? t('error.summary') : (error.title ?? t('error.summary')));
      else showProblem(form, error, fieldFor);
    } finally {
      button.disabled = false;
    }
  });
}

/**
 * The ALTCHA widget (copied from npm into /vendor/altcha by build.mjs), loaded only when a challenge asks for a
 * proof of work. Its SHA-256 worker is a same-origin file (the CSP allows no blob: worker), its texts are ours.
 */
let widgetLoaded;
const WIDGET_TEXTS = ['label', 'verifying', 'verified', 'error', 'expired', 'waitAlert', 'verificationRequired'];
const loadWidget = () => (widgetLoaded ??= (async () => {
  const style = el('link', { rel: 'stylesheet', href: '/vendor/altcha/altcha.css' });
  const styled = new Promise((resolve) => { style.onload = resolve; style.onerror = resolve; });
  document.head.append(style);
  await import('/vendor/altcha/altcha.min.js');
  const { $altcha } = globalThis;
  $altcha.algorithms.set('SHA-256', () => new Worker('/vendor/altcha/sha.js'));
  for (const [lang, index] of [['fr', 0], ['en', 1]]) {
    $altcha.i18n.set(lang, Object.fromEntries(WIDGET_TEXTS.map((key) => [key, messages[`pow.${key}`][index]])));
  }
  await styled;
})());

/**
 * The captcha of a form (its empty fieldset.captcha filled here) for one step (RGAA 1.5), with whatever parts the
 * API's challenge has: the image (1×, and 2× when given) with its alt text, the expected length when given,
 * "new image" and the same code read aloud; and/or the proof of work, solved by the widget while the person fills
 * the form. "New challenge" renews every part. A way out stays visible: the assistance request, the phone.
 * Returns { answer() → the captcha fields of the step body, problems() → what keeps the form from being sent }.
 */
export function captcha(form, purpose) {
  const fieldset = form.querySelector('fieldset.captcha');
  const image = el('img', { class: 'captcha-image', alt: '', width: 200, height: 70, hidden: true });
  const renew = el('button', { type: 'button', class: 'secondary captcha-renew' });
  const listen = el('button', { type: 'button', class: 'secondary captcha-listen', hidden: true }, 'Écouter le code');
  // The page's own button plays and replays it: no native controls (five more tab stops, a faint focus ring).
  const player = el('audio', { class: 'captcha-audio', hidden: true });
  const status = el('p', { class: 'visually-hidden captcha-status', role: 'status' });
  const help = el('p', { class: 'hint captcha-help' });
  const proofHelp = el('p', { class: 'hint captcha-proof-help', hidden: true });
  const proofBox = el('div', { class: 'captcha-proof', hidden: true });
  const wayOut = el('p', { class: 'captcha-way-out' });
  const lengthHint = el('span', { class: 'hint', id: 'captchaText-hint' });
  const input = el('input', { id: 'captchaText', name: 'captchaText', type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', disabled: true });
  const textField = el('div', { class: 'field', hidden: true }, el('label', { for: 'captchaText' }, el('span', { 'data-i18n': 'captcha.label' }, 'Caractères de l’image'), ' ', lengthHint), input);
  fieldset.replaceChildren(
    el('legend', { 'data-i18n': 'captcha.legend' }, 'Vérification anti-robot'),
    image, help, proofHelp, proofBox,
    el('div', { class: 'captcha-actions' }, renew, listen),
    player, status, textField, wayOut);
  translate(fieldset);
  let current;
  let widget;
  let proof;
  let proofState;
  // Whether the current widget has begun (it mounts "unverified", then starts on load).
  let started = false;
  const render = () => {
    const hasImage = Boolean(current?.image);
    help.hidden = !hasImage;
    help.textContent = t('captcha.help');
    proofHelp.hidden = !current?.proofOfWork;
    proofHelp.textContent = t('captcha.proofHelp');
    renew.textContent = t(hasImage ? 'captcha.renew' : 'captcha.renewProof');
    listen.textContent = t(player.src ? 'captcha.playAgain' : 'captcha.play');
    lengthHint.textContent = current?.length ? t('captcha.length', { count: current.length }) : '';
    // The way out for whoever passes none of it (the request page does not point to itself).
    const phone = settings?.helpdeskPhone;
    const ways = [
      ...(location.pathname.startsWith('/aide/demande') ? [] : [el('a', { href: '/aide/demande/' }, t('captcha.wayOutRequest'))]),
      ...(phone ? [el('a', { href: `tel:${phone.replace(/[^+\d]/g, '')}` }, t('captcha.wayOutPhone', { phone }))] : []),
    ];
    wayOut.hidden = ways.length === 0;
    wayOut.replaceChildren(t('captcha.wayOut'), ' ', ...ways.flatMap((way, i) => (i ? [t('captcha.or'), way] : [way])), '.');
  };
  const silence = () => {
    player.pause();
    if (player.src) URL.revokeObjectURL(player.src);
    player.removeAttribute('src');
    listen.textContent = t('captcha.play');
  };
  const announce = (key) => { status.textContent = t(key); };
  // The widget solves the API's challenge (no URL: the challenge came with the image, in one response).
  const solve = async (challenge) => {
    widget?.remove();
    widget = null;
    proof = null;
    started = false;
    proofState = challenge ? 'verifying' : null;
    proofBox.hidden = !challenge;
    if (!challenge) return;
    await loadWidget();
    widget = el('altcha-widget', {
      challenge: JSON.stringify(challenge), auto: 'onload', language: language(),
      configuration: JSON.stringify({ hideFooter: true, hideLogo: true }),
    });
    const mine = widget;
    widget.addEventListener('statechange', (event) => {
      if (widget !== mine) return;
      proofState = event.detail.state;
      started ||= proofState !== 'unverified';
      proof = proofState === 'verified' ? event.detail.payload : null;
      if (proofState === 'verifying') announce('captcha.proofRunning');
      else if (proofState === 'verified') announce('captcha.proofDone');
      else if (proofState === 'error' || proofState === 'expired') announce('captcha.proofFailed');
    });
    proofBox.replaceChildren(widget);
  };
  let settings;
  // A renewed image empties the field (the old text cannot match it); the first load leaves what was typed.
  const load = async (renewed) => {
    if (renewed) {
      input.value = '';
      // The old challenge is spent from the first click: its proof, its widget and its "done" may not outlive it
      // while the new one is fetched (a quick "send" would otherwise pair the old proof with the new challenge).
      widget?.remove();
      widget = null;
      proof = null;
      proofState = current?.proofOfWork ? 'verifying' : null;
      status.textContent = '';
    }
    silence();
    settings ??= await siteConfig().catch(() => ({}));
    current = await api.newCaptcha(purpose);
    // Every part is optional: a provider may send an image without 2×, length or audio, or no image at all.
    image.hidden = !current.image;
    textField.hidden = !current.image;
    input.disabled = !current.image;
    input.required = Boolean(current.image);
    if (current.image) image.src = current.image;
    else image.removeAttribute('src');
    if (current.image2x) image.srcset = `${await api.captchaImageUrl(current.image2x)} 2x`;
    else image.removeAttribute('srcset');
    image.alt = current.altText ?? '';
    if (current.length) input.maxLength = current.length;
    else input.removeAttribute('maxlength');
    listen.hidden = !current.audioUrl;
    render();
    if (renewed) announce(current.image ? 'captcha.renewed' : 'captcha.proofRenewed');
    await solve(current.proofOfWork);
  };
  let ready = load(false);
  const again = () => { ready = load(true); };
  renew.addEventListener('click', again);
  listen.addEventListener('click', async () => {
    await ready;
    try {
      // Fetched once per challenge; pressing again reads it again from the start.
      if (!player.src) {
        player.src = URL.createObjectURL(await api.captchaAudio(current.audioUrl));
        listen.textContent = t('captcha.playAgain');
        announce('captcha.audioReady');
      }
      player.currentTime = 0;
      await player.play().catch(() => {});
    } catch (error) {
      if (!(error instanceof ApiProblem)) throw error;
      status.textContent = error.detail ?? t('error.unexpected');
    }
  });
  // The alt text and the audio come in the page's language: a language switch asks for a new challenge.
  onLanguageChange(again);
  return {
    answer: async () => {
      await ready;
      return { captchaId: current.captchaId, captchaText: current.image ? input.value : undefined, captchaProof: proof ?? undefined };
    },
    /** An unsolved proof keeps the form from going: the summary says why instead of a silent wait. */
    problems: () => {
      if (!current?.proofOfWork || proof) return [];
      // The widget's own state at the moment of sending. After a failure it goes back to "unverified" as soon as the
      // person clicks or tabs in the form, and it does not start again by itself: that is a failure too.
      const state = widget?.getState?.() ?? proofState;
      const failed = state === 'error' || state === 'expired' || (state === 'unverified' && started);
      return [{ input: null, message: t(failed ? 'error.proof-failed' : 'error.proof-pending') }];
    },
    /** The field an API refusal of the captcha belongs to (none when there is only the proof). */
    field: () => (current?.image ? input : null),
    invalidMessage: () => t(current?.proofOfWork ? (current.image ? 'error.captcha-invalid-both' : 'error.captcha-invalid-proof') : 'error.captcha-invalid'),
    renew: again,
  };
}

/**
 * The password rules shown live, from the standards profile (GET /api/profile): the seed rules (a letter, a digit,
 * ASCII without spaces) or, under Asvs, a length only, counted in code points after NFKC as the API counts them.
 * The API stays the authority and names any other rule it applies (the common list, context words).
 */
const rulesFor = ({ minLength, maxLength, composition }) => {
  const length = (p) => [...p.normalize('NFKC')].length;
  const rules = [['length', (p) => length(p) >= minLength && length(p) <= maxLength]];
  if (!composition) return rules;
  return [...rules,
    ['letter', (p) => /[A-Za-z]/.test(p)],
    ['digit', (p) => /[0-9]/.test(p)],
    ['space', (p) => p.length > 0 && !/\s/.test(p)],
    ['ascii', (p) => p.length > 0 && /^[\x21-\x7e]*$/.test(p)],
  ];
};
const seedPassword = { minLength: 12, maxLength: 128, composition: true };

export function livePasswordRules(input, list) {
  // The seed rules at once, the profile's as soon as it is known (one read a page).
  let password = seedPassword;
  let passwordRules = rulesFor(password);
  const items = () => list.replaceChildren(...passwordRules.map(([name]) => el('li', { 'data-rule': name })));
  items();
  // Spoken politely once typing pauses (like the message counter), never on each key.
  const spoken = el('p', { class: 'visually-hidden', role: 'status', id: `${list.id}-status` });
  list.after(spoken);
  let pause;
  // Neutral until something is typed: an empty field has broken no rule yet.
  const render = () => {
    const typed = input.value.length > 0;
    let count = 0;
    for (const [name, test] of passwordRules) {
      const item = list.querySelector(`[data-rule="${name}"]`);
      const met = typed && test(input.value);
      count += met ? 1 : 0;
      item.classList.toggle('met', met);
      item.classList.toggle('unmet', typed && !met);
      const text = t(`rule.${name}`, { min: password.minLength, max: password.maxLength });
      item.textContent = typed ? `${text} — ${t(met ? 'rule.met' : 'rule.unmet')}` : text;
    }
    return { typed, count };
  };
  const announce = () => {
    const { typed, count } = render();
    const total = passwordRules.length;
    clearTimeout(pause);
    pause = setTimeout(() => {
      spoken.textContent = !typed ? '' : t(count === total ? 'rule.allMet' : 'rule.count', { count, total });
    }, 1000);
  };
  input.addEventListener('input', announce);
  onLanguageChange(render);
  render();
  api.profile().then((profile) => {
    password = profile.password;
    passwordRules = rulesFor(password);
    items();
    render();
  }, () => {}); // Unreachable API: the seed rules stay, and the API's answer names what it refuses.
}

export function matchesConfirmation(form, first, second) {
  const a = form.elements.namedItem(first);
  const b = form.elements.namedItem(second);
  return a.value && b.value && a.value !== b.value ? [{ input: b, message: t('error.password-mismatch') }] : [];
}

/** Dates as people read them: the holder's language, the service's time zone (Europe/Paris). */
export const formatDate = (iso) => (iso
  ? new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso))
  : '—');

/** The registration summary (récapitulatif) as a description list: never an answer or a password. */
/** The récapitulatif as a list, then "Imprimer" and "Télécharger (PDF)"; <paramref name="sessionToken"/> when signed in. */
export function renderSummary(dl, summary, sessionToken) {
  const rows = [
    ['summary.subscriberNumber', summary.subscriberNumber],
    ['summary.email', summary.email],
    // No question under the ASVS profile (null): no line at all rather than an empty one.
    ...(summary.securityQuestion ? [['summary.question', summary.securityQuestion.text]] : []),
    ['summary.phone', summary.phone ?? t('summary.noPhone')],
    ['summary.registeredAt', formatDate(summary.registeredAt)],
    ['summary.passwordChangedAt', formatDate(summary.passwordChangedAt)],
  ];
  dl.replaceChildren(...rows.flatMap(([key, value]) => [el('dt', {}, t(key)), el('dd', {}, value ?? '—')]));
  // Fetched with the récapitulatif only (issue 25 item 10, page weight): with jsPDF's loader, 5 KB on every page.
  import('./summary-pdf.js').then(({ summaryActions }) => summaryActions(dl, sessionToken));
}

/**
 * Remaining time of a flow or a session, refreshed every 15 s, with a polite announcement two minutes before
 * the end (RGAA 13.1). With <paramref name="extend"/>, the box offers to extend: the call returns the new end.
 */
export function flowTimer(node, expiresAt, { onExpired, extend, text = 'timer.left' } = {}) {
  clearInterval(node.timer);
  let end = new Date(expiresAt).getTime();
  let warned = false;
  const alert = node.querySelector('.timer-alert');
  const render = () => {
    const left = Math.max(0, end - Date.now());
    node.hidden = false;
    node.querySelector('.timer-text').textContent = t(text, { minutes: Math.ceil(left / 60000) });
    if (!warned && left <= 120000 && left > 0) {
      warned = true;
      alert.textContent = t(extend ? 'timer.warningExtend' : 'timer.warning', { minutes: 2 });
    }
    if (left === 0) {
      clearInterval(node.timer);
      onExpired?.();
    }
  };
  const button = node.querySelector('.timer-extend');
  if (button) {
    button.hidden = !extend;
    button.onclick = extend && (async () => {
      try {
        end = new Date((await extend()).expiresAt).getTime();
        warned = false;
        render();
        alert.textContent = t('timer.extended', { time: new Intl.DateTimeFormat(language() === 'en' ? 'en-GB' : 'fr-FR', { timeStyle: 'short', timeZone: 'Europe/Paris' }).format(end) });
      } catch (error) {
        if (!(error instanceof ApiProblem)) throw error;
        alert.textContent = error.detail ?? t('error.unexpected');
        button.hidden = error.code === 'extension-limit-reached';
      }
    });
  }
  render();
  node.timer = setInterval(render, 15000);
  if (!node.render) onLanguageChange(() => node.render());
  node.render = render;
}

/** Reads a link's token from the fragment and removes it from the address bar (and history) at once. */
export function takeFragmentToken() {
  // A second link opened on this page changes only the fragment: start afresh with it.
  addEventListener('hashchange', () => location.hash.includes('token=') && location.reload());
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  return token;
}
