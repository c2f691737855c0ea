// The session token lives in this tab only (sessionStorage, never localStorage) and is dropped at sign-out.
const KEY = 'session';

export const session = {
  save: ({ sessionToken, expiresAt }) => sessionStorage.setItem(KEY, JSON.stringify({ sessionToken, expiresAt })),
  current: () => {
    const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return stored && new Date(stored.expiresAt) > new Date() ? stored : null;
  },
  clear: () => sessionStorage.removeItem(KEY),
};
