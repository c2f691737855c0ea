// The session token lives in this tab only (sessionStorage, never localStorage) and is dropped at sign-out.
const KEY = 'session';

export const session = {
  // passkey: the session a passkey opened, whose holder may set a new password without the current one (docs/security/passkeys.md).
  save: ({ sessionToken, expiresAt, passkey = false }) => sessionStorage.setItem(KEY, JSON.stringify({ sessionToken, expiresAt, passkey })),
  current: () => {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return stored && new Date(stored.expiresAt) > new Date() ? stored : null;
  },
  clear: () => sessionStorage.removeItem(KEY),
};
