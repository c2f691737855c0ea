// French first, English on request. The French text of each page is in its HTML (it renders without
// waiting for script); `english` holds the same keys in English; `messages` holds the text scripts write.
// The chosen language is a preference, not a secret: it is the only thing kept in localStorage.
import { messages } from './messages.js';

const STORAGE_KEY = 'langue';
const listeners = [];

export const language = () => (localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'fr');

export function onLanguageChange(listener) {
  listeners.push(listener);
}

// The page texts in English are fetched only when English is chosen: most visits are French, and a page with its
// captcha stays under 60 KB (docs/front-ends.md, page weights).
let english = {};
const loadEnglish = async () => { english = (await import('./i18n-en.js')).english; };
if (language() === 'en') await loadEnglish();

export async function setLanguage(lang) {
  localStorage.setItem(STORAGE_KEY, lang);
  if (lang === 'en') await loadEnglish();
  translate();
  for (const listener of listeners) listener(lang);
}

/**
 * Hands a node whose text the HTML gives (data-i18n) over to a script-written message: from now on it says
 * t(key, values) in the current language, also after a switch.
 */
export function sayFromScript(node, key, values = {}) {
  node.removeAttribute('data-i18n');
  const say = () => { node.textContent = t(key, values); };
  say();
  onLanguageChange(say);
}

/** A script-written message in the current language, with {name} placeholders filled. */
export function t(key, values = {}, fallback = key) {
  const entry = messages[key];
  if (!entry) return fallback;
  return entry[language() === 'en' ? 1 : 0].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ''));
}

let service = null;

/** The service's name, brand and address from /config.json (the API's Service:* settings): the one name people meet. */
export function setService(value) {
  service = value ?? null;
  translate();
}

export const serviceInfo = () => service;

/** The service's name in the current language ('' until /config.json has been read). */
export const serviceName = () => (service ? (language() === 'en' ? service.englishName || service.name : service.name) ?? '' : '');

/** The page's own title in the current language, followed by the service's name. */
export function pageTitle() {
  const title = document.querySelector('title');
  if (title?.dataset.i18n) title.dataset.fr ??= title.textContent;
  const own = title?.dataset.i18n ? (language() === 'en' ? english[title.dataset.i18n] ?? title.dataset.fr : title.dataset.fr) : document.title;
  return serviceName() ? `${own} — ${serviceName()}` : own;
}

let titleHeading = null;

/** The step shown (showStep): the title reads "its heading — the page — the service", kept through later translations. */
export function setTitleHeading(heading) {
  titleHeading = heading;
  applyTitle();
}

function applyTitle() {
  const title = document.querySelector('title[data-i18n]');
  if (!title) return;
  title.textContent = titleHeading ? `${titleHeading.textContent} — ${pageTitle()}` : pageTitle();
}

const ATTRIBUTES = ['alt', 'aria-label'];

/** Puts every [data-i18n] text (and data-i18n-alt / -aria-label attribute) of the page in the current language. */
export function translate(root = document) {
  const en = language() === 'en';
  document.documentElement.lang = language();
  for (const node of root.querySelectorAll('[data-i18n]')) {
    node.dataset.fr ??= node.textContent;
    node.textContent = en ? english[node.dataset.i18n] ?? node.dataset.fr : node.dataset.fr;
  }
  applyTitle();
  for (const attribute of ATTRIBUTES) {
    const data = `i18n${attribute.replace(/(^|-)(\w)/g, (_, __, c) => c.toUpperCase())}`;
    for (const node of root.querySelectorAll(`[data-i18n-${attribute}]`)) {
      const original = `${data}Fr`;
      node.dataset[original] ??= node.getAttribute(attribute);
      node.setAttribute(attribute, en ? english[node.dataset[data]] ?? node.dataset[original] : node.dataset[original]);
    }
  }
}
