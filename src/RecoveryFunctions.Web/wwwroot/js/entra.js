// Helpdesk sign-in with Microsoft Entra ID through MSAL.js (@azure/msal-browser, copied from npm at build time
// to /assistance/vendor/, never from a CDN). Loaded only when /config.json names an Entra registration.
// MSAL keeps its cache in sessionStorage: closing the tab ends the agent's session.
const loadScript = (src) => new Promise((resolve, reject) => {
  const script = document.createElement('script');
  script.src = src;
  script.onload = resolve;
  script.onerror = reject;
  document.head.append(script);
});

export async function entraClient({ clientId, authority, apiScope }) {
  await loadScript('/assistance/vendor/msal-browser.min.js');
  const client = new globalThis.msal.PublicClientApplication({
    auth: { clientId, authority, redirectUri: `${location.origin}/assistance/` },
    cache: { cacheLocation: 'sessionStorage' },
  });
  await client.initialize();
  const redirected = await client.handleRedirectPromise();
  const account = redirected?.account ?? client.getAllAccounts()[0] ?? null;
  const request = { scopes: [apiScope], account };
  return {
    account,
    signIn: () => client.loginRedirect({ scopes: [apiScope] }),
    token: async () => (await client.acquireTokenSilent(request)).accessToken,
    signOut: () => client.logoutRedirect({ account, postLogoutRedirectUri: `${location.origin}/assistance/` }),
  };
}
