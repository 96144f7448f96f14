/** Internal events of the accounts module, carried by the shared pub/sub. */
export const AccountTopic = {
  /** Sessions that stopped being valid: open sockets holding them must close. */
  SESSIONS_REVOKED: 'accounts.sessionsRevoked',
} as const;

export interface SessionsRevokedEvent {
  sessionIds?: string[];
  /** Every session of this user. */
  userId?: string;
}
