// What this tab went to FranceConnect for (docs/security/franceconnect.md): set by the page that sends the browser
// there, read by the outcome page /franceconnect/ to offer the way on that fits (the account space after a failed
// bind, the helpdesk and the forgotten-password page after a failed recovery, the registration page after a failed
// registration). Only a choice of links: the texts say nothing the API did not say, and a state lost or forged
// by the URL never reaches it.
const KEY = 'franceconnect-purpose';

const PURPOSES = ['bind', 'recover', 'register'];

/** Leaves for FranceConnect's authorization endpoint, remembering what for. */
export function goToFranceConnect(purpose, authorizationUrl) {
  sessionStorage.setItem(KEY, purpose);
  location.assign(authorizationUrl);
}

/** The purpose this tab last went to FranceConnect for, or null. */
export function startedFor() {
  const purpose = sessionStorage.getItem(KEY);
  return PURPOSES.includes(purpose) ? purpose : null;
}
