// Who may manage which role's API keys (the README's key-management table). Members run
// the account's projects; operator keys are platform staff's, so a member neither sees
// nor revokes them, and cannot mint them. Pure rules; services/accounts.ts applies them.
export type KeyRole = "MEMBER" | "OPERATOR";

const VISIBLE: Record<KeyRole, readonly KeyRole[]> = {
  MEMBER: ["MEMBER"],
  OPERATOR: ["MEMBER", "OPERATOR"],
};

/** The roles of its account's keys a caller may list and revoke (its own key is always among them). */
export function visibleKeyRoles(caller: KeyRole): readonly KeyRole[] {
  return VISIBLE[caller];
}

/** Whether a caller may create a key with `role`: only what it may also see and revoke. */
export function mayCreateKey(caller: KeyRole, role: KeyRole): boolean {
  return VISIBLE[caller].includes(role);
}
