/**
 * Which fields of an Auth0 log hold personal data: the source of the `pii` preset of
 * `redact-fields`. `script/generate-pii-fields.ts` checks these lists against every vendored schema
 * (third_party/auth0-log-schemas) and writes src/logs/pii-fields.ts and docs/pii-fields.md.
 *
 * A field is a bare key, which matches at any depth (a key that holds personal data wherever Auth0
 * puts it, `email`), or a dot path from the root, for a key whose meaning depends on where it is
 * (`name` is a person's name in `details.body` but a prompt's in `details.prompts`).
 *
 * Every schema property whose key looks personal (`looksPersonal`) must be in PII_FIELDS or, after a
 * review, in NOT_PII with the reason; the generator stops and names any property that is in
 * neither, so a schema update cannot slip a new personal field past the preset.
 */

export const PII_KINDS = [
  'name',
  'e-mail',
  'phone',
  'address',
  'IP',
  'user agent',
  'location',
  'profile',
] as const;

export type PiiKind = (typeof PII_KINDS)[number];

/** What a field of each kind holds, unless the field says more. */
export const KIND_HOLDS: Record<PiiKind, string> = {
  name: "a person's name",
  'e-mail': 'an e-mail address',
  phone: 'a phone number',
  address: 'a postal address',
  IP: 'an IP address',
  'user agent': "a browser's or app's user agent",
  location: 'a location',
  profile: 'a user profile',
};

export interface PiiField {
  field: string;
  kind: PiiKind;
  /** What the field holds, when the kind alone does not say it. */
  holds?: string;
  /** Why the preset holds a field that no schema has. */
  outsideSchemas?: string;
}

/** Log Streams' `pii_config.log_fields`: a migrated configuration covers the same keys. */
const LOG_STREAMS =
  "one of Log Streams' pii_config fields; no schema has it, free-form objects may";

/** reference/auth0-logs-api.md: the Management API's Log object, which the schemas leave out. */
const LOG_OBJECT = "the Management API's Log object (location_info), which the schemas leave out";

export const PII_FIELDS: readonly PiiField[] = [
  { field: 'user_name', kind: 'name', holds: 'the user name, often an e-mail address' },
  { field: 'username', kind: 'name', holds: 'a user name' },
  { field: 'newUsername', kind: 'name', holds: 'a new user name' },
  {
    field: 'newUername',
    kind: 'name',
    holds: 'a new user name (the schema of `fcu` spells it so)',
  },
  { field: 'oldUsername', kind: 'name', holds: 'the former user name' },
  { field: 'given_name', kind: 'name' },
  { field: 'family_name', kind: 'name' },
  { field: 'nickname', kind: 'name' },
  { field: 'first_name', kind: 'name', outsideSchemas: LOG_STREAMS },
  { field: 'last_name', kind: 'name', outsideSchemas: LOG_STREAMS },
  { field: 'details.body.name', kind: 'name', holds: 'the full name of a user being created' },
  { field: 'details.request.auth.user.name', kind: 'name', holds: 'the name of the caller' },
  { field: 'details.invitation.inviter.name', kind: 'name', holds: 'the name of the inviter' },
  {
    field: 'details.enrollment.name',
    kind: 'name',
    holds: "an MFA device's name, which often holds its owner's name",
  },
  { field: 'email', kind: 'e-mail' },
  { field: 'newEmail', kind: 'e-mail' },
  {
    field: 'login_hint',
    kind: 'e-mail',
    holds: 'the identifier the user typed, usually an e-mail',
  },
  {
    field: 'details.to',
    kind: 'e-mail',
    holds: 'the recipient of a notification: an e-mail address or a phone number',
  },
  {
    field: 'details.body.to',
    kind: 'e-mail',
    holds: 'the recipient of a verification: an e-mail address or a phone number',
  },
  { field: 'phone', kind: 'phone', outsideSchemas: LOG_STREAMS },
  { field: 'phone_number', kind: 'phone' },
  { field: 'new_phone_number', kind: 'phone' },
  { field: 'old_phone_number', kind: 'phone' },
  { field: 'address', kind: 'address', outsideSchemas: LOG_STREAMS },
  { field: 'ip', kind: 'IP' },
  { field: 'client_ip', kind: 'IP' },
  { field: 'user_agent', kind: 'user agent' },
  { field: 'userAgent', kind: 'user agent' },
  { field: 'user-agent', kind: 'user agent', holds: 'a user agent, also as an HTTP header' },
  { field: 'useragent', kind: 'user agent' },
  {
    field: 'location_info.city_name',
    kind: 'location',
    holds: 'the city the IP address was placed in',
    outsideSchemas: LOG_OBJECT,
  },
  {
    field: 'location_info.latitude',
    kind: 'location',
    holds: 'where the IP address was placed: latitude',
    outsideSchemas: LOG_OBJECT,
  },
  {
    field: 'location_info.longitude',
    kind: 'location',
    holds: 'where the IP address was placed: longitude',
    outsideSchemas: LOG_OBJECT,
  },
  {
    field: 'picture',
    kind: 'profile',
    holds: "a profile picture's URL (a Gravatar URL carries a hash of the e-mail address)",
  },
  {
    field: 'original_profile',
    kind: 'profile',
    holds: 'the profile the identity provider returned, names and e-mail included',
  },
];

export interface NotPii {
  field: string;
  reason: string;
}

/** Properties whose key looks personal but whose value is not; each was reviewed. */
export const NOT_PII: readonly NotPii[] = [
  { field: 'client_name', reason: "an application's name" },
  { field: 'connection_name', reason: "a connection's name" },
  { field: 'tenant_name', reason: "the tenant's name" },
  { field: 'organization_name', reason: "an organization's name" },
  { field: 'display_name', reason: "an organization's display name" },
  { field: 'action_name', reason: "an Action's name" },
  { field: 'environment_name', reason: "the tenant's environment" },
  { field: 'ss_sso_event_name', reason: "a self-service SSO event's name" },
  { field: 'hostname', reason: "the tenant's host name or custom domain" },
  { field: 'auth0_client.name', reason: "the SDK's name" },
  { field: 'details.action_error.name', reason: "an error's class" },
  { field: 'details.error.payload.name', reason: "an error's class" },
  { field: 'details.feature.name', reason: "a tenant feature's name" },
  { field: 'details.prompts.name', reason: 'a step of the login flow' },
  { field: 'details.body.organization.name', reason: "an organization's name" },
  { field: 'email_verified', reason: 'a flag' },
  { field: 'phone_verified', reason: 'a flag' },
  { field: 'includeEmailInRedirect', reason: 'a flag' },
  { field: 'markEmailAsVerified', reason: 'a flag' },
  { field: 'ipOnAllowlist', reason: 'a flag' },
  { field: 'email_type', reason: 'which kind of e-mail was sent' },
  { field: 'UntrustedIP', reason: 'an assessment; the IP inside it is covered by `ip`' },
  {
    field: 'phone_risk_assessment',
    reason: "a phone number's line type and risk level, not the number",
  },
  {
    field: 'details.phone_risk_assessment.country_code',
    reason: "the calling code of a phone number's country",
  },
  { field: 'agent_id', reason: "an Auth0 Agent's identifier, not a user agent" },
  { field: 'external_agent_id', reason: "an Auth0 Agent's identifier, not a user agent" },
];

const PERSONAL_PARTS = [
  'name',
  'mail',
  'phone',
  'agent',
  'addr',
  'location',
  'city',
  'country',
  'postal',
  'zip',
  'street',
  'latitude',
  'longitude',
  'geo',
  'picture',
  'avatar',
  'profile',
  'hint',
];
const PERSONAL_WORDS = ['ip', 'lat', 'lng', 'lon'];

/** Whether a key's name suggests personal data: `user_name`, `newEmail`, `client_ip`, `UntrustedIP`. */
export function looksPersonal(key: string): boolean {
  const lower = key.toLowerCase();
  if (PERSONAL_PARTS.some((part) => lower.includes(part))) return true;
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => PERSONAL_WORDS.includes(word));
}
