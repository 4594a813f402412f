// oidc-provider ships no type declarations; the token-issuance bench uses it as its baseline only.
declare module 'oidc-provider';
