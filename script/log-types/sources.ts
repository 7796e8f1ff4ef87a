/**
 * Facts about Auth0 log types that the vendored schemas (third_party/auth0-log-schemas) do not
 * carry. `script/generate-log-types.ts` joins them with the schemas into the log type catalog.
 *
 * Transcribed from:
 * - Auth0's log event type table (auth0.com/docs, `deploy-monitor/logs/log-event-type-codes`): the
 *   event name and description, and the retired codes the table no longer lists.
 * - Auth0's dashboard log filters (`deploy-monitor/logs/log-event-filters`): Error, Warning, Success.
 * - Auth0's Tenant Log Catalog (`docs/tenant-logs/<category>/`), whose categories are the ones a log
 *   stream's "Filter By Event Category" offers.
 * - The retired extension's table, auth0-extensions/auth0-log-extension-tools@b529b5b
 *   `src/logTypes.js`: the level each code had under its LOG_LEVEL setting.
 *
 * Placement is copied as published, oddities included (`feta`, a failure, sits under
 * `auth-token-exchange-success`); levels do not depend on it alone, see `deriveLevel` in the generator.
 */

export type DashboardFilter = 'error' | 'warning' | 'success';

/** The Tenant Log Catalog categories, in the order Auth0 lists them; `other` holds the rest. */
export const LOG_STREAM_CATEGORIES = [
  'actions',
  'auth-login-fail',
  'auth-login-notification',
  'auth-login-success',
  'auth-logout-fail',
  'auth-logout-success',
  'auth-signup-fail',
  'auth-signup-success',
  'auth-silent-auth-fail',
  'auth-silent-auth-success',
  'auth-token-exchange-fail',
  'auth-token-exchange-success',
  'management-success',
  'scim-event',
  'system-notification',
  'user-fail',
  'user-notification',
  'user-success',
  'other',
] as const;

export type LogStreamCategory = (typeof LOG_STREAM_CATEGORIES)[number];

/** A row of Auth0's log event type table. */
export interface DocumentedType {
  code: string;
  /** The "Event" column: a short name. */
  event: string;
  description?: string;
  /** Absent when the dashboard's Error / Warning / Success filters do not list the code. */
  dashboard?: DashboardFilter;
  /** Absent when the Tenant Log Catalog does not place the code. */
  category?: LogStreamCategory;
}

/** A row of the extension's table. */
export interface ExtensionType {
  code: string;
  name: string;
  severity: 'success' | 'warning' | 'error';
  /** What the extension's LOG_LEVEL compared against: 0 debug .. 4 critical. */
  level: 0 | 1 | 2 | 3 | 4;
}

/** A code Auth0 documented once, and the extension knew, that the current table no longer lists. */
export interface RetiredType {
  code: string;
  description: string;
}

/** A level chosen by hand where the generator's rules would guess wrong; `reason` goes into the docs. */
export interface LevelOverride {
  code: string;
  level: 0 | 1 | 2 | 3 | 4;
  reason: string;
}

/**
 * Auth0's log event type table: the current documentation plus the codes only the Tenant Log Catalog
 * has (`fdeleacft`, `fdelsa`, `fscim`, `limit_phone`, `sdel`, `sdeleacft`, `sdelsa`).
 */
export const DOCUMENTED_TYPES: readonly DocumentedType[] = [
  {
    code: 'acls_summary',
    event: 'Network ACLs Summary',
    description: 'Shows the summary of the network ACLs matches for a period of time',
    category: 'other',
  },
  {
    code: 'actions_execution_failed',
    event: 'Actions Execution Failed',
    description: 'Execution of an Action failed',
    category: 'actions',
  },
  {
    code: 'acul_sdk_notice',
    event: 'ACUL SDK Notice',
    description: 'ACUL SDK notification',
    category: 'system-notification',
  },
  {
    code: 'api_limit',
    event: 'Rate Limit on the Authentication or Management APIs',
    description:
      'The maximum number of requests to the Authentication or Management APIs in a given time has been reached.',
    dashboard: 'error',
    category: 'system-notification',
  },
  {
    code: 'api_limit_warning',
    event: 'Rate Limit Warning on the Authentication or Management APIs',
    description:
      'The limit of requests to the Authentication or Management APIs in given time is about to be reached.',
    category: 'system-notification',
  },
  {
    code: 'appi',
    event: 'Notice for API Peak Performance initiated',
    description:
      'Increases the Elevated Public Authentication API Limits by the 100 RPS multiple purchased by the customer for up to 48 hours per month. For more information, see Public performance rate limit policy.',
    category: 'system-notification',
  },
  {
    code: 'ciba_exchange_failed',
    event: 'Failed CIBA Exchange',
    description: 'Failed to exchange AuthReqId for Access Token',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'ciba_exchange_succeeded',
    event: 'Successful CIBA Exchange',
    description: 'Successful exchange of AuthReqId for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'ciba_start_failed',
    event: 'Failed CIBA Start',
    description: 'Client-Initiated Backchannel Authentication Flow failed to be initiated.',
    category: 'other',
  },
  {
    code: 'ciba_start_succeeded',
    event: 'Successful CIBA Start',
    description:
      'Client-Initiated Backchannel Authentication Flow has been successfully initiated.',
    category: 'other',
  },
  {
    code: 'cls',
    event: 'Code/Link Sent',
    description: 'Passwordless login code/link has been sent',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'connected_accounts_connection_failed',
    event: 'Failed Connected Account Connection',
    description: 'User failed to connect a third-party account',
    category: 'user-fail',
  },
  {
    code: 'connected_accounts_connection_succeeded',
    event: 'Successful Connected Account Connection',
    description: 'User successfully connected a third-party account',
    category: 'user-success',
  },
  {
    code: 'connected_accounts_delete_failed',
    event: 'Failed Connected Account Delete',
    description: 'User failed to delete a connected third-party account',
    category: 'user-fail',
  },
  {
    code: 'connected_accounts_delete_succeeded',
    event: 'Successful Connected Account Delete',
    description: 'User successfully deleted a connected third-party account',
    category: 'user-success',
  },
  {
    code: 'cs',
    event: 'Code Sent',
    description: 'Passwordless login code has been sent',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'custom_domain_verification_failed',
    event: 'Custom Domain Verification Failed',
    description: 'Unable to verify a custom domain',
    category: 'system-notification',
  },
  {
    code: 'depnote',
    event: 'Deprecation Notice',
    dashboard: 'warning',
    category: 'system-notification',
  },
  {
    code: 'directory_sync_completed',
    event: 'Inbound Directory Sync Completed',
    category: 'system-notification',
  },
  {
    code: 'directory_sync_failed',
    event: 'Inbound Directory Sync Failed',
    category: 'system-notification',
  },
  {
    code: 'directory_sync_started',
    event: 'Inbound Directory Sync Started',
    category: 'system-notification',
  },
  { code: 'f', event: 'Failed Login', dashboard: 'error', category: 'auth-login-fail' },
  {
    code: 'failed_on_behalf_of_token_exchange',
    event: 'Failed Exchange',
    description: 'Failed Exchange via On-Behalf-Of Token Exchange',
    category: 'auth-token-exchange-fail',
  },
  { code: 'fc', event: 'Failed by Connector' },
  {
    code: 'fce',
    event: 'Failed Change Email',
    description: 'Failed to change user email',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fco',
    event: 'Failed by CORS',
    description: 'Origin is not in the Allowed Origins list for the specified application',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'fcoa',
    event: 'Failed cross-origin authentication',
    dashboard: 'error',
    category: 'auth-login-fail',
  },
  { code: 'fcp', event: 'Failed Change Password', dashboard: 'error', category: 'user-fail' },
  {
    code: 'fcph',
    event: 'Failed Post Change Password Hook',
    dashboard: 'error',
    category: 'user-fail',
  },
  { code: 'fcpn', event: 'Failed Change Phone Number', dashboard: 'error', category: 'user-fail' },
  {
    code: 'fcpr',
    event: 'Failed Change Password Request',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fcpro',
    event: 'Failed Connector Provisioning',
    description: 'Failed to provision an AD/LDAP connector',
    dashboard: 'error',
    category: 'system-notification',
  },
  {
    code: 'fcu',
    event: 'Failed Change Username',
    description: 'Failed to change username',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fd',
    event: 'Failed Delegation',
    description: 'Failed to generate delegation token',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fdeac',
    event: 'Failed Device Activation',
    description: 'Failed to activate device.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'fdeaz',
    event: 'Failed Device Authorization Request',
    description: 'Device authorization request failed.',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fdecc',
    event: 'User Canceled Device Confirmation',
    description: 'User did not confirm device.',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fdeleacft',
    event: 'Failed to Exchange Delegated Authorization Code for Access Token',
    description: 'Failed to Exchange Delegated Authorization Code for Access Token',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fdelsa',
    event: 'Failed Delegated Silent Authentication',
    description: 'Failed Delegated Silent Authentication',
    category: 'auth-silent-auth-fail',
  },
  { code: 'fdu', event: 'Failed User Deletion', dashboard: 'error', category: 'user-fail' },
  {
    code: 'feacft',
    event: 'Failed Exchange',
    description: 'Failed to exchange authorization code for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'feccft',
    event: 'Failed Exchange',
    description: 'Failed exchange of Access Token for a Client Credentials Grant',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fecte',
    event: 'Failed Exchange',
    description: 'Failed Exchange via Custom Token Exchange',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fede',
    event: 'Failed Exchange',
    description: 'Failed to exchange Device Code for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'federated_logout_failed',
    event: 'Failed Federated Logout',
    description: 'Failed to logout of the upstream Identity Provider',
    category: 'auth-logout-fail',
  },
  {
    code: 'fens',
    event: 'Failed Exchange',
    description: 'Failed exchange for Native Social Login',
    dashboard: 'error',
    category: 'auth-login-fail',
  },
  {
    code: 'feoobft',
    event: 'Failed Exchange',
    description: 'Failed exchange of Password and OOB Challenge for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'feotpft',
    event: 'Failed Exchange',
    description: 'Failed exchange of Password and OTP Challenge for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fepft',
    event: 'Failed Exchange',
    description: 'Failed exchange of Password for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fepotpft',
    event: 'Failed Exchange',
    description: 'Failed exchange of Passwordless OTP for Access Token',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fercft',
    event: 'Failed Exchange',
    description: 'Failed Exchange of Password and MFA Recovery code for Access Token',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'ferrt',
    event: 'Failed Exchange',
    description:
      'Failed Exchange of Rotating Refresh Token. This could occur when reuse is detected.',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'fertft',
    event: 'Failed Exchange',
    description:
      'Failed Exchange of Refresh Token for Access Token. This could occur if the refresh token is revoked or expired.',
    dashboard: 'error',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'feta',
    event: 'Failed Exchange',
    description: 'Failed token exchange at Token Vault',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'fi',
    event: 'Failed invite accept',
    description:
      'Failed to accept a user invitation. This could happen if the user accepts an invitation using a different email address than provided in the invitation, or due to a system failure while provisioning the invitation.',
    category: 'other',
  },
  {
    code: 'flo',
    event: 'Failed Logout',
    description: 'User logout failed',
    dashboard: 'error',
    category: 'auth-logout-fail',
  },
  { code: 'flows_execution_completed', event: 'Flows Execution Completed', category: 'other' },
  { code: 'flows_execution_failed', event: 'Flows Execution Failed', category: 'other' },
  {
    code: 'fn',
    event: 'Failed Sending Notification',
    description: 'Failed to send notification',
    dashboard: 'error',
    category: 'user-fail',
  },
  { code: 'forms_submission_failed', event: 'Forms Submission Failed', category: 'other' },
  { code: 'forms_submission_succeeded', event: 'Forms Submission Succeeded', category: 'other' },
  {
    code: 'fp',
    event: 'Failed Login (Incorrect Password)',
    dashboard: 'error',
    category: 'auth-login-fail',
  },
  { code: 'fpar', event: 'Failed Pushed Authorization Request', category: 'other' },
  {
    code: 'fpurh',
    event: 'Failed Post User Registration Hook',
    dashboard: 'error',
    category: 'other',
  },
  { code: 'fs', event: 'Failed Signup', dashboard: 'error', category: 'auth-signup-fail' },
  {
    code: 'fsa',
    event: 'Failed Silent Auth',
    dashboard: 'error',
    category: 'auth-silent-auth-fail',
  },
  {
    code: 'fscim',
    event: 'Failed SCIM Operation',
    description: 'Failed SCIM Operation',
    category: 'scim-event',
  },
  {
    code: 'fu',
    event: 'Failed Login (Invalid Email/Username)',
    dashboard: 'error',
    category: 'auth-login-fail',
  },
  {
    code: 'fui',
    event: 'Failed users import',
    description: 'Failed to import users',
    dashboard: 'warning',
    category: 'system-notification',
  },
  {
    code: 'fv',
    event: 'Failed Verification Email',
    description: 'Failed to send verification email',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'fvr',
    event: 'Failed Verification Email Request',
    description: 'Failed to process verification email request',
    dashboard: 'error',
    category: 'user-fail',
  },
  {
    code: 'gd_auth_email_verification',
    event: 'Email Verification Confirmed',
    description: 'Email verification completed successfully',
    category: 'other',
  },
  {
    code: 'gd_auth_fail_email_verification',
    event: 'Email Verification Failed',
    description: 'Email verification failed.',
  },
  {
    code: 'gd_auth_failed',
    event: 'MFA Auth failed',
    description:
      'Multi-factor authentication failed. This could happen due to a wrong code entered for SMS/Voice/Email/TOTP factors, or a system failure.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_auth_rejected',
    event: 'MFA Auth rejected',
    description: 'A user rejected a Multi-factor authentication request via push-notification.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_auth_succeed',
    event: 'MFA Auth success',
    description: 'Multi-factor authentication success.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_enrollment_complete',
    event: 'MFA enrollment complete',
    description: 'A first time MFA user has successfully enrolled using one of the factors.',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'gd_otp_rate_limit_exceed',
    event: 'Too many MFA failures',
    description:
      'A user sends more than 10 requests to their device within one hour. Note that the request limit does not reset upon a successful login event.',
    dashboard: 'warning',
    category: 'other',
  },
  {
    code: 'gd_recovery_failed',
    event: 'Recovery failed',
    description: 'A user enters a wrong recovery code when attempting to authenticate.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_recovery_rate_limit_exceed',
    event: 'Multi-factor recovery code has failed too many times',
    description: 'A user has entered a wrong recovery code too many times.',
  },
  {
    code: 'gd_recovery_succeed',
    event: 'MFA recovery success',
    description: 'A user successfully authenticates with a recovery code.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_send_email',
    event: 'MFA Email Sent',
    description: 'Email for MFA successfully sent.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_send_email_verification',
    event: 'Email Verification Sent',
    description: 'Verification email sent successfully.',
    category: 'other',
  },
  {
    code: 'gd_send_email_verification_failure',
    event: 'Email Verification Failed',
    description: 'Email verification failed.',
  },
  {
    code: 'gd_send_pn',
    event: 'Push notification sent',
    description: 'Push notification for MFA successfully sent.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_send_pn_failure',
    event: 'Error Sending MFA Push Notification',
    description: 'Push notification for MFA failed.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_send_sms',
    event: 'MFA SMS Sent',
    description: 'SMS for MFA successfully sent.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_send_sms_failure',
    event: 'Error Sending MFA SMS',
    description: 'Attempt to send SMS for MFA failed.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_send_voice',
    event: 'MFA voice call success',
    description: 'Voice call for MFA successfully made.',
    category: 'other',
  },
  {
    code: 'gd_send_voice_failure',
    event: 'MFA voice call failed',
    description: 'Attempt to make Voice call for MFA failed.',
    category: 'other',
  },
  {
    code: 'gd_start_auth',
    event: 'Second factor started',
    description: 'Second factor authentication event started for MFA.',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_start_enroll',
    event: 'MFA Enroll started',
    description: 'Multi-factor authentication enroll has started.',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'gd_start_enroll_failed',
    event: 'MFA Enrollment Failed',
    description: 'Push to start enrollement failed.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'gd_tenant_update',
    event: 'Guardian tenant update',
    dashboard: 'success',
    category: 'other',
  },
  {
    code: 'gd_unenroll',
    event: 'Unenroll device account',
    description: 'Device used for second factor authentication has been unenrolled.',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'gd_update_device_account',
    event: 'Update device account',
    description: 'Device used for second factor authentication has been updated.',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'gd_webauthn_challenge_failed',
    event: 'WebAuthn browser error',
    description: 'User failed to verify Webauthn factor.',
    category: 'other',
  },
  {
    code: 'gd_webauthn_enrollment_failed',
    event: 'WebAuthn browser error',
    description: 'WebAuthn browser enrollment failed.',
    category: 'other',
  },
  {
    code: 'idjag_exchange_failed',
    event: 'Failed Exchange',
    description: 'Failed Exchange of Identity Assertion Authorization Grant JWT for Access Token',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'idjag_exchange_succeeded',
    event: 'Success Exchange',
    description:
      'Successful Exchange of Identity Assertion Authorization Grant JWT for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'jwt_bearer_exchange_failed',
    event: 'Failed Exchange',
    description: 'Failed Exchange of JWT Bearer Assertion for Access Token',
    category: 'auth-token-exchange-fail',
  },
  {
    code: 'kms_key_management_failure',
    event: 'Failed KMS API Operation',
    description: 'KMS operation failed',
    category: 'other',
  },
  {
    code: 'kms_key_management_success',
    event: 'Success KMS API Operation',
    description: 'KMS operation completed successfully',
    category: 'other',
  },
  {
    code: 'kms_key_state_changed',
    event: 'KMS Key State Change',
    description: 'KMS key state changed',
    category: 'other',
  },
  {
    code: 'limit_delegation',
    event: 'Too Many Calls to /delegation',
    description: 'Rate limit exceeded to `/delegation` endpoint',
    dashboard: 'error',
    category: 'system-notification',
  },
  {
    code: 'limit_mu',
    event: 'Blocked IP Address',
    description:
      'An IP address is blocked because it attempted too many failed logins without a successful login. Or an IP address is blocked because it attempted too many sign-ups, whether successful or failed. For more information, see Attack Protection.',
    dashboard: 'error',
    category: 'system-notification',
  },
  {
    code: 'limit_phone',
    event: 'Blocked Phone Delivery - Too many phone delivery attempts',
    description:
      'A user is temporarily prevented from sending more SMS messages or voice calls because they reached the maximum allowed in a given time period',
    category: 'system-notification',
  },
  {
    code: 'limit_sul',
    event: 'Blocked Account',
    description:
      'A user is temporarily prevented from logging in because they reached the maximum logins per time period from the same IP address. For more information, see Attack Protection.',
    category: 'other',
  },
  {
    code: 'limit_wc',
    event: 'Blocked Account',
    description:
      'An IP address is blocked because it reached the maximum failed login attempts into a single account.',
    dashboard: 'error',
    category: 'system-notification',
  },
  {
    code: 'mfar',
    event: 'MFA Required',
    description:
      'A user has been prompted for multi-factor authentication (MFA). When using Adaptive MFA, Auth0 includes details about the risk assessment. Available in only the Resource Owner Password Flow.',
    category: 'other',
  },
  {
    code: 'mgmt_api_read',
    event: 'Management API read Operation',
    description: 'API GET operation returning secrets completed successfully',
    dashboard: 'success',
    category: 'management-success',
  },
  {
    code: 'my_account_authentication_method_failed',
    event: 'Failed authentication method operation in My Account API',
    description: 'Failed to complete authentication method operation in My Account API',
    category: 'user-fail',
  },
  {
    code: 'my_account_authentication_method_succeeded',
    event: 'Successful authentication method operation in My Account API',
    description: 'Successfully completed authentication method operation in My Account API',
    category: 'user-success',
  },
  {
    code: 'oidc_backchannel_logout_failed',
    event: 'Failed OIDC Back-Channel Logout request',
    description: 'Failed OIDC Back-Channel Logout request',
    dashboard: 'error',
    category: 'auth-logout-fail',
  },
  {
    code: 'oidc_backchannel_logout_succeeded',
    event: 'Successful OIDC Back-Channel Logout request',
    description: 'Successful OIDC Back-Channel Logout request',
    dashboard: 'success',
    category: 'auth-logout-success',
  },
  {
    code: 'organization_member_added',
    event: 'Organization Member Added',
    description: 'Successfully added member to organization',
    category: 'other',
  },
  {
    code: 'passkey_challenge_failed',
    event: 'Passkey Challenge Failed',
    description: 'Native passkey challenge failed',
    category: 'other',
  },
  {
    code: 'passkey_challenge_started',
    event: 'Passkey Challenge Started',
    description: 'Native passkey challenge was successfully initiated',
    category: 'other',
  },
  {
    code: 'pla',
    event: 'Pre-login assessment',
    description:
      'This log is generated before a login and helps in monitoring the behavior of bot detection without having to enable it.',
    category: 'other',
  },
  {
    code: 'pwd_leak',
    event: 'Breached password',
    description:
      'Someone behind the IP address `ip` attempted to login with a leaked password. The `pwd_leak` tenant log is emitted once per hour per IP address.',
    dashboard: 'error',
    category: 'other',
  },
  {
    code: 'reset_pwd_leak',
    event: 'Breached Password on Reset',
    description: 'Someone behind the IP address `ip` attempted to reset with a leaked password.',
    category: 'other',
  },
  {
    code: 'resource_cleanup',
    event: 'Success Resource Cleanup',
    description: 'Emitted when resources exceeding defined limits were removed.',
    category: 'other',
  },
  {
    code: 'rich_consents_access_error',
    event: 'Rich Consents Access Error',
    description: 'Error fetching a Rich Consent record',
    category: 'other',
  },
  {
    code: 's',
    event: 'Success Login',
    description: 'Successful login event.',
    dashboard: 'success',
    category: 'auth-login-success',
  },
  {
    code: 'sapi',
    event: 'Success API Operation',
    description: 'Successful management API write event.',
    dashboard: 'success',
    category: 'management-success',
  },
  { code: 'sce', event: 'Success Change Email', dashboard: 'success', category: 'user-success' },
  {
    code: 'scoa',
    event: 'Success cross-origin authentication',
    dashboard: 'success',
    category: 'auth-login-success',
  },
  { code: 'scp', event: 'Success Change Password', dashboard: 'success', category: 'user-success' },
  {
    code: 'scpn',
    event: 'Success Change Phone Number',
    dashboard: 'success',
    category: 'user-success',
  },
  {
    code: 'scpr',
    event: 'Success Change Password Request',
    dashboard: 'success',
    category: 'user-success',
  },
  { code: 'scu', event: 'Success Change Username', dashboard: 'success', category: 'user-success' },
  {
    code: 'scv',
    event: 'Success Credential Validation',
    description: 'Successful credential validation event.',
    category: 'auth-login-notification',
  },
  { code: 'sd', event: 'Success Delegation', dashboard: 'success', category: 'user-success' },
  {
    code: 'sdel',
    event: 'Successful Delegated Login',
    description: 'Successful Delegated Login',
    category: 'auth-login-success',
  },
  {
    code: 'sdeleacft',
    event: 'Successful Exchange of Delegated Authorization Code for Access Token',
    description: 'Successful Exchange of Delegated Authorization Code for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sdelsa',
    event: 'Successful Delegated Silent Authentication',
    description: 'Successful Delegated Silent Authentication',
    category: 'auth-silent-auth-success',
  },
  {
    code: 'sdu',
    event: 'Success User Deletion',
    description: 'User successfully deleted',
    dashboard: 'success',
    category: 'user-success',
  },
  {
    code: 'seacft',
    event: 'Success Exchange',
    description: 'Successful exchange of authorization code for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'seccft',
    event: 'Success Exchange',
    description: 'Successful exchange of Access Token for a Client Credentials Grant',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'secte',
    event: 'Success Exchange',
    description: 'Succesful Exchange via Custom Token Exchange',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sede',
    event: 'Success Exchange',
    description: 'Successful exchange of device code for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sens',
    event: 'Success Exchange',
    description: 'Native Social Login',
    dashboard: 'success',
    category: 'auth-login-success',
  },
  {
    code: 'seoobft',
    event: 'Success Exchange',
    description: 'Successful exchange of Password and OOB Challenge for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'seotpft',
    event: 'Success Exchange',
    description: 'Successful exchange of Password and OTP Challenge for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sepft',
    event: 'Success Exchange',
    description: 'Successful exchange of Password for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sepkoobft',
    event: 'Success Exchange',
    description: 'Successful exchange of Passkey and OOB Challenge for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sepkotpft',
    event: 'Success Exchange',
    description: 'Successful exchange of Passkey and OTP Challenge for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sepkrcft',
    event: 'Success Exchange',
    description: 'Successful exchange of Passkey and MFA Recovery Code for Access Token',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sercft',
    event: 'Success Exchange',
    description: 'Successful exchange of Password and MFA Recovery code for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sertft',
    event: 'Success Exchange',
    description: 'Successful exchange of Refresh Token for Access Token',
    dashboard: 'success',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'seta',
    event: 'Success Exchange',
    description: 'Successful token exchange at Token Vault',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'si',
    event: 'Successfully accepted a user invite',
    description: 'Successfully accepted a user invitation',
    category: 'other',
  },
  {
    code: 'signup_pwd_leak',
    event: 'Breached Password on Signup',
    description: 'Someone behind the IP address `ip` attempted to signup with a leaked password.',
    category: 'other',
  },
  {
    code: 'slo',
    event: 'Success Logout',
    description: 'User successfully logged out',
    dashboard: 'success',
    category: 'auth-logout-success',
  },
  { code: 'srrt', event: 'Successfully revoked a refresh token', category: 'user-success' },
  { code: 'ss', event: 'Success Signup', dashboard: 'success', category: 'auth-signup-success' },
  {
    code: 'ss_sso_failure',
    event: 'Failed SS-SSO Operation',
    description: 'Self-Service operation failed',
    category: 'user-fail',
  },
  {
    code: 'ss_sso_info',
    event: 'Information from an SS-SSO Operation',
    description: 'Try-connection flow started/completed',
    category: 'user-notification',
  },
  {
    code: 'ss_sso_success',
    event: 'Success SS-SSO Operation',
    description: 'Self-Service operation completed successfully',
    category: 'user-success',
  },
  {
    code: 'ssa',
    event: 'Success Silent Auth',
    dashboard: 'success',
    category: 'auth-silent-auth-success',
  },
  {
    code: 'sscim',
    event: 'Successful SCIM Operation',
    description: 'SCIM operation succeeded',
    category: 'scim-event',
  },
  {
    code: 'success_on_behalf_of_token_exchange',
    event: 'Success Exchange',
    description: 'Successful Exchange via On-Behalf-Of Token Exchange',
    category: 'auth-token-exchange-success',
  },
  {
    code: 'sui',
    event: 'Successfully imported users',
    description: 'Successfully imported users',
    dashboard: 'success',
    category: 'user-success',
  },
  {
    code: 'sv',
    event: 'Success Verification Email',
    description: 'Successfully consumed email verification link',
    dashboard: 'success',
    category: 'user-success',
  },
  {
    code: 'svr',
    event: 'Success Verification Email Request',
    description:
      'Successfully called verification email endpoint. Verification email in queue to send.',
    dashboard: 'success',
    category: 'user-success',
  },
  {
    code: 'too_many_records',
    event: 'Max Amount of Authenticators',
    description: 'User has created the maximum amount of authenticators',
  },
  {
    code: 'ublkdu',
    event: 'User login block released',
    description: 'User block setup by anomaly detection has been released',
    dashboard: 'success',
    category: 'user-notification',
  },
  {
    code: 'universal_logout_failed',
    event: 'Failed Universal Logout request',
    description: 'Failed Universal Logout request',
    category: 'auth-logout-fail',
  },
  {
    code: 'universal_logout_succeeded',
    event: 'Successful Universal Logout request',
    description: 'Successful Universal Logout request',
    category: 'auth-logout-success',
  },
  {
    code: 'w',
    event: 'Warning During Login',
    description: 'Filters for logs of type `warning` during login',
    dashboard: 'warning',
    category: 'auth-login-notification',
  },
  {
    code: 'wn',
    event: 'Warning Sending Notification',
    description: 'Warnings that have occurred during notification sending.',
    category: 'other',
  },
  {
    code: 'wum',
    event: 'Warning User Management',
    description: 'Filters for logs of type `warning` during user management operations',
    category: 'other',
  },
];

/** The extension's table, in its order. `level` is what LOG_LEVEL compared against. */
export const EXTENSION_TYPES: readonly ExtensionType[] = [
  { code: 's', name: 'Success Login', severity: 'success', level: 1 },
  { code: 'ssa', name: 'Success Silent Auth', severity: 'success', level: 1 },
  { code: 'fsa', name: 'Failed Silent Auth', severity: 'error', level: 3 },
  { code: 'seacft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'feacft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'seccft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'feccft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'sepft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'fepft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'sertft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'fertft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'ferrt', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'seoobft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'feoobft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'seotpft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'feotpft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'sercft', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'fercft', name: 'Failed Exchange', severity: 'error', level: 3 },
  { code: 'f', name: 'Failed Login', severity: 'error', level: 3 },
  { code: 'w', name: 'Warning', severity: 'warning', level: 2 },
  { code: 'depnote', name: 'Deprecation Notice', severity: 'warning', level: 2 },
  { code: 'du', name: 'Deleted User', severity: 'error', level: 3 },
  { code: 'fu', name: 'Failed Login (invalid email/username)', severity: 'error', level: 3 },
  { code: 'fp', name: 'Failed Login (wrong password)', severity: 'error', level: 3 },
  { code: 'fc', name: 'Failed by Connector', severity: 'error', level: 3 },
  { code: 'fco', name: 'Failed by CORS', severity: 'error', level: 3 },
  { code: 'con', name: 'Connector Online', severity: 'success', level: 1 },
  { code: 'coff', name: 'Connector Offline', severity: 'error', level: 3 },
  { code: 'fcpro', name: 'Failed Connector Provisioning', severity: 'error', level: 4 },
  { code: 'ss', name: 'Success Signup', severity: 'success', level: 1 },
  { code: 'fs', name: 'Failed Signup', severity: 'error', level: 3 },
  { code: 'cs', name: 'Code Sent', severity: 'success', level: 1 },
  { code: 'cls', name: 'Code/Link Sent', severity: 'success', level: 1 },
  { code: 'sv', name: 'Success Verification Email', severity: 'success', level: 1 },
  { code: 'fv', name: 'Failed Verification Email', severity: 'error', level: 3 },
  { code: 'scp', name: 'Success Change Password', severity: 'success', level: 1 },
  { code: 'fcp', name: 'Failed Change Password', severity: 'error', level: 3 },
  { code: 'scph', name: 'Success Post Change Password Hook', severity: 'success', level: 1 },
  { code: 'fcph', name: 'Failed Post Change Password Hook', severity: 'error', level: 3 },
  { code: 'sce', name: 'Success Change Email', severity: 'success', level: 1 },
  { code: 'fce', name: 'Failed Change Email', severity: 'error', level: 3 },
  { code: 'scu', name: 'Success Change Username', severity: 'success', level: 1 },
  { code: 'fcu', name: 'Failed Change Username', severity: 'error', level: 3 },
  { code: 'scpn', name: 'Success Change Phone Number', severity: 'success', level: 1 },
  { code: 'fcpn', name: 'Failed Change Phone Number', severity: 'error', level: 3 },
  { code: 'svr', name: 'Success Verification Email Request', severity: 'success', level: 1 },
  { code: 'fvr', name: 'Failed Verification Email Request', severity: 'error', level: 3 },
  { code: 'scpr', name: 'Success Change Password Request', severity: 'success', level: 1 },
  { code: 'fcpr', name: 'Failed Change Password Request', severity: 'error', level: 3 },
  { code: 'fn', name: 'Failed Sending Notification', severity: 'error', level: 3 },
  { code: 'sapi', name: 'API Operation', severity: 'success', level: 1 },
  { code: 'fapi', name: 'Failed API Operation', severity: 'error', level: 3 },
  { code: 'limit_wc', name: 'Blocked Account', severity: 'error', level: 4 },
  { code: 'limit_mu', name: 'Blocked IP Address', severity: 'error', level: 4 },
  { code: 'limit_ui', name: 'Too Many Calls to /userinfo', severity: 'error', level: 4 },
  { code: 'api_limit', name: 'Rate Limit On API', severity: 'error', level: 4 },
  { code: 'limit_delegation', name: 'Too Many Calls to /delegation', severity: 'error', level: 4 },
  { code: 'sdu', name: 'Successful User Deletion', severity: 'success', level: 1 },
  { code: 'fdu', name: 'Failed User Deletion', severity: 'error', level: 3 },
  { code: 'admin_update_launch', name: 'Auth0 Update Launched', severity: 'success', level: 1 },
  { code: 'sys_os_update_start', name: 'Auth0 OS Update Started', severity: 'success', level: 1 },
  { code: 'sys_os_update_end', name: 'Auth0 OS Update Ended', severity: 'success', level: 1 },
  { code: 'sys_update_start', name: 'Auth0 Update Started', severity: 'success', level: 1 },
  { code: 'sys_update_end', name: 'Auth0 Update Ended', severity: 'success', level: 1 },
  { code: 'slo', name: 'Success Logout', severity: 'success', level: 1 },
  { code: 'flo', name: 'Failed Logout', severity: 'error', level: 3 },
  { code: 'sd', name: 'Success Delegation', severity: 'success', level: 1 },
  { code: 'fd', name: 'Failed Delegation', severity: 'error', level: 3 },
  { code: 'gd_unenroll', name: 'Unenroll device account', severity: 'success', level: 1 },
  {
    code: 'gd_update_device_account',
    name: 'Update device account',
    severity: 'success',
    level: 1,
  },
  { code: 'gd_module_switch', name: 'Module switch', severity: 'success', level: 1 },
  { code: 'gd_tenant_update', name: 'Guardian tenant update', severity: 'success', level: 1 },
  { code: 'gd_start_auth', name: 'Second factor started', severity: 'success', level: 1 },
  { code: 'gd_start_enroll', name: 'Enroll started', severity: 'success', level: 1 },
  {
    code: 'gd_start_enroll_failed',
    name: 'MFA Enrollment start failed',
    severity: 'error',
    level: 3,
  },
  { code: 'gd_user_delete', name: 'User delete', severity: 'success', level: 1 },
  { code: 'gd_auth_succeed', name: 'OTP Auth suceed', severity: 'success', level: 1 },
  { code: 'gd_auth_failed', name: 'OTP Auth failed', severity: 'error', level: 3 },
  { code: 'gd_send_pn', name: 'Push notification sent', severity: 'success', level: 1 },
  {
    code: 'gd_send_pn_failure',
    name: 'Error sending MFA Push Notification',
    severity: 'error',
    level: 3,
  },
  { code: 'gd_auth_rejected', name: 'OTP Auth rejected', severity: 'error', level: 3 },
  { code: 'gd_recovery_succeed', name: 'Recovery succeed', severity: 'success', level: 1 },
  { code: 'gd_recovery_failed', name: 'Recovery failed', severity: 'error', level: 3 },
  { code: 'gd_send_sms', name: 'SMS Sent', severity: 'success', level: 1 },
  { code: 'gd_send_sms_failure', name: 'Error sending MFA SMS', severity: 'error', level: 3 },
  { code: 'gd_otp_rate_limit_exceed', name: 'Too many failures', severity: 'warning', level: 2 },
  {
    code: 'gd_recovery_rate_limit_exceed',
    name: 'Too many failures',
    severity: 'warning',
    level: 2,
  },
  {
    code: 'gd_enrollment_complete',
    name: 'Guardian enrollment complete',
    severity: 'success',
    level: 1,
  },
  { code: 'gd_send_voice', name: 'Made voice call', severity: 'success', level: 1 },
  {
    code: 'gd_send_voice_failure',
    name: 'Error making MFA voice call',
    severity: 'error',
    level: 3,
  },
  { code: 'fui', name: 'Users import', severity: 'warning', level: 2 },
  { code: 'sui', name: 'Users import', severity: 'success', level: 1 },
  { code: 'pwd_leak', name: 'Breached password', severity: 'error', level: 3 },
  { code: 'fcoa', name: 'Failed cross origin authentication', severity: 'error', level: 3 },
  { code: 'scoa', name: 'Success cross origin authentication', severity: 'success', level: 1 },
  { code: 'ublkdu', name: 'Account unblocked', severity: 'success', level: 1 },
  { code: 'sens', name: 'Success Exchange', severity: 'success', level: 1 },
  { code: 'fens', name: 'Failed Exchange', severity: 'error', level: 3 },
];

export const RETIRED_TYPES: readonly RetiredType[] = [
  { code: 'admin_update_launch', description: 'Auth0 Update Launched (Private Cloud only)' },
  { code: 'coff', description: 'AD/LDAP Connector Offline' },
  { code: 'con', description: 'AD/LDAP Connector Online' },
  { code: 'du', description: 'Deleted User' },
  { code: 'fapi', description: 'Failed API Operation' },
  { code: 'gd_module_switch', description: 'Module switch (Guardian MFA)' },
  { code: 'gd_user_delete', description: 'User delete (Guardian MFA)' },
  { code: 'limit_ui', description: 'Too Many Calls to /userinfo' },
  { code: 'scph', description: 'Success Post Change Password Hook' },
  { code: 'sys_os_update_end', description: 'Auth0 OS Update Ended (Private Cloud only)' },
  { code: 'sys_os_update_start', description: 'Auth0 OS Update Started (Private Cloud only)' },
  { code: 'sys_update_end', description: 'Auth0 Update Ended (Private Cloud only)' },
  { code: 'sys_update_start', description: 'Auth0 Update Started (Private Cloud only)' },
];

export const LEVEL_OVERRIDES: readonly LevelOverride[] = [
  {
    code: 'reset_pwd_leak',
    level: 3,
    reason: 'a breached password, like `pwd_leak`, which the extension rated 3',
  },
  {
    code: 'signup_pwd_leak',
    level: 3,
    reason: 'a breached password, like `pwd_leak`, which the extension rated 3',
  },
  {
    code: 'too_many_records',
    level: 2,
    reason: 'a user reached the maximum number of authenticators; nothing is blocked',
  },
];
