import type { SourceKind } from './views.js';

/** One secret (or the account it belongs to) a platform source reads with. */
export interface CredentialField {
  key: string;
  label: string;
  /** Typed into a password field and never shown back. */
  secret: boolean;
  /** May be left out: the source keeps what it had (or, for Twitch's token, reads anonymously). */
  optional?: boolean;
}

/**
 * What the owner may replace on a running source when its platform refuses the old credential
 * (an expired token at hour 40): only these fields, never the channel or campaign it reads, so
 * its cursors and counts stay its own. The server and the dashboard's form read the same list.
 */
export const SOURCE_CREDENTIAL_FIELDS: Partial<Record<SourceKind, readonly CredentialField[]>> = {
  twitch: [
    { key: 'oauth_token', label: 'OAuth token', secret: true },
    { key: 'login', label: 'Account the token belongs to', secret: false, optional: true },
  ],
  tiltify: [
    { key: 'client_id', label: 'Client ID', secret: false },
    { key: 'client_secret', label: 'Client secret', secret: true },
    { key: 'webhook_signing_key', label: 'Webhook signing key', secret: true, optional: true },
  ],
  youtube: [{ key: 'api_key', label: 'API key', secret: true }],
  streamlabs: [{ key: 'socket_token', label: 'Socket API token', secret: true }],
  streamelements: [{ key: 'jwt', label: 'JWT token', secret: true }],
  'twitch-charity': [{ key: 'oauth_token', label: 'User access token', secret: true }],
  x: [{ key: 'bearer_token', label: 'Bearer token', secret: true }],
};
